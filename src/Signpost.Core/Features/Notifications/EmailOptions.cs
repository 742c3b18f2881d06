namespace Signpost.Core.Features.Notifications;

/// <summary>
/// How Signpost sends email (configuration section <c>Email</c>). With no SMTP host, mail is written
/// as .eml files to <see cref="PickupDirectory"/> (the development default), so nothing is lost.
/// </summary>
public sealed class EmailOptions
{
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public bool UseTls { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>The From address, for example "Signpost &lt;signpost@example.nhs.uk&gt;".</summary>
    public string From { get; set; } = "Signpost <signpost@localhost>";

    /// <summary>Where mail goes when no SMTP host is set.</summary>
    public string? PickupDirectory { get; set; }

    /// <summary>The address people reach Signpost at, for links in email (for example https://signpost.example.nhs.uk).</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:5080");

    /// <summary>How often the sender looks for mail to send.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts before an email is given up and shown as failed.</summary>
    public int MaxAttempts { get; set; } = 8;
}
