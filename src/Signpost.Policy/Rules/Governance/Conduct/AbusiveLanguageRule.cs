using Signpost.Policy.Rules.Governance.Lexicon;

namespace Signpost.Policy.Rules.Governance.Conduct;

/// <summary>
/// CONDUCT-ABUSIVE: abusive, derogatory, discriminatory or harassing wording (slurs and insults
/// from Data/Governance/abusive.txt plus settings.ExtraWords["CONDUCT-ABUSIVE"]). 000 §3.1d,
/// 003 §3.2.1 "Do not upload, post… any abusive, obscene, discriminatory, harassing derogatory
/// or defamatory content", 004 §6.7.6.
/// </summary>
internal sealed class AbusiveLanguageRule(GovernanceLexicon lexicon) : LexiconRule(lexicon)
{
    public override string Code => "CONDUCT-ABUSIVE";

    protected override GovernanceTerms Terms => GovernanceTerms.Abusive;

    protected override Severity Severity => Severity.Error;

    protected override string Message(ReadOnlySpan<char> matched) =>
        "This wording is abusive, derogatory or discriminatory. Never post abusive, discriminatory or harassing content (003 §3.2.1, 004 §6.7.6).";
}
