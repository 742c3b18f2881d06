using Signpost.Policy.Rules.Governance.Lexicon;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules.Governance.Links;

/// <summary>
/// LINK-SHORTENER: a link shortener (bit.ly, tinyurl.com, t.co…; Data/Governance/shorteners.txt
/// plus settings.ExtraWords["LINK-SHORTENER"]) hides where the reader is going. 003 §3.2.1: "All
/// links must be done so that it is clear to the user that they have moved to the third party's
/// website."
/// </summary>
internal sealed class LinkShortenerRule : IPostRule
{
    private static readonly Lazy<string[]> BuiltIn = new(() => [.. GovernanceData.ReadLines("shorteners.txt")]);

    private readonly GovernanceLexicon _lexicon;
    private readonly string[] _shorteners;

    public LinkShortenerRule(OrganisationSettings settings, GovernanceLexicon lexicon)
    {
        _lexicon = lexicon;
        var shorteners = new List<string>(BuiltIn.Value);
        if (settings.ExtraWords.TryGetValue("LINK-SHORTENER", out var extra))
        {
            foreach (var host in extra)
            {
                shorteners.Add(host.Trim().ToLowerInvariant());
            }
        }

        _shorteners = [.. shorteners];
    }

    public string Code => "LINK-SHORTENER";

    public void Check(PostContext context, List<Finding> findings)
    {
        var scan = GovernanceScan.For(context, _lexicon);
        foreach (var link in scan.Links)
        {
            var host = context.Text.AsSpan(link.HostStart, link.HostLength);
            foreach (var shortener in _shorteners)
            {
                if (LinkFinder.HostIs(host, shortener))
                {
                    findings.Add(new Finding(
                        Code,
                        Severity.Warning,
                        link.Start,
                        link.Length,
                        $"This link uses the shortener {shortener}, which hides where the reader is going. Use the full address so that it is clear which site they will visit (003 §3.2.1)."));
                    break;
                }
            }
        }
    }
}
