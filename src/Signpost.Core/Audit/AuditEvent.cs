namespace Signpost.Core.Audit;

/// <summary>
/// One recorded change. Events form a hash chain per organisation (and one for deployment-wide
/// events): each event's hash covers its fields and the previous event's hash, so an edited or
/// deleted row breaks the chain (`signpost audit verify`).
/// </summary>
public sealed class AuditEvent
{
    public long Id { get; set; }

    /// <summary>The organisation the event belongs to; null for deployment-wide events.</summary>
    public Guid? OrganisationId { get; set; }

    /// <summary>The chain: the organisation's id, or <see cref="Guid.Empty"/> for deployment-wide events.</summary>
    public Guid ChainId { get; set; }

    /// <summary>Position in the chain, from 1, without gaps.</summary>
    public long Sequence { get; set; }

    public AuditEventCode Code { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public Guid? ActorUserId { get; set; }
    public string ActorName { get; set; } = "";
    public string? SubjectType { get; set; }
    public string? SubjectId { get; set; }

    /// <summary>A sentence a person can read: "Added Sam Patel as Auditor".</summary>
    public string Summary { get; set; } = "";

    /// <summary>What changed, as JSON ({"field": {"from": …, "to": …}} or a snapshot).</summary>
    public string? Changes { get; set; }

    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}

/// <summary>The last link of a chain, kept so that deleting the newest events is detected too.</summary>
public sealed class AuditChainHead
{
    public Guid ChainId { get; set; }
    public long LastSequence { get; set; }
    public string LastHash { get; set; } = "";
}
