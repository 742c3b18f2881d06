using System.Buffers;

namespace Signpost.Policy.Text;

/// <summary>
/// Estimates the syllables of an English word for the Flesch reading ease (A11Y-READABILITY): vowel
/// groups, less a silent final "e" and the "-es"/"-ed" endings that are not said as a syllable.
/// Good enough for a score that is only compared with a target; exact counts need a pronouncing dictionary.
/// </summary>
public static class SyllableCounter
{
    public static int Count(ReadOnlySpan<char> word)
    {
        // Most words are ASCII letters only: count them in place rather than copy them first.
        if (word.Length <= MaxLetters && !word.ContainsAnyExcept(AsciiLetters))
        {
            return CountLetters(word);
        }

        Span<char> w = stackalloc char[Math.Min(word.Length, MaxLetters)];
        var n = 0;
        foreach (var c in word)
        {
            if (n == w.Length)
            {
                break;
            }

            if (char.IsAsciiLetter(c))
            {
                w[n++] = c;
            }
        }

        return n == 0 ? 0 : CountLetters(w[..n]);
    }

    private const int MaxLetters = 64;

    private static readonly SearchValues<char> AsciiLetters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Counts the syllables of ASCII letters in either case (a word's letters, at most <see cref="MaxLetters"/>).</summary>
    private static int CountLetters(ReadOnlySpan<char> w)
    {
        var n = w.Length;
        var upper = 0;
        var groups = 0;
        var previousVowel = false;
        for (var i = 0; i < n; i++)
        {
            upper += char.IsAsciiLetterUpper(w[i]) ? 1 : 0;
            var vowel = IsVowel(w, i);
            if (vowel && !previousVowel)
            {
                groups++;
            }

            previousVowel = vowel;
        }

        // Initialisms are said letter by letter: "GP" is two syllables, "NHS" three.
        if (upper == n && n <= 4 && (groups == 0 || n <= 3))
        {
            return n;
        }

        if (n > 2 && Lower(w[n - 1]) == 'e' && !(Lower(w[n - 2]) == 'l' && !IsVowel(w, n - 3)) && groups > 1)
        {
            groups--;
        }
        else if (n > 3 && Lower(w[n - 1]) is 's' or 'd' && Lower(w[n - 2]) == 'e' && groups > 1
            && !(Lower(w[n - 1]) == 'd' && Lower(w[n - 3]) is 't' or 'd')
            && !(Lower(w[n - 1]) == 's' && Lower(w[n - 3]) is 's' or 'x' or 'z' or 'c' or 'g' or 'h'))
        {
            groups--;
        }

        return Math.Max(1, groups);
    }

    /// <summary>Lower case of an ASCII letter.</summary>
    private static char Lower(char c) => (char)(c | 0x20);

    private static bool IsVowel(ReadOnlySpan<char> w, int i) =>
        i >= 0 && (Lower(w[i]) is 'a' or 'e' or 'i' or 'o' or 'u' || (Lower(w[i]) == 'y' && i > 0));
}
