using System.Text.RegularExpressions;
using Signpost.Policy.Rules.Governance.Lexicon;

namespace Signpost.Policy.Rules.Governance.Impartiality;

/// <summary>
/// POL-PARTY: political parties, candidates or comment on government decisions. 000 §3.3a:
/// staff "should not use corporate social media accounts or professional staff accounts to
/// comment on government decisions or to show support for any one political party or party
/// candidate"; 004 §6.7.9 "do not… get political". Besides the word lists, a party label in
/// brackets after a name ("Councillor Jane Hill (Conservative)", "Sam Lee (Lab)") is a party.
/// </summary>
internal sealed partial class PoliticalPartyRule(GovernanceLexicon lexicon) : LexiconRule(lexicon)
{
    public override string Code => "POL-PARTY";

    protected override GovernanceTerms Terms => GovernanceTerms.Party | GovernanceTerms.GovernmentComment;

    protected override Severity Severity => Severity.Warning;

    public override void Check(PostContext context, List<Finding> findings)
    {
        var before = findings.Count;
        base.Check(context, findings);
        if (findings.Count > before || !context.Text.Contains('(', StringComparison.Ordinal))
        {
            return;
        }

        foreach (var match in PartyLabelPattern().EnumerateMatches(context.Text))
        {
            findings.Add(new Finding(Code, Severity, match.Index, match.Length, Message(context.Text.AsSpan(match.Index, match.Length)), Suggestion));
        }
    }

    protected override string Message(ReadOnlySpan<char> matched) =>
        $"\"{matched}\" is about a political party, a candidate or a government decision. Stay politically impartial: do not support a party or comment on government decisions (000 §3.3a).";

    // A capitalised name, then the party in brackets: the way councillors and candidates are labelled.
    [GeneratedRegex(@"(?<=\b\p{Lu}[\p{L}'’-]+\s)\((?:Conservative|Con|Labour|Lab|Labour\s+Co-op|Lib\s+Dem|LD|Liberal\s+Democrat|Green|Reform(?:\s+UK)?|SNP|Plaid(?:\s+Cymru)?|Independent|Ind)\)", RegexOptions.CultureInvariant)]
    private static partial Regex PartyLabelPattern();
}
