using System.Text;
using Signpost.Platforms.Tests.Fakes;

namespace Signpost.Platforms.Tests.X;

public sealed class XConnectTests : IAsyncLifetime
{
    private static readonly Uri Callback = new("https://signpost.riverside.example/channels/oauth/callback");
    private FakeXApi _x = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _x = await FakeXApi.StartAsync();

    public async ValueTask DisposeAsync() => await _x.DisposeAsync();

    [Fact]
    public void BuildAuthorizationUrl_Configured_XAuthorizePageWithPkceScopesAndState()
    {
        var url = _x.Connector.BuildAuthorizationUrl(new OAuthStart(Callback, "state-abc", "challenge-xyz"));

        Assert.Equal("https://x.com/i/oauth2/authorize", url.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(FakeXApi.ClientId, query["client_id"]);
        Assert.Equal(Callback.ToString(), query["redirect_uri"]);
        Assert.Equal("tweet.read tweet.write users.read offline.access media.write tweet.moderate.write dm.read dm.write", query["scope"]);
        Assert.Equal("state-abc", query["state"]);
        Assert.Equal("challenge-xyz", query["code_challenge"]);
        Assert.Equal("S256", query["code_challenge_method"]);
    }

    [Fact]
    public async Task IsConfigured_NoClientIdInConfiguration_FalseAndNoAuthorizationUrl()
    {
        await using var unconfigured = await FakeXApi.StartAsync(configured: false);

        Assert.False(unconfigured.Connector.IsConfigured);
        Assert.Throws<InvalidOperationException>(() => unconfigured.Connector.BuildAuthorizationUrl(new OAuthStart(Callback, "s", "c")));
        Assert.True(_x.Connector.IsConfigured);
    }

    [Fact]
    public async Task CompleteAuthorization_ConfidentialClient_ExchangesCodeWithBasicAuthAndVerifierThenReadsUser()
    {
        var result = await _x.Connector.CompleteAuthorizationAsync(new OAuthCallback("code-789", Callback, "verifier-000"), Ct);

        var token = Assert.Single(_x.Server.RequestsTo("POST", "/2/oauth2/token"));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FakeXApi.ClientId}:{FakeXApi.ClientSecret}")), token.Header("Authorization"));
        Assert.Equal("application/x-www-form-urlencoded", token.ContentType);
        Assert.Equal("code-789", token.Form["code"]);
        Assert.Equal("authorization_code", token.Form["grant_type"]);
        Assert.Equal(Callback.ToString(), token.Form["redirect_uri"]);
        Assert.Equal("verifier-000", token.Form["code_verifier"]);
        Assert.Equal("Bearer access-2", Assert.Single(_x.Server.RequestsTo("GET", "/2/users/me")).Header("Authorization"));

        Assert.Equal(XPayloads.UserId, result.Account.AccountId);
        Assert.Equal(XPayloads.Username, result.Account.Handle);
        Assert.Equal("NHS Riverside ICB", result.DisplayName);
        Assert.Equal("access-2", result.Credential.AccessToken);
        Assert.Equal("refresh-2", result.Credential.RefreshToken);
        Assert.Equal(FakeXApi.Now.AddHours(2), result.Credential.AccessTokenExpiresAt);
    }

    [Fact]
    public async Task CompleteAuthorization_PublicClient_SendsClientIdInTheBody()
    {
        await using var publicClient = await FakeXApi.StartAsync(confidential: false);

        await publicClient.Connector.CompleteAuthorizationAsync(new OAuthCallback("code-789", Callback, "verifier-000"), Ct);

        var token = Assert.Single(publicClient.Server.RequestsTo("POST", "/2/oauth2/token"));
        Assert.Equal(FakeXApi.ClientId, token.Form["client_id"]);
        Assert.Null(token.Header("Authorization"));
    }

    [Fact]
    public async Task Refresh_RefreshToken_ReturnsTheNewPairWithItsExpiry()
    {
        _x.Server.MapJson("POST", "/2/oauth2/token", XPayloads.Token("access-3", "refresh-3"));

        var renewed = await _x.Connector.RefreshAsync(FakeXApi.Call(), Ct);

        var token = Assert.Single(_x.Server.RequestsTo("POST", "/2/oauth2/token"));
        Assert.Equal("refresh_token", token.Form["grant_type"]);
        Assert.Equal("refresh-1", token.Form["refresh_token"]);
        Assert.Equal("access-3", renewed.AccessToken);
        Assert.Equal("refresh-3", renewed.RefreshToken);
        Assert.Equal(FakeXApi.Now.AddHours(2), renewed.AccessTokenExpiresAt);
    }

    [Fact]
    public async Task Refresh_RefreshTokenRevoked_AuthLostWithXReason()
    {
        _x.Server.MapJson("POST", "/2/oauth2/token", XPayloads.InvalidRefreshToken, 400);

        var error = await Assert.ThrowsAsync<PlatformException>(() => _x.Connector.RefreshAsync(FakeXApi.Call(), Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
        Assert.Contains("Value passed for the token was invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_PastedUserToken_VerifiedWithUsersMe()
    {
        var result = await _x.Connector.ConnectAsync(new ConnectRequest("@NHSRiversideICB", "pasted", null), Ct);

        Assert.Equal("Bearer pasted", Assert.Single(_x.Server.RequestsTo("GET", "/2/users/me")).Header("Authorization"));
        Assert.Equal(XPayloads.UserId, result.Account.AccountId);
        Assert.Equal("pasted", result.Credential.AccessToken);
    }

    [Fact]
    public async Task Connect_RevokedToken_AuthLost()
    {
        _x.Server.FailNext(1, ApiFault.Unauthorized(XPayloads.Unauthorized));

        var error = await Assert.ThrowsAsync<PlatformException>(() => _x.Connector.ConnectAsync(new ConnectRequest("", "revoked", null), Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
    }
}
