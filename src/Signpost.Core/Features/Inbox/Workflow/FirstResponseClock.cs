using Signpost.Policy.Calendar;

namespace Signpost.Core.Features.Inbox;

/// <summary>Where a message stands against the first-response target (004 §6.4.1: two hours of a working day).</summary>
public enum ClockState
{
    /// <summary>No response is expected (no due time, or closed without a reply).</summary>
    NotCounted,

    /// <summary>Not answered yet, and more than <see cref="FirstResponseClock.DueSoonWithin"/> of working time left.</summary>
    Waiting,

    /// <summary>Not answered yet, with little working time left.</summary>
    DueSoon,

    /// <summary>Not answered, and the target has passed.</summary>
    Overdue,

    RespondedInTime,
    RespondedLate,
}

/// <summary>The clock states a list can be filtered on.</summary>
public enum ClockFilter
{
    Any,

    /// <summary>Not answered and not overdue (due soon included).</summary>
    Waiting,
    DueSoon,

    /// <summary>Overdue without an answer, or answered late.</summary>
    Breached,
    Responded,
    NotCounted,
}

/// <summary>A message's clock as a person reads it.</summary>
/// <param name="WorkingTimeLeft">For an unanswered message: working time left before the target (negative when overdue).</param>
public sealed record ClockView(ClockState State, DateTimeOffset? DueAt, DateTimeOffset? RespondedAt, TimeSpan? WorkingTimeLeft)
{
    /// <summary>"Due in 1 hour 20 minutes of working time", "Overdue by 35 minutes", "Responded in time"…</summary>
    public string Text => State switch
    {
        ClockState.Waiting or ClockState.DueSoon => $"Due in {FirstResponseClock.Duration(WorkingTimeLeft ?? TimeSpan.Zero)} of working time",
        ClockState.Overdue => $"Overdue by {FirstResponseClock.Duration(-(WorkingTimeLeft ?? TimeSpan.Zero))} of working time",
        ClockState.RespondedInTime => "Responded in time",
        ClockState.RespondedLate => "Responded late",
        _ => "Not counted",
    };

    /// <summary>Short words for a tag.</summary>
    public string Tag => State switch
    {
        ClockState.Waiting => "Waiting",
        ClockState.DueSoon => "Due soon",
        ClockState.Overdue => "Overdue",
        ClockState.RespondedInTime => "Responded",
        ClockState.RespondedLate => "Responded late",
        _ => "Not counted",
    };

    /// <summary>NHS.UK tag colour; the words carry the meaning, the colour only repeats it.</summary>
    public string TagClass => State switch
    {
        ClockState.Overdue or ClockState.RespondedLate => "nhsuk-tag--red",
        ClockState.DueSoon => "nhsuk-tag--orange",
        ClockState.Waiting => "nhsuk-tag--blue",
        ClockState.RespondedInTime => "nhsuk-tag--green",
        _ => "nhsuk-tag--grey",
    };
}

/// <summary>
/// The first-response clock (004 §6.4.1: comments and messages are usually answered within two
/// hours of a working day; §6.4.3: out-of-hours ones the next working day). The due time is set at
/// ingestion in working hours; this reads it against "now" and the organisation's working-hours calendar.
/// </summary>
public static class FirstResponseClock
{
    /// <summary>An unanswered message is "due soon" with this much working time or less left.</summary>
    public static readonly TimeSpan DueSoonWithin = TimeSpan.FromMinutes(30);

    /// <summary>The latest due time that counts as "due soon" now: the due time is within <see cref="DueSoonWithin"/> of working time.</summary>
    public static DateTimeOffset DueSoonThreshold(WorkingHoursCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.AddWorkingTime(now, DueSoonWithin);
    }

    public static ClockView View(WorkingHoursCalendar calendar, DateTimeOffset now, DateTimeOffset? dueAt, DateTimeOffset? respondedAt, InboxStatus status)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (dueAt is not { } due)
        {
            return new ClockView(ClockState.NotCounted, null, respondedAt, null);
        }

        if (respondedAt is { } responded)
        {
            return new ClockView(responded <= due ? ClockState.RespondedInTime : ClockState.RespondedLate, due, responded, null);
        }

        if (status == InboxStatus.Closed)
        {
            return new ClockView(ClockState.NotCounted, due, null, null);
        }

        if (due < now)
        {
            return new ClockView(ClockState.Overdue, due, null, -calendar.WorkingTimeBetween(due, now));
        }

        var left = calendar.WorkingTimeBetween(now, due);
        return new ClockView(left <= DueSoonWithin ? ClockState.DueSoon : ClockState.Waiting, due, null, left);
    }

    /// <summary>"2 hours", "1 hour 5 minutes", "under a minute".</summary>
    public static string Duration(TimeSpan span)
    {
        var minutes = (long)Math.Floor(span.TotalMinutes);
        if (minutes < 1)
        {
            return "under a minute";
        }

        var hours = minutes / 60;
        var rest = minutes % 60;
        var parts = new List<string>(2);
        if (hours > 0)
        {
            parts.Add(hours == 1 ? "1 hour" : $"{hours} hours");
        }

        if (rest > 0)
        {
            parts.Add(rest == 1 ? "1 minute" : $"{rest} minutes");
        }

        return string.Join(" ", parts);
    }
}
