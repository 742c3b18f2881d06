using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;

namespace Signpost.Web.Api;

public sealed record AuditEventDto(long Sequence, int Code, string CodeName, DateTimeOffset OccurredAt, Guid? ActorUserId, string ActorName,
    string? SubjectType, string? SubjectId, string Summary, string? Changes, string Hash);

public sealed record AuditPageDto(IReadOnlyList<AuditEventDto> Events, int Page, int PageSize, int Total);

public static class AuditApi
{
    public static void MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit-events", async ([AsParameters] AuditFilter filter, AppDbContext db, CancellationToken ct) =>
        {
            filter.Validate();
            var query = filter.Apply(db.AuditEvents.AsNoTracking());
            var total = await query.CountAsync(ct);
            var events = await query.OrderByDescending(e => e.Sequence)
                .Skip((filter.PageNumber - 1) * AuditFilter.PageSize).Take(AuditFilter.PageSize)
                .Select(e => new AuditEventDto(e.Sequence, (int)e.Code, e.Code.ToString(), e.OccurredAt, e.ActorUserId, e.ActorName, e.SubjectType, e.SubjectId, e.Summary, e.Changes, e.Hash))
                .ToListAsync(ct);
            return TypedResults.Ok(new AuditPageDto(events, filter.PageNumber, AuditFilter.PageSize, total));
        }).WithMetadata(new RequireRolesAttribute(OrganisationRoles.Auditor | OrganisationRoles.Administrator))
          .ProducesValidationProblem()
          .WithSummary("The organisation's audit trail, newest first (auditors and administrators).");
    }
}
