using System.Globalization;
using System.Text;

namespace Signpost.Policy.Platforms;

/// <summary>
/// Counts a post's length the way a platform counts it, and finds where the text goes over.
/// Links are passed in by the caller as UTF-16 spans, because the platforms that replace links
/// by a fixed length (X and Mastodon: 23) count every link the same.
/// </summary>
public static class PlatformTextMeasure
{
    /// <summary>The length of <paramref name="text"/> as the platform counts it.</summary>
    public static int Count(string text, PlatformLimit limit, ReadOnlySpan<(int Start, int Length)> links) =>
        Walk(text, limit, links, stopAbove: int.MaxValue).Count;

    /// <summary>
    /// The UTF-16 index of the first character that takes the count over <paramref name="max"/>,
    /// or -1 when the whole text fits.
    /// </summary>
    public static int OverflowIndex(string text, PlatformLimit limit, ReadOnlySpan<(int Start, int Length)> links, int max) =>
        Walk(text, limit, links, stopAbove: max).OverflowAt;

    /// <summary>
    /// The text cut at a word boundary, with "…", so that it fits <paramref name="max"/> as the
    /// platform counts (the ellipsis included). A link is never cut in half.
    /// </summary>
    public static string Truncate(string text, PlatformLimit limit, ReadOnlySpan<(int Start, int Length)> links, int max)
    {
        const string Ellipsis = "…";
        var budget = max - Walk(Ellipsis, limit, [], int.MaxValue).Count;
        var cut = budget <= 0 ? 0 : Walk(text, limit, links, budget).OverflowAt;
        if (cut < 0)
        {
            return text;
        }

        foreach (var (start, length) in links)
        {
            if (cut > start && cut < start + length)
            {
                cut = start;
            }
        }

        // Back off to the last whitespace so that no word is cut, unless the first word is too long.
        var end = cut;
        if (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            var space = text.AsSpan(0, end).LastIndexOfAny(' ', '\n', '\t');
            if (space > 0)
            {
                end = space;
            }
        }

        var kept = text.AsSpan(0, end).TrimEnd().TrimEnd(",;:-–—".AsSpan()).TrimEnd();
        return string.Concat(kept, Ellipsis);
    }

    /// <summary>The UTF-8 size of the text (Bluesky's second limit).</summary>
    public static int Utf8Bytes(string text) => Encoding.UTF8.GetByteCount(text);

    private static (int Count, int OverflowAt) Walk(string text, PlatformLimit limit, ReadOnlySpan<(int Start, int Length)> links, int stopAbove)
    {
        var counting = limit.Counting;
        var linkLength = limit.LinkLength;
        var count = 0;
        var link = 0;
        var i = 0;

        // Fast path: ASCII text with no links counts one per character on every platform.
        if (links.IsEmpty && !text.AsSpan().ContainsAnyExceptInRange('\0', '\u007F')
            && (counting != LengthCounting.MastodonCharacters || !text.Contains('@', StringComparison.Ordinal)))
        {
            return text.Length > stopAbove ? (text.Length, stopAbove) : (text.Length, -1);
        }

        while (i < text.Length)
        {
            int weight;
            int step;
            if (link < links.Length && links[link].Start == i)
            {
                step = links[link].Length;
                weight = linkLength ?? Walk(text.Substring(i, step), limit, [], int.MaxValue).Count;
                link++;
            }
            else if (counting == LengthCounting.MastodonCharacters && MastodonMentionDomain(text, i) is > 0 and var domain)
            {
                // "@user@instance.social" counts as "@user": the domain is free.
                step = domain;
                weight = 0;
            }
            else if (text[i] < 0x80 && text[i] != '\r' && (i + 1 == text.Length || text[i + 1] < 0x300))
            {
                // A plain ASCII character not followed by a combining mark is one grapheme of weight 1.
                step = 1;
                weight = 1;
            }
            else
            {
                step = StringInfo.GetNextTextElementLength(text.AsSpan(i));
                weight = counting switch
                {
                    LengthCounting.Utf16 => step,
                    LengthCounting.XWeighted => XWeight(text.AsSpan(i, step)),
                    LengthCounting.ThreadsCharacters => IsEmoji(text.AsSpan(i, step)) ? Encoding.UTF8.GetByteCount(text.AsSpan(i, step)) : 1,
                    _ => 1,
                };
            }

            if (count + weight > stopAbove)
            {
                return (count + weight, i);
            }

            count += weight;
            i += step;
            while (link < links.Length && links[link].Start < i)
            {
                link++;
            }
        }

        return (count, -1);
    }

    // twitter-text config v3: scale 100, defaultWeight 200; weight 100 for U+0000–U+10FF,
    // U+2000–U+200D, U+2010–U+201F and U+2032–U+2037; an emoji sequence weighs 200 in all.
    private static int XWeight(ReadOnlySpan<char> grapheme)
    {
        if (IsEmoji(grapheme))
        {
            return 2;
        }

        var weight = 0;
        foreach (var rune in grapheme.EnumerateRunes())
        {
            var v = rune.Value;
            weight += v <= 0x10FF || v is >= 0x2000 and <= 0x200D or >= 0x2010 and <= 0x201F or >= 0x2032 and <= 0x2037 ? 1 : 2;
        }

        return weight;
    }

    /// <summary>An emoji grapheme: a pictograph, a flag, a keycap or a sequence with VS16 or ZWJ.</summary>
    internal static bool IsEmoji(ReadOnlySpan<char> grapheme)
    {
        if (grapheme.IsEmpty || grapheme[0] < 0x2000)
        {
            return grapheme.Length > 1 && (grapheme.Contains('\u20E3') || grapheme.Contains('\uFE0F')); // keycaps "1️⃣"
        }

        if (Rune.DecodeFromUtf16(grapheme, out var first, out _) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        var v = first.Value;
        return v >= 0x1F000
            || v is >= 0x2600 and <= 0x27BF
            || v is >= 0x2B00 and <= 0x2BFF
            || grapheme.Contains('\uFE0F')
            || grapheme.Contains('\u200D');
    }

    private static int MastodonMentionDomain(string text, int i)
    {
        // At the second '@' of "@user@domain": return the length of "@domain".
        if (text[i] != '@' || i == 0 || !(char.IsAsciiLetterOrDigit(text[i - 1]) || text[i - 1] == '_'))
        {
            return 0;
        }

        var userStart = i - 1;
        while (userStart > 0 && (char.IsAsciiLetterOrDigit(text[userStart - 1]) || text[userStart - 1] == '_'))
        {
            userStart--;
        }

        if (userStart == 0 || text[userStart - 1] != '@')
        {
            return 0;
        }

        var end = i + 1;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '.' or '-'))
        {
            end++;
        }

        while (end > i + 1 && text[end - 1] == '.')
        {
            end--;
        }

        return end - i > 1 && text.AsSpan(i + 1, end - i - 1).Contains('.') ? end - i : 0;
    }
}
