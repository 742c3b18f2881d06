using Signpost.Core.Features.Calendar;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Calendar.AwarenessDays;

/// <summary>The awareness day form, as typed.</summary>
public sealed class AwarenessDayInput
{
    public string? Name { get; set; }
    public DateParts StartsOn { get; set; } = new();
    public DateParts EndsOn { get; set; } = new();
    public string? Link { get; set; }
    public string? Notes { get; set; }

    public static AwarenessDayInput From(Signpost.Core.Features.Calendar.AwarenessDay day) => new()
    {
        Name = day.Name,
        StartsOn = DateParts.From(day.StartsOn),
        EndsOn = DateParts.From(day.EndsOn),
        Link = day.Link,
        Notes = day.Notes,
    };

    /// <summary>The options for the Core, or the date boxes' own errors (with the Core's check of the rest, so every mistake shows at once).</summary>
    public (SaveAwarenessDayOptions? Options, IReadOnlyDictionary<string, string[]> Errors) Read()
    {
        var starts = StartsOn.Parse("The first day", out var startsError);
        var ends = EndsOn.Parse("The last day", out var endsError);
        var options = new SaveAwarenessDayOptions(Name, starts, ends, Link, Notes);
        if (startsError is null && endsError is null)
        {
            return (options, new Dictionary<string, string[]>());
        }

        // The Core's check of the other fields, so that every mistake shows at once.
        var errors = CalendarService.CheckAwarenessDay(options with { StartsOn = starts ?? new DateOnly(2000, 1, 1), EndsOn = startsError is null ? ends : null })
            .Where(e => e.Key is not ("StartsOn" or "EndsOn"))
            .ToDictionary(e => e.Key, e => e.Value);
        if (startsError is not null)
        {
            errors["StartsOn"] = [startsError];
        }

        if (endsError is not null)
        {
            errors["EndsOn"] = [endsError];
        }

        return (null, errors);
    }
}
