using Signpost.Policy.Rules.Governance.Lexicon;

namespace Signpost.Policy.Rules.Governance.Impartiality;

/// <summary>
/// POL-PARTY: political parties, candidates or comment on government decisions. 000 §3.3a:
/// staff "should not use corporate social media accounts or professional staff accounts to
/// comment on government decisions or to show support for any one political party or party
/// candidate"; 004 §6.7.9 "do not… get political".
/// </summary>
internal sealed class PoliticalPartyRule(GovernanceLexicon lexicon) : LexiconRule(lexicon)
{
    public override string Code => "POL-PARTY";

    protected override GovernanceTerms Terms => GovernanceTerms.Party | GovernanceTerms.GovernmentComment;

    protected override Severity Severity => Severity.Warning;

    protected override string Message(ReadOnlySpan<char> matched) =>
        $"\"{matched}\" is about a political party, a candidate or a government decision. Stay politically impartial: do not support a party or comment on government decisions (000 §3.3a).";
}
