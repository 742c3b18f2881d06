using System.Globalization;

namespace Signpost.Web.Pages.Shared;

/// <summary>A date as a person types it into the NHS.UK date input: day, month and year boxes.</summary>
public sealed class DateParts
{
    public string? Day { get; set; }
    public string? Month { get; set; }
    public string? Year { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Day) && string.IsNullOrWhiteSpace(Month) && string.IsNullOrWhiteSpace(Year);

    public static DateParts From(DateOnly? date) => date is { } d
        ? new DateParts { Day = d.Day.ToString(CultureInfo.InvariantCulture), Month = d.Month.ToString(CultureInfo.InvariantCulture), Year = d.Year.ToString(CultureInfo.InvariantCulture) }
        : new DateParts();

    /// <summary>
    /// The date, or null when all three boxes are empty. <paramref name="error"/> says what is wrong in
    /// the words of the NHS.UK date input guidance ("… must include a month", "… must be a real date").
    /// </summary>
    public DateOnly? Parse(string label, out string? error)
    {
        error = null;
        if (IsEmpty)
        {
            return null;
        }

        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(Day))
        {
            missing.Add("a day");
        }

        if (string.IsNullOrWhiteSpace(Month))
        {
            missing.Add("a month");
        }

        if (string.IsNullOrWhiteSpace(Year))
        {
            missing.Add("a year");
        }

        if (missing.Count > 0)
        {
            error = $"{label} must include {string.Join(" and ", missing)}";
            return null;
        }

        if (!int.TryParse(Day!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || !int.TryParse(Month!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(Year!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || year is < 1900 or > 2200 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            error = $"{label} must be a real date";
            return null;
        }

        return new DateOnly(year, month, day);
    }
}

/// <summary>A day, month and year input in a fieldset, in the NHS.UK style. The error is looked up under <see cref="Name"/>.</summary>
public sealed record DateInputField(string Name, string Legend, DateParts? Value)
{
    public string? Hint { get; init; } = "For example, 15 3 2027";
}
