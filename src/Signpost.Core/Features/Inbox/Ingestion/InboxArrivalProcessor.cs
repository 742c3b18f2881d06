using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Signpost.Core.Data;

namespace Signpost.Core.Features.Inbox;

/// <summary>
/// Runs the after-arrival steps (<see cref="IInboxArrivalHandler"/>: blocked words, escalation, the
/// automatic reply) once for every stored message, in the background on every node (ADR 0011).
/// A message is claimed with a lease (a conditional update), so that two nodes do not act on it at
/// once; a node that dies leaves the lease to expire and another node carries on. A handler that
/// fails leaves the message unprocessed for a later pass and shows the error on its channel.
/// </summary>
public sealed partial class InboxArrivalProcessor(
    IServiceScopeFactory scopes, InboxArrivalSignal signal, InboxIngestionOptions options, TimeProvider time, ILogger<InboxArrivalProcessor> logger) : BackgroundService
{
    /// <summary>How the processor's errors start on the channel, so that only its own are cleared by it.</summary>
    public const string ErrorPrefix = "Signpost could not finish handling a new message";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await ProcessDueAsync(50, stoppingToken) > 0)
                {
                    continue;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogProcessorFailed(logger, e);
            }

            try
            {
                await signal.WaitAsync(options.ProcessInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Processes up to <paramref name="batch"/> unprocessed messages whose lease is free; returns how many it processed completely.</summary>
    public async Task<int> ProcessDueAsync(int batch, CancellationToken ct)
    {
        List<Guid> candidates;
        var now = time.GetUtcNow();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            candidates = await db.InboxMessages.IgnoreQueryFilters()
                .Where(m => m.ProcessedAt == null && (m.ProcessingLeaseUntil == null || m.ProcessingLeaseUntil < now))
                .OrderBy(m => m.ReceivedAt)
                .Select(m => m.Id)
                .Take(batch)
                .ToListAsync(ct);
        }

        var done = 0;
        foreach (var id in candidates)
        {
            if (await ProcessAsync(id, ct))
            {
                done++;
            }
        }

        return done;
    }

    /// <summary>Claims one message and runs every handler on it; false when another node holds it or a handler failed.</summary>
    public async Task<bool> ProcessAsync(Guid messageId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow();
        var leaseUntil = now + options.ProcessingLease;
        var claimed = await db.InboxMessages.IgnoreQueryFilters()
            .Where(m => m.Id == messageId && m.ProcessedAt == null && (m.ProcessingLeaseUntil == null || m.ProcessingLeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessingLeaseUntil, leaseUntil), ct);
        if (claimed == 0)
        {
            return false;
        }

        var message = await db.InboxMessages.IgnoreQueryFilters().FirstAsync(m => m.Id == messageId, ct);
        var channel = await db.Channels.IgnoreQueryFilters().FirstAsync(c => c.Id == message.ChannelId, ct);
        var author = await db.PublicAuthors.IgnoreQueryFilters().FirstAsync(a => a.Id == message.AuthorId, ct);
        var arrival = new InboxArrival(message, channel, author);
        foreach (var handler in scope.ServiceProvider.GetServices<IInboxArrivalHandler>().OrderBy(h => h.Order))
        {
            try
            {
                if (arrival.Author.Id != message.AuthorId)
                {
                    // An earlier step found who really sent it (an Instagram mention read after storage).
                    arrival = arrival with { Author = await db.PublicAuthors.IgnoreQueryFilters().FirstAsync(a => a.Id == message.AuthorId, ct) };
                }

                await handler.HandleAsync(arrival, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Never dropped: the message stays unprocessed and is tried again once the lease ends.
                var step = handler.GetType().Name;
                LogHandlerFailed(logger, step, messageId, e);
                var error = $"{ErrorPrefix} ({LondonTimeText(now)}, step {step}): {e.Message} Signpost will try again.";
                if (error.Length > 2000)
                {
                    error = error[..2000];
                }

                await db.Channels.IgnoreQueryFilters().Where(c => c.Id == channel.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.InboxError, error), CancellationToken.None);
                return false;
            }
        }

        var processedAt = time.GetUtcNow();
        await db.InboxMessages.IgnoreQueryFilters().Where(m => m.Id == messageId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, processedAt).SetProperty(m => m.ProcessingLeaseUntil, (DateTimeOffset?)null), ct);
        if (channel.InboxError is { } shown && shown.StartsWith(ErrorPrefix, StringComparison.Ordinal))
        {
            // The steps work again: the error shown on the channel no longer holds.
            await db.Channels.IgnoreQueryFilters().Where(c => c.Id == channel.Id && c.InboxError == shown)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.InboxError, (string?)null), ct);
        }

        return true;
    }

    private static string LondonTimeText(DateTimeOffset instant) => Time.LondonTime.Format(instant);

    [LoggerMessage(Level = LogLevel.Error, Message = "The inbox arrival processor failed")]
    private static partial void LogProcessorFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Arrival step {Step} failed for inbox message {MessageId}; it will be retried")]
    private static partial void LogHandlerFailed(ILogger logger, string step, Guid messageId, Exception e);
}
