using Signpost.Policy.Settings;
using Signpost.Policy.Text;

namespace Signpost.Policy.Rules.Accessibility;

/// <summary>
/// A11Y-HASHTAG-COUNT: more hashtags than the organisation's limit. GCS accessible social media guidance
/// (004 §6.2.3): "Limit hashtags to two per post". The span runs from the first hashtag over the limit
/// to the end of the last hashtag.
/// </summary>
public sealed class HashtagCountRule : IPostRule
{
    private readonly int _limit;

    public HashtagCountRule(OrganisationSettings settings)
    {
        _limit = settings.Limits.Hashtags;
    }

    public string Code => "A11Y-HASHTAG-COUNT";

    public void Check(PostContext context, List<Finding> findings)
    {
        var text = PostText.Of(context);
        if (text.HashtagCount <= _limit)
        {
            return;
        }

        int seen = 0, start = -1, end = -1;
        foreach (var token in text.Tokens)
        {
            if (token.Kind != TokenKind.Hashtag)
            {
                continue;
            }

            if (++seen == _limit + 1)
            {
                start = token.Start;
            }

            end = token.End;
        }

        findings.Add(new Finding(
            Code, Severity.Info, start, end - start,
            $"The post has {text.HashtagCount} hashtags; the limit is {_limit}. Each one interrupts a screen reader: keep the ones that matter most (004 §6.2.3, GCS: limit hashtags to two a post).",
            Suggestion: null));
    }
}
