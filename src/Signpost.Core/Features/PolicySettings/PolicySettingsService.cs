using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Validation;
using Signpost.Policy.Calendar;
using Signpost.Policy.Settings;

namespace Signpost.Core.Features.PolicySettings;

/// <summary>
/// Each organisation's policy settings (RULES.md, "Organisation settings that the rules read"),
/// stored as JSON on the organisation: read them, and change them with an audit event that says
/// what changed. The organisation's name and short names always come from the organisation
/// record (edited in administration), so that the handle rules and the record never disagree.
/// </summary>
public sealed partial class PolicySettingsService(AppDbContext db, AuditTrail audit, PolicyEngineCache engines)
{
    /// <summary>Most entries in any one list (phones, emails, acronyms, jargon, periods...).</summary>
    public const int MaxEntries = 500;

    /// <summary>Longest entry in a list, or jargon explanation.</summary>
    public const int MaxEntryLength = 200;

    /// <summary>
    /// The bank-holiday calendars a person may choose in the web app: the built-in ones only. The
    /// CLI also accepts the path of a file, but a path typed into a web page must never make the
    /// server read its own files.
    /// </summary>
    public static IReadOnlyList<string> BankHolidayChoices { get; } = [BankHolidayCalendar.EnglandAndWales, "none"];

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["organisation"] = "Organisation",
        ["publishedPhones"] = "Published phone numbers",
        ["publishedEmails"] = "Published email addresses",
        ["domains"] = "Domains",
        ["premisesPostcodes"] = "Premises postcodes",
        ["acronyms"] = "Known acronyms",
        ["jargon"] = "Jargon",
        ["preElectionPeriods"] = "Pre-election periods",
        ["incident"] = "Incident",
        ["incident.name"] = "Incident name",
        ["incident.landingUrl"] = "Incident landing page",
        ["limits"] = "Limits",
        ["limits.emojis"] = "Emoji limit",
        ["limits.hashtags"] = "Hashtag limit",
        ["limits.lineLength"] = "Line length limit",
        ["limits.readingEase"] = "Reading ease target",
        ["workingHours"] = "Working hours",
        ["workingHours.timeZone"] = "Time zone",
        ["workingHours.days"] = "Working days",
        ["workingHours.bankHolidays"] = "Bank holidays",
        ["platformLimits"] = "Platform limits",
        ["extraWords"] = "Extra words",
    };

    /// <summary>The organisation's settings as the rules read them.</summary>
    public OrganisationSettings GetSettings(Organisation organisation) => engines.For(organisation).Settings;

    /// <summary>The engines for the organisation's current settings, built once and shared.</summary>
    public OrganisationEngines GetEngines(Organisation organisation) => engines.For(organisation);

    /// <summary>
    /// Reads the stored JSON. Settings that cannot be read or would not pass validation (only a
    /// hand-edited database could hold those) give the defaults instead, so that checking posts
    /// never fails on them; either way the name and short names are the organisation's.
    /// </summary>
    public static OrganisationSettings ReadSettings(Organisation organisation)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        var loaded = OrganisationSettings.Load(string.IsNullOrWhiteSpace(organisation.SettingsJson) ? "{}" : organisation.SettingsJson);
        var settings = loaded.IsValid && IsBuiltInBankHolidays(loaded.Settings!.WorkingHours.BankHolidays)
            ? loaded.Settings!
            : new OrganisationSettings();
        return WithIdentity(settings, organisation);
    }

    /// <summary>The defaults for a new organisation: no published contacts, the built-in limits and hours.</summary>
    public static OrganisationSettings Defaults(Organisation organisation) => WithIdentity(new OrganisationSettings(), organisation);

    /// <summary>
    /// Every problem with the settings, keyed by its JSON path ("limits.emojis",
    /// "publishedEmails[2]"), each message a sentence that names the field.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Validate(OrganisationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new ValidationErrors();
        foreach (var error in OrganisationSettingsValidator.Validate(settings))
        {
            errors.Add(error.Path, Sentence(error.Path, error.Message));
        }

        CheckSizes(settings, errors);
        // The validator accepts a file path (for the CLI) and reports any other unknown value.
        if (settings.WorkingHours is { } hours && (hours.BankHolidays ?? "").Trim().EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("workingHours.bankHolidays", "Bank holidays: choose England and Wales, or none.");
        }

        if (settings.Incident is { } incident && string.IsNullOrWhiteSpace(incident.Name))
        {
            errors.Add("incident.name", "Incident name is missing: name the incident (e.g. \"Water supply failure\"), or remove the incident when it is over.");
        }

        if (settings.Jargon is { } jargon)
        {
            foreach (var (term, explanation) in jargon)
            {
                // A11Y-JARGON skips a term without an explanation: it would silently do nothing.
                if (!string.IsNullOrWhiteSpace(term) && string.IsNullOrWhiteSpace(explanation))
                {
                    errors.Add("jargon", $"Jargon: \"{term.Trim()}\" needs an explanation, e.g. \"PCN = primary care network\".");
                }
            }
        }

        return errors.Any ? errors.ToException().Errors : new Dictionary<string, string[]>();
    }

    /// <summary>
    /// Validates and saves the organisation's settings, recording each changed field with its old
    /// and new value. Returns false, and records nothing, when nothing changed.
    /// </summary>
    public async Task<bool> UpdateSettingsAsync(Guid organisationId, OrganisationSettings settings, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == organisationId, ct)
            ?? throw new NotFoundException("Organisation", organisationId);
        var errors = Validate(settings);
        if (errors.Count > 0)
        {
            throw new InvalidRequestException(errors);
        }

        var before = ReadSettings(organisation).ToJson();
        var after = WithIdentity(Clean(settings), organisation).ToJson();
        var changes = Diff(before, after);
        if (changes.Count == 0)
        {
            return false;
        }

        organisation.SettingsJson = after;
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.OrganisationSettingsUpdated, actor, organisationId,
            $"Changed the policy settings ({string.Join(", ", changes.Keys)})", "Organisation", organisationId.ToString(), changes), ct);
        return true;
    }

    /// <summary>The changed fields of two settings documents, by JSON path, each with from and to.</summary>
    public static Dictionary<string, object?> Diff(string beforeJson, string afterJson)
    {
        var changes = new Dictionary<string, object?>(StringComparer.Ordinal);
        Compare("", JsonNode.Parse(beforeJson), JsonNode.Parse(afterJson), changes);
        return changes;
    }

    private static void Compare(string path, JsonNode? before, JsonNode? after, Dictionary<string, object?> changes)
    {
        if (JsonNode.DeepEquals(before, after))
        {
            return;
        }

        // Objects are compared field by field ("limits.emojis"); lists and values as a whole.
        if (before is JsonObject b && after is JsonObject a)
        {
            foreach (var key in a.Select(p => p.Key).Concat(b.Select(p => p.Key)).Distinct(StringComparer.Ordinal))
            {
                Compare(path.Length == 0 ? key : $"{path}.{key}", b[key], a[key], changes);
            }

            return;
        }

        changes[path.Length == 0 ? "settings" : path] = new { from = before?.DeepClone(), to = after?.DeepClone() };
    }

    private static bool IsBuiltInBankHolidays(string? value) =>
        BankHolidayChoices.Contains((value ?? "").Trim(), StringComparer.OrdinalIgnoreCase);

    private static OrganisationSettings WithIdentity(OrganisationSettings settings, Organisation organisation) => settings with
    {
        Organisation = new OrganisationIdentity { Name = organisation.Name, ShortNames = [.. organisation.ShortNames] },
    };

    /// <summary>Entries trimmed, duplicates dropped (without case), postcodes in capitals.</summary>
    private static OrganisationSettings Clean(OrganisationSettings settings) => settings with
    {
        PublishedPhones = CleanList(settings.PublishedPhones),
        PublishedEmails = CleanList(settings.PublishedEmails),
        Domains = CleanList(settings.Domains.Select(d => d.ToLowerInvariant())),
        PremisesPostcodes = CleanList(settings.PremisesPostcodes.Select(p => p.ToUpperInvariant())),
        Acronyms = CleanList(settings.Acronyms),
        Jargon = settings.Jargon
            .Select(j => (Term: j.Key.Trim(), Explanation: j.Value.Trim()))
            .DistinctBy(j => j.Term, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(j => j.Term, j => j.Explanation, StringComparer.Ordinal),
        PreElectionPeriods = [.. settings.PreElectionPeriods.Select(p => p with { Name = p.Name.Trim() })],
        Incident = settings.Incident is { } incident
            ? incident with { Name = incident.Name.Trim(), LandingUrl = incident.LandingUrl.Trim() }
            : null,
        WorkingHours = settings.WorkingHours with
        {
            TimeZone = settings.WorkingHours.TimeZone.Trim(),
            BankHolidays = settings.WorkingHours.BankHolidays.Trim().ToLowerInvariant(),
            Days = CleanList(settings.WorkingHours.Days),
        },
    };

    private static List<string> CleanList(IEnumerable<string> items) =>
        [.. items.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static void CheckSizes(OrganisationSettings settings, ValidationErrors errors)
    {
        foreach (var (path, items) in new (string, IReadOnlyList<string>?)[]
        {
            ("publishedPhones", settings.PublishedPhones),
            ("publishedEmails", settings.PublishedEmails),
            ("domains", settings.Domains),
            ("premisesPostcodes", settings.PremisesPostcodes),
            ("acronyms", settings.Acronyms),
        })
        {
            if (items is null)
            {
                continue;
            }

            if (items.Count > MaxEntries)
            {
                errors.Add(path, $"{Labels[path]} can have at most {MaxEntries} entries (there are {items.Count}).");
            }

            for (var i = 0; i < items.Count; i++)
            {
                if ((items[i]?.Trim().Length ?? 0) > MaxEntryLength)
                {
                    errors.Add($"{path}[{i}]", $"{Labels[path]}, entry {i + 1} must be {MaxEntryLength} characters or fewer.");
                }
            }
        }

        if (settings.Jargon is { } jargon)
        {
            if (jargon.Count > MaxEntries)
            {
                errors.Add("jargon", $"Jargon can have at most {MaxEntries} entries (there are {jargon.Count}).");
            }

            foreach (var (term, explanation) in jargon)
            {
                if (term.Trim().Length > MaxEntryLength || (explanation?.Trim().Length ?? 0) > MaxEntryLength)
                {
                    errors.Add("jargon", $"Jargon: \"{Shorten(term.Trim())}\" and its explanation must each be {MaxEntryLength} characters or fewer.");
                }
            }
        }

        if (settings.PreElectionPeriods is { Count: > MaxEntries })
        {
            errors.Add("preElectionPeriods", $"Pre-election periods can have at most {MaxEntries} entries.");
        }

        if (settings.Incident is { } incident && (incident.Name?.Trim().Length > MaxEntryLength || incident.LandingUrl?.Trim().Length > 2000))
        {
            errors.Add("incident", $"Incident: the name must be {MaxEntryLength} characters or fewer, and the landing page 2000.");
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>
    /// The validator's message with the field's name in front: "limits.emojis" with "must be
    /// between 0 and 50 (was 99)." reads "Emoji limit must be between 0 and 50 (was 99)."
    /// </summary>
    internal static string Sentence(string path, string message)
    {
        var label = LabelOf(path);
        if (label.Length == 0)
        {
            return message;
        }

        return message.Length > 0 && char.IsLower(message[0]) ? $"{label} {message}" : $"{label}: {message}";
    }

    private static string LabelOf(string path)
    {
        if (path.Length == 0)
        {
            return "";
        }

        // "preElectionPeriods[0].end" → "Pre-election period 1 end"; "publishedEmails[2]" → "Published email addresses, entry 3".
        var match = IndexedPath().Match(path);
        if (match.Success)
        {
            var list = match.Groups["list"].Value;
            var number = int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) + 1;
            var field = match.Groups["field"].Value;
            if (list == "preElectionPeriods")
            {
                return field.Length == 0 ? $"Pre-election period {number}" : $"Pre-election period {number} {field}";
            }

            return $"{Labels.GetValueOrDefault(list, list)}, entry {number}";
        }

        return Labels.GetValueOrDefault(path, path);
    }

    [GeneratedRegex(@"^(?<list>[A-Za-z.]+)\[(?<index>\d+)\](?:\.(?<field>[A-Za-z]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex IndexedPath();
}
