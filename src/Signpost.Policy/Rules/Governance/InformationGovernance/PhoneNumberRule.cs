using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules.Governance.InformationGovernance;

/// <summary>
/// IG-PHONE: a UK phone number that is not on settings.PublishedPhones (003 §3.2.1: "never
/// publish anyone else's contact details without their express consent"). Numbers are compared
/// by their digits, with +44 read as 0. The short numbers 111 and 999 are allowed when published.
/// Eight-digit freephone numbers ("0800 1111") count after phone words ("call", "ring"…).
/// </summary>
internal sealed partial class PhoneNumberRule : IPostRule
{
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _publishedLookup;

    public PhoneNumberRule(OrganisationSettings settings)
    {
        var published = new HashSet<string>(StringComparer.Ordinal);
        Span<char> buffer = stackalloc char[20];
        foreach (var phone in settings.PublishedPhones)
        {
            var length = UkNumbers.NationalDigits(phone, buffer);
            if (length > 0)
            {
                published.Add(buffer[..length].ToString());
            }
        }

        _publishedLookup = published.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Code => "IG-PHONE";

    public void Check(PostContext context, List<Finding> findings)
    {
        var text = context.Text;
        if (text.Length < 3 || text.AsSpan().IndexOfAnyInRange('0', '9') < 0)
        {
            return;
        }

        Span<char> national = stackalloc char[20];
        if (text.Length >= 10 && UkNumbers.HasDigits(text, 10))
        {
            foreach (var match in UkNumbers.PhonePattern().EnumerateMatches(text))
            {
                var span = text.AsSpan(match.Index, match.Length);
                var length = UkNumbers.NationalDigits(span, national);
                var digits = national[..length];
                if (!UkNumbers.IsUkPhone(digits) || _publishedLookup.Contains(digits))
                {
                    continue;
                }

                // A checksum-valid 3-3-4 number that is not in a phone context is IG-NHS-NUMBER's.
                if (length == 10 && span[0] == '0' && UkNumbers.PassesModulus11(digits)
                    && UkNumbers.NhsNumberPattern().IsMatch(span) && !UkNumbers.IsPhoneRatherThanNhsNumber(text, match.Index, digits))
                {
                    continue;
                }

                Add(findings, match.Index, match.Length);
            }
        }

        // Eight-digit freephone numbers ("0800 1111") read as a phone number only after phone words.
        if (text.Contains("080", StringComparison.Ordinal))
        {
            foreach (var match in ShortFreephonePattern().EnumerateMatches(text))
            {
                var length = UkNumbers.Digits(text.AsSpan(match.Index, match.Length), national);
                if (!_publishedLookup.Contains(national[..length]) && UkNumbers.FollowsPhoneWords(text, match.Index))
                {
                    Add(findings, match.Index, match.Length);
                }
            }
        }

        foreach (var match in ShortNumberPattern().EnumerateMatches(text))
        {
            var number = text.AsSpan(match.Index + match.Length - 3, 3);
            if (!_publishedLookup.Contains(number))
            {
                Add(findings, match.Index + match.Length - 3, 3);
            }
        }
    }

    private void Add(List<Finding> findings, int start, int length) =>
        findings.Add(new Finding(
            Code,
            Severity.Error,
            start,
            length,
            "This phone number is not on the organisation's published list. Never publish anyone's contact details without their consent; use a published number (003 §3.2.1, 000 §3.1f)."));

    // 111, 999, 112 and 119 only when the words before say they are to be called, so that "111
    // people came" is not a phone number.
    [GeneratedRegex(@"(?i:\b(?:call|ring|dial|phone|contact|nhs)\s+)(?:111|999|112|119)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ShortNumberPattern();

    [GeneratedRegex(@"(?<![\w+])08(?:00|08)[ -]?\d{2}[ -]?\d{2}(?![ -]?\d)", RegexOptions.CultureInvariant)]
    private static partial Regex ShortFreephonePattern();
}
