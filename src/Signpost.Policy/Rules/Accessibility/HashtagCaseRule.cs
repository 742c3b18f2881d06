using System.Collections.Concurrent;
using Signpost.Policy.Settings;
using Signpost.Policy.Text;

namespace Signpost.Policy.Rules.Accessibility;

/// <summary>
/// A11Y-HASHTAG-CASE: a hashtag of two or more words not written in CamelCase. 001 §7.1: "ensure that
/// each word uses a capital letter so that they are read in the correct way by screen readers. For
/// example, #CovWarks (not #covwarks)."
/// </summary>
public sealed class HashtagCaseRule : IPostRule
{
    /// <summary>Most organisations use the same few hundred hashtags; above this many the cache stops growing.</summary>
    private const int CacheLimit = 10_000;

    private readonly HashtagSegmenter _segmenter;

    // Hashtag body → suggestion ("" when it does not fire), so that a hashtag is segmented once.
    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    public HashtagCaseRule(OrganisationSettings settings)
    {
        _segmenter = new HashtagSegmenter(settings.Acronyms);
    }

    public string Code => "A11Y-HASHTAG-CASE";

    public void Check(PostContext context, List<Finding> findings)
    {
        var text = PostText.Of(context);
        if (text.HashtagCount == 0)
        {
            return;
        }

        foreach (var token in text.Tokens)
        {
            if (token.Kind != TokenKind.Hashtag)
            {
                continue;
            }

            var body = text[token][1..];
            if (SuggestCached(body) is { } suggestion)
            {
                findings.Add(new Finding(
                    Code, Severity.Warning, token.Start, token.Length,
                    $"The hashtag \"{text[token]}\" joins several words in one case: start each word with a capital letter so that screen readers read the words (001 §7.1, for example #CovWarks not #covwarks).",
                    suggestion));
            }
        }
    }

    private string? SuggestCached(ReadOnlySpan<char> body)
    {
        var lookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(body, out var cached))
        {
            return cached.Length == 0 ? null : cached;
        }

        var suggestion = Suggest(body);
        if (_cache.Count < CacheLimit)
        {
            lookup.TryAdd(body, suggestion ?? "");
        }

        return suggestion;
    }

    /// <summary>The CamelCase form of a hashtag body, or null when it is one word or already cased.</summary>
    internal string? Suggest(ReadOnlySpan<char> body)
    {
        if (body.Length < 4 || body.Length > HashtagSegmenter.MaxBodyLength || body.Contains('_'))
        {
            return null;
        }

        int upper = 0, lower = 0;
        var firstLetterUpper = false;
        foreach (var c in body)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return null; // other scripts: no word list to segment with
            }

            if (char.IsAsciiLetterUpper(c))
            {
                firstLetterUpper |= upper == 0 && lower == 0;
                upper++;
            }
            else if (char.IsAsciiLetterLower(c))
            {
                lower++;
            }
        }

        // Mixed case other than a single leading capital: the writer has marked the words already.
        if (upper > 0 && lower > 0 && !(upper == 1 && firstLetterUpper))
        {
            return null;
        }

        var words = _segmenter.Segment(body);
        if (words is null)
        {
            return null;
        }

        var knownLetters = 0;
        foreach (var word in words)
        {
            // An unknown one- or two-letter piece means the split is a guess ("stop to be r"): stay quiet.
            if (!word.Known && (word.Length < 3 || lower == 0))
            {
                return null;
            }

            knownLetters += word.Known ? word.Length : 0;
        }

        if (knownLetters * 2 < body.Length)
        {
            return null;
        }

        Span<char> result = stackalloc char[body.Length + 1];
        result[0] = '#';
        var k = 1;
        foreach (var word in words)
        {
            var piece = body.Slice(word.Start, word.Length);
            if (word.Display is { } display && display.Length == word.Length && HasUpper(display))
            {
                display.AsSpan().CopyTo(result[k..]);
            }
            else
            {
                result[k] = char.ToUpperInvariant(piece[0]);
                piece[1..].ToLowerInvariant(result.Slice(k + 1, word.Length - 1));
            }

            k += word.Length;
        }

        var suggestion = result[..k];
        return suggestion[1..].SequenceEqual(body) ? null : suggestion.ToString();
    }

    private static bool HasUpper(string s)
    {
        foreach (var c in s)
        {
            if (char.IsUpper(c))
            {
                return true;
            }
        }

        return false;
    }
}
