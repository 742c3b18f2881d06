namespace Signpost.Policy.Rules.Governance.Lexicon;

/// <summary>
/// A rule that reports every match of one governance word list, with the span of the word or
/// phrase. Overlapping matches of one list ("vote" inside "vote for") are reported once.
/// </summary>
internal abstract class LexiconRule : IPostRule
{
    private readonly GovernanceLexicon _lexicon;

    protected LexiconRule(GovernanceLexicon lexicon) => _lexicon = lexicon;

    public abstract string Code { get; }

    protected abstract GovernanceTerms Terms { get; }

    protected abstract Severity Severity { get; }

    public virtual void Check(PostContext context, List<Finding> findings)
    {
        if (!AppliesTo(context))
        {
            return;
        }

        var scan = GovernanceScan.For(context, _lexicon);
        if ((scan.Found & Terms) == 0)
        {
            return;
        }

        var lastEnd = -1;
        var hits = scan.Hits;
        for (var h = 0; h < hits.Count; h++)
        {
            var hit = hits[h];
            if ((hit.Terms & Terms) == 0)
            {
                continue;
            }

            // Prefer the longest phrase that starts here; skip matches inside the previous one.
            while (h + 1 < hits.Count && hits[h + 1].Start == hit.Start && (hits[h + 1].Terms & Terms) != 0)
            {
                hit = hits[++h];
            }

            if (hit.Start < lastEnd)
            {
                continue;
            }

            lastEnd = hit.End;
            findings.Add(new Finding(Code, Severity, hit.Start, hit.Length, Message(context.Text.AsSpan(hit.Start, hit.Length)), Suggestion));
            if (OncePerPost)
            {
                return;
            }
        }
    }

    /// <summary>Whether the rule applies to this post at all (account, dates…).</summary>
    protected virtual bool AppliesTo(PostContext context) => true;

    /// <summary>Report only the first match (for rules about the post as a whole).</summary>
    protected virtual bool OncePerPost => false;

    protected virtual string? Suggestion => null;

    protected abstract string Message(ReadOnlySpan<char> matched);
}
