namespace Signpost.Core.Features.Notifications;

/// <summary>
/// Text messages through GOV.UK Notify (configuration section <c>Notify</c>): <c>Notify:ApiKey</c>
/// (the key Notify gives: "key name-service id-secret key"), <c>Notify:SmsTemplateId</c> (a text
/// message template whose whole content is the placeholder <c>((message))</c>) and optionally
/// <c>Notify:BaseUrl</c>. With no key or template, duty pages go by email and in the app only, and
/// each page says that text messages are not set up.
/// </summary>
public sealed class SmsOptions
{
    public const string DefaultBaseUrl = "https://api.notifications.service.gov.uk";

    public string? ApiKey { get; set; }
    public string? SmsTemplateId { get; set; }
    public Uri BaseUrl { get; set; } = new(DefaultBaseUrl);

    /// <summary>How often the sender looks for text messages to send.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts (rate-limited or server errors) before a text message is given up and shown as failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Both a well-formed key and a template id are set.</summary>
    public bool IsConfigured => NotifyApiKey.TryParse(ApiKey, out _) && Guid.TryParse(SmsTemplateId, out _);

    /// <summary>Why text messages cannot be sent, in words for the page; null when they can.</summary>
    public string? NotConfiguredReason =>
        string.IsNullOrWhiteSpace(ApiKey) ? "Text messages are not set up: GOV.UK Notify has no API key (Notify:ApiKey)."
        : !NotifyApiKey.TryParse(ApiKey, out _) ? "Text messages are not set up: the GOV.UK Notify API key (Notify:ApiKey) is not in Notify's form."
        : !Guid.TryParse(SmsTemplateId, out _) ? "Text messages are not set up: there is no GOV.UK Notify text message template (Notify:SmsTemplateId)."
        : null;
}

/// <summary>
/// A GOV.UK Notify API key: "{key name}-{service id}-{secret key}", where the service id and the
/// secret key are each a UUID (36 characters) at the end of the key; the name may itself contain hyphens.
/// </summary>
public sealed record NotifyApiKey(string ServiceId, string SecretKey)
{
    public static bool TryParse(string? value, out NotifyApiKey key)
    {
        key = new NotifyApiKey("", "");
        var text = value?.Trim() ?? "";
        if (text.Length < 74)
        {
            return false;
        }

        var secret = text[^36..];
        var service = text[^73..^37];
        if (text[^37] != '-' || !Guid.TryParseExact(secret, "D", out _) || !Guid.TryParseExact(service, "D", out _))
        {
            return false;
        }

        key = new NotifyApiKey(service, secret);
        return true;
    }
}
