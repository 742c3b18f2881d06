using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Facebook;
using Signpost.Platforms.Tests.Fakes;
using static Signpost.Platforms.Tests.Facebook.GraphTestHost;

namespace Signpost.Platforms.Tests.Facebook;

public sealed class FacebookConnectorTests : IAsyncLifetime
{
    private const string PostId = PageId + "_987654321";
    private const string Permalink = "https://www.facebook.com/" + PageId + "/posts/987654321";

    private static readonly ChannelCall Call = new(new PlatformAccount(PageId, "NHS Riverside ICB"), new PlatformCredential { AccessToken = PageToken });

    private DocumentedApiServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await DocumentedApiServer.StartAsync();
        _server.MapJson("POST", "/v25.0/{page}/feed", $$"""{"id":"{{PostId}}"}""");
        _server.Map("GET", "/v25.0/{id}", r => DocumentedResponse.Json($$"""{"permalink_url":"https://www.facebook.com/{{PageId}}/posts/{{r.RouteValues["id"].Split('_').Last()}}","id":"{{r.RouteValues["id"]}}"}"""));
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void BuildAuthorizationUrl_Configured_SendsPersonToLoginDialogAskingForPagePermissions()
    {
        using var services = Services(_server, settings: new Dictionary<string, string?> { ["Platforms:Facebook:AuthBaseUrl"] = null });
        var connector = services.GetRequiredService<FacebookConnector>();

        var url = connector.BuildAuthorizationUrl(new OAuthStart(new Uri("https://signpost.example.nhs.uk/channels/oauth/callback"), "state-123", "challenge"));

        Assert.Equal("https://www.facebook.com/v25.0/dialog/oauth", url.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.Equal(AppId, query["client_id"]);
        Assert.Equal("https://signpost.example.nhs.uk/channels/oauth/callback", query["redirect_uri"]);
        Assert.Equal("state-123", query["state"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("pages_show_list,pages_read_engagement,pages_manage_posts,pages_manage_engagement,pages_messaging,pages_read_user_content,pages_manage_metadata", query["scope"]);
        Assert.True(connector.IsConfigured);
        Assert.Equal(ConnectionMethod.OAuth, connector.ConnectionMethod);
        Assert.False(connector.HasIdempotency);
    }

    [Fact]
    public void IsConfigured_NoClientId_False()
    {
        using var services = Services(_server, settings: new Dictionary<string, string?> { ["Platforms:Facebook:ClientId"] = null });

        Assert.False(services.GetRequiredService<FacebookConnector>().IsConfigured);
    }

    [Fact]
    public async Task CompleteAuthorization_Code_ExchangesForLongLivedTokenAndOffersPagesThatCanPost()
    {
        MapTokenExchange(_server);
        _server.MapJson("GET", "/v25.0/me/accounts", $$$"""
            {"data":[
              {"access_token":"{{{PageToken}}}","category":"Medical & health","category_list":[{"id":"2214","name":"Medical & health"}],"name":"NHS Riverside ICB","id":"{{{PageId}}}","tasks":["ANALYZE","ADVERTISE","MODERATE","CREATE_CONTENT","MANAGE"]},
              {"access_token":"EAAB-page-token-analyst","category":"Hospital","name":"Riverside Analytics","id":"2233445566","tasks":["ANALYZE"]},
              {"access_token":"EAAB-page-token-community","category":"Hospital","name":"Riverside Community Health","id":"3344556677","tasks":["CREATE_CONTENT","MODERATE"]}
            ],"paging":{"cursors":{"before":"QVFIUmx1","after":"QVFIUkdr"} } }
            """);
        using var services = Services(_server);
        var connector = services.GetRequiredService<FacebookConnector>();

        var choices = await connector.CompleteAuthorizationWithChoicesAsync(new OAuthCallback("code-from-callback", new Uri("https://signpost.example.nhs.uk/channels/oauth/callback"), "verifier"), Ct);

        var exchanges = _server.RequestsTo("GET", "/v25.0/oauth/access_token");
        Assert.Equal("code-from-callback", exchanges[0].Query["code"]);
        Assert.Equal(AppSecret, exchanges[0].Query["client_secret"]);
        Assert.Equal("https://signpost.example.nhs.uk/channels/oauth/callback", exchanges[0].Query["redirect_uri"]);
        Assert.Equal("fb_exchange_token", exchanges[1].Query["grant_type"]);
        Assert.Equal("EAAB-short-lived", exchanges[1].Query["fb_exchange_token"]);
        Assert.Equal($"Bearer {UserToken}", _server.RequestsTo("GET", "/v25.0/me/accounts")[0].Header("Authorization"));

        Assert.Equal(["NHS Riverside ICB", "Riverside Community Health"], choices.Select(c => c.DisplayName));
        var first = choices[0];
        Assert.Equal(PageId, first.Account.AccountId);
        Assert.Equal(PageToken, first.Credential.AccessToken);
        Assert.Null(first.Credential.AccessTokenExpiresAt);
        Assert.Equal(Now.AddSeconds(5_183_944), first.Credential.ExpiresAt);

        var single = await connector.CompleteAuthorizationAsync(new OAuthCallback("second-code", new Uri("https://signpost.example.nhs.uk/channels/oauth/callback"), "verifier"), Ct);
        Assert.Equal(PageId, single.Account.AccountId);
    }

    [Fact]
    public async Task CompleteAuthorization_LongLivedTokenWithoutExpiry_RecordsSixtyDays()
    {
        MapTokenExchange(_server, longLivedExpiresIn: null);
        _server.MapJson("GET", "/v25.0/me/accounts", $$"""{"data":[{"access_token":"{{PageToken}}","name":"NHS Riverside ICB","id":"{{PageId}}","tasks":["CREATE_CONTENT"]}]}""");
        using var services = Services(_server);

        var result = await services.GetRequiredService<FacebookConnector>().CompleteAuthorizationAsync(new OAuthCallback("code", new Uri("https://signpost.example.nhs.uk/channels/oauth/callback"), "v"), Ct);

        Assert.Equal(Now.AddDays(60), result.Credential.ExpiresAt);
    }

    [Fact]
    public async Task CompleteAuthorization_NoPageCanPost_Rejected()
    {
        MapTokenExchange(_server);
        _server.MapJson("GET", "/v25.0/me/accounts", """{"data":[{"access_token":"EAAB-x","name":"Riverside Analytics","id":"2233445566","tasks":["ANALYZE"]}]}""");
        using var services = Services(_server);

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            services.GetRequiredService<FacebookConnector>().CompleteAuthorizationAsync(new OAuthCallback("code", new Uri("https://signpost.example.nhs.uk/channels/oauth/callback"), "v"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("no Page", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_Text_PostsMessageToPageFeedAsThePage()
    {
        using var services = Services(_server);

        var result = await services.GetRequiredService<FacebookConnector>().PublishAsync(Request("Flu jabs are free for over-65s this winter."), Ct);

        Assert.Equal(PostId, result.PlatformPostId);
        Assert.Equal(new Uri(Permalink), result.Url);
        var sent = Assert.Single(_server.RequestsTo("POST", "/v25.0/{page}/feed"));
        Assert.Equal($"/v25.0/{PageId}/feed", sent.Path);
        Assert.Equal("Flu jabs are free for over-65s this winter.", sent.Form["message"]);
        Assert.False(sent.Form.ContainsKey("link"));
        Assert.Equal($"Bearer {PageToken}", sent.Header("Authorization"));
        Assert.Equal(Proof(PageToken), sent.Query["appsecret_proof"]);
        Assert.DoesNotContain("access_token", sent.Query.Keys);
    }

    [Fact]
    public async Task Publish_TextWithLink_SendsTheLinkForItsPreview()
    {
        using var services = Services(_server);

        await services.GetRequiredService<FacebookConnector>().PublishAsync(Request("Book your booster (https://www.nhs.uk/vaccinations/)."), Ct);

        Assert.Equal("https://www.nhs.uk/vaccinations/", Assert.Single(_server.RequestsTo("POST", "/v25.0/{page}/feed")).Form["link"]);
    }

    [Fact]
    public async Task Publish_OneImageWithAltText_UploadsPhotoWithCaptionAndAltText()
    {
        _server.MapJson("POST", "/v25.0/{page}/photos", $$"""{"id":"555000111","post_id":"{{PageId}}_987654322"}""");
        using var services = Services(_server);
        var image = Jpeg("clinic.jpg", "Nurse giving a flu jab to an older man in a clinic");

        var result = await services.GetRequiredService<FacebookConnector>().PublishAsync(Request("Our clinic is open on Saturday.", image), Ct);

        Assert.Equal($"{PageId}_987654322", result.PlatformPostId);
        var sent = Assert.Single(_server.RequestsTo("POST", "/v25.0/{page}/photos"));
        Assert.Equal("Our clinic is open on Saturday.", sent.Form["caption"]);
        Assert.Equal("Nurse giving a flu jab to an older man in a clinic", sent.Form["alt_text_custom"]);
        Assert.False(sent.Form.ContainsKey("published"));
        var file = Assert.Single(sent.Files);
        Assert.Equal("source", file.Name);
        Assert.Equal("clinic.jpg", file.FileName);
        Assert.Equal("image/jpeg", file.ContentType);
        Assert.Equal(image.Content.ToArray(), file.Content);
        Assert.Empty(_server.RequestsTo("POST", "/v25.0/{page}/feed"));
    }

    [Fact]
    public async Task Publish_ThreeImages_UploadsEachUnpublishedThenAttachesThemToOnePost()
    {
        var next = 0;
        _server.Map("POST", "/v25.0/{page}/photos", _ => DocumentedResponse.Json($$"""{"id":"70000{{Interlocked.Increment(ref next)}}"}"""));
        using var services = Services(_server);

        var result = await services.GetRequiredService<FacebookConnector>().PublishAsync(
            Request("Three new community hubs.", Jpeg("a.jpg", "Hub in Riverside"), Jpeg("b.jpg", "Hub in Northbank"), Jpeg("c.jpg", "Hub in Eastfield")), Ct);

        Assert.Equal(PostId, result.PlatformPostId);
        var uploads = _server.RequestsTo("POST", "/v25.0/{page}/photos");
        Assert.Equal(["Hub in Riverside", "Hub in Northbank", "Hub in Eastfield"], uploads.Select(u => u.Form["alt_text_custom"]));
        Assert.All(uploads, u => Assert.Equal("false", u.Form["published"]));
        var post = Assert.Single(_server.RequestsTo("POST", "/v25.0/{page}/feed"));
        Assert.Equal("Three new community hubs.", post.Form["message"]);
        Assert.Equal(["700001", "700002", "700003"], Enumerable.Range(0, 3).Select(i => JsonDocument.Parse(post.Form[$"attached_media[{i}]"]).RootElement.GetProperty("media_fbid").GetString()));
    }

    [Fact]
    public async Task Publish_Video_UploadsToPageVideosWithDescription()
    {
        _server.MapJson("POST", "/v25.0/{page}/videos", """{"id":"888777666"}""");
        using var services = Services(_server);

        var result = await services.GetRequiredService<FacebookConnector>().PublishAsync(Request("How to use NHS 111 online.", Mp4("111.mp4")), Ct);

        Assert.Equal("888777666", result.PlatformPostId);
        var sent = Assert.Single(_server.RequestsTo("POST", "/v25.0/{page}/videos"));
        Assert.Equal("How to use NHS 111 online.", sent.Form["description"]);
        Assert.Equal("source", Assert.Single(sent.Files).Name);
    }

    [Fact]
    public async Task Publish_ImageAndVideo_RejectedWithoutCallingFacebook()
    {
        using var services = Services(_server);

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            services.GetRequiredService<FacebookConnector>().PublishAsync(Request("Both", Jpeg("a.jpg", "alt"), Mp4("b.mp4")), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Delete_Post_DeletesItWithThePageToken()
    {
        _server.MapJson("DELETE", "/v25.0/{id}", """{"success":true}""");
        using var services = Services(_server);

        await services.GetRequiredService<FacebookConnector>().DeleteAsync(Call, PostId, Ct);

        var sent = Assert.Single(_server.RequestsTo("DELETE", "/v25.0/{id}"));
        Assert.Equal($"/v25.0/{PostId}", sent.Path);
        Assert.Equal($"Bearer {PageToken}", sent.Header("Authorization"));
    }

    [Fact]
    public async Task Delete_AlreadyGone_NoError()
    {
        _server.MapJson("DELETE", "/v25.0/{id}", ObjectGone(PostId), 400);
        using var services = Services(_server);

        await services.GetRequiredService<FacebookConnector>().DeleteAsync(Call, PostId, Ct);

        Assert.Single(_server.RequestsTo("DELETE", "/v25.0/{id}"));
    }

    [Fact]
    public async Task FetchStatus_PostThere_ExistsWithPermalink()
    {
        using var services = Services(_server);

        var status = await services.GetRequiredService<FacebookConnector>().FetchStatusAsync(Call, PostId, Ct);

        Assert.True(status.Exists);
        Assert.Equal(new Uri(Permalink), status.Url);
        Assert.Equal("id,permalink_url", _server.Requests[^1].Query["fields"]);
    }

    [Fact]
    public async Task FetchStatus_PostDeleted_Gone()
    {
        _server.MapJson("GET", "/v25.0/{id}", ObjectGone(PostId), 400);
        using var services = Services(_server);

        var status = await services.GetRequiredService<FacebookConnector>().FetchStatusAsync(Call, PostId, Ct);

        Assert.False(status.Exists);
        Assert.Null(status.Url);
    }

    [Fact]
    public async Task FindPublished_PageHasPostWithSameText_ReturnsIt()
    {
        _server.MapJson("GET", "/v25.0/{page}/posts", $$$"""
            {"data":[
              {"message":"Flu jabs are free for over-65s this winter. Book now.","created_time":"2026-11-24T08:59:01+0000","permalink_url":"https://www.facebook.com/{{{PageId}}}/posts/111","id":"{{{PageId}}}_111"},
              {"message":"Flu jabs are free for over-65s this winter.\n","created_time":"2026-11-24T08:58:12+0000","permalink_url":"{{{Permalink}}}","id":"{{{PostId}}}"}
            ],"paging":{"cursors":{"before":"a","after":"b"} } }
            """);
        using var services = Services(_server);

        var found = await services.GetRequiredService<FacebookConnector>().FindPublishedAsync(Request("Flu jabs are free for over-65s this winter."), Ct);

        Assert.NotNull(found);
        Assert.Equal(PostId, found.PlatformPostId);
        Assert.Equal(new Uri(Permalink), found.Url);
        var sent = Assert.Single(_server.RequestsTo("GET", "/v25.0/{page}/posts"));
        Assert.Equal(Now.AddDays(-3).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), sent.Query["since"]);
        Assert.Contains("message", sent.Query["fields"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindPublished_OnlyOtherTexts_Null()
    {
        _server.MapJson("GET", "/v25.0/{page}/posts", $$"""{"data":[{"message":"Something else","created_time":"2026-11-24T08:59:01+0000","id":"{{PageId}}_111"}]}""");
        using var services = Services(_server);

        Assert.Null(await services.GetRequiredService<FacebookConnector>().FindPublishedAsync(Request("Flu jabs are free."), Ct));
    }

    [Fact]
    public async Task Publish_PageRequestLimitReached_RateLimitedForTheTimeGraphEstimates()
    {
        _server.FailNext(1, ApiFault.Status(400, PageRateLimited, BusinessUseCaseUsage(PageId, "pages", 7)), "POST");
        using var services = Services(_server);

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<FacebookConnector>().PublishAsync(Request("Text"), Ct));

        Assert.Equal(PlatformErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromMinutes(7), error.RetryAfter);
        Assert.Contains("code 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_AppRequestLimitWithoutEstimate_RateLimitedForDefaultWait()
    {
        _server.FailNext(1, ApiFault.Status(403, """{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","is_transient":true,"code":4,"fbtrace_id":"Eh7"}}""",
            new Dictionary<string, string> { ["X-App-Usage"] = """{"call_count":100,"total_cputime":30,"total_time":41}""" }), "POST");
        using var services = Services(_server);

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<FacebookConnector>().PublishAsync(Request("Text"), Ct));

        Assert.Equal(PlatformErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromMinutes(15), error.RetryAfter);
    }

    [Fact]
    public async Task Publish_ServerError_Retryable()
    {
        _server.FailNext(1, ApiFault.ServerError(ServiceUnavailable), "POST");
        using var services = Services(_server);

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<FacebookConnector>().PublishAsync(Request("Text"), Ct));

        Assert.Equal(PlatformErrorKind.Retryable, error.Kind);
        Assert.Equal(500, error.StatusCode);
    }

    [Fact]
    public async Task Publish_AnswerSlowerThanTimeout_OutcomeUnknownAndThePostCanBeFound()
    {
        _server.FailNext(1, ApiFault.SlowerThan(TimeSpan.FromSeconds(5)), "POST", "/v25.0/{page}/feed");
        _server.MapJson("GET", "/v25.0/{page}/posts", $$"""{"data":[{"message":"Clinic moved to Bridge Street.","created_time":"2026-11-24T09:00:00+0000","permalink_url":"{{Permalink}}","id":"{{PostId}}"}]}""");
        using var services = Services(_server, timeout: TimeSpan.FromMilliseconds(500));
        var connector = services.GetRequiredService<FacebookConnector>();

        var error = await Assert.ThrowsAsync<PlatformException>(() => connector.PublishAsync(Request("Clinic moved to Bridge Street."), Ct));
        var found = await connector.FindPublishedAsync(Request("Clinic moved to Bridge Street."), Ct);

        Assert.Equal(PlatformErrorKind.OutcomeUnknown, error.Kind);
        Assert.Single(_server.RequestsTo("POST", "/v25.0/{page}/feed"));
        Assert.Equal(PostId, found?.PlatformPostId);
    }

    [Fact]
    public async Task Publish_TokenRevoked_AuthLost()
    {
        _server.FailNext(1, ApiFault.Status(400, TokenRevoked), "POST");
        using var services = Services(_server);

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<FacebookConnector>().PublishAsync(Request("Text"), Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
        Assert.Contains("Reconnect", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_InvalidParameter_RejectedWithFacebooksMessage()
    {
        _server.FailNext(1, ApiFault.Status(400, InvalidParameter), "POST");
        using var services = Services(_server);

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<FacebookConnector>().PublishAsync(Request("See https://bad.example"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("The link you entered does not lead to a page Facebook can read.", error.Message, StringComparison.Ordinal);
        Assert.Contains("CkP0uY7sLdE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_PageNoLongerThere_RejectedLikeAnyRefusal()
    {
        _server.FailNext(1, ApiFault.Status(400, ObjectGone(PageId)), "POST");
        using var services = Services(_server);

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<FacebookConnector>().PublishAsync(Request("Text"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_PageTokenStillWorks_ReturnsSameCredential()
    {
        using var services = Services(_server);

        var credential = await services.GetRequiredService<FacebookConnector>().RefreshAsync(Call, Ct);

        Assert.Same(Call.Credential, credential);
        Assert.Equal($"/v25.0/{PageId}", Assert.Single(_server.Requests).Path);
    }

    [Fact]
    public async Task Refresh_PageTokenRevoked_AuthLost()
    {
        _server.FailNext(1, ApiFault.Status(400, TokenRevoked));
        using var services = Services(_server);

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<FacebookConnector>().RefreshAsync(Call, Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
    }

    [Fact]
    public async Task Connect_SystemUserPageToken_VerifiesPageAndKeepsToken()
    {
        _server.MapJson("GET", "/v25.0/{id}", $$"""{"id":"{{PageId}}","name":"NHS Riverside ICB"}""");
        using var services = Services(_server);

        var result = await services.GetRequiredService<FacebookConnector>().ConnectAsync(new ConnectRequest(PageId, " EAAB-system-user ", null), Ct);

        Assert.Equal(new PlatformAccount(PageId, "NHS Riverside ICB"), result.Account);
        Assert.Equal("EAAB-system-user", result.Credential.AccessToken);
        Assert.Equal("Bearer EAAB-system-user", Assert.Single(_server.Requests).Header("Authorization"));
    }

    private static PublishRequest Request(string text, params MediaUpload[] media) =>
        new(Call, text, media, IdempotencyKey: "publication-42");
}
