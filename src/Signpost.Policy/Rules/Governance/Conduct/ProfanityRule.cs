using Signpost.Policy.Rules.Governance.Lexicon;

namespace Signpost.Policy.Rules.Governance.Conduct;

/// <summary>
/// CONDUCT-PROFANITY: profanity or obscenity, matched as whole words from Data/Governance/
/// profanity.txt plus settings.ExtraWords["CONDUCT-PROFANITY"]; "Scunthorpe", "cocktail" or
/// "sexual health" never match (000 §3.1d, 003 §3.2.4, 004 §6.7.9 "Do not swear").
/// </summary>
internal sealed class ProfanityRule(GovernanceLexicon lexicon) : LexiconRule(lexicon)
{
    public override string Code => "CONDUCT-PROFANITY";

    protected override GovernanceTerms Terms => GovernanceTerms.Profanity;

    protected override Severity Severity => Severity.Error;

    // The word itself is not repeated in the message.
    protected override string Message(ReadOnlySpan<char> matched) =>
        "This word is profanity or obscenity. Do not swear or use obscene language in posts (000 §3.1d, 004 §6.7.9).";
}
