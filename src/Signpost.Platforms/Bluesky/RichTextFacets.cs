using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Signpost.Policy.Text;

namespace Signpost.Platforms.Bluesky;

/// <summary>What a facet makes of a stretch of text.</summary>
internal enum FacetKind
{
    /// <summary>An @handle; <see cref="FacetSpan.Value"/> is the handle without the @.</summary>
    Mention,

    /// <summary>A link; <see cref="FacetSpan.Value"/> is the full URI (https:// added to a bare domain).</summary>
    Link,

    /// <summary>A hashtag; <see cref="FacetSpan.Value"/> is the tag without the #.</summary>
    Tag,
}

/// <summary>
/// One facet: its kind, its value and where it is in the text, in UTF-8 bytes (byteStart inclusive,
/// byteEnd exclusive: lexicon app.bsky.richtext.facet#byteSlice,
/// shared/data/platforms/bluesky/lexicon_app.bsky.richtext.facet@09596d9.json).
/// </summary>
internal sealed record FacetSpan(FacetKind Kind, int ByteStart, int ByteEnd, string Value);

/// <summary>
/// Bluesky shows mentions, links and hashtags as such only when the post carries facets for them:
/// the PDS does not find them in the text. Signpost finds them with the policy engine's tokeniser
/// (<see cref="PostText"/>), so that what the checks saw as a link or hashtag is what is linked.
/// </summary>
internal static class RichTextFacets
{
    /// <summary>Lexicon app.bsky.richtext.facet#tag: at most 64 graphemes and 640 bytes.</summary>
    private const int MaxTagGraphemes = 64;
    private const int MaxTagBytes = 640;

    public static IReadOnlyList<FacetSpan> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var analysis = PostText.Analyse(text);
        var facets = new List<FacetSpan>();

        // UTF-8 offsets, counted once from the start of the text as the tokens go by in order.
        var charPosition = 0;
        var bytePosition = 0;
        int ToBytes(int charIndex)
        {
            bytePosition += Encoding.UTF8.GetByteCount(text.AsSpan(charPosition, charIndex - charPosition));
            charPosition = charIndex;
            return bytePosition;
        }

        foreach (var token in analysis.Tokens)
        {
            var span = text.AsSpan(token.Start, token.Length);
            var facet = token.Kind switch
            {
                TokenKind.Mention => Mention(span),
                TokenKind.Url => Link(span),
                TokenKind.Hashtag => Tag(span),
                _ => null,
            };
            if (facet is { } found)
            {
                var start = ToBytes(token.Start);
                var end = ToBytes(token.End);
                facets.Add(new FacetSpan(found.Kind, start, end, found.Value));
            }
        }

        return facets;
    }

    /// <summary>The facet as the record stores it; a mention needs the DID its handle resolved to.</summary>
    public static JsonObject ToRecord(FacetSpan facet, string? did = null)
    {
        ArgumentNullException.ThrowIfNull(facet);
        JsonObject feature = facet.Kind switch
        {
            FacetKind.Mention => new JsonObject
            {
                ["$type"] = "app.bsky.richtext.facet#mention",
                ["did"] = did ?? throw new ArgumentException("A mention facet needs the DID.", nameof(did)),
            },
            FacetKind.Link => new JsonObject { ["$type"] = "app.bsky.richtext.facet#link", ["uri"] = facet.Value },
            _ => new JsonObject { ["$type"] = "app.bsky.richtext.facet#tag", ["tag"] = facet.Value },
        };
        return new JsonObject
        {
            ["index"] = new JsonObject { ["byteStart"] = facet.ByteStart, ["byteEnd"] = facet.ByteEnd },
            ["features"] = new JsonArray(feature),
        };
    }

    /// <summary>Whether <paramref name="handle"/> has the syntax of an AT Protocol handle (a domain name).</summary>
    public static bool IsHandle(ReadOnlySpan<char> handle)
    {
        if (handle.Length is 0 or > 253)
        {
            return false;
        }

        var labels = 0;
        var lastLabelStart = 0;
        var start = 0;
        for (var i = 0; i <= handle.Length; i++)
        {
            if (i < handle.Length && handle[i] != '.')
            {
                var c = handle[i];
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return false;
                }

                continue;
            }

            var label = handle[start..i];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            labels++;
            lastLabelStart = start;
            start = i + 1;
        }

        // At least two labels, and the last (the top-level domain) does not start with a digit.
        return labels >= 2 && !char.IsAsciiDigit(handle[lastLabelStart]);
    }

    private static (FacetKind Kind, string Value)? Mention(ReadOnlySpan<char> token)
    {
        // "@name@instance.social" is a Mastodon address: on Bluesky it is plain text.
        var handle = token[1..];
        return IsHandle(handle) ? (FacetKind.Mention, handle.ToString().ToLowerInvariant()) : null;
    }

    private static (FacetKind Kind, string Value)? Link(ReadOnlySpan<char> token)
    {
        var text = token.ToString();
        var uri = text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? text
            : "https://" + text;
        return Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
            ? (FacetKind.Link, uri)
            : null;
    }

    private static (FacetKind Kind, string Value)? Tag(ReadOnlySpan<char> token)
    {
        var tag = token[1..].ToString();
        return new StringInfo(tag).LengthInTextElements <= MaxTagGraphemes && Encoding.UTF8.GetByteCount(tag) <= MaxTagBytes
            ? (FacetKind.Tag, tag)
            : null;
    }
}
