using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Account;

/// <summary>
/// Signpost with NHSmail (Microsoft Entra ID) sign-in switched on, against a real HTTP server on
/// loopback that publishes an OpenID Connect discovery document as Entra ID does.
/// </summary>
public sealed class EntraFactory : SignpostWebFactory
{
    public const string TenantId = "2f4a9838-26b7-47ee-be60-ccc1fdec5953";
    private WebApplication? _identityProvider;

    public string Instance { get; private set; } = "";

    protected override async ValueTask StartDependenciesAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _identityProvider = builder.Build();
        _identityProvider.MapGet($"/{TenantId}/v2.0/.well-known/openid-configuration", (HttpContext context) =>
        {
            var origin = $"{context.Request.Scheme}://{context.Request.Host}";
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = $"{origin}/{TenantId}/v2.0",
                ["authorization_endpoint"] = $"{origin}/{TenantId}/oauth2/v2.0/authorize",
                ["token_endpoint"] = $"{origin}/{TenantId}/oauth2/v2.0/token",
                ["jwks_uri"] = $"{origin}/{TenantId}/discovery/v2.0/keys",
                ["response_types_supported"] = new[] { "code", "id_token", "code id_token" },
                ["subject_types_supported"] = new[] { "pairwise" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["scopes_supported"] = new[] { "openid", "profile", "email" },
            });
        });
        _identityProvider.MapGet($"/{TenantId}/discovery/v2.0/keys", () => Results.Json(new { keys = Array.Empty<object>() }));
        await _identityProvider.StartAsync();
        Instance = _identityProvider.Urls.Single();
    }

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Authentication:Entra:Enabled", "true");
        builder.UseSetting("Authentication:Entra:Instance", Instance);
        builder.UseSetting("Authentication:Entra:TenantId", TenantId);
        builder.UseSetting("Authentication:Entra:ClientId", "signpost-test-client");
        builder.UseSetting("Authentication:Entra:ClientSecret", "not-a-real-secret");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_identityProvider is not null)
        {
            await _identityProvider.DisposeAsync();
        }
    }
}

public sealed class EntraSignInTests(EntraFactory factory) : IClassFixture<EntraFactory>
{
    [Fact]
    public async Task SignInWithNhsmail_WhenSwitchedOn_SendsThePersonToTheirDirectoryWithPkce()
    {
        var client = factory.CreateBrowser();
        var page = await client.GetDocumentAsync("/account/sign-in");
        Assert.Contains(page.QuerySelectorAll("button"), b => b.TextContent.Contains("Sign in with NHSmail (Microsoft Entra ID)", StringComparison.Ordinal));

        var response = await client.SubmitFormAsync("/account/sign-in", [], handler: "External");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith($"{factory.Instance}/{EntraFactory.TenantId}/oauth2/v2.0/authorize?", location, StringComparison.Ordinal);
        Assert.Contains("client_id=signpost-test-client", location, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", location, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=https%3A%2F%2Flocalhost%2Fsignin-oidc", location, StringComparison.Ordinal);
        // The form that starts it may post to the directory's origin, and only that one.
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"form-action 'self' {factory.Instance}", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExternalSignIn_WithoutAResponseFromTheDirectory_SaysItDidNotFinish()
    {
        var page = await factory.CreateBrowser().GetDocumentAsync("/account/external");

        Assert.Contains("did not finish", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }
}
