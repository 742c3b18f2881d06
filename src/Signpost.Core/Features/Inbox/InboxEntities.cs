using Signpost.Core.Data;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Policy.Triage;

namespace Signpost.Core.Features.Inbox;

/// <summary>Where a message is in the team's work (issue 5: new, assigned, awaiting department, replied, closed).</summary>
public enum InboxStatus
{
    New,
    Assigned,

    /// <summary>Handed to another department for an answer (004 §6.4.4).</summary>
    AwaitingDepartment,
    Replied,
    Closed,
}

/// <summary>Whether the public can see the message on the platform, as far as Signpost knows.</summary>
public enum InboxVisibility
{
    Visible,
    Hidden,
    Deleted,
}

/// <summary>
/// A comment, direct message, mention or reply from the public, stored once per channel and platform
/// id however often it arrives. Text is kept exactly as sent and always shown encoded.
/// </summary>
public sealed class InboxMessage : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid ChannelId { get; set; }
    public Network Network { get; set; }

    /// <summary>The platform's id; unique with <see cref="ChannelId"/>.</summary>
    public string PlatformId { get; set; } = "";

    public InboundKind Kind { get; set; }
    public string Text { get; set; } = "";
    public Guid AuthorId { get; set; }

    /// <summary>The platform id of the post or comment it answers.</summary>
    public string? InReplyToPlatformId { get; set; }

    /// <summary>The platform id of the thread's first post; messages with the same root form a thread.</summary>
    public string? RootPlatformId { get; set; }

    /// <summary>Direct messages: the conversation or sender to answer.</summary>
    public string? ConversationId { get; set; }

    public string? Url { get; set; }

    /// <summary>Our publication it answers, when the root is one of our published posts.</summary>
    public Guid? PublicationId { get; set; }

    /// <summary>When the platform says it was sent.</summary>
    public DateTimeOffset SentAt { get; set; }

    /// <summary>When Signpost stored it (the first-response clock starts here, 004 §6.4.1).</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Triage labels as bits: bit n is <see cref="TriageLabel"/> with value n.</summary>
    public int LabelBits { get; set; }

    public TriagePriority Priority { get; set; } = TriagePriority.Low;

    /// <summary>Received outside working hours (004 §6.4.3).</summary>
    public bool OutOfHours { get; set; }

    /// <summary>Why each label was given (JSON list of <see cref="TriageReason"/>); emptied by redaction.</summary>
    public string TriageReasonsJson { get; set; } = "[]";

    public InboxStatus Status { get; set; } = InboxStatus.New;
    public Guid? AssigneeUserId { get; set; }

    /// <summary>Two working hours after receipt (004 §6.4.1); null when no response is expected (our own or low-value items may still have one).</summary>
    public DateTimeOffset? ResponseDueAt { get; set; }

    /// <summary>When the organisation first answered (reply sent, or hand-off made): stops the clock.</summary>
    public DateTimeOffset? FirstRespondedAt { get; set; }

    public InboxVisibility Visibility { get; set; } = InboxVisibility.Visible;

    /// <summary>After-arrival work (escalation, blocked words, automatic reply) done. Null: waiting for the inbox processor.</summary>
    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>A processor holds it until then (several nodes).</summary>
    public DateTimeOffset? ProcessingLeaseUntil { get; set; }

    /// <summary>Personal data removed from Signpost's copy (004 §6.5.2): when, by whom, which categories. The data itself is not kept.</summary>
    public DateTimeOffset? RedactedAt { get; set; }
    public Guid? RedactedByUserId { get; set; }
    public string? RedactedCategories { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: two people changing the same message at once.</summary>
    public int Version { get; set; }

    public IReadOnlyList<TriageLabel> Labels => InboxLabels.FromBits(LabelBits);

    public bool Has(TriageLabel label) => (LabelBits & InboxLabels.Bit(label)) != 0;
}

public static class InboxLabels
{
    public static int Bit(TriageLabel label) => 1 << (int)label;

    public static int ToBits(IEnumerable<TriageLabel> labels)
    {
        var bits = 0;
        foreach (var label in labels)
        {
            bits |= Bit(label);
        }

        return bits;
    }

    /// <summary>The labels in RULES.md order of priority (most urgent first).</summary>
    public static IReadOnlyList<TriageLabel> FromBits(int bits)
    {
        if (bits == 0)
        {
            return [];
        }

        var labels = new List<TriageLabel>(4);
        foreach (var label in TriageLabels.All)
        {
            if ((bits & Bit(label)) != 0)
            {
                labels.Add(label);
            }
        }

        labels.Sort((a, b) => a.PriorityOf().CompareTo(b.PriorityOf()));
        return labels;
    }
}

/// <summary>A member of the public as one channel knows them: their messages, strikes and whether they are blocked (000 §3.4).</summary>
public sealed class PublicAuthor : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid ChannelId { get; set; }
    public Network Network { get; set; }
    public string PlatformId { get; set; } = "";
    public string Handle { get; set; } = "";
    public string? DisplayName { get; set; }

    /// <summary>Strikes for breaking the house rules; at the organisation's threshold a block is proposed.</summary>
    public int Strikes { get; set; }
    public bool BlockProposed { get; set; }
    public bool Blocked { get; set; }
    public DateTimeOffset? BlockedAt { get; set; }

    /// <summary>What the platform returned for the block, to undo it (Bluesky block record URI).</summary>
    public string? BlockReference { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An internal note on a message; never sent to the public.</summary>
public sealed class InboxNote : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid MessageId { get; set; }
    public Guid? UserId { get; set; }
    public string AuthorName { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

public enum InboxReplyState
{
    Sending,
    Sent,
    Failed,
}

/// <summary>The organisation's answer to a message, sent through the platform.</summary>
public sealed class InboxReply : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid MessageId { get; set; }

    /// <summary>Null for an automatic reply (out of hours, 004 §6.4.2).</summary>
    public Guid? UserId { get; set; }
    public string AuthorName { get; set; } = "";
    public string Text { get; set; } = "";
    public Guid? SavedReplyId { get; set; }
    public bool Automatic { get; set; }
    public InboxReplyState State { get; set; }
    public string? PlatformId { get; set; }
    public string? Url { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

/// <summary>An organisation's library of replies (signposting to GP, NHS 111, 999 and the patient experience team preloaded, 004 §6.5.1).</summary>
public sealed class SavedReply : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";

    /// <summary>Labels this reply suits, as <see cref="InboxLabels"/> bits: offered first for such messages.</summary>
    public int SuggestedForBits { get; set; }
    public bool Archived { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A message passed to another department for an answer (004 §6.4.4), with the answer tracked back.</summary>
public sealed class DepartmentHandOff : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid MessageId { get; set; }
    public string Department { get; set; } = "";
    public string Email { get; set; } = "";
    public string Question { get; set; } = "";

    /// <summary>SHA-256 of the secret in the department's answer link.</summary>
    public string TokenHash { get; set; } = "";
    public Guid? SentByUserId { get; set; }
    public string SentByName { get; set; } = "";
    public DateTimeOffset SentAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public string? Answer { get; set; }
    public string? AnsweredBy { get; set; }

    /// <summary>Personal data in the message passed on with this hand-off (004 §6.5.2): confirming it lets the message be redacted.</summary>
    public bool IncludesPersonalData { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
}

public enum ModerationOutcome
{
    /// <summary>Done on the platform.</summary>
    Done,

    /// <summary>The platform refused or failed; the error says why.</summary>
    Failed,

    /// <summary>The platform has no way to do it; recorded in Signpost only.</summary>
    NotSupported,
}

/// <summary>One moderation action, with its house-rules reason (000 §3.4, 004 Appendix B).</summary>
public sealed class ModerationRecord : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid? MessageId { get; set; }
    public Guid AuthorId { get; set; }
    public ModerationAction Action { get; set; }

    /// <summary>A <see cref="HouseRuleReasons"/> code.</summary>
    public string ReasonCode { get; set; } = "";

    /// <summary>The person's own words, required where the policy asks for a reason (criticism, 003 §3.2.6).</summary>
    public string? Note { get; set; }
    public Guid? UserId { get; set; }
    public string ActorName { get; set; } = "";

    /// <summary>Done by a blocked-word rule rather than a person.</summary>
    public bool Automatic { get; set; }
    public ModerationOutcome Outcome { get; set; }
    public string? PlatformReference { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A strike against a public author for breaking the house rules.</summary>
public sealed class AuthorStrike : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid AuthorId { get; set; }
    public Guid? MessageId { get; set; }
    public string ReasonCode { get; set; } = "";
    public Guid? UserId { get; set; }
    public string ActorName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

public enum SafeguardingStatus
{
    New,
    InProgress,

    /// <summary>Passed to the police or a child or adult safeguarding agency.</summary>
    ReferredOn,
    Closed,
}

/// <summary>A safeguarding concern raised from a message to the safeguarding lead (000 §6.1).</summary>
public sealed class SafeguardingReferral : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid MessageId { get; set; }
    public string Concern { get; set; } = "";
    public string WhoIsAtRisk { get; set; } = "";
    public bool ImmediateDanger { get; set; }
    public SafeguardingStatus Status { get; set; }

    /// <summary>The message, its author, thread and address as they were when referred (JSON), kept even if the content later disappears.</summary>
    public string EvidenceJson { get; set; } = "{}";
    public Guid? ReferredByUserId { get; set; }
    public string ReferredByName { get; set; } = "";
    public Guid? LeadUserId { get; set; }
    public string? Outcome { get; set; }
    public DateTimeOffset? ReportedToPlatformAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>One shift on the out-of-hours on-call rota (004 §6.4.5). Position 0 is paged first, then 1, and so on.</summary>
public sealed class OnCallShift : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public int Position { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A page to the person on call about an urgent message; it must be acknowledged (004 §6.4.5).</summary>
public sealed class DutyPage : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid MessageId { get; set; }
    public Guid UserId { get; set; }

    /// <summary>0 for the first person paged; 1 for the next on the rota after no acknowledgement, and so on.</summary>
    public int Level { get; set; }
    public DateTimeOffset PagedAt { get; set; }

    /// <summary>Unacknowledged by then, the next person on the rota is paged.</summary>
    public DateTimeOffset AcknowledgeBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public Guid? AcknowledgedByUserId { get; set; }

    /// <summary>The next person was paged because this page was not acknowledged in time.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }
}

/// <summary>A text message waiting to be sent through GOV.UK Notify (delivery is not a change: like <c>OutboxEmail</c>).</summary>
public sealed class OutboxSms
{
    public Guid Id { get; set; }
    public Guid? OrganisationId { get; set; }
    public string PhoneNumber { get; set; } = "";
    public string Body { get; set; } = "";

    /// <summary>Our reference, sent to Notify (a duty page id) so that a repeat can be recognised.</summary>
    public string Reference { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset SendAfter { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? NotifyId { get; set; }
    public DateTimeOffset? FailedAt { get; set; }
    public string? LastError { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
}

/// <summary>An organisation's inbox settings. Working hours come from the policy settings (RULES.md workingHours).</summary>
public sealed class InboxSettings : IOrganisationOwned
{
    public Guid OrganisationId { get; set; }

    /// <summary>The first-response target in working hours (004 §6.4.1: two hours).</summary>
    public int ResponseTargetMinutes { get; set; } = 120;

    /// <summary>Out-of-hours automatic reply to direct messages on platforms that allow it (004 §6.4.2).</summary>
    public bool AutoReplyEnabled { get; set; } = true;
    public string AutoReplyText { get; set; } = "";

    /// <summary>Strikes at which a block is proposed (000 §3.4: users who frequently post abusive material).</summary>
    public int StrikeThreshold { get; set; } = 3;

    /// <summary>Minutes a duty page waits for acknowledgement before the next person on the rota is paged.</summary>
    public int PageAcknowledgeMinutes { get; set; } = 15;

    /// <summary>Words or phrases, one per line, that hide a message automatically where the platform allows.</summary>
    public string BlockedWords { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}
