using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Notifications;
using Signpost.Platforms;

namespace Signpost.Core.Jobs;

/// <summary>
/// Warns a week ahead when a channel's credential will stop working (issue 4, capability 7:
/// expiring platform tokens warned about in advance), in the app and by email to the people who
/// look after channels: the organisation's communications managers and administrators. Once per
/// credential: <see cref="Channel.ExpiryWarningSentAt"/> is claimed with a conditional update in the
/// same transaction as the notices, so that when several nodes run the job only one sends; a
/// reconnect or a renewed credential clears it.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class WarnExpiringCredentialsJob(IServiceScopeFactory scopes, TimeProvider time, ILogger<WarnExpiringCredentialsJob> logger) : IJob
{
    public static readonly JobKey Key = new("warn-expiring-credentials", "signpost");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var ct = cancellationToken;
        var now = time.GetUtcNow();
        var horizon = now + CredentialExpiry.WarningPeriod;
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Scope.MakeUnrestricted();
            due = await db.Channels.AsNoTracking()
                .Where(c => c.CredentialExpiresAt != null && c.CredentialExpiresAt <= horizon && c.ExpiryWarningSentAt == null
                    && c.CredentialCiphertext != null && c.Status != ChannelStatus.Disconnected)
                .Select(c => c.Id)
                .ToListAsync(ct);
        }

        var sent = 0;
        foreach (var channelId in due)
        {
            if (await WarnAsync(channelId, now, horizon, ct))
            {
                sent++;
            }
        }

        if (sent > 0)
        {
            LogWarned(logger, sent);
        }
    }

    /// <summary>Claims one channel's warning and sends it; false when another node (or an earlier run) already has.</summary>
    private async Task<bool> WarnAsync(Guid channelId, DateTimeOffset now, DateTimeOffset horizon, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Scope.MakeUnrestricted();
        var notifications = scope.ServiceProvider.GetRequiredService<NotificationService>();
        var channels = scope.ServiceProvider.GetRequiredService<ChannelService>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The claim: on PostgreSQL a second node's update waits for this transaction and then finds
        // the warning already sent; on SQLite writers are serialised.
        var claimed = await db.Channels
            .Where(c => c.Id == channelId && c.ExpiryWarningSentAt == null && c.CredentialExpiresAt != null && c.CredentialExpiresAt <= horizon
                && c.CredentialCiphertext != null && c.Status != ChannelStatus.Disconnected)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiryWarningSentAt, now), ct);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(ct);
            return false;
        }

        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == channelId, ct);
        var expiresAt = channel.CredentialExpiresAt!.Value;
        var when = CredentialExpiry.Describe(expiresAt, now) ?? "Expires soon";
        var slug = await channels.OrganisationSlugAsync(channel.OrganisationId, ct);
        var people = await channels.ChannelManagersAsync(channel, ownersOnly: false, ct);
        var network = NetworkNames.DisplayName(channel.Network);
        var expired = expiresAt <= now;
        await notifications.NotifyAsync(channel.OrganisationId, people, new NotificationMessage(
            "channel-credential-expiring",
            expired
                ? $"Reconnect {channel.Name}: its {network} sign-in has expired"
                : $"Reconnect {channel.Name}: its {network} sign-in {char.ToLowerInvariant(when[0])}{when[1..]}",
            $"Signpost's sign-in to @{channel.Handle} on {network} {(expired ? "expired" : "stops working")} on {Time.LondonTime.Format(expiresAt)}. "
                + "Reconnect the channel before then, or nothing will be published to it.",
            ChannelService.ReconnectPath(slug, channel.Id)), ct: ct);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.ChannelExpiryWarned, Actor.System, channel.OrganisationId,
            $"Warned that the credential of {channel.Name} expires on {Time.LondonTime.Format(expiresAt)}", "Channel", channel.Id.ToString(),
            new { expiresAt, notified = people.Count }), ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warned about {Count} expiring channel credentials")]
    private static partial void LogWarned(ILogger logger, int count);
}
