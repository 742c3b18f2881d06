namespace Signpost.Core.Time;

/// <summary>Times are stored in UTC and shown in Europe/London (PRODUCT.md, quality bars).</summary>
public static class LondonTime
{
    public static TimeZoneInfo Zone { get; } = FindZone();

    public static DateTimeOffset ToLondon(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    /// <summary>"24 November 2026, 7:30pm", as the NHS writes dates and times.</summary>
    public static string Format(DateTimeOffset utc)
    {
        var local = ToLondon(utc);
        var hour = local.Hour % 12 == 0 ? 12 : local.Hour % 12;
        var suffix = local.Hour < 12 ? "am" : "pm";
        var time = local.Minute == 0 ? $"{hour}{suffix}" : $"{hour}:{local.Minute:00}{suffix}";
        return $"{local.Day} {local.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}, {time}";
    }

    public static string FormatDate(DateTimeOffset utc) => ToLondon(utc).ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The UTC instant at which a London calendar day starts (it may be 23:00 the day before).</summary>
    public static DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.FindSystemTimeZoneById("GMT Standard Time");
        }
    }
}
