using System.Text.RegularExpressions;

namespace Signpost.Policy.Rules.Governance.InformationGovernance;

/// <summary>
/// IG-NI-NUMBER: a National Insurance number (000 §3.1f, 003 §3.5). Two prefix letters, six
/// digits (spaced or not) and a suffix A–D; the prefixes HMRC never issues are left out: D, F,
/// I, Q, U or V as either letter, O as the second, and BG, GB, KN, NK, NT, TN and ZZ.
/// </summary>
internal sealed partial class NationalInsuranceNumberRule : IPostRule
{
    public string Code => "IG-NI-NUMBER";

    public void Check(PostContext context, List<Finding> findings)
    {
        var text = context.Text;
        if (text.Length < 9 || !UkNumbers.HasDigits(text, 6))
        {
            return;
        }

        foreach (var match in NiNumberPattern().EnumerateMatches(text))
        {
            findings.Add(new Finding(
                Code,
                Severity.Error,
                match.Index,
                match.Length,
                "This looks like a National Insurance number. Never publish anyone's identifying numbers; remove it (000 §3.1f, 003 §3.5)."));
        }
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?![A-Za-z0-9])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NiNumberPattern();
}
