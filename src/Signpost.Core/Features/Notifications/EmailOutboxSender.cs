using System.Net;
using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Signpost.Core.Data;

namespace Signpost.Core.Features.Notifications;

/// <summary>
/// Sends the email outbox. Each node takes a few emails at a time under a lease, so that several
/// nodes never send the same email twice in normal running; a node that dies mid-send leaves its
/// lease to expire and another node sends (an email may then arrive twice, never zero times).
/// A failure is retried with back-off and, after the last attempt, kept as failed for administrators.
/// </summary>
public sealed partial class EmailOutboxSender(IServiceScopeFactory scopes, EmailOptions options, TimeProvider time, ILogger<EmailOutboxSender> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly string _node = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sent = await SendDueAsync(20, stoppingToken);
                if (sent > 0)
                {
                    continue;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSenderFailed(logger, e);
            }

            try
            {
                await Task.Delay(options.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends up to <paramref name="batch"/> due emails; returns how many it tried.</summary>
    public async Task<int> SendDueAsync(int batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow();
        var candidates = await db.OutboxEmails
            .Where(e => e.SentAt == null && e.FailedAt == null && e.SendAfter <= now && (e.LeaseExpiresAt == null || e.LeaseExpiresAt < now))
            .OrderBy(e => e.SendAfter)
            .Select(e => e.Id)
            .Take(batch)
            .ToListAsync(ct);
        var tried = 0;
        foreach (var id in candidates)
        {
            // Take the lease with a conditional update: only one node wins each email.
            var leaseUntil = now + Lease;
            var taken = await db.OutboxEmails
                .Where(e => e.Id == id && e.SentAt == null && e.FailedAt == null && (e.LeaseExpiresAt == null || e.LeaseExpiresAt < now))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaseOwner, _node).SetProperty(e => e.LeaseExpiresAt, leaseUntil), ct);
            if (taken == 0)
            {
                continue;
            }

            tried++;
            var email = await db.OutboxEmails.AsNoTracking().SingleAsync(e => e.Id == id, ct);
            string? error = null;
            try
            {
                await DeliverAsync(email, ct);
            }
            catch (Exception e) when (e is SmtpException or IOException or InvalidOperationException or FormatException or UnauthorizedAccessException)
            {
                error = e.Message;
                LogSendFailed(logger, email.Id, email.Attempts + 1, e);
            }

            var attempts = email.Attempts + 1;
            var after = time.GetUtcNow();
            if (error is null)
            {
                await db.OutboxEmails.Where(e => e.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(e => e.SentAt, after).SetProperty(e => e.Attempts, attempts)
                    .SetProperty(e => e.LeaseOwner, (string?)null).SetProperty(e => e.LeaseExpiresAt, (DateTimeOffset?)null), ct);
            }
            else
            {
                var failed = attempts >= options.MaxAttempts ? after : (DateTimeOffset?)null;
                var next = after + TimeSpan.FromSeconds(Math.Min(3600, 15 * Math.Pow(2, attempts - 1)));
                await db.OutboxEmails.Where(e => e.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(e => e.Attempts, attempts).SetProperty(e => e.LastError, error.Length > 2000 ? error[..2000] : error)
                    .SetProperty(e => e.SendAfter, next).SetProperty(e => e.FailedAt, failed)
                    .SetProperty(e => e.LeaseOwner, (string?)null).SetProperty(e => e.LeaseExpiresAt, (DateTimeOffset?)null), ct);
            }
        }

        return tried;
    }

    private async Task DeliverAsync(OutboxEmail email, CancellationToken ct)
    {
        using var message = new MailMessage
        {
            From = new MailAddress(options.From),
            Subject = email.Subject,
            Body = email.TextBody,
            IsBodyHtml = false,
        };
        message.To.Add(new MailAddress(email.To));
        message.Headers.Add("Message-ID", $"<{email.Id:N}@signpost>");
        using var client = new SmtpClient();
        if (!string.IsNullOrWhiteSpace(options.SmtpHost))
        {
            client.Host = options.SmtpHost;
            client.Port = options.SmtpPort;
            client.EnableSsl = options.UseTls;
            client.DeliveryMethod = SmtpDeliveryMethod.Network;
            if (!string.IsNullOrEmpty(options.UserName))
            {
                client.Credentials = new NetworkCredential(options.UserName, options.Password);
            }
        }
        else
        {
            var folder = options.PickupDirectory ?? throw new InvalidOperationException("No SMTP host or pickup directory is configured for email (Email:SmtpHost).");
            Directory.CreateDirectory(folder);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = folder;
        }

        await client.SendMailAsync(message, ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The email sender failed")]
    private static partial void LogSenderFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending email {EmailId} failed (attempt {Attempt})")]
    private static partial void LogSendFailed(ILogger logger, Guid emailId, int attempt, Exception e);
}
