using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Notifications;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Platforms.Inbox;

namespace Signpost.Core.Features.Inbox;

/// <summary>What the person referring says (000 §6.1): the concern, who is at risk, and whether anyone is in immediate danger.</summary>
public sealed record ReferSafeguardingOptions(string? Concern, string? WhoIsAtRisk, bool? ImmediateDanger);

/// <summary>What a safeguarding lead changes on a referral: its status, the lead it is assigned to, the outcome notes.</summary>
public sealed record UpdateSafeguardingOptions(SafeguardingStatus? Status, Guid? LeadUserId, string? Outcome);

/// <summary>One message as the evidence snapshot keeps it.</summary>
public sealed record EvidenceMessage(Guid Id, string PlatformId, string Kind, string Text, string AuthorHandle, string? AuthorName, DateTimeOffset SentAt, DateTimeOffset ReceivedAt, string? Url, bool Redacted);

/// <summary>
/// The evidence captured when a concern is referred: the message, its author, its thread and the
/// channel, as Signpost held them then. Kept with the referral whatever later happens to the message
/// (deleted on the platform, hidden, redacted).
/// </summary>
public sealed record SafeguardingEvidence(
    DateTimeOffset CapturedAt,
    string Network,
    string ChannelName,
    string AuthorPlatformId,
    string AuthorHandle,
    string? AuthorName,
    EvidenceMessage Message,
    IReadOnlyList<EvidenceMessage> Thread,
    IReadOnlyList<string> Labels)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SafeguardingEvidence? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || json == "{}")
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<SafeguardingEvidence>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// Safeguarding referrals (000 §6.1: any content that raises a safeguarding concern is reported to
/// the safeguarding lead as soon as it is identified; where someone is in immediate danger, dial 999;
/// breaches of a platform's terms are reported to the platform). Any member who can see the inbox
/// refers; the safeguarding leads are told in the app and by email, work the referral through its
/// statuses and report it to the platform.
/// </summary>
public sealed class SafeguardingService(AppDbContext db, AuditTrail audit, TimeProvider time, NotificationService notifications, ModerationService moderation)
{
    public const int ConcernMaxLength = 5000;
    public const int WhoMaxLength = 2000;
    public const int OutcomeMaxLength = 5000;
    public const int ThreadMax = 50;

    public const OrganisationRoles Leads = OrganisationRoles.SafeguardingLead;
    public const string ReferredKind = "safeguarding-referral";

    /// <summary>
    /// Refers a message (audited SafeguardingReferred) with an evidence snapshot, and tells every
    /// safeguarding lead in the app and by email; immediate danger says to call 999 first.
    /// </summary>
    public async Task<SafeguardingReferral> ReferAsync(Guid organisationId, Guid messageId, ReferSafeguardingOptions options, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(actor);
        var message = await db.InboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId && m.OrganisationId == organisationId, ct)
            ?? throw new NotFoundException("Message", messageId);
        var errors = new ValidationErrors();
        errors.Required("Concern", options.Concern, "Enter what the concern is");
        errors.MaxLength("Concern", options.Concern, ConcernMaxLength, "The concern");
        errors.Required("WhoIsAtRisk", options.WhoIsAtRisk, "Enter who is at risk");
        errors.MaxLength("WhoIsAtRisk", options.WhoIsAtRisk, WhoMaxLength, "Who is at risk");
        if (options.ImmediateDanger is null)
        {
            errors.Add("ImmediateDanger", "Select yes if anyone is in immediate danger");
        }

        errors.ThrowIfAny();
        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => new { o.Slug }).FirstAsync(ct);
        var now = time.GetUtcNow();
        var evidence = await SnapshotAsync(message, now, ct);
        var referral = new SafeguardingReferral
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            MessageId = message.Id,
            Concern = options.Concern!.Trim(),
            WhoIsAtRisk = options.WhoIsAtRisk!.Trim(),
            ImmediateDanger = options.ImmediateDanger!.Value,
            Status = SafeguardingStatus.New,
            EvidenceJson = evidence.ToJson(),
            ReferredByUserId = actor.UserId,
            ReferredByName = actor.Name,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.SafeguardingReferrals.Add(referral);

        var leads = await notifications.PeopleWithRolesAsync(organisationId, Leads, ct);
        var danger = referral.ImmediateDanger
            ? "Someone is in immediate danger: if 999 has not been called, call 999 for the police now. "
            : "";
        await notifications.NotifyAsync(organisationId, leads, new NotificationMessage(ReferredKind,
            (referral.ImmediateDanger ? "Immediate danger: " : "") + $"Safeguarding concern referred by {actor.Name}",
            $"{danger}A message on {evidence.ChannelName} has been referred to the safeguarding lead. Who is at risk: {Shorten(referral.WhoIsAtRisk, 200)}. Open the referral for the concern and the evidence.",
            $"/o/{organisation.Slug}/safeguarding/{referral.Id}"), sendEmail: true, ct);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.SafeguardingReferred, actor, organisationId,
            "Referred a message to the safeguarding lead" + (referral.ImmediateDanger ? " (immediate danger)" : ""), "SafeguardingReferral", referral.Id.ToString(),
            new { messageId = message.Id, referral.ImmediateDanger, leadsTold = leads.Distinct().Count() }), ct);
        return referral;
    }

    /// <summary>A safeguarding lead changes the status, the assigned lead or the outcome notes (audited SafeguardingStatusChanged with what changed).</summary>
    public async Task<SafeguardingReferral> UpdateAsync(Guid organisationId, Guid referralId, UpdateSafeguardingOptions options, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(actor);
        var referral = await FindForLeadAsync(organisationId, referralId, actor, ct);
        var errors = new ValidationErrors();
        if (options.Status is not { } status || !Enum.IsDefined(status))
        {
            errors.Add("Status", "Select a status");
            status = referral.Status;
        }

        string? leadName = null;
        if (options.LeadUserId is { } leadId)
        {
            leadName = await db.Memberships.IgnoreQueryFilters()
                .Where(m => m.OrganisationId == organisationId && m.UserId == leadId && (m.Roles & Leads) != 0)
                .Select(m => m.User!.DisplayName).FirstOrDefaultAsync(ct);
            if (leadName is null)
            {
                errors.Add("LeadUserId", "Select a safeguarding lead in this organisation");
            }
        }

        var outcome = string.IsNullOrWhiteSpace(options.Outcome) ? null : options.Outcome.Trim();
        errors.MaxLength("Outcome", outcome, OutcomeMaxLength, "The outcome notes");
        if (status is SafeguardingStatus.ReferredOn or SafeguardingStatus.Closed && outcome is null)
        {
            errors.Add("Outcome", status == SafeguardingStatus.Closed
                ? "Enter the outcome before closing the referral"
                : "Enter who it was referred on to (the police, or the child or adult safeguarding team)");
        }

        errors.ThrowIfAny();
        var changes = AuditRecord.Diff(
            ("status", referral.Status.ToString(), status.ToString()),
            ("leadUserId", referral.LeadUserId, options.LeadUserId),
            ("outcome", referral.Outcome, outcome));
        if (changes.Count == 0)
        {
            return referral;
        }

        referral.Status = status;
        referral.LeadUserId = options.LeadUserId;
        referral.Outcome = outcome;
        referral.UpdatedAt = time.GetUtcNow();
        referral.Version++;
        var summary = $"Safeguarding referral: {StatusText(status)}" + (leadName is null ? "" : $", assigned to {leadName}");
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.SafeguardingStatusChanged, actor, organisationId, summary, "SafeguardingReferral", referral.Id.ToString(), changes), ct);
        return referral;
    }

    /// <summary>
    /// Reports the message to the platform (000 §6.1: breaches of a platform's terms are reported to
    /// it) through moderation with the "safeguarding" house-rules reason. The moderation record says
    /// what the platform did; when it was done the referral records when (audited SafeguardingReportedToPlatform).
    /// </summary>
    public async Task<ModerationRecord> ReportToPlatformAsync(Guid organisationId, Guid referralId, string? note, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var referral = await FindForLeadAsync(organisationId, referralId, actor, ct);
        var record = await moderation.ApplyAsync(referral.MessageId, ModerationAction.Report, "safeguarding", string.IsNullOrWhiteSpace(note) ? null : note.Trim(), actor, ct);
        if (record.Outcome == ModerationOutcome.Done)
        {
            db.ChangeTracker.Clear();
            var stored = await db.SafeguardingReferrals.FirstAsync(r => r.Id == referralId, ct);
            stored.ReportedToPlatformAt = record.CreatedAt;
            stored.UpdatedAt = time.GetUtcNow();
            stored.Version++;
            await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.SafeguardingReportedToPlatform, actor, organisationId,
                "Reported the referred message to the platform", "SafeguardingReferral", referral.Id.ToString(), new { moderationRecordId = record.Id }), ct);
        }

        return record;
    }

    public static string StatusText(SafeguardingStatus status) => status switch
    {
        SafeguardingStatus.New => "New",
        SafeguardingStatus.InProgress => "In progress",
        SafeguardingStatus.ReferredOn => "Referred on",
        SafeguardingStatus.Closed => "Closed",
        _ => status.ToString(),
    };

    private async Task<SafeguardingReferral> FindForLeadAsync(Guid organisationId, Guid referralId, Actor actor, CancellationToken ct)
    {
        var referral = await db.SafeguardingReferrals.FirstOrDefaultAsync(r => r.Id == referralId && r.OrganisationId == organisationId, ct)
            ?? throw new NotFoundException("Safeguarding referral", referralId);
        var isLead = actor.UserId is { } id && await db.Memberships.IgnoreQueryFilters()
            .AnyAsync(m => m.OrganisationId == organisationId && m.UserId == id && (m.Roles & Leads) != 0, ct);
        if (!isLead)
        {
            // Safeguarding matters are for the leads only: to anyone else the referral does not exist.
            throw new NotFoundException("Safeguarding referral", referralId);
        }

        return referral;
    }

    private async Task<SafeguardingEvidence> SnapshotAsync(InboxMessage message, DateTimeOffset now, CancellationToken ct)
    {
        var channel = await db.Channels.AsNoTracking().Where(c => c.Id == message.ChannelId).Select(c => new { c.Name, c.Network }).FirstAsync(ct);
        var authors = db.PublicAuthors.AsNoTracking();
        var author = await authors.FirstAsync(a => a.Id == message.AuthorId, ct);
        var root = message.RootPlatformId;
        var threadQuery = db.InboxMessages.AsNoTracking().Where(m => m.ChannelId == message.ChannelId && m.Id != message.Id);
        threadQuery = root is not null
            ? threadQuery.Where(m => m.RootPlatformId == root || m.PlatformId == root)
            : message.ConversationId is { } conversation
                ? threadQuery.Where(m => m.ConversationId == conversation)
                : threadQuery.Where(m => false);
        var thread = await threadQuery.OrderBy(m => m.SentAt).Take(ThreadMax)
            .Join(authors, m => m.AuthorId, a => a.Id, (m, a) => new { m, a.Handle, a.DisplayName })
            .ToListAsync(ct);
        return new SafeguardingEvidence(now, channel.Network.ToString(), channel.Name, author.PlatformId, author.Handle, author.DisplayName,
            Evidence(message, author.Handle, author.DisplayName),
            [.. thread.OrderBy(t => t.m.SentAt).Select(t => Evidence(t.m, t.Handle, t.DisplayName))],
            [.. message.Labels.Select(l => l.ToString())]);
    }

    private static EvidenceMessage Evidence(InboxMessage m, string handle, string? name) =>
        new(m.Id, m.PlatformId, m.Kind.ToString(), m.Text, handle, name, m.SentAt, m.ReceivedAt, m.Url, m.RedactedAt is not null);

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
