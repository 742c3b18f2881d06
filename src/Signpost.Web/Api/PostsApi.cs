using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Policy;
using Signpost.Web.Infrastructure;
using Post = Signpost.Core.Features.Posts.Post;

namespace Signpost.Web.Api;

/// <summary>A post to create or change. <c>scheduledFor</c> is ISO 8601 with its offset (UTC "Z", or "+01:00" in summer in the UK); null: as soon as approved.</summary>
public sealed record SavePostRequest(
    string? Text,
    string? Title,
    IReadOnlyList<Guid>? ChannelIds,
    IReadOnlyDictionary<Guid, string?>? Variants,
    IReadOnlyList<Guid>? MediaIds,
    string? ScheduledFor,
    Guid? CampaignId,
    int? Version);

/// <summary>An override of an error finding, with the approver's reason.</summary>
public sealed record OverrideRequest(string? Code, Guid? ChannelId, string? Reason);

/// <summary>An approval: the version read, and any overrides to record with it. For the last approval of a post whose time has passed: <c>publishNow</c> or a new <c>publishAt</c>.</summary>
public sealed record ApproveRequest(int? Version, IReadOnlyList<OverrideRequest>? Overrides, bool? PublishNow, string? PublishAt);

public sealed record RequestChangesRequest(string? Reason);

/// <summary>When an approved post goes out; null: now.</summary>
public sealed record ScheduleRequest(string? ScheduledFor);

/// <summary>One finding on one channel's text; <c>overridden</c> when an approver let it go out, with a reason.</summary>
public sealed record PostFindingDto(string Code, string Severity, string Message, int? Start, int? Length, string? Suggestion, bool Overridden);

/// <summary>Where the post stands on one channel: pending, publishing, published, failed, unknown or cancelled.</summary>
public sealed record PublicationDto(Guid Id, string State, string? PlatformPostId, string? Url, string? LastError, int Attempts, DateTimeOffset? DueAt, DateTimeOffset? PublishedAt);

public sealed record PostChannelDto(Guid ChannelId, string Name, string Network, string Text, bool OwnText, IReadOnlyList<PostFindingDto> Findings, PublicationDto Publication);

public sealed record PostApprovalDto(Guid ApproverId, string ApproverName, int Version, DateTimeOffset ApprovedAt);

public sealed record FindingOverrideDto(string Code, Guid? ChannelId, string Message, string? Excerpt, string Reason, string ApproverName, int Version, DateTimeOffset CreatedAt);

/// <summary>
/// A post with its findings per channel. <c>state</c> is one of draft, submitted, changes_requested,
/// approved, scheduled, publishing, published, failed, cancelled. <c>findings</c> is only there for a
/// draft with no channel yet (the text checked with no platform rules).
/// </summary>
public sealed record PostDto(
    Guid Id,
    string Title,
    string State,
    int Version,
    string Text,
    DateTimeOffset? ScheduledFor,
    Guid? CampaignId,
    Guid? ContentRequestId,
    Guid AuthorId,
    string AuthorName,
    string? ChangesRequestedReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<Guid> MediaIds,
    IReadOnlyList<PostChannelDto> Channels,
    IReadOnlyList<PostFindingDto>? Findings,
    int ApprovalsGiven,
    int ApprovalsNeeded,
    IReadOnlyList<PostApprovalDto> Approvals,
    IReadOnlyList<FindingOverrideDto> Overrides);

/// <summary>
/// Posts over the API (capabilities 5 and 6), with the same rules as the pages: communications
/// officers and managers write and submit; only a manager who did not write a post approves it,
/// overrides its error findings or asks for changes (000 §1.3, 004 §5.5). Another organisation's
/// post is 404; a post someone else changed since the version given is 409.
/// </summary>
public static partial class PostsApi
{
    private const OrganisationRoles Comms = OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager;

    public static void MapPostsApi(this RouteGroupBuilder api)
    {
        var posts = api.MapGroup("/posts").AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (PostConflictException e)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The post was changed by someone else", detail: e.Message,
                    extensions: new Dictionary<string, object?> { ["currentVersion"] = e.CurrentVersion });
            }
        });

        posts.MapGet("/", async Task<Ok<IReadOnlyList<PostDto>>> (string? state, OrganisationContext organisation, AppDbContext db, PostService service, CancellationToken ct) =>
        {
            var query = db.Posts.AsNoTracking().Where(p => p.OrganisationId == organisation.OrganisationId);
            if (state is not null)
            {
                if (!TryParseState(state, out var wanted))
                {
                    throw new InvalidRequestException("state", $"\"{state}\" is not a post state: use one of {string.Join(", ", Enum.GetValues<PostState>().Select(ApiName))}.");
                }

                query = query.Where(p => p.State == wanted);
            }

            var ids = await query.OrderByDescending(p => p.UpdatedAt).Take(100).Select(p => p.Id).ToListAsync(ct);
            var list = new List<PostDto>();
            foreach (var id in ids)
            {
                list.Add(await DtoAsync(id, organisation, db, service, ct));
            }

            return TypedResults.Ok<IReadOnlyList<PostDto>>(list);
        }).WithMetadata(new RequireRolesAttribute(Comms))
          .ProducesValidationProblem()
          .WithSummary("The organisation's 100 most recently changed posts, optionally in one state (for example ?state=submitted).");

        posts.MapGet("/{id:guid}", async Task<Ok<PostDto>> (Guid id, OrganisationContext organisation, AppDbContext db, PostService service, CancellationToken ct) =>
            TypedResults.Ok(await DtoAsync(id, organisation, db, service, ct)))
            .WithMetadata(new RequireRolesAttribute(Comms))
            .WithSummary("One post, with its text, findings and publication state per channel, and its approvals.");

        posts.MapPost("/", async Task<Created<PostDto>> (SavePostRequest request, OrganisationContext organisation, AppDbContext db, PostService service, CancellationToken ct) =>
        {
            var post = await service.CreateAsync(organisation.OrganisationId, Options(request), await TeamsApi.ActorAsync(db, organisation, ct), ct);
            return TypedResults.Created($"/api/v1/posts/{post.Id}", await DtoAsync(post.Id, organisation, db, service, ct));
        }).WithMetadata(new RequireRolesAttribute(Comms))
          .ProducesValidationProblem()
          .WithSummary("Creates a draft post for one or more channels and returns it with its findings per channel.")
          .WithDescription("Body: {\"text\", \"title\"?, \"channelIds\": [...], \"variants\": {channelId: text}, \"mediaIds\": [...], \"scheduledFor\": \"2026-11-24T19:30:00Z\", \"campaignId\"?}. "
              + "scheduledFor must carry its UTC offset; leave it out to publish as soon as the post is approved.");

        posts.MapPut("/{id:guid}", async Task<Ok<PostDto>> (Guid id, SavePostRequest request, OrganisationContext organisation, AppDbContext db, PostService service, CancellationToken ct) =>
        {
            if (request.Version is not { } version)
            {
                throw new InvalidRequestException("version", "version is missing: give the version you changed, so that nobody's changes are lost.");
            }

            await service.UpdateAsync(organisation.OrganisationId, id, Options(request), version, await TeamsApi.ActorAsync(db, organisation, ct), ct);
            return TypedResults.Ok(await DtoAsync(id, organisation, db, service, ct));
        }).WithMetadata(new RequireRolesAttribute(Comms))
          .ProducesValidationProblem()
          .ProducesProblem(StatusCodes.Status409Conflict)
          .WithSummary("Changes a post (give the version you read: 409 when someone else changed it since). A change after approval sends it back for approval.");

        posts.MapPost("/{id:guid}/submit", async Task<Ok<PostDto>> (Guid id, OrganisationContext organisation, AppDbContext db, PostService service, CancellationToken ct) =>
        {
            await service.SubmitAsync(organisation.OrganisationId, id, await TeamsApi.ActorAsync(db, organisation, ct), ct);
            return TypedResults.Ok(await DtoAsync(id, organisation, db, service, ct));
        }).WithMetadata(new RequireRolesAttribute(Comms))
          .ProducesValidationProblem()
          .WithSummary("Submits a draft (or a post with changes requested) for approval.");

        posts.MapPost("/{id:guid}/approve", async Task<Ok<PostDto>> (Guid id, ApproveRequest? request, OrganisationContext organisation, AppDbContext db, PostService service, CancellationToken ct) =>
        {
            var errors = new ValidationErrors();
            var publishAt = ReadInstant(request?.PublishAt, "publishAt", errors);
            errors.ThrowIfAny();
            var options = new ApprovePostOptions(
                request?.Version,
                [.. (request?.Overrides ?? []).Select(o => new OverrideFindingOptions(o.Code, o.ChannelId, o.Reason))],
                request?.PublishNow ?? false,
                publishAt);
            await service.ApproveAsync(organisation.OrganisationId, id, options, await TeamsApi.ActorAsync(db, organisation, ct), ct);
            return TypedResults.Ok(await DtoAsync(id, organisation, db, service, ct));
        }).WithMetadata(new RequireRolesAttribute(OrganisationRoles.CommunicationsManager))
          .ProducesValidationProblem()
          .ProducesProblem(StatusCodes.Status409Conflict)
          .WithSummary("Approves a post (communications managers; never your own post).")
          .WithDescription("Optional body: {\"version\": n, \"overrides\": [{\"code\", \"channelId\"?, \"reason\"}], \"publishNow\"?, \"publishAt\"?}. "
              + "Error findings must each be overridden with a reason. With enough approvers, the post is scheduled for its time, or now.");

        posts.MapPost("/{id:guid}/request-changes", async Task<Ok<PostDto>> (Guid id, RequestChangesRequest request, OrganisationContext organisation, AppDbContext db, PostService service, CancellationToken ct) =>
        {
            await service.RequestChangesAsync(organisation.OrganisationId, id, request.Reason ?? "", await TeamsApi.ActorAsync(db, organisation, ct), ct);
            return TypedResults.Ok(await DtoAsync(id, organisation, db, service, ct));
        }).WithMetadata(new RequireRolesAttribute(OrganisationRoles.CommunicationsManager))
          .ProducesValidationProblem()
          .WithSummary("Sends a post back to its author with what to change (communications managers). {\"reason\"} is required.");

        posts.MapPost("/{id:guid}/schedule", async Task<Ok<PostDto>> (Guid id, ScheduleRequest? request, OrganisationContext organisation, AppDbContext db, PostService service, CancellationToken ct) =>
        {
            var errors = new ValidationErrors();
            var when = ReadInstant(request?.ScheduledFor, "scheduledFor", errors);
            errors.ThrowIfAny();
            await service.ScheduleAsync(organisation.OrganisationId, id, when, await TeamsApi.ActorAsync(db, organisation, ct), ct);
            return TypedResults.Ok(await DtoAsync(id, organisation, db, service, ct));
        }).WithMetadata(new RequireRolesAttribute(Comms))
          .ProducesValidationProblem()
          .WithSummary("Schedules an approved post, or moves a scheduled one: {\"scheduledFor\"} with its offset, or no body to publish now.");

        posts.MapPost("/{id:guid}/unschedule", async Task<Ok<PostDto>> (Guid id, OrganisationContext organisation, AppDbContext db, PostService service, CancellationToken ct) =>
        {
            await service.UnscheduleAsync(organisation.OrganisationId, id, await TeamsApi.ActorAsync(db, organisation, ct), ct);
            return TypedResults.Ok(await DtoAsync(id, organisation, db, service, ct));
        }).WithMetadata(new RequireRolesAttribute(Comms))
          .ProducesValidationProblem()
          .WithSummary("Takes a scheduled post off the schedule; it stays approved.");

        posts.MapPost("/{id:guid}/cancel", async Task<Ok<PostDto>> (Guid id, OrganisationContext organisation, AppDbContext db, PostService service, CancellationToken ct) =>
        {
            await service.CancelAsync(organisation.OrganisationId, id, await TeamsApi.ActorAsync(db, organisation, ct), ct);
            return TypedResults.Ok(await DtoAsync(id, organisation, db, service, ct));
        }).WithMetadata(new RequireRolesAttribute(Comms))
          .ProducesValidationProblem()
          .WithSummary("Cancels a post that has not started going out.");
    }

    /// <summary>The API's name for a state: "changes_requested", "scheduled"...</summary>
    public static string ApiName<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var result = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                result.Append('_');
            }

            result.Append(char.ToLowerInvariant(name[i]));
        }

        return result.ToString();
    }

    private static bool TryParseState(string value, out PostState state)
    {
        foreach (var candidate in Enum.GetValues<PostState>())
        {
            if (string.Equals(ApiName(candidate), value, StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }

    private static SavePostOptions Options(SavePostRequest request)
    {
        var errors = new ValidationErrors();
        var scheduledFor = ReadInstant(request.ScheduledFor, "scheduledFor", errors);
        errors.ThrowIfAny();
        return new SavePostOptions(request.Title, request.Text, request.ChannelIds ?? [], request.Variants, request.MediaIds ?? [], scheduledFor, request.CampaignId);
    }

    /// <summary>ISO 8601 with an offset: a time without one would be a guess between GMT and BST.</summary>
    private static DateTimeOffset? ReadInstant(string? value, string field, ValidationErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (OffsetPattern().IsMatch(value.Trim())
            && DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant))
        {
            return instant.ToUniversalTime();
        }

        errors.Add(field, $"{field} must be an ISO 8601 date and time with its offset, like \"2026-11-24T19:30:00Z\" or \"2026-06-24T19:30:00+01:00\".");
        return null;
    }

    private static async Task<PostDto> DtoAsync(Guid id, OrganisationContext organisation, AppDbContext db, PostService service, CancellationToken ct)
    {
        var post = await db.Posts.AsNoTracking()
            .Include(p => p.Publications).Include(p => p.Media).Include(p => p.Approvals).Include(p => p.Overrides)
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == id && p.OrganisationId == organisation.OrganisationId, ct)
            ?? throw new NotFoundException("Post", id);
        var findings = await service.CheckAsync(organisation.Current, post, ct);
        var progress = await service.ProgressAsync(post, ct);
        var publications = PostService.Active(post).ToDictionary(p => p.ChannelId);
        var channels = findings.Where(f => f.Channel is not null && publications.ContainsKey(f.Channel.Id)).Select(f =>
        {
            var publication = publications[f.Channel!.Id];
            return new PostChannelDto(f.Channel.Id, f.Channel.Name, f.Channel.Network.ToString().ToLowerInvariant(), f.Text, f.HasOwnText,
                Findings(post, f.Channel.Id, f.Findings),
                new PublicationDto(publication.Id, ApiName(publication.State), publication.PlatformPostId, publication.PlatformUrl, publication.LastError,
                    publication.Attempts, publication.DueAt, publication.PublishedAt));
        }).ToList();
        return new PostDto(
            post.Id,
            post.Title,
            ApiName(post.State),
            post.Version,
            post.Text,
            post.ScheduledFor,
            post.CampaignId,
            post.ContentRequestId,
            post.AuthorUserId,
            post.AuthorName,
            post.ChangesRequestedReason,
            post.CreatedAt,
            post.UpdatedAt,
            [.. post.Media.OrderBy(m => m.Position).Select(m => m.MediaItemId)],
            channels,
            findings.FirstOrDefault(f => f.Channel is null) is { } unplaced ? Findings(post, null, unplaced.Findings) : null,
            progress.Given,
            progress.Needed,
            [.. post.Approvals.OrderBy(a => a.ApprovedAt).Select(a => new PostApprovalDto(a.ApproverUserId, a.ApproverName, a.PostVersion, a.ApprovedAt))],
            [.. post.Overrides.OrderBy(o => o.CreatedAt).Select(o => new FindingOverrideDto(o.Code, o.ChannelId, o.Message, o.Excerpt, o.Reason, o.ApproverName, o.PostVersion, o.CreatedAt))]);
    }

    private static List<PostFindingDto> Findings(Post post, Guid? channelId, IReadOnlyList<Finding> findings) =>
        [.. findings.Select(f => new PostFindingDto(f.Code, PolicyApi.NameOf(f.Severity), f.Message, f.Start, f.Length, f.Suggestion,
            f.Severity == Severity.Error && PostService.FindOverride(post, channelId, f.Code) is not null))];

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetPattern();
}
