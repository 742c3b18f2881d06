using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.LinkedIn;
using Signpost.Platforms.Tests.Facebook;
using Signpost.Platforms.Tests.Fakes;

namespace Signpost.Platforms.Tests.LinkedIn;

public sealed class LinkedInConnectorTests : IAsyncLifetime
{
    private const string ClientId = "86abcdefgh1234";
    private const string ClientSecret = "linkedin-client-secret";
    private const string Organisation = "urn:li:organization:2414183";
    private const string Token = "AQV-linkedin-access-token";
    private const string PostUrn = "urn:li:share:7263001234567890123";

    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly ChannelCall Call = new(new PlatformAccount(Organisation, "nhs-riverside"), new PlatformCredential { AccessToken = Token, RefreshToken = "AQX-refresh" });

    private DocumentedApiServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await DocumentedApiServer.StartAsync();
        _server.Map("POST", "/rest/posts", _ => DocumentedResponse.Empty(201, new Dictionary<string, string> { ["x-restli-id"] = PostUrn }));
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void BuildAuthorizationUrl_Configured_SendsPersonToLinkedInAskingForOrganisationScopes()
    {
        using var services = Host(settings: new Dictionary<string, string?> { ["Platforms:LinkedIn:AuthBaseUrl"] = null });
        var connector = services.GetRequiredService<LinkedInConnector>();

        var url = connector.BuildAuthorizationUrl(new OAuthStart(new Uri("https://signpost.example.nhs.uk/channels/oauth/callback"), "state-9", "challenge"));

        Assert.Equal("https://www.linkedin.com/oauth/v2/authorization", url.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(ClientId, query["client_id"]);
        Assert.Equal("https://signpost.example.nhs.uk/channels/oauth/callback", query["redirect_uri"]);
        Assert.Equal("state-9", query["state"]);
        Assert.Equal("w_organization_social r_organization_social rw_organization_admin r_organization_social_feed w_organization_social_feed", query["scope"]);
        Assert.True(connector.IsConfigured);
        Assert.False(connector.HasIdempotency);
    }

    [Fact]
    public void IsConfigured_NoClientSecret_False()
    {
        using var services = Host(settings: new Dictionary<string, string?> { ["Platforms:LinkedIn:ClientSecret"] = null });

        Assert.False(services.GetRequiredService<LinkedInConnector>().IsConfigured);
    }

    [Fact]
    public async Task CompleteAuthorization_Code_ExchangesTokenAndOffersOrganisationsTheMemberCanPostFor()
    {
        MapTokenEndpoint("""{"access_token":"AQV-linkedin-access-token","expires_in":5184000,"refresh_token":"AQX-refresh","refresh_token_expires_in":31536000,"scope":"r_organization_social,rw_organization_admin,w_organization_social"}""");
        _server.MapJson("GET", "/rest/organizationAcls", """
            {"paging":{"start":0,"count":10,"links":[],"total":4},"elements":[
              {"role":"ADMINISTRATOR","roleAssignee":"urn:li:person:Ylpq-RobP9","state":"APPROVED","organization":"urn:li:organization:2414183"},
              {"role":"ANALYST","roleAssignee":"urn:li:person:Ylpq-RobP9","state":"APPROVED","organization":"urn:li:organization:5515715"},
              {"role":"DIRECT_SPONSORED_CONTENT_POSTER","roleAssignee":"urn:li:person:Ylpq-RobP9","state":"APPROVED","organization":"urn:li:organization:6616816"},
              {"role":"CONTENT_ADMINISTRATOR","roleAssignee":"urn:li:person:Ylpq-RobP9","state":"APPROVED","organization":"urn:li:organization:7717917"}
            ]}
            """);
        _server.Map("GET", "/rest/organizations/{id}", r => DocumentedResponse.Json(r.RouteValues["id"] == "2414183"
            ? """{"id":2414183,"localizedName":"NHS Riverside ICB","vanityName":"nhs-riverside","localizedWebsite":"https://www.riverside.icb.nhs.uk"}"""
            : """{"id":7717917,"localizedName":"Riverside Community Health NHS Trust","vanityName":"riverside-community"}"""));
        using var services = Host();

        var choices = await services.GetRequiredService<LinkedInConnector>().CompleteAuthorizationWithChoicesAsync(
            new OAuthCallback("li-code", new Uri("https://signpost.example.nhs.uk/channels/oauth/callback"), "verifier"), Ct);

        var exchange = Assert.Single(_server.RequestsTo("POST", "/oauth/v2/accessToken"));
        Assert.Equal("authorization_code", exchange.Form["grant_type"]);
        Assert.Equal("li-code", exchange.Form["code"]);
        Assert.Equal(ClientId, exchange.Form["client_id"]);
        Assert.Equal(ClientSecret, exchange.Form["client_secret"]);
        Assert.Equal("https://signpost.example.nhs.uk/channels/oauth/callback", exchange.Form["redirect_uri"]);
        var acls = Assert.Single(_server.RequestsTo("GET", "/rest/organizationAcls"));
        Assert.Equal("roleAssignee", acls.Query["q"]);
        Assert.Equal($"Bearer {Token}", acls.Header("Authorization"));
        Assert.Equal(LinkedInApi.Version, acls.Header("LinkedIn-Version"));
        Assert.Equal("2.0.0", acls.Header("X-Restli-Protocol-Version"));

        Assert.Equal([new PlatformAccount(Organisation, "nhs-riverside"), new PlatformAccount("urn:li:organization:7717917", "riverside-community")], choices.Select(c => c.Account));
        Assert.Equal("NHS Riverside ICB", choices[0].DisplayName);
        var credential = choices[0].Credential;
        Assert.Equal(Token, credential.AccessToken);
        Assert.Equal("AQX-refresh", credential.RefreshToken);
        Assert.Equal(Now.AddDays(60), credential.AccessTokenExpiresAt);
        Assert.Equal(Now.AddDays(365), credential.ExpiresAt);
    }

    [Fact]
    public async Task CompleteAuthorization_NoRefreshToken_ChannelExpiresWithTheAccessToken()
    {
        MapTokenEndpoint("""{"access_token":"AQV-linkedin-access-token","expires_in":5184000,"scope":"r_organization_social,rw_organization_admin,w_organization_social"}""");
        _server.MapJson("GET", "/rest/organizationAcls", """{"elements":[{"role":"ADMINISTRATOR","roleAssignee":"urn:li:person:Ylpq-RobP9","state":"APPROVED","organization":"urn:li:organization:2414183"}]}""");
        _server.MapJson("GET", "/rest/organizations/{id}", """{"id":2414183,"localizedName":"NHS Riverside ICB","vanityName":"nhs-riverside"}""");
        using var services = Host();

        var result = await services.GetRequiredService<LinkedInConnector>().CompleteAuthorizationAsync(
            new OAuthCallback("li-code", new Uri("https://signpost.example.nhs.uk/channels/oauth/callback"), "v"), Ct);

        Assert.Null(result.Credential.RefreshToken);
        Assert.Equal(Now.AddDays(60), result.Credential.ExpiresAt);
    }

    [Fact]
    public async Task CompleteAuthorization_OnlyAnalystRoles_Rejected()
    {
        MapTokenEndpoint("""{"access_token":"AQV-linkedin-access-token","expires_in":5184000}""");
        _server.MapJson("GET", "/rest/organizationAcls", """{"elements":[{"role":"ANALYST","roleAssignee":"urn:li:person:Ylpq-RobP9","state":"APPROVED","organization":"urn:li:organization:5515715"}]}""");
        using var services = Host();

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<LinkedInConnector>().CompleteAuthorizationAsync(
            new OAuthCallback("li-code", new Uri("https://signpost.example.nhs.uk/channels/oauth/callback"), "v"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
    }

    [Fact]
    public async Task Refresh_RefreshToken_NewAccessTokenKeepingTheRefreshExpiry()
    {
        MapTokenEndpoint("""{"access_token":"AQV-renewed","expires_in":5184000,"refresh_token":"AQX-refresh","refresh_token_expires_in":25920000}""");
        using var services = Host();

        var credential = await services.GetRequiredService<LinkedInConnector>().RefreshAsync(Call, Ct);

        var sent = Assert.Single(_server.RequestsTo("POST", "/oauth/v2/accessToken"));
        Assert.Equal("refresh_token", sent.Form["grant_type"]);
        Assert.Equal("AQX-refresh", sent.Form["refresh_token"]);
        Assert.Equal("AQV-renewed", credential.AccessToken);
        Assert.Equal(Now.AddDays(60), credential.AccessTokenExpiresAt);
        Assert.Equal(Now.AddDays(300), credential.ExpiresAt);
    }

    [Fact]
    public async Task Refresh_RefreshTokenRefused_AuthLost()
    {
        _server.MapJson("POST", "/oauth/v2/accessToken", """{"error":"invalid_request","error_description":"The provided authorization grant or refresh token is invalid, expired or revoked."}""", 400);
        using var services = Host();

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<LinkedInConnector>().RefreshAsync(Call, Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
        Assert.Contains("expired or revoked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_NoRefreshToken_AuthLostWithoutCallingLinkedIn()
    {
        using var services = Host();

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            services.GetRequiredService<LinkedInConnector>().RefreshAsync(Call with { Credential = new PlatformCredential { AccessToken = Token } }, Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Publish_Text_PostsEscapedCommentaryAsTheOrganisation()
    {
        using var services = Host();

        var result = await services.GetRequiredService<LinkedInConnector>().PublishAsync(Request("Winter vaccines (flu and COVID-19) are open #NHS"), Ct);

        Assert.Equal(PostUrn, result.PlatformPostId);
        Assert.Equal(new Uri($"https://www.linkedin.com/feed/update/{PostUrn}/"), result.Url);
        var sent = Assert.Single(_server.RequestsTo("POST", "/rest/posts"));
        Assert.Equal($"Bearer {Token}", sent.Header("Authorization"));
        Assert.Equal(LinkedInApi.Version, sent.Header("LinkedIn-Version"));
        Assert.Equal("2.0.0", sent.Header("X-Restli-Protocol-Version"));
        var body = sent.Json();
        Assert.Equal(Organisation, body.GetProperty("author").GetString());
        Assert.Equal(@"Winter vaccines \(flu and COVID-19\) are open #NHS", body.GetProperty("commentary").GetString());
        Assert.Equal("PUBLIC", body.GetProperty("visibility").GetString());
        Assert.Equal("MAIN_FEED", body.GetProperty("distribution").GetProperty("feedDistribution").GetString());
        Assert.Equal("PUBLISHED", body.GetProperty("lifecycleState").GetString());
        Assert.False(body.TryGetProperty("content", out _));
    }

    [Fact]
    public async Task Publish_ImageWithAltText_UploadsImageThenSendsItsUrnAndAltText()
    {
        MapImageUpload();
        using var services = Host();
        var image = GraphTestHost.Jpeg("hub.jpg", "Front of the new Riverside health hub");

        await services.GetRequiredService<LinkedInConnector>().PublishAsync(Request("Our new hub opens today.", image), Ct);

        var init = Assert.Single(_server.RequestsTo("POST", "/rest/images"));
        Assert.Equal("initializeUpload", init.Query["action"]);
        Assert.Equal(Organisation, init.Json().GetProperty("initializeUploadRequest").GetProperty("owner").GetString());
        var upload = Assert.Single(_server.RequestsTo("PUT", "/dms-uploads/{id}"));
        Assert.Equal(image.Content.ToArray(), upload.Body);
        Assert.Equal($"Bearer {Token}", upload.Header("Authorization"));
        var media = Assert.Single(_server.RequestsTo("POST", "/rest/posts")).Json().GetProperty("content").GetProperty("media");
        Assert.Equal("urn:li:image:C4E10AQFoyyAjHPMQuQ1", media.GetProperty("id").GetString());
        Assert.Equal("Front of the new Riverside health hub", media.GetProperty("altText").GetString());
    }

    [Fact]
    public async Task Publish_TwoImages_MultiImagePostWithEachAltText()
    {
        MapImageUpload();
        using var services = Host();

        await services.GetRequiredService<LinkedInConnector>().PublishAsync(
            Request("Before and after", GraphTestHost.Jpeg("before.jpg", "Old waiting room"), GraphTestHost.Jpeg("after.jpg", "New waiting room")), Ct);

        var images = Assert.Single(_server.RequestsTo("POST", "/rest/posts")).Json().GetProperty("content").GetProperty("multiImage").GetProperty("images");
        Assert.Equal(["Old waiting room", "New waiting room"], images.EnumerateArray().Select(i => i.GetProperty("altText").GetString()));
        Assert.Equal(2, _server.RequestsTo("PUT", "/dms-uploads/{id}").Count);
    }

    [Fact]
    public async Task Publish_Video_UploadsPartsAndFinalisesWithTheirETags()
    {
        _server.Map("POST", "/rest/videos", r => r.Query["action"] == "initializeUpload"
            ? DocumentedResponse.Json($$$"""
                {"value":{"uploadUrlsExpireAt":1764061200000,"video":"urn:li:video:C5F10AQGKQg_6y2a4sQ","uploadInstructions":[
                  {"uploadUrl":"{{{_server.Url("dms-uploads/part1").AbsoluteUri}}}","lastByte":3,"firstByte":0},
                  {"uploadUrl":"{{{_server.Url("dms-uploads/part2").AbsoluteUri}}}","lastByte":9,"firstByte":4}
                ],"uploadToken":""} }
                """)
            : DocumentedResponse.Empty(200));
        _server.Map("PUT", "/dms-uploads/{id}", r => DocumentedResponse.Empty(201, new Dictionary<string, string> { ["ETag"] = $"\"etag-{r.RouteValues["id"]}\"" }));
        using var services = Host();
        var video = new MediaUpload("clip.mp4", "video/mp4", Encoding.ASCII.GetBytes("0123456789"), null);

        await services.GetRequiredService<LinkedInConnector>().PublishAsync(Request("Watch our clip", video), Ct);

        var init = _server.RequestsTo("POST", "/rest/videos")[0].Json().GetProperty("initializeUploadRequest");
        Assert.Equal(10, init.GetProperty("fileSizeBytes").GetInt32());
        Assert.Equal(["0123", "456789"], _server.RequestsTo("PUT", "/dms-uploads/{id}").Select(r => r.BodyText));
        var finalize = _server.RequestsTo("POST", "/rest/videos")[1];
        Assert.Equal("finalizeUpload", finalize.Query["action"]);
        Assert.Equal(["\"etag-part1\"", "\"etag-part2\""], finalize.Json().GetProperty("finalizeUploadRequest").GetProperty("uploadedPartIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("urn:li:video:C5F10AQGKQg_6y2a4sQ", Assert.Single(_server.RequestsTo("POST", "/rest/posts")).Json().GetProperty("content").GetProperty("media").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Delete_Post_DeletesByEncodedUrn()
    {
        _server.Map("DELETE", "/rest/posts/{urn}", _ => DocumentedResponse.Empty(204));
        using var services = Host();

        await services.GetRequiredService<LinkedInConnector>().DeleteAsync(Call, PostUrn, Ct);

        var sent = Assert.Single(_server.RequestsTo("DELETE", "/rest/posts/{urn}"));
        Assert.Equal(PostUrn, sent.RouteValues["urn"]);
        Assert.Equal("DELETE", sent.Header("X-RestLi-Method"));
    }

    [Fact]
    public async Task Delete_AlreadyGone_NoError()
    {
        _server.MapJson("DELETE", "/rest/posts/{urn}", """{"status":404,"code":"NOT_FOUND","message":"Share not found"}""", 404);
        using var services = Host();

        await services.GetRequiredService<LinkedInConnector>().DeleteAsync(Call, PostUrn, Ct);

        Assert.Single(_server.RequestsTo("DELETE", "/rest/posts/{urn}"));
    }

    [Fact]
    public async Task FetchStatus_PostThere_ExistsWithFeedAddress()
    {
        _server.MapJson("GET", "/rest/posts/{urn}", $$"""{"id":"{{PostUrn}}","author":"{{Organisation}}","commentary":"Hello","visibility":"PUBLIC","lifecycleState":"PUBLISHED","createdAt":1764061200000}""");
        using var services = Host();

        var status = await services.GetRequiredService<LinkedInConnector>().FetchStatusAsync(Call, PostUrn, Ct);

        Assert.True(status.Exists);
        Assert.Equal(new Uri($"https://www.linkedin.com/feed/update/{PostUrn}/"), status.Url);
    }

    [Fact]
    public async Task FetchStatus_PostDeleted_Gone()
    {
        _server.MapJson("GET", "/rest/posts/{urn}", """{"status":404,"code":"NOT_FOUND","message":"Not Found"}""", 404);
        using var services = Host();

        Assert.False((await services.GetRequiredService<LinkedInConnector>().FetchStatusAsync(Call, PostUrn, Ct)).Exists);
    }

    [Fact]
    public async Task FindPublished_OrganisationPostWithSameCommentary_ReturnsIt()
    {
        _server.MapJson("GET", "/rest/posts", $$"""
            {"paging":{"start":0,"count":10,"links":[]},"elements":[
              {"id":"urn:li:share:1","author":"{{Organisation}}","commentary":"Winter vaccines are open","lifecycleState":"PUBLISHED"},
              {"id":"{{PostUrn}}","author":"{{Organisation}}","commentary":"Winter vaccines \\(flu and COVID-19\\) are open","lifecycleState":"PUBLISHED"}
            ]}
            """);
        using var services = Host();

        var found = await services.GetRequiredService<LinkedInConnector>().FindPublishedAsync(Request("Winter vaccines (flu and COVID-19) are open"), Ct);

        Assert.Equal(PostUrn, found?.PlatformPostId);
        var sent = Assert.Single(_server.RequestsTo("GET", "/rest/posts"));
        Assert.Equal("author", sent.Query["q"]);
        Assert.Equal(Organisation, sent.Query["author"]);
    }

    [Fact]
    public async Task FindPublished_NoMatchingCommentary_Null()
    {
        _server.MapJson("GET", "/rest/posts", $$"""{"elements":[{"id":"urn:li:share:1","author":"{{Organisation}}","commentary":"Something else"}]}""");
        using var services = Host();

        Assert.Null(await services.GetRequiredService<LinkedInConnector>().FindPublishedAsync(Request("Winter vaccines are open"), Ct));
    }

    [Fact]
    public async Task Publish_TooManyRequestsWithoutRetryAfter_RateLimitedForAnHour()
    {
        _server.FailNext(1, ApiFault.RateLimited(new Dictionary<string, string>(), """{"status":429,"code":"TOO_MANY_REQUESTS","message":"Resource level throttle APPLICATION DAY limit for calls to this resource is reached."}"""), "POST");
        using var services = Host();

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<LinkedInConnector>().PublishAsync(Request("Text"), Ct));

        Assert.Equal(PlatformErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
        Assert.Contains("APPLICATION DAY limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_TooManyRequestsWithRetryAfter_RateLimitedForThatLong()
    {
        _server.FailNext(1, ApiFault.RateLimited(new Dictionary<string, string> { ["Retry-After"] = "120" }, """{"status":429,"message":"Too many requests"}"""), "POST");
        using var services = Host();

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<LinkedInConnector>().PublishAsync(Request("Text"), Ct));

        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
    }

    [Fact]
    public async Task Publish_ServerError_Retryable()
    {
        _server.FailNext(1, ApiFault.ServerError("""{"status":500,"message":"Internal Server Error"}"""), "POST");
        using var services = Host();

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<LinkedInConnector>().PublishAsync(Request("Text"), Ct));

        Assert.Equal(PlatformErrorKind.Retryable, error.Kind);
    }

    [Fact]
    public async Task Publish_AnswerSlowerThanTimeout_OutcomeUnknown()
    {
        _server.FailNext(1, ApiFault.SlowerThan(TimeSpan.FromSeconds(5)), "POST", "/rest/posts");
        using var services = Host(timeout: TimeSpan.FromMilliseconds(500));

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<LinkedInConnector>().PublishAsync(Request("Text"), Ct));

        Assert.Equal(PlatformErrorKind.OutcomeUnknown, error.Kind);
    }

    [Fact]
    public async Task Publish_TokenRevoked_AuthLost()
    {
        _server.FailNext(1, ApiFault.Unauthorized("""{"serviceErrorCode":65601,"message":"The token used in the request has been revoked by the user","status":401}"""));
        using var services = Host();

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<LinkedInConnector>().PublishAsync(Request("Text"), Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
        Assert.Contains("revoked by the user", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_DuplicateContent_RejectedWithLinkedInsMessage()
    {
        _server.FailNext(1, ApiFault.Status(422, """{"errorDetailType":"com.linkedin.common.error.BadRequest","message":"Content is a duplicate of urn:li:share:7263001234567890000","errorDetails":{"inputErrors":[{"description":"Duplicate post is detected","input":{},"code":"DUPLICATE_POST"}]},"status":422}"""), "POST");
        using var services = Host();

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<LinkedInConnector>().PublishAsync(Request("Text"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Equal(422, error.StatusCode);
        Assert.Contains("Content is a duplicate of urn:li:share:7263001234567890000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_Reply_RejectedWithoutCallingLinkedIn()
    {
        using var services = Host();

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<LinkedInConnector>().PublishAsync(Request("Text") with { ReplyTo = PostUrn }, Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Empty(_server.Requests);
    }

    private void MapTokenEndpoint(string json) => _server.MapJson("POST", "/oauth/v2/accessToken", json);

    private void MapImageUpload()
    {
        var next = 0;
        _server.Map("POST", "/rest/images", _ =>
        {
            var n = Interlocked.Increment(ref next);
            return DocumentedResponse.Json($$"""{"value":{"uploadUrlExpiresAt":1764061200000,"uploadUrl":"{{_server.Url($"dms-uploads/image{n}").AbsoluteUri}}","image":"urn:li:image:C4E10AQFoyyAjHPMQuQ{{n}}"} }""");
        });
        _server.Map("PUT", "/dms-uploads/{id}", _ => DocumentedResponse.Empty(201));
    }

    private ServiceProvider Host(TimeSpan? timeout = null, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Platforms:LinkedIn:ClientId"] = ClientId,
            ["Platforms:LinkedIn:ClientSecret"] = ClientSecret,
            ["Platforms:LinkedIn:ApiBaseUrl"] = _server.BaseUrl.AbsoluteUri,
            ["Platforms:LinkedIn:AuthBaseUrl"] = _server.BaseUrl.AbsoluteUri,
        };
        if (timeout is { } t)
        {
            values["Platforms:LinkedIn:Timeout"] = t.ToString("c", CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var services = new ServiceCollection().AddSignpostPlatforms(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddSingleton<TimeProvider>(new FixedClock(Now));
        return services.BuildServiceProvider();
    }

    private static PublishRequest Request(string text, params MediaUpload[] media) => new(Call, text, media, IdempotencyKey: "publication-9");
}
