using System.Globalization;
using System.Text.RegularExpressions;
using Signpost.Core.Time;
using Signpost.Core.Validation;

namespace Signpost.Core.Features.Posts;

/// <summary>Which of the two 1am hours of the last Sunday of October a London time means.</summary>
public enum LondonClock
{
    /// <summary>British Summer Time (UTC+1): the first time the hour comes round.</summary>
    Bst,

    /// <summary>Greenwich Mean Time (UTC+0): an hour later, after the clocks go back.</summary>
    Gmt,
}

/// <summary>
/// A date and time as a person types them on the composer, in Europe/London: the NHS date input
/// (day, month, year), a time field, and, only on the day the clocks go back, which of the two
/// repeated hours they mean.
/// </summary>
public sealed record LondonDateTimeInput(string? Day, string? Month, string? Year, string? Time, string? Clock = null);

/// <summary>
/// Turns London wall-clock times into UTC instants and back (PRODUCT.md: times stored in UTC, shown
/// in Europe/London; daylight saving never moves or duplicates a scheduled post). A time in the
/// spring gap does not exist and is refused; a time in the repeated autumn hour is asked about.
/// </summary>
public static partial class PostTimes
{
    /// <summary>Field names of <see cref="Read"/>'s errors, after the caller's prefix.</summary>
    public const string DayField = "Day";

    public const string TimeField = "Time";
    public const string ClockField = "Clock";

    /// <summary>"24 November 2026, 7:30pm GMT".</summary>
    public static string Format(DateTimeOffset utc) => $"{LondonTime.Format(utc)} {ZoneName(utc)}";

    /// <summary>"GMT" or "BST": which clock London keeps at that instant.</summary>
    public static string ZoneName(DateTimeOffset utc) => LondonTime.Zone.IsDaylightSavingTime(utc) ? "BST" : "GMT";

    /// <summary>"9:30am", "2pm", "12:05am", as the NHS writes times.</summary>
    public static string FormatTime(TimeOnly time)
    {
        var hour = time.Hour % 12 == 0 ? 12 : time.Hour % 12;
        var suffix = time.Hour < 12 ? "am" : "pm";
        return time.Minute == 0 ? $"{hour}{suffix}" : $"{hour}:{time.Minute:00}{suffix}";
    }

    /// <summary>What to put back in the form fields for a stored instant.</summary>
    public static LondonDateTimeInput ToInput(DateTimeOffset utc)
    {
        var local = LondonTime.ToLondon(utc);
        var ambiguous = LondonTime.Zone.IsAmbiguousTime(local.DateTime);
        return new LondonDateTimeInput(
            local.Day.ToString(CultureInfo.InvariantCulture),
            local.Month.ToString(CultureInfo.InvariantCulture),
            local.Year.ToString(CultureInfo.InvariantCulture),
            local.ToString("HH:mm", CultureInfo.InvariantCulture),
            ambiguous ? (local.Offset == TimeSpan.Zero ? "gmt" : "bst") : null);
    }

    /// <summary>
    /// The UTC instant of a London date and time, or field errors (keys <paramref name="prefix"/> +
    /// Day, Time or Clock) as an <see cref="InvalidRequestException"/>.
    /// </summary>
    public static DateTimeOffset Read(LondonDateTimeInput input, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        var date = ReadDate(input, prefix + DayField, errors);
        TimeOnly? time = null;
        if (string.IsNullOrWhiteSpace(input.Time))
        {
            errors.Add(prefix + TimeField, "Enter the time the post goes out, like 9:30am or 14:30");
        }
        else if (TryParseTime(input.Time, out var parsed))
        {
            time = parsed;
        }
        else
        {
            errors.Add(prefix + TimeField, "Enter a real time, like 9:30am or 14:30");
        }

        errors.ThrowIfAny();
        return Resolve(date!.Value, time!.Value, ReadClock(input.Clock), prefix);
    }

    /// <summary>Whether the date and time typed fall in the repeated hour of the autumn change (the page then asks which).</summary>
    public static bool IsRepeatedHour(LondonDateTimeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        var date = ReadDate(input, DayField, errors);
        return date is { } day && TryParseTime(input.Time, out var time)
            && LondonTime.Zone.IsAmbiguousTime(day.ToDateTime(time, DateTimeKind.Unspecified));
    }

    /// <summary>
    /// The UTC instant of a London wall-clock time. In the spring gap it does not exist; in the
    /// autumn's repeated hour the person must say which of the two they mean.
    /// </summary>
    public static DateTimeOffset Resolve(DateOnly day, TimeOnly time, LondonClock? clock, string prefix = "")
    {
        var zone = LondonTime.Zone;
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        var when = $"{FormatTime(time)} on {day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}";
        if (zone.IsInvalidTime(local))
        {
            throw new InvalidRequestException(prefix + TimeField,
                $"{when} does not exist: the clocks go forward from 1am to 2am that night. Enter a time before 1am or from 2am");
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var offset = clock switch
            {
                LondonClock.Bst => offsets.Max(),
                LondonClock.Gmt => offsets.Min(),
                _ => throw new InvalidRequestException(prefix + ClockField,
                    $"The clocks go back from 2am to 1am that night, so {when} happens twice. Select whether you mean {FormatTime(time)} BST (the first time) or {FormatTime(time)} GMT (an hour later)"),
            };
            return new DateTimeOffset(local, offset).ToUniversalTime();
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>"14:30", "14.30", "2:30pm", "2.30 pm", "2pm", "9am", "noon", "midday", "midnight".</summary>
    public static bool TryParseTime(string? text, out TimeOnly time)
    {
        time = default;
        var value = (text ?? "").Trim().ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        switch (value)
        {
            case "noon" or "midday" or "12noon" or "12midday":
                time = new TimeOnly(12, 0);
                return true;
            case "midnight" or "12midnight":
                time = new TimeOnly(0, 0);
                return true;
        }

        var match = TimePattern().Match(value);
        if (!match.Success)
        {
            return false;
        }

        var hour = int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture);
        var minute = match.Groups["minute"].Success ? int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture) : 0;
        var suffix = match.Groups["suffix"].Success ? match.Groups["suffix"].Value : null;
        if (suffix is null && !match.Groups["minute"].Success)
        {
            // "9" could be 9am or 9pm: ask for minutes or am/pm.
            return false;
        }

        if (minute > 59)
        {
            return false;
        }

        if (suffix is not null)
        {
            if (hour is < 1 or > 12)
            {
                return false;
            }

            hour = (hour % 12) + (suffix == "pm" ? 12 : 0);
        }
        else if (hour > 23)
        {
            return false;
        }

        time = new TimeOnly(hour, minute);
        return true;
    }

    private static DateOnly? ReadDate(LondonDateTimeInput input, string field, ValidationErrors errors)
    {
        var parts = new[] { input.Day, input.Month, input.Year }.Select(p => p?.Trim() ?? "").ToArray();
        if (parts.All(p => p.Length == 0))
        {
            errors.Add(field, "Enter the date the post goes out");
            return null;
        }

        if (parts.Any(p => p.Length == 0))
        {
            errors.Add(field, "The date the post goes out must include a day, month and year");
            return null;
        }

        if (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && year is >= 2000 and <= 2100 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            return new DateOnly(year, month, day);
        }

        errors.Add(field, "The date the post goes out must be a real date, like 24 11 2026");
        return null;
    }

    private static LondonClock? ReadClock(string? value) => (value ?? "").Trim().ToLowerInvariant() switch
    {
        "bst" => LondonClock.Bst,
        "gmt" => LondonClock.Gmt,
        _ => null,
    };

    [GeneratedRegex("^(?<hour>[0-9]{1,2})(?:[:.](?<minute>[0-9]{2}))?(?<suffix>am|pm)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();
}
