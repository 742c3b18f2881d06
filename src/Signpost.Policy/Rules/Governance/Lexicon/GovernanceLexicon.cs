using System.Collections.Frozen;
using System.Text;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules.Governance.Lexicon;

/// <summary>
/// Every governance word list (profanity, abuse, parties, promotion, legal, care details…) in
/// one dictionary keyed by the lower-cased phrase, so that a post is cut into words once and
/// each word is looked up once for all the rules (see <see cref="GovernanceScan"/>). Built once
/// per organisation's settings, because settings.ExtraWords add to the lists.
/// </summary>
internal sealed class GovernanceLexicon
{
    /// <summary>The longest phrase, in words, that a lookup extends to.</summary>
    public const int MaxPhraseWords = 6;

    private static readonly Lazy<List<KeyValuePair<string, LexiconEntry>>> BuiltIn = new(LoadBuiltIn);

    private readonly FrozenDictionary<string, LexiconEntry> _entries;

    // A one-hash Bloom filter over the keys: most words of a post are in no list, and the filter
    // turns them away for the cost of one multiply, before the dictionary hashes the whole key.
    private const int FilterBits = 16;
    private readonly ulong[] _filter = new ulong[(1 << FilterBits) / 64];

    private GovernanceLexicon(Dictionary<string, LexiconEntry> entries)
    {
        _entries = entries.ToFrozenDictionary(StringComparer.Ordinal);
        Lookup = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (key, entry) in entries)
        {
            Lists |= entry.Terms;
            var bit = FilterBit(key);
            _filter[bit >> 6] |= 1UL << (int)bit;
        }
    }

    /// <summary>Every list that has at least one entry, so that a rule can skip the scan when its list is empty.</summary>
    public GovernanceTerms Lists { get; }

    /// <summary>Looks a normalised key (lower case, words joined by one space) up without allocating.</summary>
    public FrozenDictionary<string, LexiconEntry>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }

    public int Count => _entries.Count;

    /// <summary>Looks a normalised key up; the same answer as <see cref="Lookup"/>, faster when the key is in no list.</summary>
    public bool TryGetValue(ReadOnlySpan<char> key, out LexiconEntry entry)
    {
        var bit = FilterBit(key);
        if ((_filter[bit >> 6] & (1UL << (int)bit)) == 0)
        {
            entry = default;
            return false;
        }

        return Lookup.TryGetValue(key, out entry);
    }

    /// <summary>A hash of a key's length and its first, middle and last characters, as a bit of the filter.</summary>
    private static uint FilterBit(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty)
        {
            return 0;
        }

        var h = ((((uint)key.Length * 31) + key[0]) * 31 + key[key.Length / 2]) * 31 + key[^1];
        return (h * 0x9E3779B1u) >> (32 - FilterBits);
    }

    /// <summary>The built-in lists with no organisation's extra words.</summary>
    public static GovernanceLexicon Default { get; } = Create(new OrganisationSettings());

    public static GovernanceLexicon Create(OrganisationSettings settings)
    {
        var entries = new Dictionary<string, LexiconEntry>(StringComparer.Ordinal);
        foreach (var (key, entry) in BuiltIn.Value)
        {
            Merge(entries, key, entry);
        }

        foreach (var (code, words) in settings.ExtraWords)
        {
            var terms = TermsForCode(code);
            if (terms == GovernanceTerms.None)
            {
                continue;
            }

            foreach (var word in words)
            {
                AddLine(entries, word, terms, suppressOnly: false);
            }
        }

        return new GovernanceLexicon(entries);
    }

    /// <summary>The rule code whose extra words (settings.ExtraWords) go into a list.</summary>
    internal static GovernanceTerms TermsForCode(string code) => code switch
    {
        "CONDUCT-PROFANITY" => GovernanceTerms.Profanity,
        "CONDUCT-ABUSIVE" => GovernanceTerms.Abusive,
        "POL-PARTY" => GovernanceTerms.Party,
        "POL-PRE-ELECTION" => GovernanceTerms.Promotion,
        "POL-ANNOUNCEMENT" => GovernanceTerms.Announcement,
        "CONDUCT-LEGAL" => GovernanceTerms.Legal,
        "IG-PATIENT-DETAIL" => GovernanceTerms.CareDetail,
        "IG-CONFIDENTIAL-MARKER" => GovernanceTerms.ConfidentialMarker,
        _ => GovernanceTerms.None,
    };

    private static List<KeyValuePair<string, LexiconEntry>> LoadBuiltIn()
    {
        var entries = new Dictionary<string, LexiconEntry>(StringComparer.Ordinal);
        AddFile(entries, "profanity.txt", GovernanceTerms.Profanity);
        AddFile(entries, "abusive.txt", GovernanceTerms.Abusive);
        AddFile(entries, "parties.txt", GovernanceTerms.Party);
        AddFile(entries, "government-comment.txt", GovernanceTerms.GovernmentComment);
        AddFile(entries, "pre-election-promotion.txt", GovernanceTerms.Promotion);
        AddFile(entries, "announcement.txt", GovernanceTerms.Announcement);
        AddFile(entries, "legal.txt", GovernanceTerms.Legal);
        AddFile(entries, "care-details.txt", GovernanceTerms.CareDetail);
        AddFile(entries, "staff-roles.txt", GovernanceTerms.StaffRole);

        // Every line of these two files is an exception phrase ("sexual health", "patient experience").
        AddFile(entries, "health-allow.txt", GovernanceTerms.Profanity | GovernanceTerms.Abusive, suppressOnly: true);
        AddFile(entries, "care-not-patient.txt", GovernanceTerms.CareDetail | GovernanceTerms.CareDetailWeak, suppressOnly: true);
        return [.. entries];
    }

    private static void AddFile(Dictionary<string, LexiconEntry> entries, string file, GovernanceTerms terms, bool suppressOnly = false)
    {
        foreach (var line in GovernanceData.ReadLines(file))
        {
            AddLine(entries, line, terms, suppressOnly);
        }
    }

    // Line syntax of the data files (Data/Governance/README.md): "!phrase" is an exception that
    // suppresses the list's matches it overlaps; "~phrase" is a weak care detail; "^phrase" must
    // start with a capital letter in the post; "_phrase" must be in lower case.
    private static void AddLine(Dictionary<string, LexiconEntry> entries, string line, GovernanceTerms terms, bool suppressOnly)
    {
        var text = line.AsSpan().Trim();
        var entry = default(LexiconEntry);
        var suppress = suppressOnly;
        while (text.Length > 0 && text[0] is '!' or '~' or '^' or '_')
        {
            switch (text[0])
            {
                case '!':
                    suppress = true;
                    break;
                case '~':
                    terms = terms == GovernanceTerms.CareDetail ? GovernanceTerms.CareDetailWeak : terms;
                    break;
                case '^':
                    entry = entry with { NeedsCapital = terms };
                    break;
                default:
                    entry = entry with { NeedsLowerCase = terms };
                    break;
            }

            text = text[1..];
        }

        var key = NormaliseKey(text);
        if (key.Length == 0)
        {
            return;
        }

        entry = suppress ? entry with { Suppresses = terms } : entry with { Terms = terms };
        Merge(entries, key, entry);
    }

    private static void Merge(Dictionary<string, LexiconEntry> entries, string key, LexiconEntry entry)
    {
        entries[key] = entries.TryGetValue(key, out var existing) ? existing.Union(entry) : entry;

        // Mark every shorter prefix ("not for" of "not for publication") so that a lookup knows
        // to extend to the next word.
        for (var space = key.LastIndexOf(' '); space > 0; space = key.LastIndexOf(' ', space - 1))
        {
            var prefix = key[..space];
            entries[prefix] = (entries.TryGetValue(prefix, out var p) ? p : default) with { ContinuesLonger = true };
        }
    }

    /// <summary>Lower case, curly apostrophes straightened, hyphens and spaces as one space, no trailing apostrophes.</summary>
    internal static string NormaliseKey(ReadOnlySpan<char> phrase)
    {
        var builder = new StringBuilder(phrase.Length);
        var pendingSpace = false;
        foreach (var raw in phrase)
        {
            var c = raw is '\u2019' or '\u2018' ? '\'' : char.ToLowerInvariant(raw);
            if (IsWordChar(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                builder.Append(c);
            }
            else
            {
                pendingSpace = true;
            }
        }

        // "magistrates' court": an apostrophe that ends a word is punctuation, as in the scan.
        return builder.ToString().Replace("' ", " ", StringComparison.Ordinal).TrimEnd('\'');
    }

    /// <summary>A character that belongs to a word: letters, digits, inner apostrophes and '&amp;' (A&amp;E).</summary>
    internal static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '\'' or '\u2019' or '&';
}

/// <summary>What the lexicon knows about one normalised phrase.</summary>
internal readonly record struct LexiconEntry
{
    public GovernanceTerms Terms { get; init; }

    /// <summary>The lists whose overlapping matches this exception phrase cancels.</summary>
    public GovernanceTerms Suppresses { get; init; }

    /// <summary>The lists for which the match must start with a capital letter.</summary>
    public GovernanceTerms NeedsCapital { get; init; }

    /// <summary>The lists for which the match must start with a lower-case letter.</summary>
    public GovernanceTerms NeedsLowerCase { get; init; }

    /// <summary>A longer phrase starts with this one.</summary>
    public bool ContinuesLonger { get; init; }

    public LexiconEntry Union(LexiconEntry other) => new()
    {
        Terms = Terms | other.Terms,
        Suppresses = Suppresses | other.Suppresses,
        NeedsCapital = NeedsCapital | other.NeedsCapital,
        NeedsLowerCase = NeedsLowerCase | other.NeedsLowerCase,
        ContinuesLonger = ContinuesLonger || other.ContinuesLonger,
    };
}
