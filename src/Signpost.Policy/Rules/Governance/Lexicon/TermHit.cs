namespace Signpost.Policy.Rules.Governance.Lexicon;

/// <summary>A word or phrase of the governance lexicon found in a post, with its UTF-16 span.</summary>
internal readonly record struct TermHit(int Start, int Length, GovernanceTerms Terms)
{
    public int End => Start + Length;
}
