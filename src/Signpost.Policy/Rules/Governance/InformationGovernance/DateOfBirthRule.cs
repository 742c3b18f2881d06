using System.Buffers;
using System.Text.RegularExpressions;

namespace Signpost.Policy.Rules.Governance.InformationGovernance;

/// <summary>
/// IG-DATE-OF-BIRTH: "DOB", "D.O.B.", "date of birth", "born on" or "born" followed by a date
/// in a common UK format ("12/03/1985", "12.03.85", "3rd March 1985", "March 3, 1985",
/// "1985-03-12"), directly or after "is", "was" or "is recorded/listed/shown as". 000 §3.1f,
/// 003 §3.5. "The NHS was born on 5 July 1948" is history, not personal data: a date of birth
/// right after "NHS" is left alone.
/// </summary>
internal sealed partial class DateOfBirthRule : IPostRule
{
    private static readonly SearchValues<string> Cues = SearchValues.Create(["dob", "d.o.b", "d o b", "birth", "born"], StringComparison.OrdinalIgnoreCase);

    public string Code => "IG-DATE-OF-BIRTH";

    public void Check(PostContext context, List<Finding> findings)
    {
        var text = context.Text;
        if (text.Length < 8 || text.AsSpan().IndexOfAny(Cues) < 0 || text.AsSpan().IndexOfAnyInRange('0', '9') < 0)
        {
            return;
        }

        foreach (var match in DateOfBirthPattern().EnumerateMatches(text))
        {
            var from = Math.Max(0, match.Index - 30);
            if (text.AsSpan(from, match.Index - from).Contains("NHS", StringComparison.Ordinal))
            {
                continue;
            }

            findings.Add(new Finding(
                Code,
                Severity.Error,
                match.Index,
                match.Length,
                "This gives someone's date of birth. Never publish a patient's or colleague's personal details; remove it (000 §3.1f, 003 §3.5)."));
        }
    }

    private const string Month = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

    [GeneratedRegex(
        @"(?<![\w.])(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|born(?:\s+on)?)\s*(?:[:\-–—]|(?:is|was)(?:\s+(?:recorded|listed|shown|held|given|down|noted))?(?:\s+as)?)?\s*(?:the\s+)?"
        + @"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})\b"
        + @"|\d{4}-\d{2}-\d{2}\b"
        + @"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + Month + @"\b\.?(?:,?\s+\d{4}\b)?"
        + @"|" + Month + @"\b\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DateOfBirthPattern();
}
