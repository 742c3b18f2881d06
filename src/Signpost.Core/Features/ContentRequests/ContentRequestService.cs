using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Media;
using Signpost.Core.Features.Notifications;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Users;
using Signpost.Core.Time;
using Signpost.Core.Validation;

namespace Signpost.Core.Features.ContentRequests;

/// <summary>A picture the requester attaches; it goes into the media library.</summary>
public sealed record ContentRequestAttachment(string? FileName, Stream Content);

/// <summary>What a staff member asks the communications team to post (004 §6.1.3).</summary>
public sealed record SubmitContentRequestOptions(
    ContentRequestKind Kind,
    string? Title,
    string? Details,
    string? Why,
    string? Audience,
    DateOnly? PublishFrom,
    DateOnly? PublishBy,
    string? Links,
    IReadOnlyList<ContentRequestAttachment>? Attachments = null);

/// <summary>
/// Content requests: any member asks the communications team to post news, an event, a vacancy or a
/// campaign (004 §6.1.3: staff are encouraged to share news through the team; §6.2.4: requests for
/// the corporate channels go to the team, which decides). The team accepts a request into a draft
/// post, or declines it with a reason the requester is told by email; the requester can withdraw it
/// while it waits.
/// </summary>
public sealed class ContentRequestService(AppDbContext db, AuditTrail audit, TimeProvider time, NotificationService notifications, MediaService media, PostService posts)
{
    public const int TitleMaxLength = 200;
    public const int DetailsMaxLength = 10_000;
    public const int WhyMaxLength = 4000;
    public const int AudienceMaxLength = 1000;
    public const int LinksMaxLength = 4000;
    public const int MaxLinks = 20;
    public const int MaxAttachments = 5;
    public const int ReasonMaxLength = 2000;

    /// <summary>The roles that see every request and decide on them.</summary>
    public const OrganisationRoles CommunicationsTeam = OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager;

    /// <summary>
    /// Sends a request (audited ContentRequestSubmitted; attachments MediaUploaded). The communications
    /// team is told in the app; communications managers by email too.
    /// </summary>
    public async Task<ContentRequest> SubmitAsync(Guid organisationId, SubmitContentRequestOptions options, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(actor);
        var requesterId = actor.UserId ?? throw new InvalidOperationException("A content request is made by a person.");
        var requester = await db.Users.AsNoTracking().Where(u => u.Id == requesterId).Select(u => new { u.DisplayName, u.Email }).FirstAsync(ct);
        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => new { o.Slug }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Organisation", organisationId);

        var errors = new ValidationErrors();
        var (title, details, why, audience, links) = ValidateFields(errors, options);

        var attachments = options.Attachments ?? [];
        if (attachments.Count > MaxAttachments)
        {
            errors.Add("Attachments", $"Attach up to {MaxAttachments} pictures");
        }

        var now = time.GetUtcNow();
        var request = new ContentRequest
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            RequesterUserId = requesterId,
            RequesterName = requester.DisplayName,
            RequesterEmail = requester.Email ?? "",
            Kind = options.Kind,
            Title = title ?? "",
            Details = details ?? "",
            Why = why ?? "",
            Audience = audience ?? "",
            PublishFrom = options.PublishFrom,
            PublishBy = options.PublishBy,
            Links = links,
            Status = ContentRequestStatus.Submitted,
            CreatedAt = now,
            UpdatedAt = now,
        };

        var records = new List<AuditRecord>();
        if (attachments.Count <= MaxAttachments)
        {
            for (var i = 0; i < attachments.Count; i++)
            {
                try
                {
                    var (item, record) = await media.StageUploadAsync(organisationId,
                        new UploadMediaOptions(attachments[i].FileName, attachments[i].Content, Title: $"From content request: {Truncate(title ?? "", 150)}"),
                        actor, "Attachments", imagesOnly: true, ct);
                    request.Media.Add(new ContentRequestMedia { ContentRequestId = request.Id, MediaItemId = item.Id });
                    records.Add(record);
                }
                catch (InvalidRequestException e)
                {
                    var name = string.IsNullOrWhiteSpace(attachments[i].FileName) ? $"Picture {i + 1}" : Path.GetFileName(attachments[i].FileName);
                    foreach (var problem in e.Errors.SelectMany(x => x.Value))
                    {
                        errors.Add("Attachments", $"{name}: {problem}");
                    }
                }
            }
        }

        errors.ThrowIfAny();

        db.ContentRequests.Add(request);
        records.Insert(0, new AuditRecord(AuditEventCode.ContentRequestSubmitted, actor, organisationId, $"Asked the communications team to post \u201C{request.Title}\u201D", "ContentRequest", request.Id.ToString(),
            new
            {
                Kind = request.Kind.ToString(),
                request.Title,
                request.Details,
                request.Why,
                request.Audience,
                request.PublishFrom,
                request.PublishBy,
                request.Links,
                attachments = request.Media.Count,
            }));

        // The team hears of it in the app; managers by email too, so that a request is not missed (004 §6.2.4).
        var link = $"/o/{organisation.Slug}/requests/{request.Id}";
        var message = new NotificationMessage("content-request-submitted", $"New content request: {request.Title}",
            $"{request.RequesterName} asked the communications team to post {KindText(request.Kind)}." + (request.PublishBy is { } due ? $" It must go out by {due.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}." : ""),
            link);
        var managers = (await notifications.PeopleWithRolesAsync(organisationId, OrganisationRoles.CommunicationsManager, ct)).Where(id => id != requesterId).ToList();
        var officers = (await notifications.PeopleWithRolesAsync(organisationId, OrganisationRoles.CommunicationsOfficer, ct)).Where(id => id != requesterId && !managers.Contains(id)).ToList();
        await notifications.NotifyAsync(organisationId, managers, message, sendEmail: true, ct);
        await notifications.NotifyAsync(organisationId, officers, message, sendEmail: false, ct);

        await audit.SaveChangesAsync(records, ct);
        return request;
    }

    /// <summary>
    /// Takes a waiting request into a new draft post with the request's words as a start (audited
    /// ContentRequestAccepted, and PostCreated), in one transaction. The requester is told in the app
    /// and by email. Returns the draft's id.
    /// </summary>
    public async Task<Guid> AcceptAsync(Guid organisationId, Guid requestId, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var request = await FindAsync(organisationId, requestId, ct);
        EnsureWaiting(request, "accepted");
        var slug = await SlugAsync(organisationId, ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ClaimAsync(request, ContentRequestStatus.Accepted, ct);
        var mediaIds = await db.ContentRequestMediaLinks.Where(m => m.ContentRequestId == requestId)
            .Join(db.MediaItems.Where(i => i.DeletedAt == null), m => m.MediaItemId, i => i.Id, (m, i) => i.Id)
            .ToListAsync(ct);
        var post = await posts.CreateAsync(organisationId, new SavePostOptions(request.Title, StartingText(request), [], null, mediaIds, null, null, request.Id), actor, ct);

        var now = time.GetUtcNow();
        request.Status = ContentRequestStatus.Accepted;
        request.PostId = post.Id;
        request.DecidedByUserId = actor.UserId;
        request.DecidedByName = actor.Name;
        request.DecidedAt = now;
        request.UpdatedAt = now;
        await notifications.NotifyAsync(organisationId, [request.RequesterUserId], new NotificationMessage("content-request-accepted",
            $"Your content request has been accepted: {request.Title}",
            $"{actor.Name} has taken it into a draft post. The communications team will write and check the post, and it will be approved before it goes out.",
            $"/o/{slug}/requests/{request.Id}"), sendEmail: true, ct);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.ContentRequestAccepted, actor, organisationId, $"Accepted the content request \u201C{request.Title}\u201D into a draft post", "ContentRequest", request.Id.ToString(),
            new { postId = post.Id, request.RequesterName }), ct);
        await transaction.CommitAsync(ct);
        return post.Id;
    }

    /// <summary>Declines a waiting request with a reason (audited ContentRequestDeclined); the requester is told the reason in the app and by email.</summary>
    public async Task DeclineAsync(Guid organisationId, Guid requestId, string? reason, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var request = await FindAsync(organisationId, requestId, ct);
        var why = Clean(reason);
        var errors = new ValidationErrors();
        errors.Required("Reason", why, "Enter why the request is declined: the person who asked will be told");
        errors.MaxLength("Reason", why, ReasonMaxLength, "Reason");
        errors.ThrowIfAny();
        EnsureWaiting(request, "declined");
        var slug = await SlugAsync(organisationId, ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ClaimAsync(request, ContentRequestStatus.Declined, ct);
        var now = time.GetUtcNow();
        request.Status = ContentRequestStatus.Declined;
        request.DeclineReason = why;
        request.DecidedByUserId = actor.UserId;
        request.DecidedByName = actor.Name;
        request.DecidedAt = now;
        request.UpdatedAt = now;
        await notifications.NotifyAsync(organisationId, [request.RequesterUserId], new NotificationMessage("content-request-declined",
            $"Your content request has been declined: {request.Title}",
            $"{actor.Name} declined it, for this reason:\n\n{why}\n\nYou can ask again with changes, or contact the communications team.",
            $"/o/{slug}/requests/{request.Id}"), sendEmail: true, ct);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.ContentRequestDeclined, actor, organisationId, $"Declined the content request \u201C{request.Title}\u201D", "ContentRequest", request.Id.ToString(),
            new { reason = why, request.RequesterName }), ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The requester takes back a request that is still waiting (audited ContentRequestWithdrawn).</summary>
    public async Task WithdrawAsync(Guid organisationId, Guid requestId, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var request = await FindAsync(organisationId, requestId, ct);
        if (actor.UserId is null || request.RequesterUserId != actor.UserId)
        {
            // Only the person who asked may take it back; to anyone else it is not theirs to see.
            throw new NotFoundException("Content request", requestId);
        }

        EnsureWaiting(request, "withdrawn");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ClaimAsync(request, ContentRequestStatus.Withdrawn, ct);
        request.Status = ContentRequestStatus.Withdrawn;
        request.UpdatedAt = time.GetUtcNow();
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.ContentRequestWithdrawn, actor, organisationId, $"Withdrew the content request \u201C{request.Title}\u201D", "ContentRequest", request.Id.ToString()), ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// The mistakes in a request's words, dates and links, without saving anything or reading its
    /// attachments: for a page that has its own errors (a date that is not a real date) and wants to
    /// show every mistake at once.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Validate(SubmitContentRequestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new ValidationErrors();
        ValidateFields(errors, options);
        return errors.ToException().Errors;
    }

    private (string? Title, string? Details, string? Why, string? Audience, string? Links) ValidateFields(ValidationErrors errors, SubmitContentRequestOptions options)
    {
        if (!Enum.IsDefined(options.Kind))
        {
            errors.Add("Kind", "Select what you would like posted");
        }

        var title = Clean(options.Title);
        var details = Clean(options.Details);
        var why = Clean(options.Why);
        var audience = Clean(options.Audience);
        errors.Required("Title", title, "Enter a title for your request");
        errors.MaxLength("Title", title, TitleMaxLength, "Title");
        errors.Required("Details", details, "Enter what you would like to be posted");
        errors.MaxLength("Details", details, DetailsMaxLength, "What to post");
        errors.Required("Why", why, "Enter why it matters and what it should achieve");
        errors.MaxLength("Why", why, WhyMaxLength, "Why it matters");
        errors.Required("Audience", audience, "Enter who it is for");
        errors.MaxLength("Audience", audience, AudienceMaxLength, "Who it is for");

        var today = DateOnly.FromDateTime(LondonTime.ToLondon(time.GetUtcNow()).DateTime);
        if (options.PublishBy is { } by && by < today)
        {
            errors.Add("PublishBy", "The date it must go out by must be today or in the future");
        }
        else if (options.PublishFrom is { } from && options.PublishBy is { } until && until < from)
        {
            errors.Add("PublishBy", "The date it must go out by must be the same as or after the earliest date");
        }

        var links = ValidateLinks(errors, options.Links);
        return (title, details, why, audience, links);
    }

    /// <summary>"a news story", "an event"…, for sentences.</summary>
    public static string KindText(ContentRequestKind kind) => kind switch
    {
        ContentRequestKind.News => "a news story",
        ContentRequestKind.Event => "an event",
        ContentRequestKind.Vacancy => "a job vacancy",
        ContentRequestKind.Campaign => "a campaign",
        _ => "something",
    };

    /// <summary>The words a draft starts from: what the requester asked to be said, then their links.</summary>
    internal static string StartingText(ContentRequest request)
    {
        var text = request.Details.Trim();
        if (!string.IsNullOrWhiteSpace(request.Links))
        {
            text += "\n\n" + request.Links.Trim();
        }

        return text.Length <= PostService.TextMaxLength ? text : text[..PostService.TextMaxLength];
    }

    private static string? ValidateLinks(ValidationErrors errors, string? text)
    {
        var lines = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0)
        {
            return null;
        }

        if (lines.Count > MaxLinks)
        {
            errors.Add("Links", $"Enter up to {MaxLinks} web addresses");
            return null;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            if (!Uri.TryCreate(lines[i], UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                || string.IsNullOrEmpty(uri.Host) || !uri.Host.Contains('.', StringComparison.Ordinal) || lines[i].Any(char.IsWhiteSpace))
            {
                errors.Add("Links", $"Web address {i + 1} (\u201C{Truncate(lines[i], 80)}\u201D) must be a full web address starting with https://, like https://www.nhs.uk/");
            }
        }

        var joined = string.Join("\n", lines);
        errors.MaxLength("Links", joined, LinksMaxLength, "Web addresses");
        return joined;
    }

    /// <summary>
    /// Moves the request out of Submitted in the database itself, so that of two people deciding at
    /// once only one succeeds (the other's update finds no waiting row). It runs inside the caller's
    /// transaction, which also saves the audited change; if that save fails, this is rolled back with it.
    /// </summary>
    private async Task ClaimAsync(ContentRequest request, ContentRequestStatus to, CancellationToken ct)
    {
        var claimed = await db.ContentRequests
            .Where(r => r.Id == request.Id && r.Status == ContentRequestStatus.Submitted)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, to), ct);
        if (claimed == 0)
        {
            throw new InvalidRequestException("", "Someone else has already dealt with this request. Nothing was changed.");
        }
    }

    private static void EnsureWaiting(ContentRequest request, string verb)
    {
        if (request.Status != ContentRequestStatus.Submitted)
        {
            throw new InvalidRequestException("", $"This request cannot be {verb}: it has already been {request.Status.ToString().ToLowerInvariant()}.");
        }
    }

    private async Task<ContentRequest> FindAsync(Guid organisationId, Guid requestId, CancellationToken ct) =>
        await db.ContentRequests.FirstOrDefaultAsync(r => r.Id == requestId && r.OrganisationId == organisationId, ct)
        ?? throw new NotFoundException("Content request", requestId);

    private async Task<string> SlugAsync(Guid organisationId, CancellationToken ct) =>
        await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => o.Slug).FirstAsync(ct);

    private static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "\u2026";
}
