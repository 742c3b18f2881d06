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
        Span<char> w = stackalloc char[Math.Min(word.Length, 64)];
        var n = 0;
        var upper = 0;
        foreach (var c in word)
        {
            if (n == w.Length)
            {
                break;
            }

            if (char.IsAsciiLetter(c))
            {
                upper += char.IsAsciiLetterUpper(c) ? 1 : 0;
                w[n++] = char.ToLowerInvariant(c);
            }
        }

        if (n == 0)
        {
            return 0;
        }

        w = w[..n];
        var groups = 0;
        var previousVowel = false;
        for (var i = 0; i < n; i++)
        {
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

        if (n > 2 && w[n - 1] == 'e' && !(w[n - 2] == 'l' && !IsVowel(w, n - 3)) && groups > 1)
        {
            groups--;
        }
        else if (n > 3 && w[n - 1] is 's' or 'd' && w[n - 2] == 'e' && groups > 1
            && !(w[n - 1] == 'd' && w[n - 3] is 't' or 'd')
            && !(w[n - 1] == 's' && w[n - 3] is 's' or 'x' or 'z' or 'c' or 'g' or 'h'))
        {
            groups--;
        }

        return Math.Max(1, groups);
    }

    private static bool IsVowel(ReadOnlySpan<char> w, int i) =>
        i >= 0 && (w[i] is 'a' or 'e' or 'i' or 'o' or 'u' || (w[i] == 'y' && i > 0));
}
