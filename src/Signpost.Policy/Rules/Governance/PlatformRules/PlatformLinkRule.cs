using Signpost.Policy.Rules.Governance.Lexicon;

namespace Signpost.Policy.Rules.Governance.PlatformRules;

/// <summary>
/// PLATFORM-LINK: a link where the platform will not make it clickable (Instagram captions).
/// Readers cannot follow it; point them to the link in the profile ("link in bio") instead.
/// </summary>
internal sealed class PlatformLinkRule(PlatformLimits limits, GovernanceLexicon lexicon) : IPostRule
{
    public string Code => "PLATFORM-LINK";

    public void Check(PostContext context, List<Finding> findings)
    {
        if (context.Post.Platform is not { } platform || limits[platform].LinksClickable)
        {
            return;
        }

        var scan = GovernanceScan.For(context, lexicon);
        foreach (var link in scan.Links)
        {
            findings.Add(new Finding(
                Code,
                Severity.Info,
                link.Start,
                link.Length,
                $"{PlatformLengthRule.Name(platform)} does not make links in captions clickable. Put the link in the profile and say \"link in bio\", or share it on another channel."));
        }
    }
}
