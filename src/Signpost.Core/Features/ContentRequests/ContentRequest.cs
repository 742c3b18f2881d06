using Signpost.Core.Data;

namespace Signpost.Core.Features.ContentRequests;

public enum ContentRequestKind
{
    News,
    Event,
    Vacancy,
    Campaign,
    Other,
}

public enum ContentRequestStatus
{
    /// <summary>Waiting for the communications team.</summary>
    Submitted,

    /// <summary>Taken into a draft post.</summary>
    Accepted,

    /// <summary>Declined, with a reason the requester is told.</summary>
    Declined,

    /// <summary>The requester took it back.</summary>
    Withdrawn,
}

/// <summary>
/// A staff member asking the communications team to post something (004 §6.1.3: staff are
/// encouraged to share news through comms; §6.2.4: comms decides what goes out).
/// </summary>
public sealed class ContentRequest : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid RequesterUserId { get; set; }
    public string RequesterName { get; set; } = "";
    public string RequesterEmail { get; set; } = "";
    public ContentRequestKind Kind { get; set; }
    public string Title { get; set; } = "";

    /// <summary>What should be said.</summary>
    public string Details { get; set; } = "";

    /// <summary>Why it matters and what it should achieve.</summary>
    public string Why { get; set; } = "";

    /// <summary>Who it is for.</summary>
    public string Audience { get; set; } = "";

    /// <summary>The earliest day it may go out.</summary>
    public DateOnly? PublishFrom { get; set; }

    /// <summary>The day by which it must have gone out (a closing date, an event).</summary>
    public DateOnly? PublishBy { get; set; }

    /// <summary>Web addresses to include, one per line.</summary>
    public string? Links { get; set; }

    public ContentRequestStatus Status { get; set; } = ContentRequestStatus.Submitted;
    public string? DeclineReason { get; set; }
    public Guid? DecidedByUserId { get; set; }
    public string? DecidedByName { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The draft post made from it when accepted.</summary>
    public Guid? PostId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<ContentRequestMedia> Media { get; set; } = [];
}

/// <summary>A picture or video the requester attached, kept in the media library.</summary>
public sealed class ContentRequestMedia
{
    public Guid ContentRequestId { get; set; }
    public Guid MediaItemId { get; set; }
}
