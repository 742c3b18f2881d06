using Microsoft.AspNetCore.Http.HttpResults;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Validation;
using Signpost.Platforms;
using Signpost.Policy.Triage;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Inbox;

namespace Signpost.Web.Api;

/// <summary>Where a message stands against the first-response target. <c>state</c>: waiting, due_soon, overdue, responded_in_time, responded_late, not_counted.</summary>
public sealed record InboxClockDto(string State, string Text, DateTimeOffset? DueAt, DateTimeOffset? RespondedAt);

public sealed record InboxAuthorDto(Guid Id, string Handle, string? DisplayName, int Strikes, bool BlockProposed, bool Blocked);

/// <summary>
/// A message in the list. <c>text</c> is what the public wrote, as plain text (never HTML): encode
/// it where you show it. <c>labels</c> are the triage codes (RULES.md); <c>priority</c> urgent, high,
/// normal or low; <c>status</c> new, assigned, awaiting-department, replied or closed.
/// </summary>
public sealed record InboxMessageDto(
    Guid Id,
    Guid ChannelId,
    string ChannelName,
    string Network,
    string Kind,
    string Text,
    string AuthorHandle,
    string? AuthorName,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<string> Labels,
    string Priority,
    string Status,
    Guid? AssigneeUserId,
    string? AssigneeName,
    bool OutOfHours,
    string Visibility,
    bool Redacted,
    InboxClockDto Clock);

/// <summary>One page of the inbox, newest (or most urgent) first; pass <c>nextCursor</c> as <c>cursor</c> for the next page (null: no more).</summary>
public sealed record InboxPageDto(IReadOnlyList<InboxMessageDto> Items, string? NextCursor);

public sealed record InboxThreadEntryDto(Guid Id, bool Ours, bool Current, string Author, string Text, DateTimeOffset At, string? ReplyState);

public sealed record InboxReplyDto(Guid Id, string AuthorName, string Text, bool Automatic, string State, string? PlatformId, string? Url, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

public sealed record InboxNoteDto(Guid Id, string AuthorName, string Text, DateTimeOffset CreatedAt);

public sealed record InboxHandOffDto(Guid Id, string Department, string Email, string Question, bool IncludesPersonalData, DateTimeOffset SentAt, DateTimeOffset? AnsweredAt, string? Answer, string? AnsweredBy, DateTimeOffset? ConfirmedAt);

public sealed record InboxModerationDto(Guid Id, string Action, string ReasonCode, string? Note, string ActorName, string Outcome, string? Error, DateTimeOffset CreatedAt);

/// <summary>One message with everything the conversation page shows. Give <c>version</c> back when you assign or close it.</summary>
public sealed record InboxConversationDto(
    Guid Id,
    int Version,
    string ChannelName,
    string Network,
    string Kind,
    string Text,
    string? Url,
    InboxAuthorDto Author,
    DateTimeOffset SentAt,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<string> Labels,
    string Priority,
    string Status,
    Guid? AssigneeUserId,
    string? AssigneeName,
    bool OutOfHours,
    string Visibility,
    DateTimeOffset? RedactedAt,
    string? RedactedCategories,
    InboxClockDto Clock,
    IReadOnlyList<InboxThreadEntryDto> Thread,
    Guid? AnsweredPostId,
    string? AnsweredPostText,
    IReadOnlyList<InboxReplyDto> Replies,
    IReadOnlyList<InboxNoteDto> Notes,
    IReadOnlyList<InboxHandOffDto> HandOffs,
    IReadOnlyList<InboxModerationDto> Moderation,
    string? SafeguardingStatus);

/// <summary>Assign to a member of the communications team (null: unassign), at the version read.</summary>
public sealed record AssignInboxMessageRequest(Guid? AssigneeUserId, int? Version);

/// <summary>A reply: free text, or a saved reply's text (<c>savedReplyId</c> records which). <c>acceptWarnings</c> sends despite the policy's warnings; errors always stop it.</summary>
public sealed record InboxReplyRequest(string? Text, Guid? SavedReplyId, bool? AcceptWarnings);

public sealed record CloseInboxMessageRequest(int? Version);

/// <summary>GET /inbox, /inbox/{id}, POST /inbox/{id}/assign, /reply, /close (communications officers and managers).</summary>
public static class InboxApi
{
    public static void MapInboxApi(this RouteGroupBuilder api)
    {
        var inbox = api.MapGroup("/inbox").AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (InvalidRequestException e) when (e.Errors.TryGetValue("", out var messages) && messages.Contains(InboxService.ConcurrencyMessage))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The message was changed by someone else", detail: InboxService.ConcurrencyMessage);
            }
        });

        inbox.MapGet("/", async Task<Ok<InboxPageDto>> (string? channel, string? label, string? priority, string? status, string? assignee, string? clock, string? q, string? order, string? cursor, int? limit,
            OrganisationContext organisation, InboxService service, CancellationToken ct) =>
        {
            var errors = new ValidationErrors();
            Guid? channelId = null;
            if (!string.IsNullOrEmpty(channel))
            {
                if (Guid.TryParse(channel, out var c))
                {
                    channelId = c;
                }
                else
                {
                    errors.Add("channel", "channel must be a channel id");
                }
            }

            var wantedLabel = InboxDisplay.ParseLabel(label);
            if (!string.IsNullOrEmpty(label) && wantedLabel is null)
            {
                errors.Add("label", $"\"{label}\" is not a triage label: use one of {string.Join(", ", TriageLabels.All.Select(l => l.ToCode()))}");
            }

            var wantedPriority = InboxDisplay.ParsePriority(priority);
            if (!string.IsNullOrEmpty(priority) && wantedPriority is null)
            {
                errors.Add("priority", "priority must be urgent, high, normal or low");
            }

            if (!string.IsNullOrEmpty(status) && status is not ("open" or "all") && InboxService.ParseStatus(status) is null)
            {
                errors.Add("status", "status must be open, all, new, assigned, awaiting-department, replied or closed");
            }

            if (!string.IsNullOrEmpty(assignee) && assignee is not ("me" or "unassigned") && !Guid.TryParse(assignee, out _))
            {
                errors.Add("assignee", "assignee must be me, unassigned or a user id");
            }

            var wantedClock = InboxDisplay.ParseClock(clock?.Replace('_', '-'));
            if (!string.IsNullOrEmpty(clock) && wantedClock == ClockFilter.Any)
            {
                errors.Add("clock", "clock must be waiting, due-soon, breached, responded or not-counted");
            }

            if (order is not (null or "" or "newest" or "urgent"))
            {
                errors.Add("order", "order must be newest or urgent");
            }

            if (limit is < 1 or > InboxService.MaxPageSize)
            {
                errors.Add("limit", $"limit must be between 1 and {InboxService.MaxPageSize}");
            }

            errors.ThrowIfAny();
            var page = await service.ListAsync(organisation.Current, new InboxQuery(channelId, wantedLabel, wantedPriority, InboxDisplay.ParseStatuses(status), assignee, organisation.UserId,
                wantedClock, q, order == "urgent" ? InboxOrder.MostUrgent : InboxOrder.Newest, cursor, limit ?? 50), ct);
            return TypedResults.Ok(new InboxPageDto([.. page.Items.Select(Dto)], page.NextCursor));
        }).WithMetadata(new RequireRolesAttribute(InboxService.InboxRoles))
          .ProducesValidationProblem()
          .WithSummary("The inbox across channels, newest first, keyset-paged.")
          .WithDescription("Filters as the inbox page: channel (id), label (triage code), priority, status (open: the default, all, or one status), assignee (me, unassigned or a user id), "
              + "clock (waiting, due-soon, breached, responded, not-counted), q (words in the text), order (newest or urgent), cursor (nextCursor of the previous page), limit (1–100, 50 by default).");

        inbox.MapGet("/{id:guid}", async Task<Results<Ok<InboxConversationDto>, NotFound>> (Guid id, OrganisationContext organisation, InboxService service, CancellationToken ct) =>
            await service.ConversationAsync(organisation.Current, id, ct) is { } c ? TypedResults.Ok(Dto(c)) : TypedResults.NotFound())
            .WithMetadata(new RequireRolesAttribute(InboxService.InboxRoles))
            .WithSummary("One message with its thread, replies, notes, hand-offs, author, moderation and clock.");

        inbox.MapPost("/{id:guid}/assign", async Task<Ok<InboxConversationDto>> (Guid id, AssignInboxMessageRequest request, OrganisationContext organisation, InboxService service, Signpost.Core.Data.AppDbContext db, CancellationToken ct) =>
        {
            var version = request.Version ?? throw new InvalidRequestException("version", "version is missing: give the version you read, so that nobody's changes are lost.");
            await service.AssignAsync(organisation.OrganisationId, id, request.AssigneeUserId, version, await TeamsApi.ActorAsync(db, organisation, ct), ct);
            return TypedResults.Ok(Dto((await service.ConversationAsync(organisation.Current, id, ct))!));
        }).WithMetadata(new RequireRolesAttribute(InboxService.InboxRoles))
          .ProducesValidationProblem()
          .ProducesProblem(StatusCodes.Status409Conflict)
          .WithSummary("Assigns the message to a communications officer or manager, or unassigns it (assigneeUserId null). 409 when it changed since the version given.");

        inbox.MapPost("/{id:guid}/reply", async Task<Results<Created<InboxReplyDto>, ProblemHttpResult>> (Guid id, InboxReplyRequest request, OrganisationContext organisation, InboxReplyService service, Signpost.Core.Data.AppDbContext db, CancellationToken ct) =>
        {
            var outcome = await service.ReplyAsync(organisation.Current, id, new SendReplyOptions(request.Text, request.SavedReplyId, request.AcceptWarnings ?? false), await TeamsApi.ActorAsync(db, organisation, ct), ct);
            if (outcome.Reply is not { } reply)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: outcome.Blocked ? "The reply breaks the social media policy" : "The reply has warnings to accept",
                    detail: outcome.Blocked ? "Nothing was sent. Change the reply as the findings say." : "Nothing was sent. Read the warnings, then send again with acceptWarnings: true.",
                    extensions: new Dictionary<string, object?>
                    {
                        ["findings"] = outcome.Findings.Select(f => new PostFindingDto(f.Code, f.Severity.ToString().ToLowerInvariant(), f.Message, f.Start, f.Length, f.Suggestion, false)).ToList(),
                    });
            }

            return TypedResults.Created($"/api/v1/inbox/{id}", ReplyDto(reply));
        }).WithMetadata(new RequireRolesAttribute(InboxService.InboxRoles))
          .ProducesValidationProblem()
          .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
          .WithSummary("Replies through the platform after the policy check. 201 with the reply (state sent, or failed with the error); 422 with the findings when the policy stops it.");

        inbox.MapPost("/{id:guid}/close", async Task<Ok<InboxConversationDto>> (Guid id, CloseInboxMessageRequest request, OrganisationContext organisation, InboxService service, Signpost.Core.Data.AppDbContext db, CancellationToken ct) =>
        {
            var version = request.Version ?? throw new InvalidRequestException("version", "version is missing: give the version you read, so that nobody's changes are lost.");
            await service.CloseAsync(organisation.OrganisationId, id, version, await TeamsApi.ActorAsync(db, organisation, ct), ct);
            return TypedResults.Ok(Dto((await service.ConversationAsync(organisation.Current, id, ct))!));
        }).WithMetadata(new RequireRolesAttribute(InboxService.InboxRoles))
          .ProducesValidationProblem()
          .ProducesProblem(StatusCodes.Status409Conflict)
          .WithSummary("Closes the message. 409 when it changed since the version given.");
    }

    internal static string ClockCode(ClockState state) => state switch
    {
        ClockState.Waiting => "waiting",
        ClockState.DueSoon => "due_soon",
        ClockState.Overdue => "overdue",
        ClockState.RespondedInTime => "responded_in_time",
        ClockState.RespondedLate => "responded_late",
        _ => "not_counted",
    };

    private static InboxClockDto ClockDto(ClockView clock) => new(ClockCode(clock.State), clock.Text, clock.DueAt, clock.RespondedAt);

    private static string NetworkCode(Network network) => network.ToString().ToLowerInvariant();

    private static InboxMessageDto Dto(InboxListItem m) => new(
        m.Id, m.ChannelId, m.ChannelName, NetworkCode(m.Network), m.Kind.ToString().ToLowerInvariant(), m.Text, m.AuthorHandle, m.AuthorName, m.ReceivedAt,
        [.. m.Labels.Select(l => l.ToCode())], InboxDisplay.PriorityCode(m.Priority), InboxService.StatusCode(m.Status), m.AssigneeUserId, m.AssigneeName,
        m.OutOfHours, m.Visibility.ToString().ToLowerInvariant(), m.Redacted, ClockDto(m.Clock));

    private static InboxReplyDto ReplyDto(InboxReply r) =>
        new(r.Id, r.AuthorName, r.Text, r.Automatic, r.State.ToString().ToLowerInvariant(), r.PlatformId, r.Url, r.Error, r.CreatedAt, r.SentAt);

    private static InboxConversationDto Dto(InboxConversation c)
    {
        var m = c.Message;
        return new InboxConversationDto(
            m.Id, m.Version, c.ChannelName, NetworkCode(m.Network), m.Kind.ToString().ToLowerInvariant(), m.Text, m.Url,
            new InboxAuthorDto(c.Author.Id, c.Author.Handle, c.Author.DisplayName, c.Author.Strikes, c.Author.BlockProposed, c.Author.Blocked),
            m.SentAt, m.ReceivedAt, [.. m.Labels.Select(l => l.ToCode())], InboxDisplay.PriorityCode(m.Priority), InboxService.StatusCode(m.Status),
            m.AssigneeUserId, c.AssigneeName, m.OutOfHours, m.Visibility.ToString().ToLowerInvariant(), m.RedactedAt, m.RedactedCategories, ClockDto(c.Clock),
            [.. c.Thread.Select(e => new InboxThreadEntryDto(e.Id, e.Ours, e.IsCurrent, e.Author, e.Text, e.At, e.ReplyState?.ToString().ToLowerInvariant()))],
            c.Post?.PostId, c.Post?.Text,
            [.. c.Replies.Select(ReplyDto)],
            [.. c.Notes.Select(n => new InboxNoteDto(n.Id, n.AuthorName, n.Text, n.CreatedAt))],
            [.. c.HandOffs.Select(h => new InboxHandOffDto(h.Id, h.Department, h.Email, h.Question, h.IncludesPersonalData, h.SentAt, h.AnsweredAt, h.Answer, h.AnsweredBy, h.ConfirmedAt))],
            [.. c.Moderation.Select(r => new InboxModerationDto(r.Id, r.Action.ToString().ToLowerInvariant(), r.ReasonCode, r.Note, r.ActorName, r.Outcome.ToString().ToLowerInvariant(), r.Error, r.CreatedAt))],
            c.Referral?.Status.ToString());
    }
}
