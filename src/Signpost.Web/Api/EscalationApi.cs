using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Inbox;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Inbox;

namespace Signpost.Web.Api;

public sealed record ReferSafeguardingRequest(string? Concern, string? WhoIsAtRisk, bool? ImmediateDanger);

public sealed record SafeguardingReferralDto(Guid Id, Guid MessageId, string Status, bool ImmediateDanger, string ReferredBy, DateTimeOffset CreatedAt, string Link);

public sealed record OnCallPersonDto(Guid UserId, string Name, bool FromRota, int? Position, DateTimeOffset? ShiftEndsAt, bool HasMobileNumber);

public sealed record DutyPageDto(Guid Id, Guid MessageId, Guid UserId, int Level, DateTimeOffset PagedAt, DateTimeOffset AcknowledgeBy, DateTimeOffset? AcknowledgedAt, DateTimeOffset? EscalatedAt);

/// <summary>POST /inbox/{id}/refer-safeguarding, GET /on-call, POST /pages/{id}/acknowledge.</summary>
public static class EscalationApi
{
    public static void MapEscalationApi(this RouteGroupBuilder api)
    {
        api.MapPost("/inbox/{id:guid}/refer-safeguarding", async (Guid id, ReferSafeguardingRequest request, OrganisationContext organisation, SafeguardingService safeguarding, AppDbContext db, CancellationToken ct) =>
        {
            var actor = await TeamsApi.ActorAsync(db, organisation, ct);
            var referral = await safeguarding.ReferAsync(organisation.OrganisationId, id, new ReferSafeguardingOptions(request.Concern, request.WhoIsAtRisk, request.ImmediateDanger), actor, ct);
            return TypedResults.Created($"/o/{organisation.Current.Slug}/safeguarding/{referral.Id}",
                new SafeguardingReferralDto(referral.Id, referral.MessageId, referral.Status.ToString(), referral.ImmediateDanger, referral.ReferredByName, referral.CreatedAt,
                    $"/o/{organisation.Current.Slug}/safeguarding/{referral.Id}"));
        }).WithMetadata(new RequireRolesAttribute(ReferModel.MayRefer))
          .ProducesValidationProblem()
          .WithSummary("Refers a message's safeguarding concern to the safeguarding lead (000 §6.1), with an evidence snapshot; immediateDanger true means call 999.");

        api.MapGet("/on-call", async (OrganisationContext organisation, DutyPagingService paging, CancellationToken ct) =>
            TypedResults.Ok((await paging.OnCallNowAsync(organisation.OrganisationId, ct))
                .Select(p => new OnCallPersonDto(p.UserId, p.Name, p.FromRota, p.Position is { } n ? n + 1 : null, p.ShiftEndsAt, !string.IsNullOrEmpty(p.MobileNumber))).ToList()))
            .WithMetadata(new RequireRolesAttribute(DutyPagingService.Team | DutyPagingService.Managers))
            .WithSummary("Who is paged now, in order (the on-call rota, or the duty managers when nobody is on it).");

        api.MapPost("/pages/{id:guid}/acknowledge", async Task<Results<Ok<DutyPageDto>, NotFound>> (Guid id, OrganisationContext organisation, DutyPagingService paging, AppDbContext db, CancellationToken ct) =>
        {
            if (!await db.DutyPages.AnyAsync(p => p.Id == id, ct))
            {
                return TypedResults.NotFound();
            }

            var actor = await TeamsApi.ActorAsync(db, organisation, ct);
            var page = await paging.AcknowledgeAsync(organisation.OrganisationId, id, actor, ct);
            return TypedResults.Ok(new DutyPageDto(page.Id, page.MessageId, page.UserId, page.Level, page.PagedAt, page.AcknowledgeBy, page.AcknowledgedAt, page.EscalatedAt));
        }).ProducesValidationProblem()
          .WithSummary("Acknowledges a duty page (the person paged, or a communications or duty manager): nobody else is paged about its message.");
    }
}
