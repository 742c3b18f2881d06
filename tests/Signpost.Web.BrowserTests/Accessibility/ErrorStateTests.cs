using Microsoft.Playwright;
using Signpost.Web.BrowserTests.Infrastructure;

namespace Signpost.Web.BrowserTests.Accessibility;

/// <summary>
/// Pages showing errors pass axe too: the error summary, inline messages, and fields marked as
/// in error, and each summary link leads to its field.
/// </summary>
public sealed class ErrorStateTests(SignpostSite site) : IClassFixture<SignpostSite>
{
    [Fact]
    public async Task SignIn_WrongPassword_ErrorSummaryFocusedAndPassesAxe()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync("staff@riverside.example");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("not-the-password");
        await page.ClickButtonAsync("Sign in");

        await AssertErrorPageAsync(page, "Enter a correct email address and password");
        Assert.EndsWith("/account/sign-in", page.PathAndQuery(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> EmptyForms => new()
    {
        { "/o/riverside-icb/admin/teams/new", "Save team", "Add a team" },
        { "/o/riverside-icb/admin/people/add", "Add person", "Add a person" },
        { "/organisations/new", "Add organisation", "Add an organisation" },
        { "/profile/password", "Change password", "Change your password" },
        { "/profile/tokens", "Create token", "API tokens" },
    };

    [Theory]
    [MemberData(nameof(EmptyForms))]
    public async Task SubmitForm_Empty_ErrorsShownAndPassAxe(string path, string button, string heading)
    {
        var page = await site.SignInAsync("admin@riverside.example");
        await page.GotoAsync(path);
        await page.ClickButtonAsync(button);

        await AssertErrorPageAsync(page, expectedMessage: null);
        Assert.Equal(heading, await page.HeadingAsync());
    }

    private static async Task AssertErrorPageAsync(IPage page, string? expectedMessage)
    {
        var summary = page.Locator(".nhsuk-error-summary");
        await Assertions.Expect(summary).ToBeVisibleAsync();
        var messages = await summary.Locator("li").AllInnerTextsAsync();
        Assert.NotEmpty(messages);
        if (expectedMessage is not null)
        {
            Assert.Contains(expectedMessage, messages);
        }

        Assert.StartsWith("Error: ", await page.TitleAsync(), StringComparison.Ordinal);
        // NHS.UK frontend's script moves focus to the summary, so that screen readers read it first.
        await Assertions.Expect(summary).ToBeFocusedAsync();
        Assert.True(await page.Locator(".nhsuk-error-message").CountAsync() > 0, "No inline error message next to a field");

        foreach (var href in await summary.Locator("a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
        {
            Assert.StartsWith("#", href, StringComparison.Ordinal);
            Assert.True(await page.Locator(href).CountAsync() == 1, $"The error summary links to {href}, which is not on the page");
        }

        await page.AssertNoAxeViolationsAsync();
    }
}
