using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Time;

namespace Signpost.Core.Jobs;

/// <summary>
/// Every night, checks each organisation's audit chain and records the result in it, so that
/// tampering is found within a day and the Audit Committee can see the trail was checked
/// (001 §6.0, 003 §7.3). A broken chain is also logged as an error for the operators' alerts.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class VerifyAuditChainsJob(IServiceScopeFactory scopes, TimeProvider time, ILogger<VerifyAuditChainsJob> logger) : IJob
{
    public static readonly JobKey Key = new("verify-audit-chains", "signpost");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var ct = cancellationToken;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Scope.MakeUnrestricted();
        var verifier = scope.ServiceProvider.GetRequiredService<AuditChainVerifier>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();

        // Several nodes may run the schedule; the first to check an organisation today records it.
        var today = LondonTime.StartOfDay(DateOnly.FromDateTime(LondonTime.ToLondon(time.GetUtcNow()).DateTime));
        var organisations = await db.Organisations.AsNoTracking().Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        foreach (var organisation in organisations)
        {
            var done = await db.AuditEvents.AnyAsync(e => e.OrganisationId == organisation.Id && e.Code == AuditEventCode.AuditChainVerified
                && e.ActorUserId == null && e.OccurredAt >= today, ct);
            if (done)
            {
                continue;
            }

            var report = await verifier.VerifyAsync(organisation.Id, ct);
            if (!report.IsIntact)
            {
                LogBroken(logger, organisation.Name, report.BrokenAtSequence, report.Problem);
            }

            await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.AuditChainVerified, Actor.System, organisation.Id,
                report.IsIntact ? $"Nightly check: {report.EventsChecked} events intact" : $"Nightly check: {report.Problem}",
                "AuditTrail", organisation.Id.ToString()), ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit trail of {Organisation} is broken at event {Sequence}: {Problem}")]
    private static partial void LogBroken(ILogger logger, string organisation, long? sequence, string? problem);
}
