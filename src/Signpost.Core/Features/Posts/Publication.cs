using Signpost.Core.Data;

namespace Signpost.Core.Features.Posts;

/// <summary>
/// Where one post stands on one channel. Stored by name: never rename a member; the API uses the
/// lowercase names.
/// </summary>
public enum PublicationState
{
    /// <summary>Not yet published: waiting for approval, its time, or a retry.</summary>
    Pending,

    /// <summary>A worker holds it and is talking to the platform.</summary>
    Publishing,

    Published,

    /// <summary>It will not go out without a person (rejected, auth lost, retries used up).</summary>
    Failed,

    /// <summary>
    /// An attempt whose outcome is not known (timed out, or the worker died) on a platform with no
    /// idempotency: it is never blindly retried; it is checked against the platform and shown to a person.
    /// </summary>
    Unknown,

    /// <summary>The post was cancelled, or the channel taken off it, before it went out.</summary>
    Cancelled,
}

/// <summary>
/// A post on one channel: its text for that channel, and its publishing state. The publisher
/// claims a row with a lease before it calls the platform, so that one post is published once per
/// channel whatever crashes (see docs/adr/0010).
/// </summary>
public sealed class Publication : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid PostId { get; set; }
    public Guid ChannelId { get; set; }

    /// <summary>This channel's own text; null means the post's text.</summary>
    public string? Text { get; set; }

    public PublicationState State { get; set; } = PublicationState.Pending;

    /// <summary>When it was due (the post's time, or when it was approved for "publish now"); null while not scheduled.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>When a worker may next take it: the due time, or the time of the next retry.</summary>
    public DateTimeOffset? AvailableAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>The node that holds it while <see cref="PublicationState.Publishing"/>.</summary>
    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>When the current or last attempt began.</summary>
    public DateTimeOffset? AttemptStartedAt { get; set; }

    public string? PlatformPostId { get; set; }
    public string? PlatformUrl { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>The last failure, in words for people (never a secret).</summary>
    public string? LastError { get; set; }

    /// <summary>The class of the last failure (retryable, rate-limited, auth lost, rejected, outcome unknown).</summary>
    public string? LastErrorKind { get; set; }

    /// <summary>When Signpost last looked on the platform for the post of an attempt whose outcome is unknown.</summary>
    public DateTimeOffset? CheckedAt { get; set; }

    /// <summary>Concurrency token: every state change bumps it.</summary>
    public int Revision { get; set; }

    /// <summary>The key sent to platforms that de-duplicate (Bluesky record key, Mastodon Idempotency-Key): the same for every attempt.</summary>
    public string IdempotencyKey => Id.ToString("N");
}
