using System.Globalization;
using Signpost.Policy.Settings;

namespace Signpost.Web.Pages.Settings;

/// <summary>
/// The settings page's fields, as typed: lists one entry a line, numbers and times as text, so that
/// whatever the person typed is shown again when something is wrong with it.
/// </summary>
public sealed class SettingsForm
{
    /// <summary>The days of the week as the settings write them, Monday first.</summary>
    public static IReadOnlyList<(string Value, string Text)> DayOptions { get; } =
        [("Mon", "Monday"), ("Tue", "Tuesday"), ("Wed", "Wednesday"), ("Thu", "Thursday"), ("Fri", "Friday"), ("Sat", "Saturday"), ("Sun", "Sunday")];

    public static IReadOnlyList<(string Value, string Text)> BankHolidayOptions { get; } =
        [("england-and-wales", "England and Wales"), ("none", "None: bank holidays are working days")];

    public string? PublishedPhones { get; set; }
    public string? PublishedEmails { get; set; }
    public string? Domains { get; set; }
    public string? PremisesPostcodes { get; set; }
    public string? Acronyms { get; set; }

    /// <summary>"PCN = primary care network", one a line.</summary>
    public string? Jargon { get; set; }

    /// <summary>"Local elections 2027, 2027-03-25, 2027-05-06", one a line.</summary>
    public string? PreElectionPeriods { get; set; }

    public string? IncidentName { get; set; }
    public string? IncidentLandingUrl { get; set; }
    public string? Emojis { get; set; }
    public string? Hashtags { get; set; }
    public string? LineLength { get; set; }
    public string? ReadingEase { get; set; }
    public string? WorkingHoursStart { get; set; }
    public string? WorkingHoursEnd { get; set; }
    public List<string>? Days { get; set; }
    public string? BankHolidays { get; set; }
    public string? TimeZone { get; set; }

    public static SettingsForm From(OrganisationSettings settings) => new()
    {
        PublishedPhones = Lines(settings.PublishedPhones),
        PublishedEmails = Lines(settings.PublishedEmails),
        Domains = Lines(settings.Domains),
        PremisesPostcodes = Lines(settings.PremisesPostcodes),
        Acronyms = Lines(settings.Acronyms),
        Jargon = Lines(settings.Jargon.Select(j => $"{j.Key} = {j.Value}")),
        PreElectionPeriods = Lines(settings.PreElectionPeriods.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name}, {p.Start:yyyy-MM-dd}, {p.End:yyyy-MM-dd}"))),
        IncidentName = settings.Incident?.Name,
        IncidentLandingUrl = settings.Incident?.LandingUrl,
        Emojis = settings.Limits.Emojis.ToString(CultureInfo.InvariantCulture),
        Hashtags = settings.Limits.Hashtags.ToString(CultureInfo.InvariantCulture),
        LineLength = settings.Limits.LineLength.ToString(CultureInfo.InvariantCulture),
        ReadingEase = settings.Limits.ReadingEase.ToString(CultureInfo.InvariantCulture),
        WorkingHoursStart = settings.WorkingHours.Start.ToString("HH:mm", CultureInfo.InvariantCulture),
        WorkingHoursEnd = settings.WorkingHours.End.ToString("HH:mm", CultureInfo.InvariantCulture),
        Days = [.. DayOptions.Select(d => d.Value).Where(d => settings.WorkingHours.Days.Any(x => x.StartsWith(d, StringComparison.OrdinalIgnoreCase)))],
        BankHolidays = settings.WorkingHours.BankHolidays,
        TimeZone = settings.WorkingHours.TimeZone,
    };

    /// <summary>
    /// The settings the form describes, on top of <paramref name="current"/> (which keeps what the
    /// page does not show, such as platform limits and extra words), with the problems found in
    /// reading the fields, keyed by field name.
    /// </summary>
    public (OrganisationSettings Settings, List<(string Field, string Message)> Errors) ToSettings(OrganisationSettings current)
    {
        var errors = new List<(string, string)>();
        var limits = new PolicyLimits
        {
            Emojis = Whole(Emojis, nameof(Emojis), "the emoji limit", current.Limits.Emojis, errors),
            Hashtags = Whole(Hashtags, nameof(Hashtags), "the hashtag limit", current.Limits.Hashtags, errors),
            LineLength = Whole(LineLength, nameof(LineLength), "the line length limit", current.Limits.LineLength, errors),
            ReadingEase = Number(ReadingEase, nameof(ReadingEase), "the reading ease target", current.Limits.ReadingEase, errors),
        };
        var hours = current.WorkingHours with
        {
            Start = Time(WorkingHoursStart, nameof(WorkingHoursStart), "the start time", current.WorkingHours.Start, errors),
            End = Time(WorkingHoursEnd, nameof(WorkingHoursEnd), "the end time", current.WorkingHours.End, errors),
            Days = Days ?? [],
            BankHolidays = BankHolidays ?? "",
            TimeZone = TimeZone ?? "",
        };

        IncidentSettings? incident = null;
        if (!string.IsNullOrWhiteSpace(IncidentName) || !string.IsNullOrWhiteSpace(IncidentLandingUrl))
        {
            incident = new IncidentSettings { Name = IncidentName?.Trim() ?? "", LandingUrl = IncidentLandingUrl?.Trim() ?? "" };
            if (string.IsNullOrWhiteSpace(IncidentLandingUrl))
            {
                errors.Add((nameof(IncidentLandingUrl), "Enter the incident's landing page, like https://riverside.icb.nhs.uk/incident, or clear the incident name when the incident is over"));
            }
        }

        var settings = current with
        {
            PublishedPhones = EntriesOf(PublishedPhones),
            PublishedEmails = EntriesOf(PublishedEmails),
            Domains = EntriesOf(Domains),
            PremisesPostcodes = EntriesOf(PremisesPostcodes),
            Acronyms = EntriesOf(Acronyms),
            Jargon = ReadJargon(errors),
            PreElectionPeriods = ReadPeriods(errors),
            Incident = incident,
            Limits = limits,
            WorkingHours = hours,
        };
        return (settings, errors);
    }

    /// <summary>The form field a settings path belongs to ("limits.emojis" → Emojis); "" for the page as a whole.</summary>
    public static string FieldFor(string path)
    {
        var root = path.Split('[', 2)[0];
        return root switch
        {
            "publishedPhones" => nameof(PublishedPhones),
            "publishedEmails" => nameof(PublishedEmails),
            "domains" => nameof(Domains),
            "premisesPostcodes" => nameof(PremisesPostcodes),
            "acronyms" => nameof(Acronyms),
            "jargon" => nameof(Jargon),
            "preElectionPeriods" => nameof(PreElectionPeriods),
            "incident.name" => nameof(IncidentName),
            "incident" or "incident.landingUrl" => nameof(IncidentLandingUrl),
            "limits.emojis" => nameof(Emojis),
            "limits.hashtags" => nameof(Hashtags),
            "limits.lineLength" => nameof(LineLength),
            "limits.readingEase" => nameof(ReadingEase),
            "workingHours" => nameof(WorkingHoursStart),
            "workingHours.days" => nameof(Days),
            "workingHours.bankHolidays" => nameof(BankHolidays),
            "workingHours.timeZone" => nameof(TimeZone),
            _ => "",
        };
    }

    private static string Lines(IEnumerable<string> entries) => string.Join('\n', entries);

    private static List<string> EntriesOf(string? text) =>
        [.. (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    private Dictionary<string, string> ReadJargon(List<(string, string)> errors)
    {
        var jargon = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in EntriesOf(Jargon))
        {
            number++;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors.Add((nameof(Jargon), $"Jargon, line {number}: write the term, an equals sign and what it means, like PCN = primary care network"));
                continue;
            }

            var term = line[..equals].Trim();
            if (!jargon.TryAdd(term, line[(equals + 1)..].Trim()))
            {
                errors.Add((nameof(Jargon), $"Jargon, line {number}: \"{term}\" is already on the list"));
            }
        }

        return jargon;
    }

    private List<PreElectionPeriod> ReadPeriods(List<(string, string)> errors)
    {
        var periods = new List<PreElectionPeriod>();
        var number = 0;
        foreach (var line in EntriesOf(PreElectionPeriods))
        {
            number++;
            // The name may itself contain commas: the dates are the last two parts.
            var parts = line.Split(',');
            if (parts.Length < 3)
            {
                errors.Add((nameof(PreElectionPeriods), $"Pre-election periods, line {number}: write the name, the first day and the last day, like Local elections 2027, 2027-03-25, 2027-05-06"));
                continue;
            }

            var name = string.Join(',', parts[..^2]).Trim();
            var start = Date(parts[^2]);
            var end = Date(parts[^1]);
            if (start is null || end is null)
            {
                errors.Add((nameof(PreElectionPeriods), $"Pre-election periods, line {number}: write each date as year-month-day, like 2027-03-25"));
                continue;
            }

            periods.Add(new PreElectionPeriod { Name = name, Start = start.Value, End = end.Value });
        }

        return periods;
    }

    private static DateOnly? Date(string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static int Whole(string? text, string field, string what, int fallback, List<(string, string)> errors)
    {
        if (int.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add((field, $"Enter {what} as a whole number, like {fallback}"));
        return fallback;
    }

    private static double Number(string? text, string field, string what, double fallback, List<(string, string)> errors)
    {
        if (double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        errors.Add((field, $"Enter {what} as a number, like {fallback.ToString(CultureInfo.InvariantCulture)}"));
        return fallback;
    }

    private static TimeOnly Time(string? text, string field, string what, TimeOnly fallback, List<(string, string)> errors)
    {
        if (TimeOnly.TryParseExact(text?.Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        errors.Add((field, $"Enter {what} in hours and minutes on the 24-hour clock, like {fallback.ToString("HH:mm", CultureInfo.InvariantCulture)}"));
        return fallback;
    }
}
