using System.Net;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Security;

public sealed class SecurityTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    [Theory]
    [InlineData("/account/sign-in")]
    [InlineData("/house-rules/riverside-icb")]
    [InlineData("/health/live")]
    public async Task Response_Always_CarriesTheSecurityHeaders(string path)
    {
        var response = await factory.CreateBrowser().GetAsync(path);

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Pages_Always_HaveNoInlineScript()
    {
        var signIn = await factory.CreateBrowser().GetDocumentAsync("/account/sign-in");
        Assert.All(signIn.Scripts, s => Assert.False(string.IsNullOrEmpty(s.Source), "Inline script on the sign-in page"));
        var client = await factory.SignInAsync(DemoPeople.Admin);

        foreach (var path in new[] { "/o/riverside-icb", "/o/riverside-icb/admin/people", "/profile/two-factor", "/o/riverside-icb/audit" })
        {
            var page = await client.GetDocumentAsync(path);
            Assert.All(page.Scripts, s => Assert.False(string.IsNullOrEmpty(s.Source), $"Inline script on {path}"));
        }
    }

    [Fact]
    public async Task SignInCookie_Always_IsSecureHttpOnlyAndSameSite()
    {
        var client = factory.CreateBrowser();
        var page = await client.GetDocumentAsync("/account/sign-in");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = DemoPeople.Officer,
            ["Input.Password"] = Core.Features.Demo.DemoData.Password,
        }));

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-signpost=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Health_WhenTheDatabaseIsReachable_IsLiveAndReady()
    {
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownPage_Always_ShowsTheNotFoundPage()
    {
        var client = await factory.SignInAsync(DemoPeople.Officer);

        var response = await client.GetAsync("/o/riverside-icb/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReturnUrl_ToAnotherSite_IsNotFollowedAfterSignIn()
    {
        var client = factory.CreateBrowser();

        var response = await client.SubmitFormAsync("/account/sign-in?ReturnUrl=https%3A%2F%2Fevil.example%2F",
            new() { ["Input.Email"] = DemoPeople.Officer, ["Input.Password"] = Core.Features.Demo.DemoData.Password, ["ReturnUrl"] = "https://evil.example/" });

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }
}
