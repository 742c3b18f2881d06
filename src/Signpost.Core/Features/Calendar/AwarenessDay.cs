using Signpost.Core.Data;

namespace Signpost.Core.Features.Calendar;

/// <summary>A health awareness day or week the team plans around, shown on the calendar.</summary>
public sealed class AwarenessDay : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public string Name { get; set; } = "";
    public DateOnly StartsOn { get; set; }

    /// <summary>The last day, for awareness weeks and months; null for a single day.</summary>
    public DateOnly? EndsOn { get; set; }

    public string? Link { get; set; }
    public string? Notes { get; set; }
    public Guid? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A person's secret iCalendar feed address. Only a hash of the secret is stored; revoking it
/// stops the address working at once.
/// </summary>
public sealed class CalendarFeed : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid UserId { get; set; }

    /// <summary>SHA-256 of the secret in the address, hex.</summary>
    public string SecretHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}
