using Signpost.Core.Features.Channels;
using Signpost.Policy;

namespace Signpost.Core.Features.Posts;

/// <summary>
/// A post as the composer (or the API, or a content request) gives it.
/// </summary>
/// <param name="Title">A name for the team's lists and the calendar; when empty, the first words of the text.</param>
/// <param name="Text">The text every channel uses unless it has its own.</param>
/// <param name="ChannelIds">The channels it goes to; a draft may have none yet.</param>
/// <param name="Variants">A channel's own text (null or empty: the post's text).</param>
/// <param name="MediaIds">Media library items, in the order they are shown.</param>
/// <param name="ScheduledFor">When it goes out, UTC; null: as soon as it is approved.</param>
/// <param name="CampaignId">The campaign it belongs to, if any.</param>
/// <param name="ContentRequestId">The content request it answers (004 §6.1.3), if any.</param>
public sealed record SavePostOptions(
    string? Title,
    string? Text,
    IReadOnlyList<Guid>? ChannelIds,
    IReadOnlyDictionary<Guid, string?>? Variants = null,
    IReadOnlyList<Guid>? MediaIds = null,
    DateTimeOffset? ScheduledFor = null,
    Guid? CampaignId = null,
    Guid? ContentRequestId = null);

/// <summary>An approver's decision to let an error finding go out, with the reason (capability 6).</summary>
/// <param name="Code">The finding's rule code.</param>
/// <param name="ChannelId">The channel whose text has it; null: every channel that has it.</param>
/// <param name="Reason">Why it may go out anyway.</param>
public sealed record OverrideFindingOptions(string? Code, Guid? ChannelId, string? Reason);

/// <summary>An approval, with what the approver decided at the same time.</summary>
/// <param name="ExpectedVersion">The version the approver read; a newer one is refused, so nobody approves words they have not seen.</param>
/// <param name="Overrides">Error findings to override in the same step.</param>
/// <param name="PublishNow">For the last approval: publish as soon as approved, whatever time was set.</param>
/// <param name="PublishAt">For the last approval: a new time (UTC), when the one set has passed.</param>
public sealed record ApprovePostOptions(
    int? ExpectedVersion = null,
    IReadOnlyList<OverrideFindingOptions>? Overrides = null,
    bool PublishNow = false,
    DateTimeOffset? PublishAt = null);

/// <summary>
/// The policy findings for a post's text on one channel (lengths, media and handle rules differ by
/// network). <see cref="Channel"/> is null for a draft with no channel chosen yet: the text is
/// checked with no platform rules.
/// </summary>
public sealed record ChannelFindings(Channel? Channel, string Text, IReadOnlyList<Finding> Findings)
{
    /// <summary>Whether the channel has its own text rather than the post's.</summary>
    public bool HasOwnText { get; init; }
}

/// <summary>An error finding that stops the post being approved until an approver overrides it.</summary>
public sealed record BlockingFinding(Channel? Channel, Finding Finding, string? Excerpt);

/// <summary>How many approvals a post has for its current version, and how many it needs.</summary>
public sealed record ApprovalProgress(int Given, int Needed)
{
    public bool Complete => Given >= Needed;
}

/// <summary>
/// Someone else changed the post since it was read: nothing was saved. The person's own input is
/// still theirs to keep (the pages show it again); the API answers 409.
/// </summary>
public sealed class PostConflictException : Exception
{
    public PostConflictException()
        : this("Someone else changed this post while you were working on it. Nothing was saved.")
    {
    }

    public PostConflictException(string message)
        : base(message)
    {
    }

    public PostConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The post's version now, when known, so that the person can decide what to keep.</summary>
    public int? CurrentVersion { get; init; }
}
