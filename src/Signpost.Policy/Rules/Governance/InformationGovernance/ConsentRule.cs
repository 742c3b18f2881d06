namespace Signpost.Policy.Rules.Governance.InformationGovernance;

/// <summary>
/// IG-CONSENT: media whose consent record is missing, does not cover this use, was withdrawn or
/// has expired (000 §5.0 and Appendix 1; 003 §3.6: "Individuals also have a legal right to remove
/// that consent at any time"). Null means the caller did not look it up: no finding. One
/// whole-post finding per media item, naming the item.
/// </summary>
internal sealed class ConsentRule : IPostRule
{
    public string Code => "IG-CONSENT";

    public void Check(PostContext context, List<Finding> findings)
    {
        var media = context.Post.Media;
        for (var i = 0; i < media.Count; i++)
        {
            var item = media[i];
            var why = item.Consent switch
            {
                ConsentState.Missing => "has no consent record",
                ConsentState.NotCovered => "has a consent record that does not cover this use",
                ConsentState.Withdrawn => "has had its consent withdrawn",
                ConsentState.Expired => "has a consent record that has expired",
                _ => null,
            };
            if (why is null)
            {
                continue;
            }

            var kind = item.Kind switch
            {
                MediaKind.Video => "Video",
                MediaKind.Gif => "GIF",
                _ => "Image",
            };
            var name = string.IsNullOrWhiteSpace(item.FileName) ? "" : $" ({item.FileName})";
            findings.Add(new Finding(
                Code,
                Severity.Error,
                null,
                null,
                $"{kind} {i + 1}{name} {why}. Only use photos and videos of people with written consent that covers this use (000 §5.0, 003 §3.6).",
                "Remove the item or record consent that covers social media use."));
        }
    }
}
