using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Signpost.Core.Features.Publishing;

/// <summary>
/// The publishing loop each node runs (web host by default, Signpost.Worker in larger deployments):
/// take due publications under a lease, publish them a few at a time, record the outcomes; give
/// back the publications of nodes that died; look again for posts whose outcome is unknown.
/// Several nodes on one PostgreSQL share the work through the leases (docs/adr/0010).
/// </summary>
public sealed partial class PublicationDispatcher(IServiceScopeFactory scopes, PublishingOptions options, TimeProvider time, ILogger<PublicationDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan HousekeepingEvery = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        var lastHousekeeping = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                if (time.GetUtcNow() - lastHousekeeping >= HousekeepingEvery)
                {
                    lastHousekeeping = time.GetUtcNow();
                    await HousekeepingAsync(stoppingToken);
                }

                busy = await RunOnceAsync(stoppingToken) >= options.BatchSize;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be briefly unavailable: keep going; leases keep the work safe.
                LogLoopFailed(logger, e);
            }

            if (!busy)
            {
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
    }

    /// <summary>One round: claim a batch, publish it with bounded parallelism, record the outcomes. Returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        IReadOnlyList<ClaimedPublication> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            claimed = await scope.ServiceProvider.GetRequiredService<PublishingService>().ClaimDueAsync(options.BatchSize, ct);
        }

        if (claimed.Count == 0)
        {
            return 0;
        }

        var outcomes = new PublishOutcome[claimed.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, claimed.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = ct },
            async (i, token) =>
            {
                await using var scope = scopes.CreateAsyncScope();
                outcomes[i] = await scope.ServiceProvider.GetRequiredService<PublishingService>().PublishAsync(claimed[i], token);
            });

        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PublishingService>().RecordOutcomesAsync(outcomes, ct);
        }

        return claimed.Count;
    }

    /// <summary>Gives back the work of nodes that stopped and looks again for unknown outcomes.</summary>
    public async Task HousekeepingAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var publishing = scope.ServiceProvider.GetRequiredService<PublishingService>();
        var recovered = await publishing.RecoverExpiredLeasesAsync(ct);
        if (recovered > 0)
        {
            LogRecovered(logger, recovered);
        }

        await publishing.RecheckUnknownAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The publishing loop failed; trying again")]
    private static partial void LogLoopFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Took back {Count} publications from nodes whose lease ran out")]
    private static partial void LogRecovered(ILogger logger, int count);
}
