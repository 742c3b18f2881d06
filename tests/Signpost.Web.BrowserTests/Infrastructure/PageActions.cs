using Microsoft.Playwright;
using Signpost.Core.Features.Demo;

namespace Signpost.Web.BrowserTests.Infrastructure;

/// <summary>What a person does in the browser, by what they see: labels and button names.</summary>
public static class PageActions
{
    public static async Task SignInAsync(this IPage page, string email, string password = DemoData.Password)
    {
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
    }

    public static Task ClickButtonAsync(this IPage page, string name) =>
        page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).ClickAsync();

    /// <summary>The text of the page's main heading.</summary>
    public static async Task<string> HeadingAsync(this IPage page) =>
        (await page.Locator("h1").First.InnerTextAsync()).Trim();

    /// <summary>Where the page is now, without the origin: "/o/riverside-icb/admin/teams".</summary>
    public static string PathAndQuery(this IPage page) => new Uri(page.Url).PathAndQuery;
}
