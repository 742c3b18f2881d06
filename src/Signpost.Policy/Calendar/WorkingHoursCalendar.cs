using System.Runtime.InteropServices;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Calendar;

/// <summary>
/// When the corporate accounts are monitored: 004 §6.4.1 "checked throughout the day between 9am
/// and 5pm", Monday to Friday (Appendix B), not on bank holidays. Messages outside those hours are
/// answered the next working day (§6.4.3) unless they carry a risk, which is paged (§6.4.5).
/// Working time is counted in the organisation's time zone, so that the two-hour first response
/// (§6.4.1) stays right across the clock changes. Immutable and thread-safe.
/// </summary>
public sealed class WorkingHoursCalendar
{
    // A calendar with no working day at all would make AddWorkingTime loop for ever; ten years of
    // days is far more than any real gap (a Christmas week plus a weekend).
    private const int MaxDaysSearched = 3660;

    private readonly bool[] _workingDays = new bool[7];
    private readonly TimeOnly _start;
    private readonly TimeOnly _end;
    private readonly bool _endsAtMidnight;

    public WorkingHoursCalendar(WorkingHoursSettings settings, BankHolidayCalendar? bankHolidays = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        TimeZone = FindTimeZone(settings.TimeZone);
        BankHolidays = bankHolidays ?? BankHolidayCalendar.ForSetting(settings.BankHolidays);
        _start = settings.Start;
        _end = settings.End;

        // "end": "00:00" means the end of the day (a 24-hour service).
        _endsAtMidnight = _end == TimeOnly.MinValue;
        if (!_endsAtMidnight && _end <= _start)
        {
            throw new ArgumentException($"Working hours must end after they start ({_start:HH\\:mm}–{_end:HH\\:mm}).", nameof(settings));
        }

        foreach (var day in settings.Days)
        {
            _workingDays[(int)ParseDay(day)] = true;
        }
    }

    /// <summary>The default: Europe/London, 09:00–17:00 Monday to Friday, England and Wales bank holidays.</summary>
    public static WorkingHoursCalendar Default { get; } = new(new WorkingHoursSettings());

    public TimeZoneInfo TimeZone { get; }

    public BankHolidayCalendar BankHolidays { get; }

    /// <summary>True when nobody is monitoring: outside the hours, on a non-working day or a bank holiday.</summary>
    public bool IsOutOfHours(DateTimeOffset instant) => !IsWorkingTime(instant);

    public bool IsWorkingTime(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZone);
        var date = DateOnly.FromDateTime(local.DateTime);
        if (!IsWorkingDay(date))
        {
            return false;
        }

        var (start, end) = Interval(date);
        return instant >= start && instant < end;
    }

    /// <summary>A weekday in the settings' days that is not a bank holiday.</summary>
    public bool IsWorkingDay(DateOnly date) => _workingDays[(int)date.DayOfWeek] && !BankHolidays.IsBankHoliday(date);

    /// <summary>
    /// The instant when <paramref name="duration"/> of working time has passed after
    /// <paramref name="from"/> (004 §6.4.1: a reply within two hours of a working day; a message sent
    /// at 16:30 on a Friday is due at 10:30 on Monday). The result is in the organisation's local offset.
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset from, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var remaining = duration;
        var date = LocalDate(from);
        for (var i = 0; i < MaxDaysSearched; i++, date = date.AddDays(1))
        {
            if (!IsWorkingDay(date))
            {
                continue;
            }

            var (start, end) = Interval(date);
            if (from >= end)
            {
                continue;
            }

            var begin = from > start ? from : start;
            var available = end - begin;
            if (remaining <= available)
            {
                return TimeZoneInfo.ConvertTime(begin + remaining, TimeZone);
            }

            remaining -= available;
        }

        throw new InvalidOperationException("The working-hours settings have no working day: working time cannot be added.");
    }

    /// <summary>The working time between two instants; negative when <paramref name="to"/> is before <paramref name="from"/>.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            return -WorkingTimeBetween(to, from);
        }

        var total = TimeSpan.Zero;
        var last = LocalDate(to);
        for (var date = LocalDate(from); date <= last; date = date.AddDays(1))
        {
            if (!IsWorkingDay(date))
            {
                continue;
            }

            var (start, end) = Interval(date);
            var begin = from > start ? from : start;
            var finish = to < end ? to : end;
            if (finish > begin)
            {
                total += finish - begin;
            }
        }

        return total;
    }

    /// <summary>The start of the next working period at or after <paramref name="from"/> (when an out-of-hours message will be seen).</summary>
    public DateTimeOffset NextWorkingTime(DateTimeOffset from)
    {
        var date = LocalDate(from);
        for (var i = 0; i < MaxDaysSearched; i++, date = date.AddDays(1))
        {
            if (!IsWorkingDay(date))
            {
                continue;
            }

            var (start, end) = Interval(date);
            if (from < end)
            {
                return TimeZoneInfo.ConvertTime(from > start ? from : start, TimeZone);
            }
        }

        throw new InvalidOperationException("The working-hours settings have no working day.");
    }

    private DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    /// <summary>The working period of one local day as instants; each end is converted with its own offset, so a clock change inside the day is counted right.</summary>
    private (DateTimeOffset Start, DateTimeOffset End) Interval(DateOnly date)
    {
        var start = ToInstant(date.ToDateTime(_start));
        var end = _endsAtMidnight ? ToInstant(date.AddDays(1).ToDateTime(TimeOnly.MinValue)) : ToInstant(date.ToDateTime(_end));
        return (start, end);
    }

    private DateTimeOffset ToInstant(DateTime local)
    {
        // A local time that does not exist (the hour skipped in spring) starts at the end of the gap;
        // one that happens twice (the hour repeated in autumn) is taken at its first occurrence.
        while (TimeZone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        TimeSpan offset;
        if (TimeZone.IsAmbiguousTime(local))
        {
            var offsets = TimeZone.GetAmbiguousTimeOffsets(local);
            offset = offsets[0] > offsets[1] ? offsets[0] : offsets[1];
        }
        else
        {
            offset = TimeZone.GetUtcOffset(local);
        }

        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
    }

    /// <summary>Finds an IANA or Windows time-zone id; Europe/London falls back to "GMT Standard Time" where tzdata is missing.</summary>
    public static TimeZoneInfo FindTimeZone(string? id)
    {
        var wanted = string.IsNullOrWhiteSpace(id) ? "Europe/London" : id;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(wanted);
        }
        catch (TimeZoneNotFoundException) when (wanted == "Europe/London" && RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return TimeZoneInfo.FindSystemTimeZoneById("GMT Standard Time");
        }
    }

    /// <summary>"Mon".."Sun" as RULES.md writes them; full English names are accepted too.</summary>
    public static DayOfWeek ParseDay(string day)
    {
        ArgumentNullException.ThrowIfNull(day);
        var key = day.Trim();
        if (key.Length >= 3)
        {
            switch (key[..3].ToUpperInvariant())
            {
                case "MON": return DayOfWeek.Monday;
                case "TUE": return DayOfWeek.Tuesday;
                case "WED": return DayOfWeek.Wednesday;
                case "THU": return DayOfWeek.Thursday;
                case "FRI": return DayOfWeek.Friday;
                case "SAT": return DayOfWeek.Saturday;
                case "SUN": return DayOfWeek.Sunday;
            }
        }

        throw new ArgumentException($"Unknown day \"{day}\": use Mon, Tue, Wed, Thu, Fri, Sat or Sun.", nameof(day));
    }
}
