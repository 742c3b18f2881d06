using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Signpost.Core.Data;

namespace Signpost.Core.Features.Notifications;

/// <summary>
/// Sends the text message outbox through GOV.UK Notify, as <see cref="EmailOutboxSender"/> sends
/// email: a few at a time under a lease per message, so that nodes do not send the same message
/// twice in normal running. Rate limits (429) and server errors (5xx) are tried again with back-off;
/// a refusal (400, 403) fails the message at once, and its reason is kept and shown on the duty page.
/// </summary>
public sealed partial class SmsOutboxSender(IServiceScopeFactory scopes, SmsOptions options, TimeProvider time, ILogger<SmsOutboxSender> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly string _node = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (options.IsConfigured && await SendDueAsync(20, stoppingToken) > 0)
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

    /// <summary>Sends up to <paramref name="batch"/> due text messages; returns how many it tried.</summary>
    public async Task<int> SendDueAsync(int batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var client = scope.ServiceProvider.GetRequiredService<SmsNotifyClient>();
        var now = time.GetUtcNow();
        var candidates = await db.OutboxTextMessages
            .Where(s => s.SentAt == null && s.FailedAt == null && s.SendAfter <= now && (s.LeaseExpiresAt == null || s.LeaseExpiresAt < now))
            .OrderBy(s => s.SendAfter)
            .Select(s => s.Id)
            .Take(batch)
            .ToListAsync(ct);
        var tried = 0;
        foreach (var id in candidates)
        {
            var leaseUntil = now + Lease;
            var taken = await db.OutboxTextMessages
                .Where(s => s.Id == id && s.SentAt == null && s.FailedAt == null && (s.LeaseExpiresAt == null || s.LeaseExpiresAt < now))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, _node).SetProperty(x => x.LeaseExpiresAt, leaseUntil), ct);
            if (taken == 0)
            {
                continue;
            }

            tried++;
            var sms = await db.OutboxTextMessages.AsNoTracking().SingleAsync(s => s.Id == id, ct);
            var result = await client.SendAsync(sms.PhoneNumber, sms.Body, sms.Reference, ct);
            var attempts = sms.Attempts + 1;
            var after = time.GetUtcNow();
            if (result.Sent)
            {
                await db.OutboxTextMessages.Where(s => s.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.SentAt, after).SetProperty(x => x.Attempts, attempts).SetProperty(x => x.NotifyId, result.NotifyId)
                    .SetProperty(x => x.LastError, (string?)null)
                    .SetProperty(x => x.LeaseOwner, (string?)null).SetProperty(x => x.LeaseExpiresAt, (DateTimeOffset?)null), ct);
                continue;
            }

            LogSendFailed(logger, sms.Id, attempts, result.Error ?? "");
            var error = result.Error ?? "GOV.UK Notify did not accept the message.";
            var failed = !result.Retryable || attempts >= options.MaxAttempts ? after : (DateTimeOffset?)null;
            var backOff = TimeSpan.FromSeconds(Math.Min(3600, 15 * Math.Pow(2, attempts - 1)));
            var next = after + (result.RetryAfter is { } wait && wait > backOff ? wait : backOff);
            await db.OutboxTextMessages.Where(s => s.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Attempts, attempts).SetProperty(x => x.LastError, error.Length > 2000 ? error[..2000] : error)
                .SetProperty(x => x.SendAfter, next).SetProperty(x => x.FailedAt, failed)
                .SetProperty(x => x.LeaseOwner, (string?)null).SetProperty(x => x.LeaseExpiresAt, (DateTimeOffset?)null), ct);
        }

        return tried;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The text message sender failed")]
    private static partial void LogSenderFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending text message {SmsId} failed (attempt {Attempt}): {Error}")]
    private static partial void LogSendFailed(ILogger logger, Guid smsId, int attempt, string error);
}
