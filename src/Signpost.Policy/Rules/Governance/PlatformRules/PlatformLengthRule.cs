using Signpost.Policy.Platforms;
using Signpost.Policy.Rules.Governance.Lexicon;

namespace Signpost.Policy.Rules.Governance.PlatformRules;

/// <summary>
/// PLATFORM-LENGTH: text longer than the platform allows, counted as the platform counts (X
/// weights characters and counts links as 23; Bluesky counts graphemes and UTF-8 bytes; Mastodon
/// counts links as 23), or more hashtags than it accepts (Instagram: 30). The span is the part
/// that does not fit; the suggestion is the text cut at a word boundary with "…".
/// </summary>
internal sealed class PlatformLengthRule(PlatformLimits limits, GovernanceLexicon lexicon) : IPostRule
{
    public string Code => "PLATFORM-LENGTH";

    public void Check(PostContext context, List<Finding> findings)
    {
        if (context.Post.Platform is not { } platform)
        {
            return;
        }

        var limit = limits[platform];
        var text = context.Text;
        if (limit.MaxLength is { } max && CouldExceed(context, limit, max))
        {
            CheckLength(context, findings, limit, max);
        }

        if (limit.MaxHashtags is { } maxHashtags)
        {
            CheckHashtags(text, findings, platform, maxHashtags);
        }
    }

    // Most posts are far below every limit: an upper bound on the count avoids walking the text.
    private bool CouldExceed(PostContext context, PlatformLimit limit, int max)
    {
        var text = context.Text;
        var perChar = limit.Counting switch
        {
            LengthCounting.XWeighted => 2,
            LengthCounting.ThreadsCharacters => 4,
            _ => 1,
        };
        // ASCII text weighs one per character on every platform.
        var bound = (long)text.Length * (text.AsSpan().ContainsAnyExceptInRange('\0', '\u007F') ? perChar : 1);
        if (limit.LinkLength is { } linkLength && text.Contains('.', StringComparison.Ordinal))
        {
            bound += (long)linkLength * GovernanceScan.For(context, lexicon).Links.Count;
        }

        return bound > max || (limit.MaxUtf8Bytes is { } maxBytes && (long)text.Length * 3 > maxBytes);
    }

    private void CheckLength(PostContext context, List<Finding> findings, PlatformLimit limit, int max)
    {
        var text = context.Text;
        var scan = GovernanceScan.For(context, lexicon);
        Span<(int, int)> links = scan.Links.Count <= 16 ? stackalloc (int, int)[scan.Links.Count] : new (int, int)[scan.Links.Count];
        for (var i = 0; i < links.Length; i++)
        {
            links[i] = (scan.Links[i].Start, scan.Links[i].Length);
        }

        var overflow = PlatformTextMeasure.OverflowIndex(text, limit, links, max);
        if (overflow >= 0)
        {
            var count = PlatformTextMeasure.Count(text, limit, links);
            findings.Add(new Finding(
                Code,
                Severity.Error,
                overflow,
                text.Length - overflow,
                $"This is {count} long as {Name(limit.Platform)} counts it; the limit is {max}. Shorten it or split it into a thread.",
                PlatformTextMeasure.Truncate(text, limit, links, max)));
            return;
        }

        if (limit.MaxUtf8Bytes is { } maxBytes && PlatformTextMeasure.Utf8Bytes(text) > maxBytes)
        {
            findings.Add(new Finding(
                Code,
                Severity.Error,
                null,
                null,
                $"This is {PlatformTextMeasure.Utf8Bytes(text)} bytes long; {Name(limit.Platform)} accepts at most {maxBytes} bytes of text. Shorten it."));
        }
    }

    private void CheckHashtags(string text, List<Finding> findings, Platform platform, int maxHashtags)
    {
        var seen = 0;
        for (var i = text.IndexOf('#', StringComparison.Ordinal); i >= 0; i = text.IndexOf('#', i + 1))
        {
            var isHashtag = i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]) && (i == 0 || !char.IsLetterOrDigit(text[i - 1]));
            if (isHashtag && ++seen > maxHashtags)
            {
                findings.Add(new Finding(
                    Code,
                    Severity.Error,
                    i,
                    text.Length - i,
                    $"{Name(platform)} accepts at most {maxHashtags} hashtags in a post; remove the rest."));
                return;
            }
        }
    }

    internal static string Name(Platform platform) => platform switch
    {
        Platform.X => "X",
        Platform.LinkedIn => "LinkedIn",
        Platform.YouTube => "YouTube",
        Platform.TikTok => "TikTok",
        _ => platform.ToString(),
    };
}
