using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Notifications;

namespace Signpost.Core.Tests.Notifications;

/// <summary>The email outbox against a real SMTP server (maildev, started by test.sh) and a pickup folder.</summary>
public sealed class EmailOutboxSenderTests(CoreFixture fixture) : IClassFixture<CoreFixture>
{
    private static (string Host, int Port, Uri Api)? Maildev()
    {
        var host = Environment.GetEnvironmentVariable("SIGNPOST_TEST_SMTP_HOST");
        var port = Environment.GetEnvironmentVariable("SIGNPOST_TEST_SMTP_PORT");
        var api = Environment.GetEnvironmentVariable("SIGNPOST_TEST_MAILDEV_URL");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port) || string.IsNullOrEmpty(api))
        {
            return null;
        }

        return (host, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), new Uri(api.TrimEnd('/') + "/"));
    }

    private async Task<Guid> QueueAsync(string to, string subject, string body)
    {
        await using var scope = fixture.UnrestrictedScope();
        var notifications = scope.ServiceProvider.GetRequiredService<NotificationService>();
        notifications.QueueEmail(null, to, subject, body);
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(
            new AuditRecord(AuditEventCode.PostScheduled, Actor.System, null, "Test email queued"));
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.OutboxEmails.Where(e => e.Subject == subject).Select(e => e.Id).SingleAsync();
    }

    private EmailOutboxSender Sender(EmailOptions options) =>
        new(fixture.Services.GetRequiredService<IServiceScopeFactory>(), options, TimeProvider.System, NullLogger<EmailOutboxSender>.Instance);

    [Fact]
    public async Task SendDue_SmtpServer_DeliversTheEmailAndMarksItSent()
    {
        if (Maildev() is not { } maildev)
        {
            Assert.True(Environment.GetEnvironmentVariable("CI") is null, "test.sh must start maildev (SIGNPOST_TEST_SMTP_HOST, _PORT, SIGNPOST_TEST_MAILDEV_URL).");
            Assert.Skip("No maildev: run through ./test.sh.");
            return;
        }

        var subject = $"'Flu clinic' was not published to the Sandbox {Guid.NewGuid():N}";
        var id = await QueueAsync("comms.officer@riverside.example", subject, "Open it in Signpost:\nhttp://localhost:5080/o/riverside-icb/posts/1\n");

        await Sender(new EmailOptions { SmtpHost = maildev.Host, SmtpPort = maildev.Port, UseTls = false, From = "Signpost <signpost@riverside.example>" })
            .SendDueAsync(50, CancellationToken.None);

        using var http = new HttpClient { BaseAddress = maildev.Api };
        var emails = await http.GetFromJsonAsync<JsonElement>("email");
        var received = emails.EnumerateArray().Single(e => e.GetProperty("subject").GetString() == subject);
        Assert.Equal("comms.officer@riverside.example", received.GetProperty("to")[0].GetProperty("address").GetString());
        Assert.Contains("/o/riverside-icb/posts/1", received.GetProperty("text").GetString(), StringComparison.Ordinal);
        await using var scope = fixture.UnrestrictedScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxEmails.AsNoTracking().SingleAsync(e => e.Id == id);
        Assert.NotNull(stored.SentAt);
        Assert.Equal(1, stored.Attempts);
    }

    [Fact]
    public async Task SendDue_ServerRefusesConnections_KeepsTheEmailAndTriesAgainLater()
    {
        var subject = $"Unreachable server {Guid.NewGuid():N}";
        var id = await QueueAsync("comms.manager@riverside.example", subject, "Body");

        // A port nothing listens on: the send fails, the email stays in the outbox for later.
        await Sender(new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = 9, UseTls = false }).SendDueAsync(50, CancellationToken.None);

        await using var scope = fixture.UnrestrictedScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxEmails.AsNoTracking().SingleAsync(e => e.Id == id);
        Assert.Null(stored.SentAt);
        Assert.Null(stored.FailedAt);
        Assert.Equal(1, stored.Attempts);
        Assert.NotNull(stored.LastError);
        Assert.True(stored.SendAfter > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task SendDue_NoSmtpHost_WritesTheEmailToThePickupFolder()
    {
        var folder = Directory.CreateTempSubdirectory("signpost-mail-").FullName;
        var subject = $"Pickup {Guid.NewGuid():N}";
        await QueueAsync("staff@riverside.example", subject, "Your content request was accepted.");

        await Sender(new EmailOptions { PickupDirectory = folder }).SendDueAsync(50, CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(folder, "*.eml"), f => File.ReadAllText(f).Contains(subject, StringComparison.Ordinal));
        Assert.Contains("staff@riverside.example", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }
}
