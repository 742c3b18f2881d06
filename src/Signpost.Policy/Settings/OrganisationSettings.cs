using System.Text.Json;
using System.Text.Json.Serialization;

namespace Signpost.Policy.Settings;

/// <summary>
/// Everything the policy rules and triage read about one organisation (RULES.md, "Organisation
/// settings that the rules read"). The CLI reads it from JSON; the web app stores it per
/// organisation. A missing field takes its default.
/// </summary>
public sealed record OrganisationSettings
{
    public OrganisationIdentity Organisation { get; init; } = new();

    /// <summary>Phone numbers the organisation publishes; IG-PHONE never fires for these.</summary>
    public IReadOnlyList<string> PublishedPhones { get; init; } = [];

    /// <summary>Email addresses the organisation publishes; IG-EMAIL never fires for these.</summary>
    public IReadOnlyList<string> PublishedEmails { get; init; } = [];

    /// <summary>Domains whose links and addresses are the organisation's own or trusted.</summary>
    public IReadOnlyList<string> Domains { get; init; } = [];

    /// <summary>Postcodes of the organisation's premises; IG-POSTCODE never fires for these.</summary>
    public IReadOnlyList<string> PremisesPostcodes { get; init; } = [];

    /// <summary>Acronyms that are not shouting (A11Y-CAPS) and help segment hashtags.</summary>
    public IReadOnlyList<string> Acronyms { get; init; } = [];

    /// <summary>Jargon and acronyms that need explaining, with the explanation (A11Y-JARGON).</summary>
    public IReadOnlyDictionary<string, string> Jargon { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<PreElectionPeriod> PreElectionPeriods { get; init; } = [];

    /// <summary>The active incident, or null when there is none (LINK-INCIDENT-PAGE).</summary>
    public IncidentSettings? Incident { get; init; }

    public PolicyLimits Limits { get; init; } = new();

    public WorkingHoursSettings WorkingHours { get; init; } = new();

    /// <summary>Per-platform limits that differ from the built-in defaults, keyed by platform name.</summary>
    public IReadOnlyDictionary<string, PlatformLimitOverride> PlatformLimits { get; init; } = new Dictionary<string, PlatformLimitOverride>();

    /// <summary>Extra words per rule code, e.g. {"CONDUCT-PROFANITY": ["..."]}.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ExtraWords { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Serializer options for the documented JSON shape (camelCase, comments and trailing commas allowed).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            WriteIndented = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static OrganisationSettings FromJson(string json) =>
        JsonSerializer.Deserialize<OrganisationSettings>(json, JsonOptions)
        ?? throw new JsonException("The settings document is empty (null).");

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>
    /// Reads settings from JSON and validates them: the result holds either usable settings or every
    /// problem found, a JSON syntax or type error with its line and column (1-based), and each
    /// validation error with its field path (<see cref="OrganisationSettingsValidator"/>).
    /// </summary>
    public static OrganisationSettingsLoadResult Load(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        OrganisationSettings settings;
        try
        {
            settings = FromJson(json);
        }
        catch (JsonException e)
        {
            return new OrganisationSettingsLoadResult(null, [JsonError(e)]);
        }

        var errors = OrganisationSettingsValidator.Validate(settings);
        return new OrganisationSettingsLoadResult(errors.Count == 0 ? settings : null, errors);
    }

    private static SettingsError JsonError(JsonException e)
    {
        // System.Text.Json appends " Path: $.x | LineNumber: 0 | BytePositionInLine: 4." to its
        // messages; the path and the (0-based) position are reported separately here.
        var message = e.Message;
        foreach (var marker in (ReadOnlySpan<string>)[" Path: ", " LineNumber: "])
        {
            var at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                message = message[..at];
            }
        }

        var path = e.Path is null or "$" ? "" : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path.TrimStart('$');
        var where = e.LineNumber is { } line
            ? $"line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}: "
            : "";
        return new SettingsError(path, where + message.Trim());
    }

    /// <summary>Built-in defaults for the demo ICB, used when the CLI is given no --settings.</summary>
    public static OrganisationSettings DemoIcb { get; } = new()
    {
        Organisation = new OrganisationIdentity
        {
            Name = "NHS Riverside Integrated Care Board",
            ShortNames = ["Riverside ICB", "NHS Riverside"],
        },
        PublishedPhones = ["0300 123 4567", "111", "999"],
        PublishedEmails = ["contactus.riversideicb@nhs.net"],
        Domains = ["riverside.icb.nhs.uk", "nhs.uk", "nhs.net", "gov.uk"],
        PremisesPostcodes = ["RV1 2AB"],
        Acronyms = ["NHS", "GP", "A&E", "ICB", "ICS", "RSV", "MMR", "COVID-19"],
        Jargon = new Dictionary<string, string> { ["PCN"] = "primary care network" },
    };
}

public sealed record OrganisationIdentity
{
    public string Name { get; init; } = "";
    public IReadOnlyList<string> ShortNames { get; init; } = [];
}

/// <summary>A pre-election period; it includes both its start and its end day (RULES.md).</summary>
public sealed record PreElectionPeriod
{
    public string Name { get; init; } = "";
    public DateOnly Start { get; init; }
    public DateOnly End { get; init; }

    public bool Includes(DateOnly day) => day >= Start && day <= End;
}

public sealed record IncidentSettings
{
    public string Name { get; init; } = "";
    public string LandingUrl { get; init; } = "";
}

public sealed record PolicyLimits
{
    public int Emojis { get; init; } = 3;
    public int Hashtags { get; init; } = 2;
    public int LineLength { get; init; } = 280;

    /// <summary>Flesch reading ease target; below it A11Y-READABILITY fires.</summary>
    public double ReadingEase { get; init; } = 60;
}

/// <summary>004 §6.4: the corporate accounts are monitored 9:00–17:00 Monday to Friday.</summary>
public sealed record WorkingHoursSettings
{
    public string TimeZone { get; init; } = "Europe/London";
    public TimeOnly Start { get; init; } = new(9, 0);
    public TimeOnly End { get; init; } = new(17, 0);
    public IReadOnlyList<string> Days { get; init; } = ["Mon", "Tue", "Wed", "Thu", "Fri"];

    /// <summary>Which bank-holiday calendar applies; "none" for none.</summary>
    public string BankHolidays { get; init; } = "england-and-wales";
}

public sealed record PlatformLimitOverride
{
    public int? MaxLength { get; init; }
    public int? MaxImages { get; init; }
}
