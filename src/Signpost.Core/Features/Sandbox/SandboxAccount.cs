namespace Signpost.Core.Features.Sandbox;

/// <summary>What a Sandbox account has been told to do with its next calls (fault injection for demos and tests).</summary>
public enum SandboxFault
{
    None,

    /// <summary>Answer 500: retryable.</summary>
    ServerError,

    /// <summary>Answer 429 with a retry-after.</summary>
    RateLimit,

    /// <summary>Take the post and never answer in time: outcome unknown.</summary>
    Timeout,

    /// <summary>Refuse the post as invalid.</summary>
    Reject,
}

/// <summary>
/// An account on the Sandbox network, the network built into Signpost. Sandbox rows are the
/// simulated platform's own data, not Signpost's record, so they are not audited (what Signpost
/// does with them is).
/// </summary>
public sealed class SandboxAccount
{
    public Guid Id { get; set; }

    /// <summary>The handle, unique on the network.</summary>
    public string Handle { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>SHA-256 of the account's API token, hex.</summary>
    public string TokenHash { get; set; } = "";

    /// <summary>The token was revoked on the network: calls with it get "auth lost".</summary>
    public bool TokenRevoked { get; set; }

    public SandboxFault Fault { get; set; }

    /// <summary>How many more calls get the fault; 0 with a fault set means every call.</summary>
    public int FaultRemaining { get; set; }

    public int RetryAfterSeconds { get; set; } = 30;

    /// <summary>The organisation that created the account (for listing); the network itself is shared.</summary>
    public Guid? CreatedByOrganisationId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A post on the Sandbox network.</summary>
public sealed class SandboxPost
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }

    /// <summary>The client's idempotency key: a repeat returns this post and creates nothing.</summary>
    public string? IdempotencyKey { get; set; }

    public string Text { get; set; } = "";
    public Guid? ReplyToId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>How many repeated publishes with the same key the network absorbed.</summary>
    public int RepeatCount { get; set; }

    /// <summary>A direct message: the account it was sent to (not shown on the public timeline).</summary>
    public Guid? RecipientAccountId { get; set; }

    /// <summary>Hidden by the owner of the thread it replies in (like a hidden comment); still there, not shown.</summary>
    public DateTimeOffset? HiddenAt { get; set; }

    /// <summary>The order in which posts arrived on the network: the inbox poller's cursor.</summary>
    public long Sequence { get; set; }

    public List<SandboxMedia> Media { get; set; } = [];
}

public sealed class SandboxMedia
{
    public Guid Id { get; set; }
    public Guid PostId { get; set; }
    public int Position { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public byte[] Bytes { get; set; } = [];
    public string? AltText { get; set; }
    public string? Captions { get; set; }
}

/// <summary>One Sandbox account blocking another: the blocked account can no longer reply to or message it.</summary>
public sealed class SandboxBlock
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public Guid BlockedAccountId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A report to the Sandbox network's moderators about a post or an account.</summary>
public sealed class SandboxReport
{
    public Guid Id { get; set; }
    public Guid ReporterAccountId { get; set; }
    public Guid SubjectAccountId { get; set; }
    public Guid? PostId { get; set; }
    public string Reason { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
