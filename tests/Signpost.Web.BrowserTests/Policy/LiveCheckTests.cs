using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Signpost.Web.BrowserTests.Infrastructure;

namespace Signpost.Web.BrowserTests.Policy;

/// <summary>"Check a post" with JavaScript: findings appear as the person types, without posting the form.</summary>
public sealed partial class LiveCheckTests(SignpostSite site) : IClassFixture<SignpostSite>
{
    [Fact]
    public async Task CheckPage_TypingALowercaseHashtag_ShowsTheFindingAndItsFixWithoutSubmitting()
    {
        var page = await site.SignInAsync("comms.officer@riverside.example");
        await page.GotoAsync("/o/riverside-icb/check");

        await page.GetByLabel("Text of the post").FillAsync("Free NHS Health Checks for adults aged 40 to 74 in Riverside. #nhshealthcheck");

        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = UseThisFix() }).First).ToBeVisibleAsync();
        Assert.EndsWith("/o/riverside-icb/check", page.PathAndQuery(), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#check-status")).Not.ToBeEmptyAsync();
        await page.AssertNoAxeViolationsAsync();
    }

    [GeneratedRegex("^Use this fix")]
    private static partial Regex UseThisFix();
}
