using System.Collections.Frozen;
using System.Globalization;
using Signpost.Policy.Calendar;

namespace Signpost.Policy.Triage;

/// <summary>
/// One position of a phrase: single-word alternatives (exact or prefix), multi-word alternatives
/// (<see cref="Sequences"/>, written with underscores: <c>see_a_doctor</c>), or a gap of up to
/// <see cref="MaxGap"/> words.
/// </summary>
internal sealed class PatternWord
{
    public string[] Exact = [];
    public string[] Prefixes = [];
    public PatternWord[][] Sequences = [];
    public int MaxGap = -1;

    /// <summary>Written <c>#N</c>: any number of at least N ("took 30 tablets" for <c>took #10 tablets</c>); −1 otherwise.</summary>
    public int MinNumber = -1;

    public bool IsGap => MaxGap >= 0;

    public bool Matches(ReadOnlySpan<char> word)
    {
        if (MinNumber >= 0)
        {
            return TryNumber(word, out var n) && n >= MinNumber;
        }

        foreach (var e in Exact)
        {
            if (word.SequenceEqual(e))
            {
                return true;
            }
        }

        foreach (var p in Prefixes)
        {
            if (word.StartsWith(p, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A word of ASCII digits only (at most six), as a number.</summary>
    public static bool TryNumber(ReadOnlySpan<char> word, out int value)
    {
        value = 0;
        if (word.Length is 0 or > 6)
        {
            return false;
        }

        foreach (var c in word)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}

/// <summary>A phrase of the lexicon, as written in Data/Triage/lexicon.txt, with the group it belongs to.</summary>
internal sealed class LexiconPhrase
{
    public required int Group { get; init; }
    public required PatternWord[] Words { get; init; }

    /// <summary>The phrase as written in the lexicon: shown as the rule in a reason.</summary>
    public required string Source { get; init; }

    /// <summary>Written with a leading '!': a "not" before it does not cancel it (the phrase already says what it means).</summary>
    public required bool IgnoresNegation { get; init; }
}

/// <summary>A phrase found in a message: tokens <see cref="First"/>..<see cref="Last"/> inclusive.</summary>
internal readonly record struct PhraseHit(int Group, int First, int Last, LexiconPhrase Phrase);

/// <summary>
/// The word lists and phrase patterns of triage, loaded once from the embedded
/// <c>Data/Triage/lexicon.txt</c> and <c>Data/Triage/sentiment.tsv</c> and indexed by first word,
/// so that a message is matched in one pass over its words. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Lexicon syntax: <c>[group]</c> starts a group; each further line is a phrase of words separated
/// by spaces; <c>a/b</c> is either word; <c>word*</c> any word starting so; <c>~N</c> up to N
/// words of anything (same sentence); <c>word+</c> the word and its regular inflections; <c>%N</c> a
/// number of at least N; a leading <c>!</c> makes the phrase immune to negation; <c>[@alias]</c>
/// lines are "variant word" (see <see cref="Normalise"/>);
/// <c>#</c> starts a comment. Words are written lower case without apostrophes or hyphens, the
/// way <see cref="TextScan"/> normalises text ("dont", "self harm", "a e" for A&amp;E).
/// </remarks>
internal sealed class TriageLexicon
{
    private const string LexiconFile = "Triage/lexicon.txt";
    private const string SentimentFile = "Triage/sentiment.tsv";

    private static readonly Lazy<TriageLexicon> s_embedded = new(LoadEmbedded);

    private readonly FrozenDictionary<string, LexiconPhrase[]> _byFirstWord;
    private readonly FrozenDictionary<string, LexiconPhrase[]>.AlternateLookup<ReadOnlySpan<char>> _byFirstWordLookup;
    private readonly FrozenDictionary<string, LexiconPhrase[]> _byFirstPrefix;
    private readonly FrozenDictionary<string, LexiconPhrase[]>.AlternateLookup<ReadOnlySpan<char>> _byFirstPrefixLookup;
    private readonly int[] _prefixLengths;
    private readonly LexiconPhrase[] _phrases;
    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _sentimentLookup;
    private readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _aliases;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _knownWords;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _fuzzyWords;
    private readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _fuzzyDeletes;

    /// <summary>Words this long or longer that are not in the lexicon may be read as an urgent word one typo away.</summary>
    internal const int FuzzyMinLength = 7;

    private TriageLexicon(IReadOnlyList<string> groups, List<LexiconPhrase> phrases, FrozenDictionary<string, int> sentiment)
    {
        GroupNames = groups;
        var groupIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var g = 0; g < groups.Count; g++)
        {
            groupIds[groups[g]] = g;
        }

        GroupIds = groupIds.ToFrozenDictionary(StringComparer.Ordinal);
        _phrases = [.. phrases];

        // Spelling and slang variants ([@alias]: "variant word"), every word the lexicon knows, and
        // the urgent words a typo may stand for (deletion index, as in SymSpell).
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        var known = new HashSet<string>(sentiment.Keys, StringComparer.Ordinal);
        var fuzzy = new HashSet<string>(StringComparer.Ordinal);
        foreach (var phrase in phrases)
        {
            var name = groups[phrase.Group];
            if (name == "@alias")
            {
                if (phrase.Words.Length != 2 || phrase.Words[0].Exact.Length != 1 || phrase.Words[1].Exact.Length != 1)
                {
                    throw new FormatException($"lexicon.txt [@alias]: \"{phrase.Source}\" must be two words, the variant and the word it stands for.");
                }

                aliases[phrase.Words[0].Exact[0]] = phrase.Words[1].Exact[0];
                continue;
            }

            var urgent = IsUrgentGroup(name);
            foreach (var word in AllWords(phrase.Words))
            {
                known.Add(word);
                if (urgent && word.Length >= FuzzyMinLength && !name.EndsWith(".veto", StringComparison.Ordinal))
                {
                    fuzzy.Add(word);
                }
            }
        }

        var deletes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in fuzzy)
        {
            for (var d = 0; d < word.Length; d++)
            {
                var key = string.Concat(word.AsSpan(0, d), word.AsSpan(d + 1));
                if (!deletes.TryAdd(key, word) && deletes[key] != word)
                {
                    deletes[key] = ""; // ambiguous: two urgent words share it
                }
            }
        }

        _aliases = aliases.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _knownWords = known.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _fuzzyWords = fuzzy.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _fuzzyDeletes = deletes.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

        var byWord = new Dictionary<string, List<LexiconPhrase>>(StringComparer.Ordinal);
        var byPrefix = new Dictionary<string, List<LexiconPhrase>>(StringComparer.Ordinal);
        foreach (var phrase in phrases)
        {
            if (groups[phrase.Group] == "@alias")
            {
                continue;
            }

            // Single words of an @ group are word lists the engine reads as sets, not phrases to
            // find: indexing them would turn every "i", "you" or "the" into a hit.
            if (phrase.Words.Length == 1 && groups[phrase.Group].StartsWith('@'))
            {
                continue;
            }

            var first = phrase.Words[0];
            foreach (var e in first.Exact)
            {
                Add(byWord, e, phrase);
            }

            foreach (var p in first.Prefixes)
            {
                Add(byPrefix, p, phrase);
            }

            foreach (var sequence in first.Sequences)
            {
                foreach (var e in sequence[0].Exact)
                {
                    Add(byWord, e, phrase);
                }

                foreach (var p in sequence[0].Prefixes)
                {
                    Add(byPrefix, p, phrase);
                }
            }
        }

        _byFirstWord = byWord.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        _byFirstPrefix = byPrefix.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        _byFirstWordLookup = _byFirstWord.GetAlternateLookup<ReadOnlySpan<char>>();
        _byFirstPrefixLookup = _byFirstPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
        _prefixLengths = [.. byPrefix.Keys.Select(k => k.Length).Distinct().Order()];
        Sentiment = sentiment;
        _sentimentLookup = sentiment.GetAlternateLookup<ReadOnlySpan<char>>();

        static void Add(Dictionary<string, List<LexiconPhrase>> index, string key, LexiconPhrase phrase)
        {
            if (!index.TryGetValue(key, out var list))
            {
                index[key] = list = [];
            }

            if (!list.Contains(phrase))
            {
                list.Add(phrase);
            }
        }
    }

    public static TriageLexicon Embedded => s_embedded.Value;

    public IReadOnlyList<string> GroupNames { get; }

    public FrozenDictionary<string, int> GroupIds { get; }

    public int PhraseCount => _phrases.Length;

    public IEnumerable<LexiconPhrase> PhrasesOf(int group)
    {
        foreach (var phrase in _phrases)
        {
            if (phrase.Group == group)
            {
                yield return phrase;
            }
        }
    }

    /// <summary>Word → sentiment score −5..+5 (derived from AFINN-165 and VADER; see Data/Triage/README.md).</summary>
    public FrozenDictionary<string, int> Sentiment { get; }

    public int Group(string name) =>
        GroupIds.TryGetValue(name, out var id) ? id : throw new InvalidOperationException($"The triage lexicon has no group [{name}].");

    public int SentimentOf(ReadOnlySpan<char> word) => _sentimentLookup.TryGetValue(word, out var score) ? score : 0;

    private static bool IsUrgentGroup(string name) =>
        name.StartsWith("selfharm", StringComparison.Ordinal) || name.StartsWith("immediate_danger", StringComparison.Ordinal)
        || name.StartsWith("threat", StringComparison.Ordinal) || name.StartsWith("safeguarding", StringComparison.Ordinal)
        || name.StartsWith("patient_safety", StringComparison.Ordinal);

    private static IEnumerable<string> AllWords(PatternWord[] words)
    {
        foreach (var word in words)
        {
            foreach (var e in word.Exact)
            {
                yield return e;
            }

            foreach (var sequence in word.Sequences)
            {
                foreach (var inner in AllWords(sequence))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>
    /// Reads spelling and slang variants as the word they stand for ([@alias]: "tabs" → "tablets",
    /// "nite" → "night"), and a long word the lexicon does not know as the urgent word one typo away
    /// ("unconcious" → "unconscious", "ovredose" → "overdose"): a letter missing or extra, two letters
    /// swapped, or one vowel for another in a word of nine letters or more. Other substitutions are not
    /// read ("cooking" is not "choking"). The span in a reason stays the text as written.
    /// </summary>
    public void Normalise(TextScan scan)
    {
        for (var t = 0; t < scan.TokenCount; t++)
        {
            var word = scan.WrittenWord(t);
            if (_aliases.TryGetValue(word, out var alias))
            {
                scan.Aliases[t] = alias;
                continue;
            }

            if (word.Length < FuzzyMinLength - 1 || word.Length > 24 || _knownWords.Contains(word) || !IsLetters(word))
            {
                continue;
            }

            scan.Aliases[t] = Fuzzy(word);
        }
    }

    private static bool IsLetters(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsAsciiLetterLower(c))
            {
                return false;
            }
        }

        return true;
    }

    private string? Fuzzy(ReadOnlySpan<char> word)
    {
        // A letter missing: the word is a deletion of an urgent word.
        if (_fuzzyDeletes.TryGetValue(word, out var missing) && missing.Length > 0)
        {
            return missing;
        }

        if (word.Length < FuzzyMinLength)
        {
            return null;
        }

        Span<char> buffer = stackalloc char[24];
        for (var d = 0; d < word.Length; d++)
        {
            word[..d].CopyTo(buffer);
            word[(d + 1)..].CopyTo(buffer[d..]);
            var deleted = buffer[..(word.Length - 1)];

            // A letter extra.
            if (_fuzzyWords.TryGetValue(deleted, out var extra))
            {
                return extra;
            }

            // Same length: two letters swapped, or one vowel for another in a long word.
            if (_fuzzyDeletes.TryGetValue(deleted, out var candidate) && candidate.Length == word.Length && IsSwapOrVowel(word, candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsSwapOrVowel(ReadOnlySpan<char> written, string candidate)
    {
        var first = -1;
        var second = -1;
        for (var i = 0; i < written.Length; i++)
        {
            if (written[i] != candidate[i])
            {
                if (first < 0)
                {
                    first = i;
                }
                else if (second < 0)
                {
                    second = i;
                }
                else
                {
                    return false;
                }
            }
        }

        if (first < 0)
        {
            return false;
        }

        if (second < 0)
        {
            return written.Length >= 9 && "aeiou".Contains(written[first]) && "aeiou".Contains(candidate[first]);
        }

        return second == first + 1 && written[first] == candidate[second] && written[second] == candidate[first];
    }

    /// <summary>
    /// A token that can be an age: a number from 1 to 99 ("15"), or one written with its unit
    /// ("14yo", "13yr", "12yrs"). Whether it is an age is for the caller to say from the words around it.
    /// </summary>
    public static bool TryAge(TextScan scan, int token, out int age)
    {
        var word = scan.Word(token);
        var digits = 0;
        while (digits < word.Length && char.IsAsciiDigit(word[digits]))
        {
            digits++;
        }

        var rest = word[digits..];
        if (digits is 0 or > 2 || !(rest.IsEmpty || rest is "yo" or "yr" or "yrs" or "yrsold" or "yearold" or "yearsold")
            || !PatternWord.TryNumber(word[..digits], out age) || age == 0)
        {
            age = 0;
            return false;
        }

        return true;
    }

    /// <summary>Every phrase of the lexicon found in the scanned text, in order of first word.</summary>
    public void FindPhrases(TextScan scan, List<PhraseHit> hits)
    {
        Normalise(scan);
        for (var i = 0; i < scan.TokenCount; i++)
        {
            var word = scan.Word(i);
            var firstHitHere = hits.Count;
            if (_byFirstWordLookup.TryGetValue(word, out var phrases))
            {
                TryAll(scan, i, phrases, hits, firstHitHere);
            }

            foreach (var length in _prefixLengths)
            {
                if (length > word.Length)
                {
                    break;
                }

                if (_byFirstPrefixLookup.TryGetValue(word[..length], out phrases))
                {
                    TryAll(scan, i, phrases, hits, firstHitHere);
                }
            }
        }
    }

    private static void TryAll(TextScan scan, int start, LexiconPhrase[] phrases, List<PhraseHit> hits, int firstHitHere)
    {
        foreach (var phrase in phrases)
        {
            var end = MatchFrom(scan, phrase.Words, 0, start, scan.Tokens[start].Sentence);
            if (end < 0)
            {
                continue;
            }

            var duplicate = false;
            for (var h = firstHitHere; h < hits.Count; h++)
            {
                if (ReferenceEquals(hits[h].Phrase, phrase))
                {
                    duplicate = true;
                    break;
                }
            }

            if (!duplicate)
            {
                hits.Add(new PhraseHit(phrase.Group, start, end, phrase));
            }
        }
    }

    /// <summary>Matches pattern words from <paramref name="p"/> at token <paramref name="t"/>; returns the last token matched, or −1.</summary>
    private static int MatchFrom(TextScan scan, PatternWord[] words, int p, int t, int sentence)
    {
        if (p == words.Length)
        {
            return t - 1;
        }

        var word = words[p];
        if (word.IsGap)
        {
            for (var skip = 0; skip <= word.MaxGap; skip++)
            {
                var at = t + skip;
                if (at > scan.TokenCount || (at < scan.TokenCount && scan.Tokens[at].Sentence != sentence))
                {
                    break;
                }

                var end = MatchFrom(scan, words, p + 1, at, sentence);
                if (end >= 0)
                {
                    return end;
                }
            }

            return -1;
        }

        if (t >= scan.TokenCount || scan.Tokens[t].Sentence != sentence)
        {
            return -1;
        }

        if (word.Matches(scan.Word(t)))
        {
            var end = MatchFrom(scan, words, p + 1, t + 1, sentence);
            if (end >= 0)
            {
                return end;
            }
        }

        foreach (var sequence in word.Sequences)
        {
            var next = MatchSequence(scan, sequence, t, sentence);
            if (next >= 0)
            {
                var end = MatchFrom(scan, words, p + 1, next, sentence);
                if (end >= 0)
                {
                    return end;
                }
            }
        }

        return -1;
    }

    /// <summary>Matches a multi-word alternative at <paramref name="t"/>; returns the token after it, or −1.</summary>
    private static int MatchSequence(TextScan scan, PatternWord[] sequence, int t, int sentence)
    {
        foreach (var part in sequence)
        {
            if (t >= scan.TokenCount || scan.Tokens[t].Sentence != sentence || !part.Matches(scan.Word(t)))
            {
                return -1;
            }

            t++;
        }

        return t;
    }

    public static TriageLexicon Parse(string lexiconText, string sentimentText)
    {
        var groups = new List<string>();
        var phrases = new List<LexiconPhrase>();
        var group = -1;
        var lineNumber = 0;
        foreach (var rawLine in lexiconText.Split('\n'))
        {
            lineNumber++;
            var hash = rawLine.IndexOf('#', StringComparison.Ordinal);
            var line = (hash >= 0 ? rawLine[..hash] : rawLine).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                var name = line[1..^1].Trim();
                group = groups.IndexOf(name);
                if (group < 0)
                {
                    groups.Add(name);
                    group = groups.Count - 1;
                }

                continue;
            }

            if (group < 0)
            {
                throw new FormatException($"lexicon.txt line {lineNumber}: a phrase before any [group].");
            }

            var immune = line[0] == '!';
            var source = immune ? line[1..].Trim() : line;
            phrases.Add(new LexiconPhrase
            {
                Group = group,
                Words = ParsePattern(source, lineNumber),
                Source = source,
                IgnoresNegation = immune,
            });
        }

        var sentiment = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rawLine in sentimentText.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0 || !int.TryParse(line.AsSpan(tab + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var score))
            {
                throw new FormatException($"sentiment.tsv: bad line \"{line}\".");
            }

            sentiment[line[..tab]] = score;
        }

        return new TriageLexicon(groups, phrases, sentiment.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static PatternWord[] ParsePattern(string source, int lineNumber)
    {
        var parts = source.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var words = new PatternWord[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part[0] == '~')
            {
                if (i == 0 || i == parts.Length - 1 || !int.TryParse(part.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var gap))
                {
                    throw new FormatException($"lexicon.txt line {lineNumber}: a gap \"{part}\" must be ~N between two words.");
                }

                words[i] = new PatternWord { MaxGap = gap };
                continue;
            }

            if (part[0] == '%')
            {
                if (i == 0 || !int.TryParse(part.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var min))
                {
                    throw new FormatException($"lexicon.txt line {lineNumber}: a number \"{part}\" must be %N and not the first word.");
                }

                words[i] = new PatternWord { MinNumber = min };
                continue;
            }

            var exact = new List<string>();
            var prefixes = new List<string>();
            var sequences = new List<PatternWord[]>();
            foreach (var alternative in part.Split('/'))
            {
                var subWords = alternative.Split('_');
                if (subWords.Length > 1)
                {
                    var sequence = new PatternWord[subWords.Length];
                    for (var w = 0; w < subWords.Length; w++)
                    {
                        sequence[w] = ParseWord(subWords[w], lineNumber);
                    }

                    sequences.Add(sequence);
                    continue;
                }

                var single = ParseWord(alternative, lineNumber);
                exact.AddRange(single.Exact);
                prefixes.AddRange(single.Prefixes);
            }

            words[i] = new PatternWord { Exact = [.. exact], Prefixes = [.. prefixes], Sequences = [.. sequences] };
        }

        return words;
    }

    private static PatternWord ParseWord(string alternative, int lineNumber)
    {
        var isPrefix = alternative.EndsWith('*');
        var isInflected = alternative.EndsWith('+');
        var text = isPrefix || isInflected ? alternative[..^1] : alternative;
        var normalised = TextScan.NormaliseWords(text);
        if (normalised.Count != 1 || normalised[0].Length == 0)
        {
            throw new FormatException($"lexicon.txt line {lineNumber}: \"{alternative}\" is not one word (write \"a_e\" for A&E in an alternative, \"self harm\" for self-harm).");
        }

        if (isPrefix)
        {
            return new PatternWord { Prefixes = [normalised[0]] };
        }

        return isInflected ? new PatternWord { Exact = Inflections(normalised[0]) } : new PatternWord { Exact = [normalised[0]] };
    }

    /// <summary>
    /// <c>word+</c>: the word and its regular inflections (-s, -es, -ed, -ing, a final e dropped,
    /// a final consonant doubled, y → ies/ied), so that "slap+" finds "slaps", "slapped", "slapping".
    /// Irregular forms are written out ("hit/hits/hitting"). A form that is not a real word costs nothing.
    /// </summary>
    internal static string[] Inflections(string word)
    {
        var forms = new List<string> { word, word + "s", word + "es", word + "ed", word + "ing" };
        var last = word[^1];
        if (last == 'e')
        {
            forms.Add(word + "d");
            forms.Add(word[..^1] + "ing");
        }
        else if (last == 'y' && word.Length > 2)
        {
            forms.Add(word[..^1] + "ies");
            forms.Add(word[..^1] + "ied");
        }
        else if (!"aeiouwxy".Contains(last, StringComparison.Ordinal) && word.Length >= 3 && "aeiou".Contains(word[^2], StringComparison.Ordinal)
            && !"aeiou".Contains(word[^3], StringComparison.Ordinal))
        {
            forms.Add(word + last + "ed");
            forms.Add(word + last + "ing");
        }

        return [.. forms.Distinct(StringComparer.Ordinal)];
    }

    private static TriageLexicon LoadEmbedded() =>
        Parse(PolicyDataResource.ReadText(LexiconFile), PolicyDataResource.ReadText(SentimentFile));
}
