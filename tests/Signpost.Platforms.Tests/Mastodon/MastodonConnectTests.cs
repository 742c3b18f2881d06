using Signpost.Platforms.Mastodon;
using Signpost.Platforms.Tests.Fakes;

namespace Signpost.Platforms.Tests.Mastodon;

public sealed class MastodonConnectTests : IAsyncLifetime
{
    private static readonly Uri Callback = new("https://signpost.riverside.example/channels/oauth/callback");
    private FakeMastodonInstance _mastodon = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _mastodon = await FakeMastodonInstance.StartAsync();

    public async ValueTask DisposeAsync() => await _mastodon.DisposeAsync();

    [Fact]
    public async Task RegisterApp_NewInstance_RegistersRedirectAndScopesAndReturnsClientCredentials()
    {
        var app = await _mastodon.Connector.RegisterAppAsync(_mastodon.Instance, Callback, Ct);

        var sent = Assert.Single(_mastodon.Server.RequestsTo("POST", "/api/v1/apps")).Json();
        Assert.Equal("Signpost", sent.GetProperty("client_name").GetString());
        Assert.Equal(Callback.ToString(), Assert.Single(sent.GetProperty("redirect_uris").EnumerateArray()).GetString());
        Assert.Equal(MastodonConnector.Scopes, sent.GetProperty("scopes").GetString());
        Assert.Equal("TWhM-tNSuncnqN7DBJmoyeLnk6K3iJJ71KKXxgL1hPM", app.ClientId);
        Assert.Equal("ZEaFUFmF0umgBX1qKJDjaU99Q31lDkOU8NutzTOoliw", app.ClientSecret);
        Assert.Equal(_mastodon.Instance, app.Instance);
        Assert.DoesNotContain(app.ClientSecret, app.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BuildAuthorizationUrl_InstanceApp_InstanceAuthorizePageWithPkceAndState()
    {
        var app = new InstanceApp(_mastodon.Instance, "client-123", "secret-456", Callback);

        var url = _mastodon.Connector.BuildAuthorizationUrl(new OAuthStart(Callback, "state-abc", "challenge-xyz", _mastodon.Instance), app);

        Assert.Equal(new Uri(_mastodon.Instance, "oauth/authorize").AbsolutePath, url.AbsolutePath);
        Assert.Equal(_mastodon.Instance.Authority, url.Authority);
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("client-123", query["client_id"]);
        Assert.Equal(Callback.ToString(), query["redirect_uri"]);
        Assert.Equal(MastodonConnector.Scopes, query["scope"]);
        Assert.Equal("state-abc", query["state"]);
        Assert.Equal("challenge-xyz", query["code_challenge"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Null(query["client_secret"]);
    }

    [Fact]
    public void BuildAuthorizationUrl_NoInstanceAppAndNoConfiguredInstance_ExplainsPerInstanceRegistration()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            _mastodon.Connector.BuildAuthorizationUrl(new OAuthStart(Callback, "s", "c", _mastodon.Instance)));

        Assert.Contains("RegisterAppAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteAuthorization_CodeFromCallback_ExchangesCodeVerifiesAccountAndKeepsToken()
    {
        var app = new InstanceApp(_mastodon.Instance, "client-123", "secret-456", Callback);

        var result = await _mastodon.Connector.CompleteAuthorizationAsync(new OAuthCallback("code-789", Callback, "verifier-000", _mastodon.Instance), app, Ct);

        var token = Assert.Single(_mastodon.Server.RequestsTo("POST", "/oauth/token"));
        Assert.Equal("authorization_code", token.Form["grant_type"]);
        Assert.Equal("code-789", token.Form["code"]);
        Assert.Equal("client-123", token.Form["client_id"]);
        Assert.Equal("secret-456", token.Form["client_secret"]);
        Assert.Equal(Callback.ToString(), token.Form["redirect_uri"]);
        Assert.Equal("verifier-000", token.Form["code_verifier"]);
        var verify = Assert.Single(_mastodon.Server.RequestsTo("GET", "/api/v1/accounts/verify_credentials"));
        Assert.Equal("Bearer ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0", verify.Header("Authorization"));

        Assert.Equal(MastodonPayloads.AccountId, result.Account.AccountId);
        Assert.Equal($"riversideicb@{_mastodon.Instance.Host}", result.Account.Handle);
        Assert.Equal(_mastodon.Instance, result.Account.ServiceUrl);
        Assert.Equal("NHS Riverside ICB", result.DisplayName);
        Assert.Equal("ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0", result.Credential.AccessToken);
        Assert.Null(result.Credential.AccessTokenExpiresAt);
        Assert.Equal("client-123", result.Credential.Extra[MastodonConnector.ClientIdKey]);
        Assert.Equal("1000", result.Credential.Extra[MastodonConnector.MaxCharactersKey]);
    }

    [Fact]
    public async Task CompleteAuthorization_CodeAlreadyUsed_RejectedWithInstanceReason()
    {
        _mastodon.Server.MapJson("POST", "/oauth/token", MastodonPayloads.InvalidGrant, 400);
        var app = new InstanceApp(_mastodon.Instance, "client-123", "secret-456", Callback);

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            _mastodon.Connector.CompleteAuthorizationAsync(new OAuthCallback("used-code", Callback, "v", _mastodon.Instance), app, Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("authorization grant is invalid", error.Message, StringComparison.Ordinal);
        Assert.Empty(_mastodon.Server.RequestsTo("GET", "/api/v1/accounts/verify_credentials"));
    }

    [Fact]
    public async Task Connect_PastedAccessToken_VerifiesAndKeepsIt()
    {
        var result = await _mastodon.Connector.ConnectAsync(new ConnectRequest("@riversideicb", " pasted-token ", _mastodon.Instance), Ct);

        var verify = Assert.Single(_mastodon.Server.RequestsTo("GET", "/api/v1/accounts/verify_credentials"));
        Assert.Equal("Bearer pasted-token", verify.Header("Authorization"));
        Assert.Equal("pasted-token", result.Credential.AccessToken);
        Assert.Equal(MastodonPayloads.AccountId, result.Account.AccountId);
        Assert.Equal(_mastodon.Instance, result.Account.ServiceUrl);
    }

    [Fact]
    public async Task Connect_TokenOfAnotherAccount_RejectedNamingTheTokensAccount()
    {
        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            _mastodon.Connector.ConnectAsync(new ConnectRequest("@riversidetrust", "pasted-token", _mastodon.Instance), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("@riversideicb", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_RevokedToken_AuthLost()
    {
        _mastodon.Server.FailNext(1, ApiFault.Unauthorized(MastodonPayloads.InvalidToken));

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            _mastodon.Connector.ConnectAsync(new ConnectRequest("riversideicb", "revoked", _mastodon.Instance), Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
        Assert.Equal(401, error.StatusCode);
    }

    [Fact]
    public async Task Connect_PlainHttpServerOnTheNetwork_RejectedBeforeSendingTheToken()
    {
        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            _mastodon.Connector.ConnectAsync(new ConnectRequest("riversideicb", "token", new Uri("http://social.example.nhs.uk/")), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Empty(_mastodon.Server.Requests);
    }

    [Fact]
    public async Task Refresh_TokenStillValid_ReturnsSameCredential()
    {
        var call = _mastodon.Call;

        var credential = await _mastodon.Connector.RefreshAsync(call, Ct);

        Assert.Same(call.Credential, credential);
        Assert.Single(_mastodon.Server.RequestsTo("GET", "/api/v1/accounts/verify_credentials"));
    }

    [Fact]
    public async Task Refresh_TokenRevoked_AuthLost()
    {
        _mastodon.Server.FailNext(1, ApiFault.Unauthorized(MastodonPayloads.InvalidToken));

        var error = await Assert.ThrowsAsync<PlatformException>(() => _mastodon.Connector.RefreshAsync(_mastodon.Call, Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
    }
}
