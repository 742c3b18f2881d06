using System.Collections.Frozen;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Rules.Governance.InformationGovernance;

/// <summary>
/// IG-EMAIL: an email address that is not on settings.PublishedEmails (compared without case).
/// 003 §3.2.1: staff should not display work email addresses unless in a professional capacity,
/// and never publish anyone else's contact details without consent.
/// </summary>
internal sealed class EmailAddressRule : IPostRule
{
    private readonly Lexicon.GovernanceLexicon _lexicon;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _published;

    public EmailAddressRule(OrganisationSettings settings, Lexicon.GovernanceLexicon lexicon)
    {
        _lexicon = lexicon;
        var published = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var email in settings.PublishedEmails)
        {
            published.Add(email.Trim());
        }

        _published = published.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Code => "IG-EMAIL";

    public void Check(PostContext context, List<Finding> findings)
    {
        if (!context.Text.Contains('@', StringComparison.Ordinal))
        {
            return;
        }

        var scan = GovernanceScan.For(context, _lexicon);
        foreach (var (start, length) in scan.Emails)
        {
            if (_published.Contains(context.Text.AsSpan(start, length)))
            {
                continue;
            }

            findings.Add(new Finding(
                Code,
                Severity.Warning,
                start,
                length,
                "This email address is not on the organisation's published list. Do not publish anyone's contact details without their consent; use a published address (003 §3.2.1)."));
        }
    }
}
