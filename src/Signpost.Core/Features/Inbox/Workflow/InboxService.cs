using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.PolicySettings;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Policy.Calendar;
using Signpost.Policy.Triage;

namespace Signpost.Core.Features.Inbox;

public enum InboxOrder
{
    /// <summary>Newest first: keyset on (ReceivedAt, Id) over the (OrganisationId, ReceivedAt, Id) index.</summary>
    Newest,

    /// <summary>Most urgent priority first, newest first within a priority.</summary>
    MostUrgent,
}

/// <summary>What the inbox list shows. Null or empty means "any".</summary>
/// <param name="Statuses">The statuses to show; null for every status.</param>
/// <param name="Assignee">"unassigned", "me", or a user id.</param>
/// <param name="Me">The person asking, for "me".</param>
/// <param name="Cursor">From the previous page's <see cref="InboxListPage.NextCursor"/>.</param>
public sealed record InboxQuery(
    Guid? ChannelId = null,
    TriageLabel? Label = null,
    TriagePriority? Priority = null,
    IReadOnlyList<InboxStatus>? Statuses = null,
    string? Assignee = null,
    Guid? Me = null,
    ClockFilter Clock = ClockFilter.Any,
    string? Search = null,
    InboxOrder Order = InboxOrder.Newest,
    string? Cursor = null,
    int PageSize = 50,
    DateTimeOffset? ReceivedAfter = null);

/// <summary>One message in the list: the start of its text, who sent it, its labels, status and clock.</summary>
public sealed record InboxListItem(
    Guid Id,
    Guid ChannelId,
    string ChannelName,
    Network Network,
    InboundKind Kind,
    string Text,
    string AuthorHandle,
    string? AuthorName,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<TriageLabel> Labels,
    TriagePriority Priority,
    InboxStatus Status,
    Guid? AssigneeUserId,
    string? AssigneeName,
    bool OutOfHours,
    InboxVisibility Visibility,
    bool Redacted,
    ClockView Clock);

public sealed record InboxListPage(IReadOnlyList<InboxListItem> Items, string? NextCursor);

/// <summary>A message or one of our replies in a thread, oldest first.</summary>
public sealed record ThreadEntry(Guid Id, bool Ours, bool IsCurrent, string Author, string Text, DateTimeOffset At, InboxReplyState? ReplyState);

/// <summary>The post of ours the message answers.</summary>
public sealed record AnsweredPost(Guid PostId, string Title, string Text);

/// <summary>A channel as the list's channel filter offers it.</summary>
public sealed record InboxChannelOption(Guid Id, string Name);

/// <summary>The list's filter choices (<see cref="InboxService.FilterOptionsAsync"/>).</summary>
public sealed record InboxFilterOptions(IReadOnlyList<InboxChannelOption> Channels, IReadOnlyList<InboxAssignee> Assignees);

/// <summary>Another message from the same person.</summary>
public sealed record AuthorMessage(Guid Id, string Text, DateTimeOffset ReceivedAt, InboxStatus Status, IReadOnlyList<TriageLabel> Labels, InboxVisibility Visibility);

/// <summary>Someone a message can be assigned to (communications officers and managers).</summary>
public sealed record InboxAssignee(Guid UserId, string Name);

/// <summary>Everything the conversation page shows about one message.</summary>
public sealed record InboxConversation(
    InboxMessage Message,
    string ChannelName,
    string ChannelHandle,
    PublicAuthor Author,
    int StrikeThreshold,
    IReadOnlyList<ThreadEntry> Thread,
    AnsweredPost? Post,
    IReadOnlyList<InboxReply> Replies,
    IReadOnlyList<InboxNote> Notes,
    IReadOnlyList<DepartmentHandOff> HandOffs,
    IReadOnlyList<AuthorMessage> AuthorHistory,
    IReadOnlyList<ModerationRecord> Moderation,
    SafeguardingReferral? Referral,
    string? AssigneeName,
    ClockView Clock,
    IReadOnlyList<TriageReason> Reasons)
{
    public bool HasPersonalData => Message.Has(TriageLabel.PersonalData) && Message.RedactedAt is null;

    /// <summary>Redaction is allowed once a hand-off that passed the personal data on is confirmed (004 §6.5.2).</summary>
    public bool CanRedact => Message.RedactedAt is null && HandOffs.Any(h => h.IncludesPersonalData && h.ConfirmedAt is not null);
}

/// <summary>
/// The team's work on a message (issue 5, 004 §6.3–6.4): the list across channels with filters and
/// keyset paging, the conversation, assignment, internal notes and statuses. Every change is
/// audited (2000s) and checked against the message's version, so that two people working on the
/// same message at once do not overwrite each other.
/// </summary>
public sealed class InboxService(AppDbContext db, AuditTrail audit, TimeProvider time, PolicyEngineCache engines)
{
    public const int NoteMaxLength = 5000;
    public const int MaxPageSize = 100;
    public const string ConcurrencyMessage = "Someone else changed this message while you were looking at it. Nothing was changed: check the message as it is now and try again.";

    /// <summary>Communications officers and managers work the inbox.</summary>
    public const OrganisationRoles InboxRoles = OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager;

    /// <summary>The statuses of a message that still needs the team.</summary>
    public static IReadOnlyList<InboxStatus> OpenStatuses { get; } = [InboxStatus.New, InboxStatus.Assigned, InboxStatus.AwaitingDepartment, InboxStatus.Replied];

    /// <summary>The organisation's working-hours calendar, from its policy settings.</summary>
    public WorkingHoursCalendar CalendarFor(Organisation organisation) => new(engines.For(organisation).Settings.WorkingHours);

    /// <summary>One page of the list, newest (or most urgent) first. There is no total count: it would read every row.</summary>
    public async Task<InboxListPage> ListAsync(Organisation organisation, InboxQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        ArgumentNullException.ThrowIfNull(query);
        var now = time.GetUtcNow();
        var calendar = CalendarFor(organisation);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var messages = Filter(db.InboxMessages.AsNoTracking().Where(m => m.OrganisationId == organisation.Id), query, calendar, now);

        var cursor = Cursor.Parse(query.Cursor);
        if (query.Order == InboxOrder.MostUrgent)
        {
            if (cursor is { } c)
            {
                var p = (TriagePriority)c.Priority;
                messages = messages.Where(m => m.Priority > p
                    || (m.Priority == p && (m.ReceivedAt < c.ReceivedAt || (m.ReceivedAt == c.ReceivedAt && m.Id.CompareTo(c.Id) < 0))));
            }

            messages = messages.OrderBy(m => m.Priority).ThenByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id);
        }
        else
        {
            if (cursor is { } c)
            {
                messages = messages.Where(m => m.ReceivedAt < c.ReceivedAt || (m.ReceivedAt == c.ReceivedAt && m.Id.CompareTo(c.Id) < 0));
            }

            messages = messages.OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id);
        }

        // One round trip: the names shown in each row are read by key for the page's rows only (PostgreSQL
        // evaluates these sub-queries after the sort and limit), never whole channels, authors or users.
        var rows = await messages.Take(size + 1)
            .Select(m => new
            {
                m.Id,
                m.ChannelId,
                ChannelName = db.Channels.Where(c => c.Id == m.ChannelId).Select(c => c.Name).FirstOrDefault(),
                m.Network,
                m.Kind,
                Text = m.Text.Length > 300 ? m.Text.Substring(0, 300) : m.Text,
                AuthorHandle = db.PublicAuthors.Where(a => a.Id == m.AuthorId).Select(a => a.Handle).FirstOrDefault(),
                AuthorName = db.PublicAuthors.Where(a => a.Id == m.AuthorId).Select(a => a.DisplayName).FirstOrDefault(),
                m.ReceivedAt,
                m.LabelBits,
                m.Priority,
                m.Status,
                m.AssigneeUserId,
                AssigneeName = db.Users.Where(u => u.Id == m.AssigneeUserId).Select(u => u.DisplayName).FirstOrDefault(),
                m.OutOfHours,
                m.Visibility,
                m.RedactedAt,
                m.ResponseDueAt,
                m.FirstRespondedAt,
            })
            .ToListAsync(ct);

        var page = rows.Take(size).ToList();
        var items = page.Select(r => new InboxListItem(
            r.Id, r.ChannelId, r.ChannelName ?? "", r.Network, r.Kind, r.Text, r.AuthorHandle ?? "", r.AuthorName,
            r.ReceivedAt, InboxLabels.FromBits(r.LabelBits), r.Priority, r.Status, r.AssigneeUserId,
            r.AssigneeUserId is null ? null : r.AssigneeName, r.OutOfHours, r.Visibility, r.RedactedAt is not null,
            FirstResponseClock.View(calendar, now, r.ResponseDueAt, r.FirstRespondedAt, r.Status))).ToList();
        var last = page.LastOrDefault();
        var next = rows.Count > size && last is not null ? new Cursor((int)last.Priority, last.ReceivedAt, last.Id).ToString() : null;
        return new InboxListPage(items, next);
    }

    /// <summary>How many messages that match the filters arrived after <paramref name="after"/> (at most 100), for live updates.</summary>
    public async Task<int> CountNewerAsync(Organisation organisation, InboxQuery query, DateTimeOffset after, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        ArgumentNullException.ThrowIfNull(query);
        var messages = Filter(db.InboxMessages.AsNoTracking().Where(m => m.OrganisationId == organisation.Id && m.ReceivedAt > after), query, CalendarFor(organisation), time.GetUtcNow());
        return await messages.OrderByDescending(m => m.ReceivedAt).Take(100).CountAsync(ct);
    }

    private static IQueryable<InboxMessage> Filter(IQueryable<InboxMessage> messages, InboxQuery query, WorkingHoursCalendar calendar, DateTimeOffset now)
    {
        if (query.ReceivedAfter is { } after)
        {
            messages = messages.Where(m => m.ReceivedAt > after);
        }

        if (query.ChannelId is { } channelId)
        {
            messages = messages.Where(m => m.ChannelId == channelId);
        }

        if (query.Label is { } label)
        {
            // A constant, not a parameter, so that PostgreSQL can use the label's partial index (InboxConfiguration).
            var bit = InboxLabels.Bit(label);
            messages = messages.Where(m => (m.LabelBits & EF.Constant(bit)) != 0);
        }

        if (query.Priority is { } priority)
        {
            messages = messages.Where(m => m.Priority == priority);
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            var list = statuses.Distinct().ToList();
            messages = list.Count == 1 ? messages.Where(m => m.Status == list[0]) : messages.Where(m => list.Contains(m.Status));
        }

        switch (query.Assignee)
        {
            case null or "":
                break;
            case "unassigned":
                messages = messages.Where(m => m.AssigneeUserId == null);
                break;
            case "me":
                var me = query.Me;
                messages = messages.Where(m => m.AssigneeUserId == me);
                break;
            default:
                var id = Guid.TryParse(query.Assignee, out var parsed) ? parsed : Guid.Empty;
                messages = messages.Where(m => m.AssigneeUserId == id);
                break;
        }

        switch (query.Clock)
        {
            case ClockFilter.Waiting:
                messages = messages.Where(m => m.ResponseDueAt != null && m.FirstRespondedAt == null && m.Status != InboxStatus.Closed && m.ResponseDueAt >= now);
                break;
            case ClockFilter.DueSoon:
                var threshold = FirstResponseClock.DueSoonThreshold(calendar, now);
                messages = messages.Where(m => m.ResponseDueAt != null && m.FirstRespondedAt == null && m.Status != InboxStatus.Closed && m.ResponseDueAt >= now && m.ResponseDueAt <= threshold);
                break;
            case ClockFilter.Breached:
                messages = messages.Where(m => m.ResponseDueAt != null
                    && ((m.FirstRespondedAt == null && m.Status != InboxStatus.Closed && m.ResponseDueAt < now) || m.FirstRespondedAt > m.ResponseDueAt));
                break;
            case ClockFilter.Responded:
                messages = messages.Where(m => m.ResponseDueAt != null && m.FirstRespondedAt != null);
                break;
            case ClockFilter.NotCounted:
                messages = messages.Where(m => m.ResponseDueAt == null || (m.FirstRespondedAt == null && m.Status == InboxStatus.Closed));
                break;
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // ToLower().Contains is what both SQLite and PostgreSQL translate to a case-insensitive search.
            var term = query.Search.Trim().ToLowerInvariant();
#pragma warning disable CA1862
            messages = messages.Where(m => m.Text.ToLower().Contains(term));
#pragma warning restore CA1862
        }

        return messages;
    }

    /// <summary>The message with its thread, the post it answers, our replies, notes, hand-offs, the author's history and strikes, moderation and safeguarding.</summary>
    public async Task<InboxConversation?> ConversationAsync(Organisation organisation, Guid messageId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        var message = await db.InboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId && m.OrganisationId == organisation.Id, ct);
        if (message is null)
        {
            return null;
        }

        var channel = await db.Channels.AsNoTracking().Where(c => c.Id == message.ChannelId).Select(c => new { c.Name, c.Handle }).FirstAsync(ct);
        var author = await db.PublicAuthors.AsNoTracking().FirstAsync(a => a.Id == message.AuthorId, ct);
        var settings = await InboxSettingsService.GetAsync(db, organisation.Id, ct);

        // The thread: the same root post (comments, replies) or the same conversation (direct messages) on this channel.
        var threadQuery = db.InboxMessages.AsNoTracking().Where(m => m.ChannelId == message.ChannelId);
        if (message.RootPlatformId is { } root)
        {
            threadQuery = threadQuery.Where(m => m.RootPlatformId == root || m.PlatformId == root);
        }
        else if (message.ConversationId is { } conversation)
        {
            threadQuery = threadQuery.Where(m => m.ConversationId == conversation);
        }
        else
        {
            threadQuery = threadQuery.Where(m => m.Id == message.Id);
        }

        var threadMessages = await threadQuery.OrderBy(m => m.SentAt).ThenBy(m => m.Id).Take(200)
            .Select(m => new { m.Id, m.Text, m.SentAt, m.AuthorId }).ToListAsync(ct);
        var threadIds = threadMessages.Select(m => m.Id).ToList();
        if (!threadIds.Contains(message.Id))
        {
            threadIds.Add(message.Id);
        }

        var threadAuthorIds = threadMessages.Select(m => m.AuthorId).Distinct().ToList();
        var threadAuthors = await db.PublicAuthors.AsNoTracking().Where(a => threadAuthorIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Handle, ct);
        var threadReplies = await db.InboxReplies.AsNoTracking().Where(r => threadIds.Contains(r.MessageId)).ToListAsync(ct);
        var thread = threadMessages.Select(m => new ThreadEntry(m.Id, false, m.Id == message.Id, threadAuthors.GetValueOrDefault(m.AuthorId) ?? "", m.Text, m.SentAt, null))
            .Concat(threadReplies.Select(r => new ThreadEntry(r.Id, true, false, r.AuthorName, r.Text, r.SentAt ?? r.CreatedAt, r.State)))
            .OrderBy(e => e.At).ToList();

        AnsweredPost? post = null;
        if (message.PublicationId is { } publicationId)
        {
            post = await db.Publications.AsNoTracking().Where(p => p.Id == publicationId)
                .Join(db.Posts.AsNoTracking(), p => p.PostId, p => p.Id, (pub, p) => new AnsweredPost(p.Id, p.Title, pub.Text ?? p.Text))
                .FirstOrDefaultAsync(ct);
        }

        var replies = threadReplies.Where(r => r.MessageId == message.Id).OrderBy(r => r.CreatedAt).ToList();
        var notes = await db.InboxNotes.AsNoTracking().Where(n => n.MessageId == message.Id).OrderBy(n => n.CreatedAt).ToListAsync(ct);
        var handOffs = await db.DepartmentHandOffs.AsNoTracking().Where(h => h.MessageId == message.Id).OrderBy(h => h.SentAt).ToListAsync(ct);
        var history = await db.InboxMessages.AsNoTracking().Where(m => m.AuthorId == message.AuthorId && m.Id != message.Id)
            .OrderByDescending(m => m.ReceivedAt).Take(20)
            .Select(m => new { m.Id, Text = m.Text.Length > 300 ? m.Text.Substring(0, 300) : m.Text, m.ReceivedAt, m.Status, m.LabelBits, m.Visibility })
            .ToListAsync(ct);
        var moderation = await db.ModerationRecords.AsNoTracking().Where(r => r.MessageId == message.Id).OrderBy(r => r.CreatedAt).ToListAsync(ct);
        var referral = await db.SafeguardingReferrals.AsNoTracking().Where(r => r.MessageId == message.Id).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct);
        var assigneeName = message.AssigneeUserId is { } assignee
            ? await db.Users.AsNoTracking().Where(u => u.Id == assignee).Select(u => u.DisplayName).FirstOrDefaultAsync(ct)
            : null;
        var calendar = CalendarFor(organisation);

        return new InboxConversation(message, channel.Name, channel.Handle, author, settings.StrikeThreshold, thread, post, replies, notes, handOffs,
            [.. history.Select(h => new AuthorMessage(h.Id, h.Text, h.ReceivedAt, h.Status, InboxLabels.FromBits(h.LabelBits), h.Visibility))],
            moderation, referral, assigneeName, FirstResponseClock.View(calendar, time.GetUtcNow(), message.ResponseDueAt, message.FirstRespondedAt, message.Status),
            ReadReasons(message.TriageReasonsJson));
    }

    /// <summary>
    /// The list's filter choices: the organisation's channels and the people a message can be assigned to,
    /// each by name, in one read (the list page asks for them on every request).
    /// </summary>
    public async Task<InboxFilterOptions> FilterOptionsAsync(Guid organisationId, CancellationToken ct = default)
    {
        var channels = db.Channels.AsNoTracking().Where(c => c.OrganisationId == organisationId)
            .Select(c => new { IsChannel = true, c.Id, Name = c.Name });
        var people = InboxTeam(organisationId).Select(a => new { IsChannel = false, Id = a.UserId, a.Name });
        var rows = await channels.Concat(people).ToListAsync(ct);
        return new InboxFilterOptions(
            [.. rows.Where(r => r.IsChannel).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Select(r => new InboxChannelOption(r.Id, r.Name))],
            [.. rows.Where(r => !r.IsChannel).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Select(r => new InboxAssignee(r.Id, r.Name))]);
    }

    /// <summary>The people a message can be assigned to: communications officers and managers of the organisation.</summary>
    public async Task<IReadOnlyList<InboxAssignee>> AssigneesAsync(Guid organisationId, CancellationToken ct = default) =>
        await InboxTeam(organisationId).OrderBy(a => a.Name).Select(a => new InboxAssignee(a.UserId, a.Name)).ToListAsync(ct);

    /// <summary>The communications officers and managers of the organisation, as a query (a member-init shape, so it can be ordered and combined).</summary>
    private IQueryable<TeamMember> InboxTeam(Guid organisationId) =>
        db.Memberships.AsNoTracking().Where(m => m.OrganisationId == organisationId && (m.Roles & InboxRoles) != 0)
            .Join(db.Users.AsNoTracking(), m => m.UserId, u => u.Id, (m, u) => new TeamMember { UserId = u.Id, Name = u.DisplayName });

    private sealed class TeamMember
    {
        public Guid UserId { get; init; }
        public string Name { get; init; } = "";
    }

    /// <summary>Assigns the message to a member of the communications team, or unassigns it with null (audited InboxMessageAssigned).</summary>
    public async Task AssignAsync(Guid organisationId, Guid messageId, Guid? assigneeUserId, int expectedVersion, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var message = await FindAsync(organisationId, messageId, expectedVersion, ct);
        string? name = null;
        if (assigneeUserId is { } userId)
        {
            name = (await AssigneesAsync(organisationId, ct)).FirstOrDefault(a => a.UserId == userId)?.Name
                ?? throw new InvalidRequestException("AssigneeUserId", "Select someone in the communications team");
        }

        var before = message.AssigneeUserId;
        var beforeStatus = message.Status;
        message.AssigneeUserId = assigneeUserId;
        if (assigneeUserId is not null && message.Status == InboxStatus.New)
        {
            message.Status = InboxStatus.Assigned;
        }
        else if (assigneeUserId is null && message.Status == InboxStatus.Assigned)
        {
            message.Status = InboxStatus.New;
        }

        Touch(message);
        await SaveAsync(new AuditRecord(AuditEventCode.InboxMessageAssigned, actor, organisationId,
            name is null ? "Unassigned a message" : $"Assigned a message to {name}", "InboxMessage", messageId.ToString(),
            AuditRecord.Diff(("assigneeUserId", before, assigneeUserId), ("status", beforeStatus.ToString(), message.Status.ToString()))), ct);
    }

    /// <summary>Adds an internal note (audited InboxNoteAdded without its words, which may repeat personal data).</summary>
    public async Task<InboxNote> AddNoteAsync(Guid organisationId, Guid messageId, string? text, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var note = Clean(text);
        var errors = new ValidationErrors();
        errors.Required("Note", note, "Enter the note");
        errors.MaxLength("Note", note, NoteMaxLength, "Note");
        errors.ThrowIfAny();
        if (!await db.InboxMessages.AnyAsync(m => m.Id == messageId && m.OrganisationId == organisationId, ct))
        {
            throw new NotFoundException("Message", messageId);
        }

        var row = new InboxNote
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            MessageId = messageId,
            UserId = actor.UserId,
            AuthorName = actor.Name,
            Text = note!,
            CreatedAt = time.GetUtcNow(),
        };
        db.InboxNotes.Add(row);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.InboxNoteAdded, actor, organisationId, "Added an internal note to a message", "InboxMessage", messageId.ToString(),
            new { noteId = row.Id, length = row.Text.Length }), ct);
        return row;
    }

    /// <summary>Moves a message to a status (audited InboxStatusChanged); reopening is moving a closed message back.</summary>
    public async Task SetStatusAsync(Guid organisationId, Guid messageId, InboxStatus status, int expectedVersion, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Enum.IsDefined(status))
        {
            throw new InvalidRequestException("Status", "Select a status");
        }

        var message = await FindAsync(organisationId, messageId, expectedVersion, ct);
        if (message.Status == status)
        {
            return;
        }

        if (status == InboxStatus.Assigned && message.AssigneeUserId is null)
        {
            throw new InvalidRequestException("Status", "Assign the message to someone first");
        }

        var before = message.Status;
        message.Status = status;
        Touch(message);
        var verb = before == InboxStatus.Closed ? "Reopened a message" : status == InboxStatus.Closed ? "Closed a message" : $"Marked a message as {StatusText(status).ToLowerInvariant()}";
        await SaveAsync(new AuditRecord(AuditEventCode.InboxStatusChanged, actor, organisationId, verb, "InboxMessage", messageId.ToString(),
            AuditRecord.Diff(("status", before.ToString(), status.ToString()))), ct);
    }

    /// <summary>Closes a message; the same as <see cref="SetStatusAsync"/> with <see cref="InboxStatus.Closed"/>.</summary>
    public Task CloseAsync(Guid organisationId, Guid messageId, int expectedVersion, Actor actor, CancellationToken ct = default) =>
        SetStatusAsync(organisationId, messageId, InboxStatus.Closed, expectedVersion, actor, ct);

    /// <summary>Opens a closed message again: assigned if it has someone, new otherwise.</summary>
    public async Task ReopenAsync(Guid organisationId, Guid messageId, int expectedVersion, Actor actor, CancellationToken ct = default)
    {
        var assigned = await db.InboxMessages.AsNoTracking().Where(m => m.Id == messageId && m.OrganisationId == organisationId).Select(m => (Guid?)m.AssigneeUserId).FirstOrDefaultAsync(ct);
        await SetStatusAsync(organisationId, messageId, assigned is null ? InboxStatus.New : InboxStatus.Assigned, expectedVersion, actor, ct);
    }

    public static string StatusText(InboxStatus status) => status switch
    {
        InboxStatus.New => "New",
        InboxStatus.Assigned => "Assigned",
        InboxStatus.AwaitingDepartment => "Awaiting department",
        InboxStatus.Replied => "Replied",
        InboxStatus.Closed => "Closed",
        _ => status.ToString(),
    };

    /// <summary>"new", "assigned", "awaiting-department", "replied", "closed": in addresses and the API.</summary>
    public static string StatusCode(InboxStatus status) => status switch
    {
        InboxStatus.AwaitingDepartment => "awaiting-department",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static InboxStatus? ParseStatus(string? code)
    {
        foreach (var status in Enum.GetValues<InboxStatus>())
        {
            if (string.Equals(StatusCode(status), code, StringComparison.OrdinalIgnoreCase) || string.Equals(status.ToString(), code, StringComparison.OrdinalIgnoreCase))
            {
                return status;
            }
        }

        return null;
    }

    internal static IReadOnlyList<TriageReason> ReadReasons(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<TriageReason>>(json, JsonOptions) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private async Task<InboxMessage> FindAsync(Guid organisationId, Guid messageId, int expectedVersion, CancellationToken ct)
    {
        var message = await db.InboxMessages.FirstOrDefaultAsync(m => m.Id == messageId && m.OrganisationId == organisationId, ct)
            ?? throw new NotFoundException("Message", messageId);
        if (message.Version != expectedVersion)
        {
            throw new InvalidRequestException("", ConcurrencyMessage);
        }

        return message;
    }

    private void Touch(InboxMessage message)
    {
        message.Version++;
        message.UpdatedAt = time.GetUtcNow();
    }

    private async Task SaveAsync(AuditRecord record, CancellationToken ct)
    {
        try
        {
            await audit.SaveChangesAsync(record, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new InvalidRequestException("", ConcurrencyMessage);
        }
    }

    private static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    /// <summary>The keyset position after the last row shown: priority, received time and id.</summary>
    private readonly record struct Cursor(int Priority, DateTimeOffset ReceivedAt, Guid Id)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Priority}.{ReceivedAt.UtcTicks}.{Id:N}");

        public static Cursor? Parse(string? value)
        {
            var parts = (value ?? "").Split('.');
            return parts.Length == 3
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var priority) && priority is >= 0 and <= 3
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && Guid.TryParseExact(parts[2], "N", out var id)
                ? new Cursor(priority, new DateTimeOffset(ticks, TimeSpan.Zero), id)
                : null;
        }
    }
}
