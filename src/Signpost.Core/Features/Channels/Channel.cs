using Signpost.Core.Data;
using Signpost.Platforms;
using Signpost.Policy;

namespace Signpost.Core.Features.Channels;

/// <summary>Whether Signpost may publish to a channel.</summary>
public enum ChannelStatus
{
    /// <summary>Publishing and monitoring as normal.</summary>
    Active,

    /// <summary>A person paused it: nothing is published until it is resumed; scheduled posts wait.</summary>
    Paused,

    /// <summary>The credential is gone or no longer works: a person must reconnect it.</summary>
    Disconnected,
}

/// <summary>
/// An account of a platform connected to an organisation (capability 1: the channel register).
/// The credential is held only encrypted and every read is audited (004 §6.10.1).
/// </summary>
public sealed class Channel : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Network Network { get; set; }

    /// <summary>What the team calls the channel, for example "Riverside ICB on Bluesky".</summary>
    public string Name { get; set; } = "";

    /// <summary>The handle people see, without @.</summary>
    public string Handle { get; set; } = "";

    /// <summary>The platform's stable id for the account (DID, page id, user id, organisation URN).</summary>
    public string AccountId { get; set; } = "";

    /// <summary>The server for federated networks (Bluesky PDS, Mastodon instance).</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Corporate or departmental (004 §6.7.9, §6.8): the handle rules depend on it.</summary>
    public AccountKind AccountKind { get; set; } = AccountKind.Corporate;

    /// <summary>The team that owns the channel and answers for it.</summary>
    public Guid? OwningTeamId { get; set; }

    /// <summary>What the channel is for (004 §6.8: a business case and objectives).</summary>
    public string? Purpose { get; set; }

    /// <summary>Measurable objectives, reviewed on <see cref="ReviewOn"/>.</summary>
    public string? Objectives { get; set; }

    /// <summary>When the channel is watched, in words people read (for example "Monday to Friday, 9am to 5pm").</summary>
    public string? MonitoringHours { get; set; }

    public DateOnly? ReviewOn { get; set; }

    public ChannelStatus Status { get; set; } = ChannelStatus.Active;

    /// <summary>Why the channel is paused or disconnected, shown to people.</summary>
    public string? StatusReason { get; set; }

    /// <summary>How many different approvers a post to this channel needs (000 §1.3, 004 §5.5). At least one.</summary>
    public int ApprovalsRequired { get; set; } = 1;

    /// <summary>The <see cref="PlatformCredential"/> as JSON, encrypted with Data Protection. Never logged or shown.</summary>
    public string? CredentialCiphertext { get; set; }

    /// <summary>When the credential stops working and a person must reconnect; null when it does not expire.</summary>
    public DateTimeOffset? CredentialExpiresAt { get; set; }

    public DateTimeOffset? CredentialUpdatedAt { get; set; }

    /// <summary>When the week-ahead expiry warning went out, so it goes out once per credential.</summary>
    public DateTimeOffset? ExpiryWarningSentAt { get; set; }

    public Guid? ConnectedByUserId { get; set; }

    /// <summary>Where the inbox poller got to on this channel (the connector's cursor), for networks that are polled.</summary>
    public string? InboxCursor { get; set; }

    /// <summary>When the inbox poller last asked the platform; with <see cref="InboxError"/>, shown on the channel page.</summary>
    public DateTimeOffset? InboxPolledAt { get; set; }

    /// <summary>The last polling failure, cleared by the next success; shown to the team, never swallowed.</summary>
    public string? InboxError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public PlatformAccount ToAccount() => new(AccountId, Handle, ServiceUrl is { Length: > 0 } url ? new Uri(url) : null);
}
