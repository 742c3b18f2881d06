using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules.Governance.InformationGovernance;

/// <summary>
/// IG-POSTCODE: a full UK postcode that is not on settings.PremisesPostcodes (000 §3.1f, 003
/// §3.5: an address can identify a patient or a member of staff). Postcodes are compared
/// without spaces or case. Only capitals are matched, as postcodes are written, so that
/// ordinary words never look like one.
/// </summary>
internal sealed partial class PostcodeRule : IPostRule
{
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _premises;

    public PostcodeRule(OrganisationSettings settings)
    {
        var premises = new HashSet<string>(StringComparer.Ordinal);
        foreach (var postcode in settings.PremisesPostcodes)
        {
            premises.Add(Normalise(postcode));
        }

        _premises = premises.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Code => "IG-POSTCODE";

    public void Check(PostContext context, List<Finding> findings)
    {
        var text = context.Text;
        if (text.Length < 5 || text.AsSpan().IndexOfAnyInRange('0', '9') < 0)
        {
            return;
        }

        Span<char> key = stackalloc char[8];
        foreach (var match in PostcodePattern().EnumerateMatches(text))
        {
            var length = 0;
            foreach (var c in text.AsSpan(match.Index, match.Length))
            {
                if (c != ' ' && length < key.Length)
                {
                    key[length++] = char.ToUpperInvariant(c);
                }
            }

            if (_premises.Contains(key[..length]))
            {
                continue;
            }

            findings.Add(new Finding(
                Code,
                Severity.Warning,
                match.Index,
                match.Length,
                "This postcode is not one of the organisation's premises. A home postcode can identify a patient or a member of staff; remove it unless it is a public address (000 §3.1f, 003 §3.5)."));
        }
    }

    internal static string Normalise(string postcode) => postcode.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    // The official UK postcode pattern (outward code: area, district; inward code: sector digit and
    // two unit letters that are never C, I, K, M, O or V), plus the special GIR 0AA.
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:GIR ?0AA|[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?) ?[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex PostcodePattern();
}
