using Signpost.Policy.Text;

namespace Signpost.Policy.Rules.Accessibility;

/// <summary>
/// A11Y-TAGS-INLINE: hashtags or mentions in the middle of the text. 001 §7.1: "Put hashtags and
/// mentions at the end, so they don't interrupt content from screen readers." A tag is in the middle
/// when a word of the message follows it; links, emoji and other tags after it do not count. Mentions
/// before the first word ("@Sam thanks for getting in touch") address a reply and are allowed.
/// </summary>
public sealed class TagsInlineRule : IPostRule
{
    public string Code => "A11Y-TAGS-INLINE";

    public void Check(PostContext context, List<Finding> findings)
    {
        var text = PostText.Of(context);
        if (text.HashtagCount + text.MentionCount == 0)
        {
            return;
        }

        var tokens = text.Tokens;
        var lastWord = -1;
        for (var i = tokens.Length - 1; i >= 0; i--)
        {
            if (tokens[i].Kind == TokenKind.Word)
            {
                lastWord = i;
                break;
            }
        }

        var seenWord = false;
        for (var i = 0; i < lastWord; i++)
        {
            var token = tokens[i];
            if (token.Kind == TokenKind.Word)
            {
                seenWord = true;
                continue;
            }

            var isTag = token.Kind is TokenKind.Hashtag or TokenKind.Mention;
            if (!isTag || (!seenWord && token.Kind == TokenKind.Mention))
            {
                continue;
            }

            var what = token.Kind == TokenKind.Hashtag ? "hashtag" : "mention";
            findings.Add(new Finding(
                Code, Severity.Info, token.Start, token.Length,
                $"The {what} \"{text[token]}\" is in the middle of the text: put hashtags and mentions at the end so that screen readers do not interrupt the message (001 §7.1).",
                Suggestion: null));
        }
    }
}
