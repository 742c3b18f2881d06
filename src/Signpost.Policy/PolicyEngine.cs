using Signpost.Policy.Rules;
using Signpost.Policy.Settings;

namespace Signpost.Policy;

/// <summary>
/// Checks posts against every post rule of RULES.md for one organisation's settings. Build one
/// per settings (it prepares word lists and sets once); <see cref="Check"/> is thread-safe and
/// does no I/O.
/// </summary>
public sealed class PolicyEngine
{
    private readonly IPostRule[] _rules;
    private readonly TimeProvider _time;

    public PolicyEngine(OrganisationSettings settings, TimeProvider? time = null)
    {
        Settings = settings;
        _time = time ?? TimeProvider.System;
        var rules = new List<IPostRule>();
        PostRuleCatalogue.AddAccessibilityRules(rules, settings);
        PostRuleCatalogue.AddGovernanceRules(rules, settings);
        _rules = [.. rules];
    }

    public OrganisationSettings Settings { get; }

    /// <summary>The codes of the rules this engine runs, in the order it runs them.</summary>
    public IReadOnlyList<string> Codes => [.. _rules.Select(r => r.Code)];

    public IReadOnlyList<Finding> Check(Post post)
    {
        var context = new PostContext(post, Settings, _time.GetUtcNow());
        var findings = new List<Finding>();
        foreach (var rule in _rules)
        {
            rule.Check(context, findings);
        }

        // Stable order for readers and for the CLI: by position, whole-post findings last.
        findings.Sort(static (a, b) =>
        {
            var byStart = (a.Start ?? int.MaxValue).CompareTo(b.Start ?? int.MaxValue);
            return byStart != 0 ? byStart : string.CompareOrdinal(a.Code, b.Code);
        });
        return findings;
    }
}
