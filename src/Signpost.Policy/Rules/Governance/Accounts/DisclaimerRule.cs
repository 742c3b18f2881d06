using System.Text.RegularExpressions;

namespace Signpost.Policy.Rules.Governance.Accounts;

/// <summary>
/// ACCOUNT-DISCLAIMER: a staff member's professional profile or blog (Post.TextKind Profile or
/// Blog from a personal account) without a disclaimer such as "views are my own". 003 §3.2.7:
/// a blog that makes clear the author works for the ICB "should include a clear disclaimer such
/// as 'these are my personal views and not those of NENC ICB'"; 003 §3.2.1; 004 §6.7.4.
/// </summary>
internal sealed partial class DisclaimerRule : IPostRule
{
    public string Code => "ACCOUNT-DISCLAIMER";

    public void Check(PostContext context, List<Finding> findings)
    {
        var post = context.Post;
        if (post.Account != AccountKind.Personal || post.TextKind == PostTextKind.Post || DisclaimerPattern().IsMatch(post.Text))
        {
            return;
        }

        findings.Add(new Finding(
            Code,
            Severity.Warning,
            null,
            null,
            "A staff profile or blog needs a disclaimer that the views are personal and not the employer's (003 §3.2.7, 004 §6.7.4).",
            "Views are my own and not those of my employer."));
    }

    [GeneratedRegex(
        @"\b(?:(?:views|opinions|thoughts)\s+(?:expressed\s+(?:here\s+)?)?(?:are\s+|r\s+)?(?:my\s+own|mine|personal|my\s+personal)"
        + @"|(?:my\s+)?(?:own|personal)\s+(?:views|opinions)"
        + @"|not\s+(?:necessarily\s+)?(?:those|the\s+views)\s+of\s+my\s+employer)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DisclaimerPattern();
}
