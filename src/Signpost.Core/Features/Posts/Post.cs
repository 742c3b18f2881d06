using Signpost.Core.Data;

namespace Signpost.Core.Features.Posts;

/// <summary>
/// Where a post is in its life (capability 6; 000 §1.3, 004 §5.5). Stored by name: never rename a
/// member; these names are also the API's.
/// </summary>
public enum PostState
{
    Draft,
    Submitted,
    ChangesRequested,
    Approved,
    Scheduled,
    Publishing,
    Published,
    Failed,
    Cancelled,
}

/// <summary>
/// One post, written once and sent to one or more channels, each with its own text if needed
/// (<see cref="Publication"/>).
/// </summary>
public sealed class Post : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid AuthorUserId { get; set; }
    public string AuthorName { get; set; } = "";

    /// <summary>A name for the team's lists and the calendar; not published.</summary>
    public string Title { get; set; } = "";

    /// <summary>The text every channel uses unless it has its own variant.</summary>
    public string Text { get; set; } = "";

    public Guid? CampaignId { get; set; }

    /// <summary>The content request this post answers (004 §6.1.3), if any.</summary>
    public Guid? ContentRequestId { get; set; }

    public PostState State { get; set; } = PostState.Draft;

    /// <summary>When it goes out, in UTC (entered and shown in Europe/London). Null: as soon as it is approved ("publish now").</summary>
    public DateTimeOffset? ScheduledFor { get; set; }

    /// <summary>What the approver asked to change, shown to the author until they resubmit.</summary>
    public string? ChangesRequestedReason { get; set; }

    /// <summary>Goes up with every change to what would be published; approvals are for one version.</summary>
    public int Version { get; set; } = 1;

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }

    public List<Publication> Publications { get; set; } = [];
    public List<PostMedia> Media { get; set; } = [];
    public List<PostApproval> Approvals { get; set; } = [];
    public List<FindingOverride> Overrides { get; set; } = [];
}

/// <summary>A media library item attached to a post, in order.</summary>
public sealed class PostMedia
{
    public Guid PostId { get; set; }
    public Guid MediaItemId { get; set; }
    public int Position { get; set; }
}

/// <summary>One approver's approval of one version of a post. Nobody approves their own post.</summary>
public sealed class PostApproval
{
    public Guid Id { get; set; }
    public Guid PostId { get; set; }
    public Guid ApproverUserId { get; set; }
    public string ApproverName { get; set; } = "";
    public int PostVersion { get; set; }
    public DateTimeOffset ApprovedAt { get; set; }
}

/// <summary>
/// An approver's decision to let a post with a blocking (error) finding go out, with the reason,
/// recorded with the finding (capability 6).
/// </summary>
public sealed class FindingOverride
{
    public Guid Id { get; set; }
    public Guid PostId { get; set; }

    /// <summary>The channel whose text had the finding; null when it applied to every channel.</summary>
    public Guid? ChannelId { get; set; }

    /// <summary>The rule code (RULES.md).</summary>
    public string Code { get; set; } = "";

    /// <summary>The finding's message and the words it pointed at, as they were.</summary>
    public string Message { get; set; } = "";

    public string? Excerpt { get; set; }
    public string Reason { get; set; } = "";
    public Guid ApproverUserId { get; set; }
    public string ApproverName { get; set; } = "";
    public int PostVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A campaign groups posts on the calendar.</summary>
public sealed class Campaign : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
