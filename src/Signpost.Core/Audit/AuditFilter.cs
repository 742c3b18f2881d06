using Signpost.Core.Time;
using Signpost.Core.Validation;

namespace Signpost.Core.Audit;

/// <summary>What an auditor filters the audit trail by: the page, the CSV export and the API share it.</summary>
public sealed class AuditFilter
{
    public const int PageSize = 50;

    /// <summary>The event's numeric code (see AuditEventCode).</summary>
    public int? Code { get; set; }

    /// <summary>Part of the name of who did it.</summary>
    public string? Actor { get; set; }

    /// <summary>Part of the summary, or the subject's id.</summary>
    public string? Text { get; set; }

    /// <summary>From this London day, inclusive (yyyy-MM-dd).</summary>
    public DateOnly? From { get; set; }

    /// <summary>To this London day, inclusive (yyyy-MM-dd).</summary>
    public DateOnly? To { get; set; }

    public int? Page { get; set; }

    public int PageNumber => Math.Max(1, Page ?? 1);

    public void Validate()
    {
        var errors = new ValidationErrors();
        if (Code is { } code && !Enum.IsDefined((AuditEventCode)code))
        {
            errors.Add(nameof(Code), "Select an event type from the list");
        }

        if (From is { } from && To is { } to && from > to)
        {
            errors.Add(nameof(To), "The end date must be the same as or after the start date");
        }

        if (Page is < 1)
        {
            errors.Add(nameof(Page), "Page must be 1 or more");
        }

        errors.MaxLength(nameof(Actor), Actor, 200, "Who");
        errors.MaxLength(nameof(Text), Text, 200, "Search text");
        errors.ThrowIfAny();
    }

    // ToLower().Contains is what both SQLite and PostgreSQL translate to a case-insensitive search.
#pragma warning disable CA1862
    public IQueryable<AuditEvent> Apply(IQueryable<AuditEvent> events)
    {
        if (Code is { } code)
        {
            var c = (AuditEventCode)code;
            events = events.Where(e => e.Code == c);
        }

        if (!string.IsNullOrWhiteSpace(Actor))
        {
            var actor = Actor.Trim().ToLower();
            events = events.Where(e => e.ActorName.ToLower().Contains(actor));
        }

        if (!string.IsNullOrWhiteSpace(Text))
        {
            var text = Text.Trim().ToLower();
            events = events.Where(e => e.Summary.ToLower().Contains(text) || e.SubjectId == Text.Trim());
        }

        if (From is { } from)
        {
            var start = LondonTime.StartOfDay(from);
            events = events.Where(e => e.OccurredAt >= start);
        }

        if (To is { } to)
        {
            var end = LondonTime.StartOfDay(to.AddDays(1));
            events = events.Where(e => e.OccurredAt < end);
        }

        return events;
    }
#pragma warning restore CA1862
}
