using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;

namespace Signpost.Core.Features.Inbox;

/// <summary>What one poll of a channel did.</summary>
public sealed record InboxPollResult(int Stored, int Repeated, string? Error);

/// <summary>
/// Asks every connected channel on a network that is polled (Bluesky, Mastodon, LinkedIn, the
/// Sandbox: <see cref="InboxConnectorRegistry.PollerFor"/>) for new messages on an interval, keeps
/// the connector's cursor on the channel, and shows a failure on the channel until the next success.
/// A channel is claimed for a poll with a conditional update of <see cref="Channel.InboxPolledAt"/>,
/// so two nodes do not poll it at once. The credential read is recorded (004 §6.10.1) with the batch
/// that stored something, or at most hourly when nothing came in: not an audit event per empty poll.
/// </summary>
public sealed partial class InboxPollingService(
    IServiceScopeFactory scopes, InboxConnectorRegistry registry, ChannelCredentials credentials, InboxIngestionOptions options, TimeProvider time,
    ILogger<InboxPollingService> logger) : BackgroundService
{
    /// <summary>How the poller's errors start on the channel.</summary>
    public const string ErrorPrefix = "Signpost could not fetch new messages";

    private static readonly TimeSpan ReadRecordEvery = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastReadRecorded = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _notBefore = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tick = options.SandboxPollInterval < options.PollInterval ? options.SandboxPollInterval : options.PollInterval;
        if (tick < TimeSpan.FromSeconds(1))
        {
            tick = TimeSpan.FromSeconds(1);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPollerFailed(logger, e);
            }

            try
            {
                await Task.Delay(tick, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Polls every channel whose interval has passed; returns how many channels were polled.</summary>
    public async Task<int> PollDueAsync(CancellationToken ct)
    {
        var polled = NetworkNames.All.Where(n => registry.PollerFor(n) is not null).ToList();
        if (polled.Count == 0)
        {
            return 0;
        }

        List<(Guid Id, Network Network, DateTimeOffset? PolledAt)> channels;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            channels = (await db.Channels.IgnoreQueryFilters().AsNoTracking()
                    .Where(c => c.Status == ChannelStatus.Active && polled.Contains(c.Network) && c.CredentialCiphertext != null)
                    .Select(c => new { c.Id, c.Network, c.InboxPolledAt })
                    .ToListAsync(ct))
                .Select(c => (c.Id, c.Network, c.InboxPolledAt)).ToList();
        }

        var now = time.GetUtcNow();
        var count = 0;
        foreach (var (id, network, polledAt) in channels)
        {
            var interval = IntervalFor(network);
            if ((polledAt is { } last && last + interval > now) || (_notBefore.TryGetValue(id, out var wait) && wait > now))
            {
                continue;
            }

            await PollChannelAsync(id, ct);
            count++;
        }

        return count;
    }

    /// <summary>Polls one channel now (unless another node is polling it) and stores what it finds.</summary>
    public async Task<InboxPollResult> PollChannelAsync(Guid channelId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var channel = await db.Channels.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(c => c.Id == channelId, ct);
        var poller = channel is null ? null : registry.PollerFor(channel.Network);
        if (channel is null || poller is null)
        {
            return new InboxPollResult(0, 0, null);
        }

        // Claim this poll: the row changes only if nobody else polled since we read it.
        var now = time.GetUtcNow();
        var seen = channel.InboxPolledAt;
        var claimed = await db.Channels.IgnoreQueryFilters()
            .Where(c => c.Id == channelId && c.InboxPolledAt == seen)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.InboxPolledAt, now), ct);
        if (claimed == 0)
        {
            return new InboxPollResult(0, 0, null);
        }

        InboundPage page;
        try
        {
            var credential = credentials.Unprotect(channel);
            page = await poller.PollAsync(new ChannelCall(channel.ToAccount(), credential), channel.InboxCursor, ct);
        }
        catch (PlatformException e)
        {
            if (e.Kind == PlatformErrorKind.RateLimited && e.RetryAfter is { } retryAfter)
            {
                _notBefore[channelId] = now + retryAfter;
            }

            var error = Describe(channel, e);
            LogPollFailed(logger, channelId, e);
            await db.Channels.IgnoreQueryFilters().Where(c => c.Id == channelId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.InboxError, error), CancellationToken.None);
            return new InboxPollResult(0, 0, error);
        }

        if (page.RenewedCredential is { } renewed)
        {
            await scope.ServiceProvider.GetRequiredService<ChannelService>().SaveRenewedCredentialAsync(channelId, renewed, Actor.System, ct);
        }

        var readRecord = ChannelCredentials.ReadRecord(channel, "fetch new messages for the inbox", Actor.System);
        var stored = 0;
        var repeated = 0;
        if (page.Items.Count > 0)
        {
            var result = await scope.ServiceProvider.GetRequiredService<InboxIngestor>().IngestAsync(channelId, page.Items, "poll", [readRecord], ct);
            stored = result.Stored.Count;
            repeated = result.Repeated;
        }

        if (stored > 0)
        {
            _lastReadRecorded[channelId] = now;
        }
        else if (!_lastReadRecorded.TryGetValue(channelId, out var recorded) || recorded + ReadRecordEvery <= now)
        {
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(readRecord, ct);
            _lastReadRecorded[channelId] = now;
        }

        var cursor = page.Cursor is { Length: > 1000 } ? channel.InboxCursor : page.Cursor ?? channel.InboxCursor;
        await db.Channels.IgnoreQueryFilters().Where(c => c.Id == channelId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.InboxCursor, cursor)
                .SetProperty(c => c.InboxError, c => c.InboxError != null && c.InboxError.StartsWith(ErrorPrefix) ? null : c.InboxError), ct);
        _notBefore.TryRemove(channelId, out _);
        return new InboxPollResult(stored, repeated, null);
    }

    private TimeSpan IntervalFor(Network network) => network == Network.Sandbox ? options.SandboxPollInterval : options.PollInterval;

    /// <summary>A failure in words for the channel page: what happened and what to do.</summary>
    private static string Describe(Channel channel, PlatformException e)
    {
        var what = e.Kind switch
        {
            PlatformErrorKind.AuthLost => $"{NetworkNames.DisplayName(channel.Network)} no longer accepts Signpost's sign-in for {channel.Name}. Reconnect the channel.",
            PlatformErrorKind.RateLimited => $"{NetworkNames.DisplayName(channel.Network)} asked Signpost to wait. Signpost will ask again later.",
            _ => e.Message + " Signpost will try again.",
        };
        var text = $"{ErrorPrefix} from {NetworkNames.DisplayName(channel.Network)}: {what}";
        return text.Length > 2000 ? text[..2000] : text;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The inbox poller failed")]
    private static partial void LogPollerFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling channel {ChannelId} for the inbox failed")]
    private static partial void LogPollFailed(ILogger logger, Guid channelId, Exception e);
}
