using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Signpost.Platforms.Mastodon;

/// <summary>
/// Compares the text Signpost sent with a status as Mastodon shows it. A status's <c>content</c> is
/// HTML the instance made from the text (paragraphs, links, hashtags, mentions; Entities, "Status",
/// content), so it is only good for finding candidates; the exact text comes from the status source.
/// </summary>
internal static partial class StatusText
{
    /// <summary>The letters and digits of a status's HTML content, lower case, for a loose first match.</summary>
    public static string FingerprintOfContent(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var text = WebUtility.HtmlDecode(Tags().Replace(html, " "));
        return Fingerprint(text);
    }

    /// <summary>
    /// The letters and digits of the text Signpost sent. A mention of an account on another instance
    /// (<c>@name@server</c>) is shown as <c>@name</c> in content, so the server is left out here too.
    /// </summary>
    public static string FingerprintOfText(string text) => Fingerprint(RemoteMention().Replace(text ?? "", "@$1"));

    /// <summary>The same text, ignoring line-ending style and surrounding whitespace.</summary>
    public static bool SameText(string? a, string? b) =>
        string.Equals(a?.Trim().ReplaceLineEndings("\n"), b?.Trim().ReplaceLineEndings("\n"), StringComparison.Ordinal);

    private static string Fingerprint(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"(?<![\w@])@([A-Za-z0-9_]+)@[A-Za-z0-9.\-]+[A-Za-z0-9]")]
    private static partial Regex RemoteMention();
}
