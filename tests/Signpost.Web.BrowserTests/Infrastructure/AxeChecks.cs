using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Signpost.Web.BrowserTests.Infrastructure;

/// <summary>axe-core on a page, with the WCAG 2.2 A and AA rules (issue 2), and the page's basic structure.</summary>
public static class AxeChecks
{
    private static readonly AxeRunOptions WcagAandAA = new()
    {
        RunOnly = new RunOnlyOptions
        {
            Type = "tag",
            Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
        },
    };

    /// <summary>The axe violations on the page as it is now, one readable block each; empty when there are none.</summary>
    public static async Task<IReadOnlyList<string>> AxeViolationsAsync(this IPage page)
    {
        var result = await page.RunAxe(WcagAandAA);
        return [.. result.Violations.Select(Describe)];
    }

    /// <summary>Fails with every violation's rule, impact, help and failing elements.</summary>
    public static async Task AssertNoAxeViolationsAsync(this IPage page)
    {
        var violations = await page.AxeViolationsAsync();
        Assert.True(violations.Count == 0, $"axe found {violations.Count} WCAG 2.2 A/AA violation(s) on {page.PathAndQuery()}:\n{string.Join("\n", violations)}");
    }

    /// <summary>Problems with a page just arrived at by a link: not exactly one h1, no title, or an error already shown.</summary>
    public static async Task<IReadOnlyList<string>> ArrivalProblemsAsync(this IPage page)
    {
        var problems = new List<string>();
        var headings = await page.Locator("h1").CountAsync();
        if (headings != 1)
        {
            problems.Add($"{headings} h1 elements (expected exactly one)");
        }

        if (string.IsNullOrWhiteSpace(await page.TitleAsync()))
        {
            problems.Add("no <title>");
        }

        // A page reached by following a link has nothing to complain about yet.
        if (await page.Locator(".nhsuk-error-summary").CountAsync() > 0)
        {
            problems.Add($"an error summary on arrival: {(await page.Locator(".nhsuk-error-summary").InnerTextAsync()).ReplaceLineEndings(" ")}");
        }

        return problems;
    }

    private static string Describe(AxeResultItem violation)
    {
        var text = new StringBuilder();
        text.Append("  [").Append(violation.Impact).Append("] ").Append(violation.Id).Append(": ").Append(violation.Help).Append(" (").Append(violation.HelpUrl).Append(')');
        foreach (var node in violation.Nodes)
        {
            text.Append("\n      at ").Append(node.Target).Append(": ").Append(node.Html);
            // Why it fails: every "all"/"none" check that failed, or the "any" checks of which none passed.
            var checks = (node.All ?? []).Concat(node.None ?? []).Concat(node.Any ?? []);
            foreach (var message in checks.Select(c => c.Message).Where(m => !string.IsNullOrWhiteSpace(m)).Distinct())
            {
                text.Append("\n         - ").Append(message);
            }
        }

        return text.ToString();
    }
}
