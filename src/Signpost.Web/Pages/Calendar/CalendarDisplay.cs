using System.Globalization;
using Signpost.Core.Features.Calendar;
using Signpost.Core.Features.Posts;
using Signpost.Core.Time;

namespace Signpost.Web.Pages.Calendar;

/// <summary>How the calendar pages write dates, times and states.</summary>
public static class CalendarDisplay
{
    public static string Time(DateTimeOffset utc) => PostTimes.FormatTime(TimeOnly.FromDateTime(LondonTime.ToLondon(utc).DateTime));

    /// <summary>"Monday 1 March 2027".</summary>
    public static string Day(DateOnly day) => day.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"1 March 2027".</summary>
    public static string Date(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? day) => day is { } d ? Date(d) : "";

    /// <summary>"8 to 14 March 2027" (a week, or an awareness period).</summary>
    public static string Range(DateOnly from, DateOnly to)
    {
        if (from == to)
        {
            return Date(from);
        }

        if (from.Year != to.Year)
        {
            return $"{Date(from)} to {Date(to)}";
        }

        return from.Month == to.Month
            ? $"{from.Day} to {Date(to)}"
            : $"{from.ToString("d MMMM", CultureInfo.InvariantCulture)} to {Date(to)}";
    }

    /// <summary>The tag's colour; the words always say the state too.</summary>
    public static string StateTag(CalendarEntry entry) => entry.StateText switch
    {
        "Published" => "nhsuk-tag nhsuk-tag--green",
        "Failed" or "Outcome unknown" => "nhsuk-tag nhsuk-tag--red",
        "Scheduled" or "Publishing" => "nhsuk-tag nhsuk-tag--blue",
        _ => entry.PostState == PostState.Approved ? "nhsuk-tag nhsuk-tag--aqua-green" : "nhsuk-tag nhsuk-tag--grey",
    };
}
