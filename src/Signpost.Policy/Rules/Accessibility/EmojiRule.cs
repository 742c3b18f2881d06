using Signpost.Policy.Settings;
using Signpost.Policy.Text;

namespace Signpost.Policy.Rules.Accessibility;

/// <summary>
/// A11Y-EMOJI: more emoji than the organisation's limit, runs of three or more of the same emoji, and
/// an emoji standing in for a word ("I ❤️ the NHS"). Screen readers read each emoji's full name. GCS
/// accessible social media guidance (004 §6.2.3): "Limit emojis to 2 or 3 per post", "Do not repeat the
/// same emoji", "Never use emojis to communicate a core message". Emoji are counted as grapheme clusters,
/// so a ZWJ family, a flag or a skin tone is one emoji.
/// </summary>
public sealed class EmojiRule : IPostRule
{
    private readonly int _limit;

    public EmojiRule(OrganisationSettings settings)
    {
        _limit = settings.Limits.Emojis;
    }

    public string Code => "A11Y-EMOJI";

    public void Check(PostContext context, List<Finding> findings)
    {
        var text = context.Text;
        if (!text.AsSpan().ContainsAnyExceptInRange('\0', '\u00A8'))
        {
            return; // no emoji below U+00A9 except keycaps, which need U+FE0F or U+20E3
        }

        var emoji = new List<EmojiSpan>();
        Emoji.Find(text, emoji);
        if (emoji.Count == 0)
        {
            return;
        }

        if (emoji.Count > _limit)
        {
            findings.Add(new Finding(
                Code, Severity.Warning, null, null,
                $"The post has {emoji.Count} emojis; the limit is {_limit}. Screen readers read out the name of every emoji (004 §6.2.3, GCS: limit emojis to 2 or 3 a post).",
                Suggestion: null));
        }

        var i = 0;
        while (i < emoji.Count)
        {
            var j = i + 1;
            var shape = text.AsSpan(emoji[i].Start, emoji[i].Length);
            while (j < emoji.Count && Adjacent(text, emoji[j - 1], emoji[j])
                && text.AsSpan(emoji[j].Start, emoji[j].Length).SequenceEqual(shape))
            {
                j++;
            }

            if (j - i >= 3)
            {
                var start = emoji[i].Start;
                var end = emoji[j - 1].Start + emoji[j - 1].Length;
                findings.Add(new Finding(
                    Code, Severity.Warning, start, end - start,
                    $"The same emoji is repeated {j - i} times: a screen reader reads its name each time; use it once (004 §6.2.3, GCS).",
                    shape.ToString()));
            }

            i = j;
        }

        var tokens = PostText.Of(context).Tokens;
        foreach (var e in emoji)
        {
            if (ReplacesWord(text, e, tokens))
            {
                var shown = text.AsSpan(e.Start, e.Length);
                findings.Add(new Finding(
                    Code, Severity.Warning, e.Start, e.Length,
                    $"The emoji \"{shown}\" stands in for a word in the middle of a sentence: write the word, because the emoji's name may not mean what you intend (004 §6.2.3, GCS).",
                    WordFor(shown)));
            }
        }
    }

    private static bool Adjacent(string text, EmojiSpan a, EmojiSpan b)
    {
        for (var k = a.Start + a.Length; k < b.Start; k++)
        {
            if (text[k] is not (' ' or '\u200D' or '\uFE0F'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Between two words of one sentence: a letter before it, a lower-case word after it. A link, tag or
    /// mention after it is not a word: "Book here 👉 https://…" points at the link.
    /// </summary>
    private static bool ReplacesWord(string text, EmojiSpan e, ReadOnlySpan<TextToken> tokens)
    {
        var before = e.Start - 1;
        while (before >= 0 && text[before] == ' ')
        {
            before--;
        }

        var after = e.Start + e.Length;
        while (after < text.Length && text[after] is ' ' or '\uFE0F')
        {
            after++;
        }

        return before >= 0 && after < text.Length && before < e.Start - 1 && after > e.Start + e.Length
            && char.IsLetterOrDigit(text[before]) && char.IsLower(text[after]) && WordStartsAt(tokens, after);
    }

    private static bool WordStartsAt(ReadOnlySpan<TextToken> tokens, int start)
    {
        foreach (var token in tokens)
        {
            if (token.Start >= start)
            {
                return token.Start == start && token.Kind == TokenKind.Word;
            }
        }

        return false;
    }

    private static string? WordFor(ReadOnlySpan<char> emoji) => emoji.TrimEnd('\uFE0F') switch
    {
        "\u2764" or "\u2665" or "\U0001F496" or "\U0001F499" or "\U0001F49A" or "\U0001F49C" or "\U0001F9E1" or "\U0001F49B" => "love",
        "\U0001F489" => "vaccine",
        "\U0001F48A" => "medicine",
        "\u260E" or "\U0001F4DE" => "call",
        "\u27A1" or "\U0001F449" => "see",
        "\U0001F3E5" => "hospital",
        _ => null,
    };
}
