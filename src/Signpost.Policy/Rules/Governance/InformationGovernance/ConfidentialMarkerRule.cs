using System.Buffers;
using System.Text.RegularExpressions;
using Signpost.Policy.Rules.Governance.Lexicon;

namespace Signpost.Policy.Rules.Governance.InformationGovernance;

/// <summary>
/// IG-CONFIDENTIAL-MARKER: a protective marking or draft marker left in a post (000 §3.1f: do not
/// publish "any information that is business confidential, sensitive or not for public
/// knowledge"; 003 §3.2.4, §3.6).
/// <para>
/// The rule blocks a post, so it fires on markers, not on ordinary words. NHS services are
/// often "free and confidential", and consultations are on "draft guidance": those stay quiet.
/// Markers are OFFICIAL-SENSITIVE, "embargoed"/"under embargo", "not for publication" (or
/// circulation, distribution), "internal only"/"for internal use only", "commercial in
/// confidence"; CONFIDENTIAL and DRAFT in capitals; "Confidential" or "Draft" as a label at the
/// start of a line or in brackets ("Draft:", "[draft]", "(Confidential)"); and "draft – not for…".
/// </para>
/// </summary>
internal sealed partial class ConfidentialMarkerRule : IPostRule
{
    private static readonly SearchValues<string> Cues = SearchValues.Create(
        ["confiden", "draft", "embargo", "not for", "internal", "sensitive"], StringComparison.OrdinalIgnoreCase);

    private readonly GovernanceLexicon _lexicon;

    public ConfidentialMarkerRule(GovernanceLexicon lexicon) => _lexicon = lexicon;

    public string Code => "IG-CONFIDENTIAL-MARKER";

    public void Check(PostContext context, List<Finding> findings)
    {
        var text = context.Text;
        if (text.AsSpan().IndexOfAny(Cues) >= 0)
        {
            foreach (var match in MarkerPattern().EnumerateMatches(text))
            {
                Add(findings, match.Index, match.Length);
            }
        }

        // Organisation-specific markers from settings.ExtraWords["IG-CONFIDENTIAL-MARKER"].
        if ((_lexicon.Lists & GovernanceTerms.ConfidentialMarker) == 0)
        {
            return;
        }

        var scan = GovernanceScan.For(context, _lexicon);
        if ((scan.Found & GovernanceTerms.ConfidentialMarker) != 0)
        {
            foreach (var hit in scan.Hits)
            {
                if ((hit.Terms & GovernanceTerms.ConfidentialMarker) != 0)
                {
                    Add(findings, hit.Start, hit.Length);
                }
            }
        }
    }

    private void Add(List<Finding> findings, int start, int length) =>
        findings.Add(new Finding(
            Code,
            Severity.Error,
            start,
            length,
            "This is marked as confidential, embargoed or a draft. Do not publish anything business confidential, sensitive or not yet for public knowledge; check it is cleared and remove the marker (000 §3.1f, 003 §3.2.4)."));

    [GeneratedRegex(
        @"(?<![\w-])(?:"
        + @"(?i:official[\s-]+sensitive)"
        + @"|(?i:embargoed|under\s+embargo)"
        + @"|(?i:not\s+for\s+(?:publication|circulation|distribution|onward\s+sharing))"
        + @"|(?i:(?:for\s+)?internal\s+(?:use\s+)?only)"
        + @"|(?i:commercial(?:ly)?\s+in\s+confidence)"
        + @"|CONFIDENTIAL|DRAFT"
        + @"|(?i:draft)[ \t]*[-–—][ \t]*(?i:not\s+for\s+\w+)"
        + @"|(?<=^[ \t]*|[\[(][ \t]*)(?i:confidential|draft)(?=[ \t]*(?:[:\])\-–—]|\r?$))"
        + @")(?![\w-])",
        RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex MarkerPattern();
}
