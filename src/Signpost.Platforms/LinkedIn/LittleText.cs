using System.Text;
using System.Text.RegularExpressions;

namespace Signpost.Platforms.LinkedIn;

/// <summary>
/// LinkedIn's "little" text format, in which the Posts API reads <c>commentary</c>. The characters
/// <c>\ | { } @ [ ] ( ) &lt; &gt; # * _ ~</c> start mentions, hashtags and templates, and LinkedIn
/// cuts a post short at the first one it cannot parse; as plain text each must be escaped with a
/// backslash. Two things are kept as the author meant them: hashtags (<c>#</c> then letters or
/// digits) stay clickable, and web addresses stay whole so that LinkedIn still links them (their
/// brackets are percent-encoded instead, which addresses allow).
/// </summary>
public static partial class LittleText
{
    private const string Reserved = @"\|{}@[]()<>#*_~";

    /// <summary>Plain text as little-format commentary that LinkedIn shows exactly as written.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 16);
        var from = 0;
        foreach (Match link in LinkPattern().Matches(text))
        {
            var address = TrimTrailingPunctuation(link.Value);
            EscapePlain(text.AsSpan(from, link.Index - from), escaped);
            escaped.Append(EncodeAddress(address));
            from = link.Index + address.Length;
        }

        EscapePlain(text.AsSpan(from), escaped);
        return escaped.ToString();
    }

    private static void EscapePlain(ReadOnlySpan<char> text, StringBuilder escaped)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '#' && IsHashtagStart(text, i))
            {
                escaped.Append(c);
                continue;
            }

            if (Reserved.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }
    }

    /// <summary>A <c>#</c> that starts a word and is followed by a letter or digit: a hashtag.</summary>
    private static bool IsHashtagStart(ReadOnlySpan<char> text, int i) =>
        i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]) && (i == 0 || !char.IsLetterOrDigit(text[i - 1]));

    /// <summary>Brackets and pipes in an address, percent-encoded: the same address, and nothing for little to parse.</summary>
    private static string EncodeAddress(string address) =>
        address.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)
            .Replace("[", "%5B", StringComparison.Ordinal).Replace("]", "%5D", StringComparison.Ordinal)
            .Replace("{", "%7B", StringComparison.Ordinal).Replace("}", "%7D", StringComparison.Ordinal)
            .Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal)
            .Replace("|", "%7C", StringComparison.Ordinal);

    /// <summary>
    /// Sentence punctuation after an address is not part of it; a closing bracket is, when the address
    /// opened one ("…/Fever_(disease)").
    /// </summary>
    private static string TrimTrailingPunctuation(string address)
    {
        while (address.Length > 0)
        {
            var last = address[^1];
            if (last is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '"')
            {
                address = address[..^1];
            }
            else if (last is ')' or ']' or '}' && address.Count(c => c == last) > address.Count(c => c == Opening(last)))
            {
                address = address[..^1];
            }
            else
            {
                break;
            }
        }

        return address;
    }

    private static char Opening(char closing) => closing switch
    {
        ')' => '(',
        ']' => '[',
        _ => '{',
    };

    [GeneratedRegex(@"https?://[^\s<>""]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();
}
