using Signpost.Policy.Rules.Governance.Lexicon;

namespace Signpost.Policy.Rules.Governance.Links;

/// <summary>
/// LINK-INSECURE: an http:// link. The suggestion is the same address with https://. Readers
/// should be able to trust where an NHS post sends them (003 §3.2.1, 000 §4.2 "an agreed and
/// reliable source").
/// </summary>
internal sealed class InsecureLinkRule(GovernanceLexicon lexicon) : IPostRule
{
    public string Code => "LINK-INSECURE";

    public void Check(PostContext context, List<Finding> findings)
    {
        var scan = GovernanceScan.For(context, lexicon);
        foreach (var link in scan.Links)
        {
            if (link.Scheme != LinkScheme.Http)
            {
                continue;
            }

            var url = context.Text.AsSpan(link.Start, link.Length);
            findings.Add(new Finding(
                Code,
                Severity.Warning,
                link.Start,
                link.Length,
                "This link is not secure (http://). Link to the https:// address so that readers reach the real site safely (003 §3.2.1).",
                string.Concat("https://", url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..])));
        }
    }
}
