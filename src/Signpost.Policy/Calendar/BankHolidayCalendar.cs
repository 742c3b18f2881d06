using System.Collections.Frozen;
using System.Text.Json;

namespace Signpost.Policy.Calendar;

/// <summary>One bank holiday as gov.uk publishes it.</summary>
public sealed record BankHoliday(DateOnly Date, string Title, string Notes);

/// <summary>
/// Bank holidays for one division ("england-and-wales", "scotland", "northern-ireland") read from a
/// document in the gov.uk bank-holidays.json format. The built-in calendar is England and Wales,
/// 2024–2027 (Crown copyright, Open Government Licence v3.0; see Data/Calendar/README.md). A
/// deployment can drop in a newer gov.uk file with <see cref="FromFile"/>. Immutable and thread-safe.
/// </summary>
public sealed class BankHolidayCalendar
{
    /// <summary>The division the built-in file holds, and the default of <c>WorkingHoursSettings.BankHolidays</c>.</summary>
    public const string EnglandAndWales = "england-and-wales";

    private const string EmbeddedFile = "Calendar/bank-holidays-england-and-wales.json";

    private static readonly Lazy<BankHolidayCalendar> s_embedded = new(LoadEmbedded);

    private readonly FrozenSet<DateOnly> _dates;

    private BankHolidayCalendar(string division, IReadOnlyList<BankHoliday> holidays)
    {
        Division = division;
        Holidays = holidays;
        _dates = holidays.Select(h => h.Date).ToFrozenSet();
        First = holidays.Count == 0 ? null : holidays.Min(h => h.Date);
        Last = holidays.Count == 0 ? null : holidays.Max(h => h.Date);
    }

    /// <summary>England and Wales, from the file embedded in this assembly.</summary>
    public static BankHolidayCalendar EnglandAndWalesBuiltIn => s_embedded.Value;

    /// <summary>No bank holidays (settings <c>"bankHolidays": "none"</c>).</summary>
    public static BankHolidayCalendar None { get; } = new("none", []);

    public string Division { get; }

    /// <summary>The holidays in date order.</summary>
    public IReadOnlyList<BankHoliday> Holidays { get; }

    /// <summary>The first and last holiday the calendar knows; outside that range it cannot say.</summary>
    public DateOnly? First { get; }

    public DateOnly? Last { get; }

    public bool IsBankHoliday(DateOnly date) => _dates.Contains(date);

    /// <summary>
    /// The calendar a settings value names: "england-and-wales" (built in), "none" or empty (no
    /// holidays), or a path to a gov.uk-format JSON file (its England and Wales division).
    /// </summary>
    public static BankHolidayCalendar ForSetting(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting) || setting.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return None;
        }

        if (setting.Equals(EnglandAndWales, StringComparison.OrdinalIgnoreCase))
        {
            return EnglandAndWalesBuiltIn;
        }

        if (setting.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return FromFile(setting);
        }

        throw new ArgumentException(
            $"Unknown bank-holiday calendar \"{setting}\": use \"{EnglandAndWales}\", \"none\" or the path of a gov.uk bank-holidays JSON file.",
            nameof(setting));
    }

    /// <summary>Reads a gov.uk bank-holidays.json file (read once, at start-up, not on the hot path).</summary>
    public static BankHolidayCalendar FromFile(string path, string division = EnglandAndWales)
    {
        using var stream = File.OpenRead(path);
        return FromStream(stream, division);
    }

    public static BankHolidayCalendar FromJson(string json, string division = EnglandAndWales)
    {
        using var document = JsonDocument.Parse(json);
        return FromDocument(document, division);
    }

    public static BankHolidayCalendar FromStream(Stream stream, string division = EnglandAndWales)
    {
        using var document = JsonDocument.Parse(stream);
        return FromDocument(document, division);
    }

    private static BankHolidayCalendar FromDocument(JsonDocument document, string division)
    {
        // gov.uk shape: {"england-and-wales": {"division": "...", "events": [{"title","date","notes","bunting"}]}, ...}
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty(division, out var divisionElement)
            || !divisionElement.TryGetProperty("events", out var events)
            || events.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"Not a gov.uk bank-holidays document with a \"{division}\" division and its \"events\".");
        }

        var holidays = new List<BankHoliday>(events.GetArrayLength());
        foreach (var item in events.EnumerateArray())
        {
            var dateText = item.TryGetProperty("date", out var d) ? d.GetString() : null;
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
            {
                throw new FormatException($"Bank holiday with a missing or bad date: \"{dateText}\".");
            }

            var title = item.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
            var notes = item.TryGetProperty("notes", out var n) ? n.GetString() ?? "" : "";
            holidays.Add(new BankHoliday(date, title, notes));
        }

        holidays.Sort(static (a, b) => a.Date.CompareTo(b.Date));
        return new BankHolidayCalendar(division, holidays);
    }

    private static BankHolidayCalendar LoadEmbedded()
    {
        using var stream = PolicyDataResource.Open(EmbeddedFile);
        return FromStream(stream, EnglandAndWales);
    }
}
