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

    public bool IsGap => MaxGap >= 0;

    public bool Matches(ReadOnlySpan<char> word)
    {
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
/// words of anything (same sentence); a leading <c>!</c> makes the phrase immune to negation;
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

        var byWord = new Dictionary<string, List<LexiconPhrase>>(StringComparer.Ordinal);
        var byPrefix = new Dictionary<string, List<LexiconPhrase>>(StringComparer.Ordinal);
        foreach (var phrase in phrases)
        {
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

    /// <summary>Every phrase of the lexicon found in the scanned text, in order of first word.</summary>
    public void FindPhrases(TextScan scan, List<PhraseHit> hits)
    {
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
        var text = isPrefix ? alternative[..^1] : alternative;
        var normalised = TextScan.NormaliseWords(text);
        if (normalised.Count != 1 || normalised[0].Length == 0)
        {
            throw new FormatException($"lexicon.txt line {lineNumber}: \"{alternative}\" is not one word (write \"a_e\" for A&E in an alternative, \"self harm\" for self-harm).");
        }

        return isPrefix ? new PatternWord { Prefixes = [normalised[0]] } : new PatternWord { Exact = [normalised[0]] };
    }

    private static TriageLexicon LoadEmbedded() =>
        Parse(PolicyDataResource.ReadText(LexiconFile), PolicyDataResource.ReadText(SentimentFile));
}
