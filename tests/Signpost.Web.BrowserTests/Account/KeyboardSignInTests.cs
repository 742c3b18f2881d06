using Microsoft.Playwright;
using Signpost.Core.Features.Demo;
using Signpost.Web.BrowserTests.Infrastructure;

namespace Signpost.Web.BrowserTests.Account;

/// <summary>Issue 2: sign-in works with the keyboard alone, starting from the skip link.</summary>
public sealed class KeyboardSignInTests(SignpostSite site) : IClassFixture<SignpostSite>
{
    private const string ActiveElement = "() => { const e = document.activeElement; return e ? (e.id || e.className || e.tagName) : ''; }";

    [Fact]
    public async Task PressTab_OnSignInPage_SkipLinkFirstAndMovesFocusToMain()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/account/sign-in");

        await page.Keyboard.PressAsync("Tab");
        var skipLink = page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" });
        await Assertions.Expect(skipLink).ToBeFocusedAsync();
        await Assertions.Expect(skipLink).ToBeInViewportAsync();

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main#maincontent")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task SignIn_WithKeyboardOnly_OrganisationHomeShows()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/account/sign-in");

        var focused = new List<string>();
        for (var presses = 0; presses < 6 && (focused.Count == 0 || focused[^1] != "Input_Email"); presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            focused.Add(await page.EvaluateAsync<string>(ActiveElement));
        }

        Assert.Equal("nhsuk-skip-link", focused[0]);
        Assert.True(focused[^1] == "Input_Email", $"Tab never reached the email field; focus went to: {string.Join(", ", focused)}");
        await page.Keyboard.TypeAsync("comms.officer@riverside.example");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Input_Password", await page.EvaluateAsync<string>(ActiveElement));
        await page.Keyboard.TypeAsync(DemoData.Password);
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync("**/o/riverside-icb");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("NHS Riverside Integrated Care Board");
    }
}
