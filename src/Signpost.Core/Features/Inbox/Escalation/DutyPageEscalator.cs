using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Signpost.Core.Data;

namespace Signpost.Core.Features.Inbox;

/// <summary>How often unacknowledged duty pages are looked for (configuration section <c>Escalation</c>).</summary>
public sealed class EscalationOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Re-pages (004 §6.4.5): every few seconds, each page past its acknowledgement time with nothing
/// acknowledged for its message is escalated to the next person on the rota, each in its own unit
/// of work. Runs on every node; the unique page per message and level keeps nodes from paging twice.
/// </summary>
public sealed partial class DutyPageEscalator(IServiceScopeFactory scopes, EscalationOptions options, TimeProvider time, ILogger<DutyPageEscalator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogEscalatorFailed(logger, e);
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

    /// <summary>Escalates every page that is due now; returns how many were escalated.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        IReadOnlyList<Guid> due;
        await using (var scope = Unrestricted())
        {
            due = await scope.ServiceProvider.GetRequiredService<DutyPagingService>().DuePagesAsync(50, ct);
        }

        var escalated = 0;
        foreach (var id in due)
        {
            await using var scope = Unrestricted();
            if (await scope.ServiceProvider.GetRequiredService<DutyPagingService>().EscalateAsync(id, ct))
            {
                escalated++;
            }
        }

        return escalated;
    }

    private AsyncServiceScope Unrestricted()
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        return scope;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The duty page escalator failed")]
    private static partial void LogEscalatorFailed(ILogger logger, Exception e);
}
