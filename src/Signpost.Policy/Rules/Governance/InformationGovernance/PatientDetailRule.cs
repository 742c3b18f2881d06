using System.Buffers;
using System.Collections.Frozen;
using Signpost.Policy.Rules.Governance.Lexicon;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules.Governance.InformationGovernance;

/// <summary>
/// IG-PATIENT-DETAIL: a named individual together with care details in the same sentence
/// (000 §3.1d "discussing a patient or sharing any information about the care an individual is
/// receiving"; 003 §3.5; 004 §6.7.9 "Do not discuss patients or patient care").
/// <para>
/// Precision matters more than recall here, because the rule blocks a post. A name is two
/// capitalised words that are not common capitalised words ("Riverside Hospital", "Director of
/// Nursing"), or Mr/Mrs/Ms/Miss/Mx and a name; a clinician's title (Dr, Nurse, Sister…) makes
/// the person staff. A strong care detail ("diagnosed", "treated for") is enough; weak ones
/// ("Ward 7", "bed") need a second and a sentence without a job role, so "Meet Sarah Jones,
/// ward manager on Ward 7" stays quiet.
/// </para>
/// </summary>
internal sealed class PatientDetailRule : IPostRule
{
    private static readonly FrozenSet<string> Honorifics = FrozenSet.Create(StringComparer.Ordinal, "Mr", "Mrs", "Ms", "Miss", "Mx");

    private static readonly FrozenSet<string> ClinicianTitles = FrozenSet.Create(
        StringComparer.Ordinal, "Dr", "Doctor", "Prof", "Professor", "Nurse", "Sister", "Matron", "Midwife", "Surgeon", "Cllr", "Councillor");

    // Capitalised words that start sentences or name places, services and roles, never people.
    private static readonly string[] CommonCapitalisedWords =
    [
        "The", "Our", "We", "This", "That", "These", "Those", "Meet", "Today", "Yesterday", "Tomorrow", "Last", "Next", "Every",
        "Each", "Congratulations", "Thank", "Thanks", "Welcome", "Happy", "Please", "If", "When", "After", "Before", "During",
        "Since", "Her", "His", "Their", "She", "He", "They", "It", "A", "An", "In", "On", "At", "For", "From", "To", "With",
        "Did", "Do", "Have", "Has", "Was", "Were", "Is", "Are", "Get", "Book", "Find", "Visit", "Call", "Read", "Watch", "Join",
        "New", "Local", "All", "Some", "Many", "Most", "More", "One", "Two", "Three", "Staff", "Patient", "Patients", "Hospital",
        "Hospitals", "Trust", "Board", "Service", "Services", "Centre", "Center", "Unit", "Team", "Clinic", "Practice",
        "Surgery", "Network", "Partnership", "Council", "University", "College", "Foundation", "Care", "Health", "Healthcare",
        "Medical", "Medicine", "Cancer", "Heart", "Mental", "Royal", "General", "Community", "Primary", "Integrated", "England",
        "Scotland", "Wales", "Ireland", "Britain", "Day", "Week", "Month", "Year", "Awareness", "Monday", "Tuesday",
        "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December", "Street", "Road", "Lane", "Avenue", "House",
        "Hall", "Park", "Ward", "Wards", "Department", "Emergency", "Urgent", "Intensive", "Maternity", "Screening",
        "Programme", "Project", "Campaign", "Director", "Nursing", "Officer", "Executive", "Chief", "Manager", "Lead", "Head",
        "Specialist", "Consultant", "Alliance", "Infirmary", "Diabetes", "Stroke", "Dementia", "Children",
        "Children's", "Women's", "Men's", "Family", "Families", "Young", "People", "Adult", "Adults", "Ambulance", "Pharmacy",
        "Dental", "Eye", "Minor", "Injuries", "Accident", "Outpatient", "Outpatients", "Inpatient", "Discharge", "Recovery",
        "Rehabilitation", "Hospice", "Flu", "Covid", "Vaccination", "Vaccine", "Covid-19", "Black", "Asian", "British",
        "South", "North", "East", "West", "Central", "Greater", "Great", "Little", "St", "Saint", "Queen", "King", "Prince",
        "Princess", "Memorial", "County", "City", "District", "Borough", "Village", "Town", "Bay", "Bed", "Theatre", "Theatres",
    ];

    // Common capitalised words that are also surnames: "Jenny Hall, who was diagnosed…" is a person,
    // "Church Hall" is not. They count as a name's second word when what follows reads as a person:
    // "who", an age ("Jean Black, 84,") or "was admitted/diagnosed/treated".
    private static readonly FrozenSet<string> SurnameLikeWords = FrozenSet.Create(
        StringComparer.Ordinal, "Hall", "Park", "King", "Young", "Black", "Little", "Day", "Ward", "Lane", "House", "North", "South", "East", "West");

    private static readonly FrozenSet<string> PlaceNouns = FrozenSet.Create(
        StringComparer.Ordinal, "Ward", "Unit", "Wing", "Suite", "Centre", "Center", "House", "Building", "Lounge", "Theatre", "Theatres", "Hospital", "Hospice", "Clinic", "Room");

    private static readonly SearchValues<char> LetterSet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private readonly GovernanceLexicon _lexicon;

    // The common capitalised words plus the words of the organisation's own names ("NHS Riverside").
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _notNames;

    public PatientDetailRule(OrganisationSettings settings, GovernanceLexicon lexicon)
    {
        _lexicon = lexicon;
        var notNames = new HashSet<string>(CommonCapitalisedWords, StringComparer.Ordinal);
        foreach (var name in (IEnumerable<string>)[settings.Organisation.Name, .. settings.Organisation.ShortNames])
        {
            foreach (var word in name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                notNames.Add(word);
            }
        }

        _notNames = notNames.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Code => "IG-PATIENT-DETAIL";

    public void Check(PostContext context, List<Finding> findings)
    {
        var scan = GovernanceScan.For(context, _lexicon);
        if ((scan.Found & (GovernanceTerms.CareDetail | GovernanceTerms.CareDetailWeak)) == 0)
        {
            return;
        }

        var text = context.Text;
        var hits = scan.Hits;
        var lastSentenceEnd = -1;
        for (var h = 0; h < hits.Count; h++)
        {
            var hit = hits[h];
            if ((hit.Terms & (GovernanceTerms.CareDetail | GovernanceTerms.CareDetailWeak)) == 0 || hit.Start < lastSentenceEnd)
            {
                continue;
            }

            var (sentenceStart, sentenceEnd) = Sentence(text, hit.Start);
            lastSentenceEnd = sentenceEnd;
            if (!CareIsEnough(hits, sentenceStart, sentenceEnd))
            {
                continue;
            }

            if (FindName(text, sentenceStart, sentenceEnd, scan) is { } name)
            {
                findings.Add(new Finding(
                    Code,
                    Severity.Error,
                    name.Start,
                    name.Length,
                    "This names a person next to details of their care. Never discuss a patient or share information about the care someone is receiving; remove the name or the care details (000 §3.1d, 003 §3.5, 004 §6.7.9)."));
            }
        }
    }

    private static bool CareIsEnough(IReadOnlyList<TermHit> hits, int start, int end)
    {
        var strong = 0;
        var weak = 0;
        var lastWeakStart = -1;
        var staff = false;
        foreach (var hit in hits)
        {
            if (hit.Start < start || hit.Start >= end)
            {
                continue;
            }

            if ((hit.Terms & GovernanceTerms.CareDetail) != 0)
            {
                strong++;
            }
            else if ((hit.Terms & GovernanceTerms.CareDetailWeak) != 0 && hit.Start != lastWeakStart)
            {
                // A phrase and its first word can both match: count a weak detail once per start.
                weak++;
                lastWeakStart = hit.Start;
            }

            staff |= (hit.Terms & GovernanceTerms.StaffRole) != 0;
        }

        return strong > 0 || (weak >= 2 && !staff);
    }

    private static (int Start, int End) Sentence(string text, int index)
    {
        var start = index;
        while (start > 0 && !EndsSentence(text, start - 1))
        {
            start--;
        }

        var end = index;
        while (end < text.Length && !EndsSentence(text, end))
        {
            end++;
        }

        return (start, end);
    }

    // '.', '!', '?' followed by a space or the end, or a line break; "Mr." and "Dr." do not end a sentence.
    private static bool EndsSentence(string text, int i)
    {
        var c = text[i];
        if (c is '\n' or '!' or '?')
        {
            return true;
        }

        if (c != '.' || (i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1])))
        {
            return false;
        }

        var wordStart = i;
        while (wordStart > 0 && char.IsLetter(text[wordStart - 1]))
        {
            wordStart--;
        }

        var word = text.AsSpan(wordStart, i - wordStart);
        return !(word is "Mr" or "Mrs" or "Ms" or "Dr" or "St" or "Prof");
    }

    private (int Start, int Length)? FindName(string text, int start, int end, GovernanceScan scan)
    {
        var previousStart = -1;
        var previousEnd = -1;
        var beforePreviousStart = -1;
        var beforePreviousEnd = -1;
        var i = start;
        while (i < end)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }

            var wordEnd = GovernanceScan.WordEnd(text, i);
            if (scan.InLinkOrEmail(i) || (i > 0 && text[i - 1] is '@' or '#'))
            {
                i = wordEnd;
                previousStart = -1;
                continue;
            }

            var word = text.AsSpan(i, wordEnd - i);
            if (previousStart >= 0 && IsSpaceOnly(text, previousEnd, i))
            {
                var previous = text.AsSpan(previousStart, previousEnd - previousStart);
                var titled = beforePreviousStart >= 0 && IsSpaceOrDot(text, beforePreviousEnd, previousStart)
                    && ClinicianTitles.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text.AsSpan(beforePreviousStart, beforePreviousEnd - beforePreviousStart));
                if (Honorifics.GetAlternateLookup<ReadOnlySpan<char>>().Contains(previous) && IsCapitalisedName(word))
                {
                    return (previousStart, wordEnd - previousStart);
                }

                if (!titled && IsCapitalisedName(previous)
                    && (IsCapitalisedName(word) || (SurnameLikeWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word) && PersonFollows(text, wordEnd)))
                    && !ClinicianTitles.GetAlternateLookup<ReadOnlySpan<char>>().Contains(previous)
                    && !NamesAPlace(text, wordEnd))
                {
                    return (previousStart, wordEnd - previousStart);
                }
            }

            beforePreviousStart = previousStart;
            beforePreviousEnd = previousEnd;
            previousStart = i;
            previousEnd = wordEnd;
            i = wordEnd;
        }

        return null;
    }

    private bool IsCapitalisedName(ReadOnlySpan<char> word)
    {
        if (word.Length < 2 || !char.IsUpper(word[0]) || _notNames.Contains(word))
        {
            return false;
        }

        // "NHS", "ICB", "A&E": names have lower-case letters after the first.
        foreach (var c in word[1..])
        {
            if (char.IsUpper(c) || char.IsDigit(c) || c == '&')
            {
                return word.Length > 3 && word[1..].ContainsAnyInRange('a', 'z') && !word[1..3].ContainsAnyInRange('A', 'Z');
            }
        }

        return true;
    }

    /// <summary>"John Smith Ward", "Mary Seacole Unit": a ward or building named after a person.</summary>
    private static bool NamesAPlace(string text, int end)
    {
        if (end >= text.Length || text[end] != ' ')
        {
            return false;
        }

        var next = text.AsSpan(end + 1);
        var length = next.IndexOfAnyExcept(LetterSet);
        next = length < 0 ? next : next[..length];
        return PlaceNouns.GetAlternateLookup<ReadOnlySpan<char>>().Contains(next);
    }

    /// <summary>", who", ", 84," or " was admitted" right after a name: the words before it name a person.</summary>
    private static bool PersonFollows(string text, int end)
    {
        var rest = text.AsSpan(end);
        if (rest.StartsWith(','))
        {
            rest = rest[1..].TrimStart(' ');
            var digits = rest.IndexOfAnyExceptInRange('0', '9');
            if (digits is >= 1 and <= 3 && rest[digits] == ',')
            {
                return true;
            }
        }

        rest = rest.TrimStart(' ');
        if (rest.StartsWith("who ", StringComparison.Ordinal) || rest.StartsWith("whose ", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var verb in (ReadOnlySpan<string>)["was ", "is ", "has been "])
        {
            if (rest.StartsWith(verb, StringComparison.Ordinal))
            {
                var next = rest[verb.Length..];
                foreach (var care in (ReadOnlySpan<string>)["admitted", "diagnosed", "treated", "discharged", "rushed", "taken to"])
                {
                    if (next.StartsWith(care, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool IsSpaceOnly(string text, int from, int to)
    {
        if (to - from is < 1 or > 2)
        {
            return false;
        }

        for (var k = from; k < to; k++)
        {
            if (text[k] != ' ')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSpaceOrDot(string text, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            if (text[k] is not (' ' or '.'))
            {
                return false;
            }
        }

        return to > from;
    }
}
