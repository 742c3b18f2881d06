using Signpost.Core.Data;

namespace Signpost.Core.Features.Notifications;

/// <summary>Something a person is told in the app (the bell in the header), with a link to it.</summary>
public sealed class Notification : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid UserId { get; set; }

    /// <summary>A stable kind, for example "publication-failed".</summary>
    public string Kind { get; set; } = "";

    public string Title { get; set; } = "";
    public string? Body { get; set; }

    /// <summary>A path inside Signpost.</summary>
    public string Link { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>
/// An email waiting to be sent, written in the same transaction as the change it tells someone
/// about, so that no notice is lost if the mail server is down or the node stops; a sender sends
/// it and retries.
/// </summary>
public sealed class OutboxEmail
{
    public Guid Id { get; set; }
    public Guid? OrganisationId { get; set; }
    public string To { get; set; } = "";
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Not before this time (back-off after a failure).</summary>
    public DateTimeOffset SendAfter { get; set; }

    public int Attempts { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Given up after too many failures; shown to administrators.</summary>
    public DateTimeOffset? FailedAt { get; set; }

    public string? LastError { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
}
