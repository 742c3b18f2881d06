using Microsoft.Playwright;
using Signpost.Web.BrowserTests.Infrastructure;

namespace Signpost.Web.BrowserTests.NoJavaScript;

/// <summary>Issue 2: the main flows work with JavaScript turned off (progressive enhancement).</summary>
public sealed class NoJavaScriptTests(SignpostSite site) : IClassFixture<SignpostSite>
{
    [Fact]
    public async Task AddTeam_WithoutJavaScript_TeamIsListed()
    {
        var page = await SignInWithoutJavaScriptAsync("admin@riverside.example");
        await page.GotoAsync("/o/riverside-icb/admin/teams");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a team" }).ClickAsync();
        await page.GetByLabel("Team name").FillAsync("Digital inclusion");
        await page.GetByLabel("What the team does (optional)").FillAsync("Helps people get online.");
        await page.ClickButtonAsync("Save team");

        Assert.Equal("/o/riverside-icb/admin/teams", page.PathAndQuery());
        await Assertions.Expect(page.Locator(".nhsuk-notification-banner")).ToContainTextAsync("Team Digital inclusion has been saved");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Digital inclusion" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task EditHouseRules_WithoutJavaScript_PublicPageShowsThem()
    {
        var page = await SignInWithoutJavaScriptAsync("comms.manager@riverside.example");
        await page.GotoAsync("/o/riverside-icb/house-rules");
        await page.GetByLabel("House rules").FillAsync("# Our house rules\n\nBe kind to each other and to our staff.\n\n- No personal medical details in public comments.");
        await page.ClickButtonAsync("Publish house rules");
        await Assertions.Expect(page.Locator(".nhsuk-notification-banner")).ToContainTextAsync("The house rules have been published");

        await page.GotoAsync("/house-rules/riverside-icb");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Our house rules");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Be kind to each other and to our staff.");
        await Assertions.Expect(page.Locator("main li")).ToHaveTextAsync("No personal medical details in public comments.");
    }

    [Fact]
    public async Task CreateApiToken_WithoutJavaScript_TokenShownOnce()
    {
        var page = await SignInWithoutJavaScriptAsync("auditor@riverside.example");
        await page.GotoAsync("/profile/tokens");
        await page.GetByLabel("Name").FillAsync("Audit committee report");
        await page.GetByLabel("Expires after").SelectOptionAsync("30");
        await page.ClickButtonAsync("Create token");

        var secret = (await page.Locator("#new-token").InnerTextAsync()).Trim();
        Assert.True(secret.Length >= 20, $"The new token looks too short: '{secret}'");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Audit committee report" });
        await Assertions.Expect(row).ToHaveCountAsync(1);

        await page.GotoAsync("/profile/tokens");
        await Assertions.Expect(page.Locator("#new-token")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await Assertions.Expect(row).ToContainTextAsync("Expires");
    }

    [Fact]
    public async Task SignOut_WithoutJavaScript_SignedOutAndPagesNeedSignIn()
    {
        var page = await SignInWithoutJavaScriptAsync("staff@riverside.example");
        await page.ClickButtonAsync("Sign out");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("You have signed out");
        await page.GotoAsync("/profile");
        Assert.StartsWith("/account/sign-in", page.PathAndQuery(), StringComparison.Ordinal);
    }

    private async Task<IPage> SignInWithoutJavaScriptAsync(string email)
    {
        var page = await site.SignInAsync(email, javaScript: false);
        // The context really runs no script: site.mjs would have marked the body.
        Assert.DoesNotContain("js-enabled", await page.Locator("body").GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        return page;
    }
}
