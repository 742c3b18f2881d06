using System.Globalization;
using System.Text.RegularExpressions;
using Signpost.Policy.Calendar;

namespace Signpost.Policy.Settings;

/// <summary>
/// One problem with an organisation's settings: where it is, as a JSON path in the documented
/// shape ("limits.emojis", "preElectionPeriods[0].end"; empty for the whole document), and what
/// to do about it in words a comms lead can act on.
/// </summary>
public sealed record SettingsError(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

/// <summary>The settings read from JSON, or the reasons they could not be used.</summary>
public sealed record OrganisationSettingsLoadResult(OrganisationSettings? Settings, IReadOnlyList<SettingsError> Errors)
{
    /// <summary>True when the settings were read and every check passed.</summary>
    public bool IsValid => Settings is not null && Errors.Count == 0;
}

/// <summary>
/// Checks organisation settings before the rules are built from them (RULES.md, "Organisation
/// settings that the rules read"), so that a typo in a settings file is reported with its place
/// rather than silently switching a rule off or failing later on a post. Pure: no I/O.
/// </summary>
public static partial class OrganisationSettingsValidator
{
    public const int MaxEmojis = 50;
    public const int MaxHashtags = 30;
    public const int MinLineLength = 20;
    public const int MaxLineLength = 5000;

    /// <summary>The bank-holiday values the calendar understands (see <see cref="BankHolidayCalendar.ForSetting"/>).</summary>
    public static IReadOnlyList<string> BankHolidayValues { get; } = [BankHolidayCalendar.EnglandAndWales, "none"];

    /// <summary>The platform names of RULES.md's command-line contract, as platformLimits keys use them.</summary>
    public static IReadOnlyList<string> PlatformNames { get; } = [.. Enum.GetNames<Platform>().Select(n => n.ToLowerInvariant())];

    private static readonly string[] s_dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    private static readonly string[] s_fullDayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    /// <summary>Every problem found, in document order; empty when the settings can be used.</summary>
    public static IReadOnlyList<SettingsError> Validate(OrganisationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<SettingsError>();

        if (settings.Organisation is null)
        {
            errors.Add(new("organisation", "must be an object with the organisation's name, not null."));
        }

        CheckList(settings.PublishedPhones, "publishedPhones", errors, null);
        CheckList(settings.PublishedEmails, "publishedEmails", errors, static (email, path, errs) =>
        {
            if (!EmailPattern().IsMatch(email.Trim()))
            {
                errs.Add(new(path, $"\"{email}\" is not an email address (expected name@domain, e.g. contactus.riversideicb@nhs.net)."));
            }
        });
        CheckList(settings.Domains, "domains", errors, null);
        CheckList(settings.PremisesPostcodes, "premisesPostcodes", errors, static (postcode, path, errs) =>
        {
            if (!PostcodePattern().IsMatch(postcode.Trim().ToUpperInvariant()))
            {
                errs.Add(new(path, $"\"{postcode}\" is not a full UK postcode (e.g. RV1 2AB)."));
            }
        });
        CheckList(settings.Acronyms, "acronyms", errors, null);
        CheckJargon(settings.Jargon, errors);
        CheckPreElectionPeriods(settings.PreElectionPeriods, errors);
        CheckIncident(settings.Incident, errors);
        CheckLimits(settings.Limits, errors);
        CheckWorkingHours(settings.WorkingHours, errors);
        CheckPlatformLimits(settings.PlatformLimits, errors);

        if (settings.ExtraWords is null)
        {
            errors.Add(new("extraWords", "must be an object (rule code to a list of words), not null."));
        }

        return errors;
    }

    private static void CheckList(IReadOnlyList<string>? items, string path, List<SettingsError> errors, Action<string, string, List<SettingsError>>? checkItem)
    {
        if (items is null)
        {
            errors.Add(new(path, "must be a list, not null (leave it out or use [] for none)."));
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (string.IsNullOrWhiteSpace(items[i]))
            {
                errors.Add(new(itemPath, "is empty."));
                continue;
            }

            checkItem?.Invoke(items[i], itemPath, errors);
        }
    }

    private static void CheckJargon(IReadOnlyDictionary<string, string>? jargon, List<SettingsError> errors)
    {
        if (jargon is null)
        {
            errors.Add(new("jargon", "must be an object (term to explanation), not null."));
            return;
        }

        foreach (var term in jargon.Keys)
        {
            if (string.IsNullOrWhiteSpace(term))
            {
                errors.Add(new("jargon", "has an empty term: every key must be the jargon word or acronym itself (e.g. \"PCN\")."));
            }
        }
    }

    private static void CheckPreElectionPeriods(IReadOnlyList<PreElectionPeriod>? periods, List<SettingsError> errors)
    {
        if (periods is null)
        {
            errors.Add(new("preElectionPeriods", "must be a list, not null (leave it out or use [] for none)."));
            return;
        }

        for (var i = 0; i < periods.Count; i++)
        {
            var path = $"preElectionPeriods[{i}]";
            var period = periods[i];
            if (period is null)
            {
                errors.Add(new(path, "must be an object with name, start and end."));
                continue;
            }

            if (string.IsNullOrWhiteSpace(period.Name))
            {
                errors.Add(new(path + ".name", "is missing: name the election (e.g. \"Local elections 2027\") so that POL-PRE-ELECTION can say which period applies."));
            }

            // DateOnly's default (0001-01-01) is what a missing date deserializes to.
            if (period.Start == default)
            {
                errors.Add(new(path + ".start", "is missing: give the first day as YYYY-MM-DD."));
            }

            if (period.End == default)
            {
                errors.Add(new(path + ".end", "is missing: give the last day as YYYY-MM-DD."));
            }

            if (period.Start != default && period.End != default && period.Start > period.End)
            {
                errors.Add(new(path, string.Create(CultureInfo.InvariantCulture, $"starts ({period.Start:yyyy-MM-dd}) after it ends ({period.End:yyyy-MM-dd}).")));
            }
        }
    }

    private static void CheckIncident(IncidentSettings? incident, List<SettingsError> errors)
    {
        if (incident is null)
        {
            return;
        }

        // LINK-INCIDENT-PAGE compares every link with this one; a relative or http address would
        // either never match or send people to an insecure page (LINK-INSECURE).
        if (!Uri.TryCreate(incident.LandingUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps || url.Host.Length == 0)
        {
            errors.Add(new("incident.landingUrl", $"\"{incident.LandingUrl}\" is not an absolute https:// address (e.g. https://riverside.icb.nhs.uk/incident)."));
        }
    }

    private static void CheckLimits(PolicyLimits? limits, List<SettingsError> errors)
    {
        if (limits is null)
        {
            errors.Add(new("limits", "must be an object, not null (leave it out for the defaults)."));
            return;
        }

        CheckRange(limits.Emojis, 0, MaxEmojis, "limits.emojis", errors);
        CheckRange(limits.Hashtags, 0, MaxHashtags, "limits.hashtags", errors);
        CheckRange(limits.LineLength, MinLineLength, MaxLineLength, "limits.lineLength", errors);
        if (double.IsNaN(limits.ReadingEase) || limits.ReadingEase < 0 || limits.ReadingEase > 100)
        {
            errors.Add(new("limits.readingEase", string.Create(CultureInfo.InvariantCulture, $"must be a Flesch reading ease between 0 and 100 (was {limits.ReadingEase}); 60 is plain English.")));
        }
    }

    private static void CheckRange(int value, int min, int max, string path, List<SettingsError> errors)
    {
        if (value < min || value > max)
        {
            errors.Add(new(path, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max} (was {value}).")));
        }
    }

    private static void CheckWorkingHours(WorkingHoursSettings? hours, List<SettingsError> errors)
    {
        if (hours is null)
        {
            errors.Add(new("workingHours", "must be an object, not null (leave it out for 09:00–17:00 Monday to Friday)."));
            return;
        }

        if (string.IsNullOrWhiteSpace(hours.TimeZone) || !IsKnownTimeZone(hours.TimeZone))
        {
            errors.Add(new("workingHours.timeZone", $"\"{hours.TimeZone}\" is not a time zone this machine knows (use an IANA name such as Europe/London)."));
        }

        // "end": "00:00" means the end of the day, as WorkingHoursCalendar reads it.
        if (hours.End != TimeOnly.MinValue && hours.Start >= hours.End)
        {
            errors.Add(new("workingHours", string.Create(CultureInfo.InvariantCulture, $"start ({hours.Start:HH\\:mm}) must be before end ({hours.End:HH\\:mm}); use \"00:00\" as the end for working until midnight.")));
        }

        if (hours.Days is null)
        {
            errors.Add(new("workingHours.days", "must be a list of days such as [\"Mon\", \"Tue\"], not null."));
        }
        else
        {
            for (var i = 0; i < hours.Days.Count; i++)
            {
                var day = hours.Days[i]?.Trim() ?? "";
                if (!s_dayNames.Contains(day, StringComparer.OrdinalIgnoreCase) && !s_fullDayNames.Contains(day, StringComparer.OrdinalIgnoreCase))
                {
                    errors.Add(new($"workingHours.days[{i}]", $"\"{hours.Days[i]}\" is not a day: use Mon, Tue, Wed, Thu, Fri, Sat or Sun."));
                }
            }
        }

        CheckBankHolidays(hours.BankHolidays, errors);
    }

    private static void CheckBankHolidays(string? value, List<SettingsError> errors)
    {
        var setting = value?.Trim() ?? "";
        if (BankHolidayValues.Contains(setting, StringComparer.OrdinalIgnoreCase)
            || setting.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // The built-in calendar is England and Wales only (Data/Calendar); a gov.uk file given by
        // path is read for its England and Wales division too.
        var message = setting is "scotland" or "northern-ireland"
            ? $"\"{setting}\" bank holidays are not built in yet: use \"england-and-wales\", \"none\", or the path of a gov.uk bank-holidays JSON file."
            : $"\"{setting}\" is not a bank-holiday calendar: use \"england-and-wales\", \"none\", or the path of a gov.uk bank-holidays JSON file.";
        errors.Add(new("workingHours.bankHolidays", message));
    }

    private static bool IsKnownTimeZone(string id)
    {
        try
        {
            WorkingHoursCalendar.FindTimeZone(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    private static void CheckPlatformLimits(IReadOnlyDictionary<string, PlatformLimitOverride>? limits, List<SettingsError> errors)
    {
        if (limits is null)
        {
            errors.Add(new("platformLimits", "must be an object keyed by platform, not null."));
            return;
        }

        foreach (var (name, value) in limits)
        {
            var path = $"platformLimits.{name}";
            // PlatformLimit.For matches keys by the platform's JSON name, without case.
            if (!PlatformNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(new(path, $"\"{name}\" is not a platform: use one of {string.Join(", ", PlatformNames)}."));
            }

            if (value is null)
            {
                errors.Add(new(path, "must be an object with maxLength and/or maxImages."));
                continue;
            }

            if (value.MaxLength is < 1)
            {
                errors.Add(new(path + ".maxLength", string.Create(CultureInfo.InvariantCulture, $"must be at least 1 (was {value.MaxLength}).")));
            }

            if (value.MaxImages is < 0)
            {
                errors.Add(new(path + ".maxImages", string.Create(CultureInfo.InvariantCulture, $"must be 0 or more (was {value.MaxImages}).")));
            }
        }
    }

    // Deliberately plain: one @, no spaces, a dot in the domain. Good enough to catch a pasted
    // phone number or a missing domain; full RFC 5322 is not the point.
    [GeneratedRegex(@"^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    // The full-postcode shape IG-POSTCODE looks for, anchored (ONS/Royal Mail format rules).
    [GeneratedRegex(@"^(?:GIR ?0AA|[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?) ?[0-9][ABD-HJLNP-UW-Z]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex PostcodePattern();
}
