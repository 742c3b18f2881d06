using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Platforms.Inbox;
using Signpost.Web.Infrastructure;

namespace Signpost.Web.Api;

/// <summary>
/// A moderation action on a message: <c>action</c> is hide, unhide, delete, block, unblock or report;
/// <c>reason</c> a house-rules reason code (abusive, discriminatory, offensive-language,
/// personal-information, spam, off-topic, unlawful, misinformation, impersonation, safeguarding);
/// <c>note</c> the person's own words, needed to show a message again, to lift a block, and to
/// remove criticism (003 §3.2.6). For unhide and unblock the reason may be left out: the original
/// action's reason is used.
/// </summary>
public sealed record ModerateRequest(string? Action, string? Reason, string? Note);

/// <summary>
/// One moderation action as recorded. <c>outcome</c> is done (on the platform), failed (the
/// platform refused or failed: <c>error</c> says why, nothing changed) or not_supported (the
/// platform has no way to do it: recorded in Signpost only, <c>error</c> says so).
/// </summary>
public sealed record ModerationRecordDto(
    Guid Id,
    Guid? MessageId,
    Guid AuthorId,
    string Action,
    string Reason,
    string ReasonText,
    string? Note,
    string Outcome,
    string? Error,
    string? PlatformReference,
    bool Automatic,
    string ActorName,
    DateTimeOffset CreatedAt);

public static class ModerationApi
{
    private const OrganisationRoles Comms = OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager;

    public static void MapModerationApi(this RouteGroupBuilder api)
    {
        api.MapPost("/inbox/{id:guid}/moderate", async Task<Results<Created<ModerationRecordDto>, Ok<ModerationRecordDto>, ProblemHttpResult>> (
            Guid id, ModerateRequest request, OrganisationContext organisation, ModerationService moderation, AppDbContext db, CancellationToken ct) =>
        {
            if (!TryParseAction(request.Action, out var action))
            {
                throw new InvalidRequestException("Action", "Give an action: hide, unhide, delete, block, unblock or report");
            }

            var actor = await TeamsApi.ActorAsync(db, organisation, ct);
            try
            {
                var record = await moderation.ApplyAsync(id, action, request.Reason ?? "", request.Note, actor, ct);
                var dto = ToDto(record);

                // Done: a new action on the platform. Failed or not supported: recorded, nothing changed there.
                return record.Outcome == ModerationOutcome.Done
                    ? TypedResults.Created($"/api/v1/inbox/{id}/moderation", dto)
                    : TypedResults.Ok(dto);
            }
            catch (ModerationRefusedException e)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                    title: "Criticism is not removed for being critical", detail: e.Message,
                    extensions: new Dictionary<string, object?> { ["policy"] = e.Policy, ["policySource"] = e.PolicySource, ["rule"] = CriticismPolicy.Rule });
            }
        }).WithMetadata(new RequireRolesAttribute(Comms))
          .ProducesValidationProblem()
          .ProducesProblem(StatusCodes.Status403Forbidden)
          .ProducesProblem(StatusCodes.Status404NotFound)
          .WithSummary("Hides, unhides, deletes, reports a message or blocks, unblocks its author, with a house-rules reason (communications officers and managers).");

        api.MapGet("/inbox/{id:guid}/moderation", async Task<Results<Ok<List<ModerationRecordDto>>, NotFound>> (Guid id, AppDbContext db, CancellationToken ct) =>
        {
            if (!await db.InboxMessages.AnyAsync(m => m.Id == id, ct))
            {
                return TypedResults.NotFound();
            }

            var records = await db.ModerationRecords.AsNoTracking().Where(r => r.MessageId == id)
                .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct);
            return TypedResults.Ok(records.Select(ToDto).ToList());
        }).WithMetadata(new RequireRolesAttribute(Comms))
          .WithSummary("The moderation actions taken on a message, oldest first.");
    }

    internal static bool TryParseAction(string? value, out ModerationAction action)
    {
        foreach (var candidate in Enum.GetValues<ModerationAction>())
        {
            if (string.Equals(candidate.ToString(), value?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                action = candidate;
                return true;
            }
        }

        action = default;
        return false;
    }

    internal static ModerationRecordDto ToDto(ModerationRecord record) => new(
        record.Id,
        record.MessageId,
        record.AuthorId,
        record.Action.ToString().ToLowerInvariant(),
        record.ReasonCode,
        HouseRuleReasons.Find(record.ReasonCode)?.Text ?? record.ReasonCode,
        record.Note,
        record.Outcome switch
        {
            ModerationOutcome.Done => "done",
            ModerationOutcome.Failed => "failed",
            _ => "not_supported",
        },
        record.Error,
        record.PlatformReference,
        record.Automatic,
        record.ActorName,
        record.CreatedAt);
}
