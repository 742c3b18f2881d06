namespace Signpost.Policy.Rules.Accessibility;

/// <summary>
/// A11Y-CAPTIONS-MISSING: a video without captions. 001 §7.1: "Include video captions, which are
/// crucial for viewers with hearing impairments." When the caller does not know (Captions is null) the
/// rule still fires, asking the author to confirm, because an uncaptioned video must not go out unseen.
/// </summary>
public sealed class CaptionsMissingRule : IPostRule
{
    public string Code => "A11Y-CAPTIONS-MISSING";

    public void Check(PostContext context, List<Finding> findings)
    {
        var media = context.Post.Media;
        for (var i = 0; i < media.Count; i++)
        {
            var item = media[i];
            if (item.Kind != MediaKind.Video || item.Captions == true)
            {
                continue;
            }

            var message = item.Captions == false
                ? $"The video (media {i + 1}) has no captions: add closed captions of the speech and important sounds for people who are deaf or have hearing loss (001 §7.1)."
                : $"It is not known whether the video (media {i + 1}) has captions: confirm that it has closed captions of the speech and important sounds (001 §7.1).";
            findings.Add(new Finding(Code, Severity.Error, null, null, message, Suggestion: null));
        }
    }
}
