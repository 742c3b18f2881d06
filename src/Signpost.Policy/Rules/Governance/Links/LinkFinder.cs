using System.Buffers;
using System.Collections.Frozen;

namespace Signpost.Policy.Rules.Governance.Links;

/// <summary>
/// Finds links in post text without a regex: "http(s)://…", "www.…" and bare addresses whose
/// last label is a common top-level domain ("bit.ly/abc", "nhs.uk/flu"). Starts from each '.'
/// so that text with no dot costs one vectorised search.
/// </summary>
internal static class LinkFinder
{
    // Top-level domains that make a bare "word.word" a link; short on purpose so that "e.g." and
    // "i.e." stay words. Shorteners' own endings (ly, gl, gd, co, cc) are included.
    private static readonly FrozenSet<string> BareDomainEndings = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "uk", "com", "org", "net", "ly", "io", "co", "gl", "gd", "me", "info", "gov", "scot", "wales",
        "cymru", "ie", "eu", "app", "tv", "link", "to", "be", "ws", "us", "cc", "at", "in", "it", "ee",
        "social", "online", "health", "nhs", "site", "st", "id", "de");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> BareDomainEndingLookup =
        BareDomainEndings.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly SearchValues<char> TrailingPunctuation = SearchValues.Create(".,;:!?)]}'\"\u2019\u201D…");

    /// <summary>Adds the links of <paramref name="text"/> to <paramref name="links"/>, in order.</summary>
    public static void Find(string text, List<LinkSpan> links)
    {
        var from = 0;
        while (from < text.Length)
        {
            var dot = text.IndexOf('.', from);
            if (dot < 0)
            {
                return;
            }

            if (dot == 0 || dot + 1 >= text.Length || !char.IsAsciiLetterOrDigit(text[dot - 1]) || !char.IsAsciiLetter(text[dot + 1]))
            {
                from = dot + 1;
                continue;
            }

            var start = dot;
            while (start > 0 && !IsBoundary(text[start - 1]))
            {
                start--;
            }

            var end = dot;
            while (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            from = end;
            if (TryRead(text, start, end, out var link))
            {
                links.Add(link);
            }
        }
    }

    /// <summary>Whether a host is <paramref name="domain"/> or one of its sub-domains.</summary>
    public static bool HostIs(ReadOnlySpan<char> host, string domain) =>
        host.Equals(domain, StringComparison.OrdinalIgnoreCase)
        || (host.Length > domain.Length
            && host[host.Length - domain.Length - 1] == '.'
            && host.EndsWith(domain, StringComparison.OrdinalIgnoreCase));

    private static bool IsBoundary(char c) => char.IsWhiteSpace(c) || c is '(' or '[' or '{' or '<' or '"' or '\'' or '\u201C' or '\u2018';

    private static bool TryRead(string text, int start, int end, out LinkSpan link)
    {
        link = default;

        // Trailing sentence punctuation is not part of the link ("see nhs.uk/flu.").
        while (end > start && TrailingPunctuation.Contains(text[end - 1]))
        {
            end--;
        }

        var candidate = text.AsSpan(start, end - start);
        if (candidate.Contains('@'))
        {
            return false; // an email address or a mention, never a link
        }

        var scheme = LinkScheme.None;
        var schemeAt = candidate.IndexOf("://", StringComparison.Ordinal);
        if (schemeAt >= 0)
        {
            // "Info:https://…": the link starts at its scheme.
            var letters = schemeAt;
            while (letters > 0 && char.IsAsciiLetter(candidate[letters - 1]))
            {
                letters--;
            }

            var name = candidate[letters..schemeAt];
            if (name.Equals("https", StringComparison.OrdinalIgnoreCase))
            {
                scheme = LinkScheme.Https;
            }
            else if (name.Equals("http", StringComparison.OrdinalIgnoreCase))
            {
                scheme = LinkScheme.Http;
            }
            else
            {
                return false;
            }

            start += letters;
            candidate = text.AsSpan(start, end - start);
        }

        var hostStart = scheme == LinkScheme.None ? 0 : candidate.IndexOf("://", StringComparison.Ordinal) + 3;
        var hostLength = candidate[hostStart..].IndexOfAny('/', '?', '#');
        hostLength = hostLength < 0 ? candidate.Length - hostStart : hostLength;
        var host = candidate.Slice(hostStart, hostLength);
        var port = host.IndexOf(':');
        if (port >= 0)
        {
            host = host[..port];
            hostLength = port;
        }

        if (!IsHostName(host))
        {
            return false;
        }

        if (scheme == LinkScheme.None
            && !host.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
            && !BareDomainEndingLookup.Contains(host[(host.LastIndexOf('.') + 1)..]))
        {
            return false;
        }

        link = new LinkSpan(start, end - start, start + hostStart, hostLength, scheme);
        return true;
    }

    private static bool IsHostName(ReadOnlySpan<char> host)
    {
        if (host.Length < 3 || host[0] == '.' || host[^1] == '.' || !host.Contains('.'))
        {
            return false;
        }

        foreach (var c in host)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '.' and not '-')
            {
                return false;
            }
        }

        return true;
    }
}
