using Signpost.Web.BrowserTests.Infrastructure;

namespace Signpost.Web.BrowserTests.Accessibility;

/// <summary>The checker itself can fail: axe reports problems put into a page on purpose.</summary>
public sealed class AxeCheckTests(SignpostSite site) : IClassFixture<SignpostSite>
{
    [Fact]
    public async Task RunAxe_PageWithKnownProblems_ReportsThem()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.EvaluateAsync("""
            () => {
              const main = document.querySelector('main');
              main.insertAdjacentHTML('beforeend', '<img src="/lib/nhsuk-frontend/assets/images/favicon.svg"><input type="text" id="unlabelled">');
            }
            """);

        var violations = await page.AxeViolationsAsync();

        Assert.Contains(violations, v => v.Contains("image-alt", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("label", StringComparison.Ordinal) && v.Contains("#unlabelled", StringComparison.Ordinal));
    }
}
