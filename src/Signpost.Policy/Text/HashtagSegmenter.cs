using System.Collections.Frozen;
using System.Text;

namespace Signpost.Policy.Text;

/// <summary>One word of a segmented hashtag: its span in the hashtag body and how to write it.</summary>
public readonly record struct HashtagWord(int Start, int Length, bool Known, string? Display);

/// <summary>
/// Splits a run-together hashtag ("nhsjobs") into words ("NHS", "Jobs") so that A11Y-HASHTAG-CASE can
/// suggest its CamelCase form (001 §7.1: "#CovWarks (not #covwarks)"). Dynamic programming over the
/// letters picks the split of least total cost, where a word's cost grows with the log of its frequency
/// rank (Zipf's law) in a British English word list, NHS vocabulary and the organisation's acronyms
/// cost as much as the commonest words, and an unknown fragment costs more the longer it is.
/// </summary>
public sealed class HashtagSegmenter
{
    /// <summary>Longest word tried; longer dictionary words are rare in hashtags.</summary>
    public const int MaxWordLength = 20;

    /// <summary>Longest hashtag body segmented; longer ones are left alone.</summary>
    public const int MaxBodyLength = 100;

    private static readonly Lazy<Lexicon> Shared = new(Lexicon.Load);

    private readonly Lexicon _lexicon;
    private readonly FrozenDictionary<string, string> _acronyms;
    private readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _acronymLookup;

    /// <param name="acronyms">The organisation's acronyms ("ICB", "COVID-19"); matched by their letters and digits.</param>
    public HashtagSegmenter(IEnumerable<string> acronyms)
    {
        _lexicon = Shared.Value;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var acronym in acronyms)
        {
            var display = LettersAndDigits(acronym);
            if (display.Length > 0)
            {
                map[display.ToLowerInvariant()] = display;
            }
        }

        _acronyms = map.ToFrozenDictionary(StringComparer.Ordinal);
        _acronymLookup = _acronyms.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// Segments a run of ASCII letters. Returns null when the run is one word (or cannot be segmented),
    /// so that the common case of a one-word hashtag allocates nothing.
    /// </summary>
    public HashtagWord[]? Segment(ReadOnlySpan<char> letters)
    {
        var n = letters.Length;
        if (n < 2 || n > MaxBodyLength)
        {
            return null;
        }

        Span<char> lower = stackalloc char[n];
        letters.ToLowerInvariant(lower);
        Span<float> best = stackalloc float[n + 1];
        Span<int> from = stackalloc int[n + 1];
        best[0] = 0;
        for (var end = 1; end <= n; end++)
        {
            best[end] = float.MaxValue;
            for (var start = Math.Max(0, end - MaxWordLength); start < end; start++)
            {
                var cost = best[start] + WordCost(lower[start..end], out _);
                if (cost < best[end])
                {
                    best[end] = cost;
                    from[end] = start;
                }
            }
        }

        var count = 0;
        for (var end = n; end > 0; end = from[end])
        {
            count++;
        }

        if (count < 2)
        {
            return null;
        }

        var words = new HashtagWord[count];
        var k = count;
        for (var end = n; end > 0; end = from[end])
        {
            var start = from[end];
            WordCost(lower[start..end], out var display);
            var known = display is not null;
            words[--k] = new HashtagWord(start, end - start, known, known && display!.Length > 0 ? display : null);
        }

        return words;
    }

    /// <summary>Whether a whole lower-case word is known (dictionary, NHS vocabulary or acronym).</summary>
    public bool IsKnown(ReadOnlySpan<char> lowerWord)
    {
        WordCost(lowerWord, out var display);
        return display is not null;
    }

    /// <summary>Whether a lower-case word is in the word list but rarer than its <paramref name="rank"/> commonest words ("mas", "dob").</summary>
    public bool IsRareWord(ReadOnlySpan<char> lowerWord, int rank) =>
        _lexicon.Words.TryGetValue(lowerWord, out var cost) && cost > MathF.Log(rank * _lexicon.LogN);

    /// <summary>The organisation's or NHS way of writing a word ("NHS", "GPs"), or null for an ordinary word.</summary>
    public string? DisplayOf(ReadOnlySpan<char> lowerWord)
    {
        WordCost(lowerWord, out var display);
        return string.IsNullOrEmpty(display) ? null : display;
    }

    /// <param name="display">null: unknown; "": an ordinary word; else how to write it.</param>
    private float WordCost(ReadOnlySpan<char> lowerWord, out string? display)
    {
        if (_acronymLookup.TryGetValue(lowerWord, out var acronym))
        {
            display = acronym;
            return _lexicon.VocabularyCost;
        }

        if (_lexicon.Vocabulary.TryGetValue(lowerWord, out var vocabulary))
        {
            display = vocabulary;
            return _lexicon.VocabularyCost;
        }

        if (_lexicon.Words.TryGetValue(lowerWord, out var cost))
        {
            display = "";
            return cost;
        }

        // A plural the word list lacks ("outpatients", "inpatients"): the singular, a little dearer,
        // so that "#outpatients" is one word and not "out" + "patients".
        if (lowerWord.Length > 4 && lowerWord[^1] == 's' && lowerWord[^2] != 's' && _lexicon.Words.TryGetValue(lowerWord[..^1], out var singular))
        {
            display = "";
            return singular + 1f;
        }

        if (lowerWord.IndexOfAnyExceptInRange('0', '9') < 0)
        {
            display = "";
            return _lexicon.VocabularyCost;
        }

        display = null;
        return _lexicon.UnknownCost + (4f * lowerWord.Length);
    }

    private static string LettersAndDigits(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private sealed class Lexicon
    {
        public required FrozenDictionary<string, float>.AlternateLookup<ReadOnlySpan<char>> Words { get; init; }
        public required FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Vocabulary { get; init; }
        public float VocabularyCost { get; init; }
        public float UnknownCost { get; init; }
        public float LogN { get; init; }

        public static Lexicon Load()
        {
            // words-en-gb.txt is ordered by frequency; cost = log(rank × log N) (Zipf).
            var lines = EmbeddedData.ReadLines("Accessibility/words-en-gb.txt");
            var logN = MathF.Log(lines.Count);
            var words = new Dictionary<string, float>(lines.Count, StringComparer.Ordinal);
            for (var rank = 0; rank < lines.Count; rank++)
            {
                words.TryAdd(lines[rank], MathF.Log((rank + 1) * logN));
            }

            var vocabulary = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in EmbeddedData.ReadLines("Accessibility/nhs-vocabulary.txt"))
            {
                vocabulary[LettersAndDigits(line).ToLowerInvariant()] = line;
            }

            return new Lexicon
            {
                Words = words.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>(),
                Vocabulary = vocabulary.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>(),
                // As common as the 30th word: NHS words win over splits into ordinary words.
                LogN = logN,
                VocabularyCost = MathF.Log(30 * logN),
                // More than the rarest known word, so that a known word always beats a fragment.
                UnknownCost = MathF.Log((lines.Count + 1) * logN),
            };
        }
    }
}
