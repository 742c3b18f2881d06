namespace Signpost.Policy.Rules.Governance.InformationGovernance;

/// <summary>
/// IG-NHS-NUMBER: a valid NHS number (ten digits, spaced 3-3-4 or not, passing Modulus 11).
/// 000 §3.1f and 003 §3.5: never publish a patient's personal identifiable information. The
/// message never repeats the number.
/// </summary>
internal sealed class NhsNumberRule : IPostRule
{
    public string Code => "IG-NHS-NUMBER";

    public void Check(PostContext context, List<Finding> findings)
    {
        var text = context.Text;
        if (text.Length < 10 || !UkNumbers.HasDigits(text, 10))
        {
            return;
        }

        Span<char> digits = stackalloc char[10];
        foreach (var match in UkNumbers.NhsNumberPattern().EnumerateMatches(text))
        {
            var count = UkNumbers.Digits(text.AsSpan(match.Index, match.Length), digits);
            if (count != 10 || !UkNumbers.PassesModulus11(digits)
                || UkNumbers.IsPhoneRatherThanNhsNumber(text, match.Index, digits))
            {
                continue;
            }

            findings.Add(new Finding(
                Code,
                Severity.Error,
                match.Index,
                match.Length,
                "This looks like an NHS number. Never publish a patient's NHS number or other identifiable details; remove it (000 §3.1f, 003 §3.5)."));
        }
    }
}
