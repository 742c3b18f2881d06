using System.Buffers;
using Signpost.Policy.Text;

namespace Signpost.Policy.Rules.Accessibility;

/// <summary>
/// A11Y-VAGUE-LINK: "click here", "read more here", "link below" and similar instead of a call to action
/// that says where the link goes. 001 §7.1: "Replace 'click here' with more descriptive call-to-actions
/// like 'sign up', 'try it for free' or 'subscribe'." "Link in bio" is the only way to link on Instagram
/// and TikTok, where captions cannot hold a working link, so it is allowed there.
/// </summary>
public sealed class VagueLinkRule : IPostRule
{
    private static readonly string[] Phrases =
    [
        "click here", "click on this link", "click this link", "click the link", "click on the link", "click below",
        "click the link below", "click on the link below", "tap here", "tap the link", "press here", "read more here",
        "find out more here", "more info here", "more information here", "learn more here", "details here",
        "see here", "go here", "visit here", "sign up here", "register here", "book here", "apply here",
        "link below", "links below", "link above", "see link", "follow the link", "follow this link",
        "link in bio", "link in our bio", "link in the bio",
    ];

    private static readonly SearchValues<string> Search = SearchValues.Create(Phrases, StringComparison.OrdinalIgnoreCase);

    public string Code => "A11Y-VAGUE-LINK";

    public void Check(PostContext context, List<Finding> findings)
    {
        var text = context.Text;
        var bioAllowed = context.Post.Platform is Platform.Instagram or Platform.TikTok;
        var coveredUntil = -1;
        var from = 0;
        while (from < text.Length)
        {
            var hit = text.AsSpan(from).IndexOfAny(Search);
            if (hit < 0)
            {
                break;
            }

            var start = from + hit;
            var length = LongestAt(text, start);
            from = start + 1;
            if (length == 0 || start < coveredUntil)
            {
                continue;
            }

            var phrase = text.AsSpan(start, length);
            if (bioAllowed && phrase.EndsWith("bio", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            coveredUntil = start + length;
            Add(findings, start, length, phrase);
        }

        // "here" written just before the link: "Read our winter guide here: https://…"
        var post = PostText.Of(context);
        var tokens = post.Tokens;
        for (var i = 0; i + 1 < tokens.Length; i++)
        {
            var token = tokens[i];
            if (token.Kind == TokenKind.Word && token.Length == 4 && tokens[i + 1].Kind == TokenKind.Url && token.Start >= coveredUntil
                && post[token].Equals("here", StringComparison.OrdinalIgnoreCase)
                && OnlyPunctuationBetween(text, token.End, tokens[i + 1].Start))
            {
                Add(findings, token.Start, token.Length, post[token]);
            }
        }
    }

    private void Add(List<Finding> findings, int start, int length, ReadOnlySpan<char> phrase) =>
        findings.Add(new Finding(
            Code, Severity.Warning, start, length,
            $"\"{phrase}\" does not say where the link goes: use a call to action that names it, such as \"Book your flu vaccination online\" (001 §7.1).",
            Suggestion: null));

    /// <summary>Length of the longest phrase at <paramref name="start"/> that is whole words, else 0.</summary>
    private static int LongestAt(string text, int start)
    {
        if (start > 0 && PostText.IsWordChar(text[start - 1]))
        {
            return 0;
        }

        var best = 0;
        foreach (var phrase in Phrases)
        {
            if (phrase.Length > best && text.AsSpan(start).StartsWith(phrase, StringComparison.OrdinalIgnoreCase)
                && (start + phrase.Length == text.Length || !PostText.IsWordChar(text[start + phrase.Length])))
            {
                best = phrase.Length;
            }
        }

        return best;
    }

    private static bool OnlyPunctuationBetween(string text, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (PostText.IsWordChar(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
