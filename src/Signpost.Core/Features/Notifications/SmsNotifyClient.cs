using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Signpost.Core.Features.Notifications;

/// <summary>What Notify said about one text message: accepted (with its id), or an error to retry or to show.</summary>
public sealed record SmsSendResult(bool Sent, string? NotifyId, bool Retryable, string? Error, TimeSpan? RetryAfter = null);

/// <summary>
/// Sends a text message through the GOV.UK Notify REST API (POST /v2/notifications/sms), authenticated
/// with a JSON Web Token as Notify documents: HS256, header {"typ":"JWT","alg":"HS256"}, claims
/// {"iss": service id, "iat": now in seconds}, signed with the secret key from the API key. Notify
/// refuses a token whose iat is more than 30 seconds from its own clock, so a new token is made for
/// every request. Errors come back as {"status_code": n, "errors": [{"error": "...", "message": "..."}]}:
/// 429 (rate or daily limit) and 5xx are retried later; 400 and 403 are not, and their message is shown.
/// </summary>
public sealed class SmsNotifyClient(IHttpClientFactory http, SmsOptions options, TimeProvider time)
{
    public const string HttpClientName = "GovUkNotify";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<SmsSendResult> SendAsync(string phoneNumber, string text, string reference, CancellationToken ct)
    {
        if (!NotifyApiKey.TryParse(options.ApiKey, out var key) || !Guid.TryParse(options.SmsTemplateId, out var template))
        {
            return new SmsSendResult(false, null, false, options.NotConfiguredReason ?? "Text messages are not set up.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.BaseUrl, "v2/notifications/sms"))
        {
            Content = JsonContent.Create(new NotifySmsRequest(phoneNumber, template.ToString(), new Dictionary<string, string> { ["message"] = text }, reference), options: Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(key, time.GetUtcNow()));
        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            return new SmsSendResult(false, null, true, $"GOV.UK Notify could not be reached: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SmsSendResult(false, null, true, "GOV.UK Notify did not answer in time.");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var created = TryRead<NotifySmsResponse>(body);
                return created?.Id is { Length: > 0 } id
                    ? new SmsSendResult(true, id, false, null)
                    : new SmsSendResult(false, null, true, "GOV.UK Notify accepted the message but its answer had no notification id.");
            }

            var error = Describe((int)response.StatusCode, body);
            var retryable = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
            return new SmsSendResult(false, null, retryable, error, response.Headers.RetryAfter?.Delta);
        }
    }

    /// <summary>The bearer token for one request (public for the tests' Notify server to compare against).</summary>
    public static string Token(NotifyApiKey key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var header = Base64Url("""{"typ":"JWT","alg":"HS256"}"""u8.ToArray());
        var claims = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["iss"] = key.ServiceId, ["iat"] = now.ToUnixTimeSeconds() }));
        var signed = $"{header}.{claims}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key.SecretKey), Encoding.ASCII.GetBytes(signed));
        return $"{signed}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Describe(int status, string body)
    {
        var parsed = TryRead<NotifyErrorResponse>(body);
        var errors = parsed?.Errors?.Where(e => e is not null).Select(e => string.IsNullOrWhiteSpace(e.Error) ? e.Message : $"{e.Error}: {e.Message}").ToList();
        var what = errors is { Count: > 0 } ? string.Join("; ", errors) : body.Length > 300 ? body[..300] : body;
        return $"GOV.UK Notify answered {status}: {what}";
    }

    private static T? TryRead<T>(string body)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record NotifySmsRequest(
        [property: JsonPropertyName("phone_number")] string PhoneNumber,
        [property: JsonPropertyName("template_id")] string TemplateId,
        [property: JsonPropertyName("personalisation")] Dictionary<string, string> Personalisation,
        [property: JsonPropertyName("reference")] string Reference);

    private sealed record NotifySmsResponse([property: JsonPropertyName("id")] string? Id, [property: JsonPropertyName("reference")] string? Reference);

    private sealed record NotifyErrorResponse(
        [property: JsonPropertyName("status_code")] int? StatusCode,
        [property: JsonPropertyName("errors")] List<NotifyError>? Errors);

    private sealed record NotifyError([property: JsonPropertyName("error")] string? Error, [property: JsonPropertyName("message")] string? Message);
}
