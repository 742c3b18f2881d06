using Signpost.Policy.Rules.Governance.Lexicon;

namespace Signpost.Policy.Rules.Governance.Conduct;

/// <summary>
/// CONDUCT-LEGAL: comment on legal matters, complaints or ongoing proceedings (tribunal,
/// lawsuit, "sue", inquest, "ongoing investigation", "the complaint from…"). 004 §6.7.9: "Never
/// comment on anything related to legal matters or complaints… Any legal matters must be
/// referred to the governance team"; 000 §3.1l. Signposting to the complaints process ("how to
/// make a complaint") is not a comment and does not fire.
/// </summary>
internal sealed class LegalMattersRule(GovernanceLexicon lexicon) : LexiconRule(lexicon)
{
    public override string Code => "CONDUCT-LEGAL";

    protected override GovernanceTerms Terms => GovernanceTerms.Legal;

    protected override Severity Severity => Severity.Error;

    protected override string Message(ReadOnlySpan<char> matched) =>
        $"\"{matched}\" reads as comment on a legal matter, complaint or ongoing proceedings. Do not comment; refer it to the governance team (004 §6.7.9).";
}
