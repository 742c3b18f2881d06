using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Instagram;
using Signpost.Platforms.Tests.Fakes;
using static Signpost.Platforms.Tests.Facebook.GraphTestHost;

namespace Signpost.Platforms.Tests.Instagram;

public sealed class InstagramConnectorTests : IAsyncLifetime
{
    private const string IgUserId = "17841405822304914";
    private const string MediaId = "17920238422030506";
    private const string Permalink = "https://www.instagram.com/p/DCw0xYzNhs1/";

    private static readonly ChannelCall Call = new(new PlatformAccount(IgUserId, "nhsriverside"), new PlatformCredential { AccessToken = UserToken });

    private DocumentedApiServer _server = null!;
    private PublicMediaUrlsOnServer _mediaUrls = null!;
    private int _containers;

    /// <summary>What GET /{container-id}?fields=status_code answers, per container, in order; FINISHED when empty.</summary>
    private readonly Dictionary<string, Queue<string>> _containerStatuses = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await DocumentedApiServer.StartAsync();
        _mediaUrls = new PublicMediaUrlsOnServer(_server);
        _server.MapJson("GET", "/v25.0/{ig}/content_publishing_limit", """{"data":[{"quota_usage":2,"config":{"quota_total":100,"quota_duration":86400}}]}""");
        _server.Map("POST", "/v25.0/{ig}/media", _ => DocumentedResponse.Json($$"""{"id":"1788945556005144{{Interlocked.Increment(ref _containers)}}"}"""));
        _server.MapJson("POST", "/v25.0/{ig}/media_publish", $$"""{"id":"{{MediaId}}"}""");
        _server.Map("GET", "/v25.0/{id}", r =>
        {
            var id = r.RouteValues["id"];
            if (r.Query.TryGetValue("fields", out var fields) && fields.Contains("status_code", StringComparison.Ordinal))
            {
                var status = "FINISHED";
                lock (_containerStatuses)
                {
                    if (_containerStatuses.TryGetValue(id, out var queue) && queue.Count > 0)
                    {
                        status = queue.Dequeue();
                    }
                }

                return DocumentedResponse.Json(status == "ERROR"
                    ? $$"""{"status_code":"ERROR","status":"Error: 2207026","id":"{{id}}"}"""
                    : $$"""{"status_code":"{{status}}","id":"{{id}}"}""");
            }

            return DocumentedResponse.Json($$"""{"permalink":"{{Permalink}}","id":"{{id}}"}""");
        });
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void BuildAuthorizationUrl_OnlyFacebookAppConfigured_UsesItAndAsksForInstagramPublishing()
    {
        using var services = Host();
        var connector = services.GetRequiredService<InstagramConnector>();

        var url = connector.BuildAuthorizationUrl(new OAuthStart(new Uri("https://signpost.example.nhs.uk/channels/oauth/callback"), "s1", "c"));

        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.Equal(_server.Url("v25.0/dialog/oauth").AbsoluteUri, url.GetLeftPart(UriPartial.Path));
        Assert.Equal(AppId, query["client_id"]);
        Assert.Equal("instagram_basic,instagram_content_publish,pages_show_list,pages_read_engagement,instagram_manage_comments,instagram_manage_messages,pages_manage_metadata", query["scope"]);
        Assert.True(connector.IsConfigured);
        Assert.True(connector.Limits.RequiresMedia);
        Assert.Equal(2_200, connector.Limits.MaxTextLength);
    }

    [Fact]
    public void BuildAuthorizationUrl_InstagramSettings_TakePrecedenceOverFacebooks()
    {
        using var services = Host(settings: new Dictionary<string, string?> { ["Platforms:Instagram:ClientId"] = "999000111" });

        var url = services.GetRequiredService<InstagramConnector>().BuildAuthorizationUrl(new OAuthStart(new Uri("https://signpost.example.nhs.uk/channels/oauth/callback"), "s1", "c"));

        Assert.Equal("999000111", System.Web.HttpUtility.ParseQueryString(url.Query)["client_id"]);
    }

    [Fact]
    public async Task CompleteAuthorization_Code_OffersInstagramAccountsLinkedToPagesWithLongLivedToken()
    {
        MapTokenExchange(_server);
        _server.MapJson("GET", "/v25.0/me/accounts", $$"""
            {"data":[
              {"name":"NHS Riverside ICB","id":"{{PageId}}","tasks":["CREATE_CONTENT","MANAGE"],"instagram_business_account":{"id":"{{IgUserId}}","username":"nhsriverside","name":"NHS Riverside"} },
              {"name":"Riverside Volunteers","id":"4455667788","tasks":["CREATE_CONTENT"]}
            ]}
            """);
        using var services = Host();

        var choices = await services.GetRequiredService<InstagramConnector>().CompleteAuthorizationWithChoicesAsync(
            new OAuthCallback("code-1", new Uri("https://signpost.example.nhs.uk/channels/oauth/callback"), "v"), Ct);

        var choice = Assert.Single(choices);
        Assert.Equal(new PlatformAccount(IgUserId, "nhsriverside"), choice.Account);
        Assert.Equal("NHS Riverside", choice.DisplayName);
        Assert.Equal(UserToken, choice.Credential.AccessToken);
        Assert.Equal(Now.AddSeconds(5_183_944), choice.Credential.ExpiresAt);
        Assert.Equal(Now.AddSeconds(5_183_944), choice.Credential.AccessTokenExpiresAt);
        Assert.Equal(PageId, choice.Credential.Extra["page_id"]);
        Assert.Contains("instagram_business_account", _server.RequestsTo("GET", "/v25.0/me/accounts")[0].Query["fields"], StringComparison.Ordinal);
        Assert.Equal("fb_exchange_token", _server.RequestsTo("GET", "/v25.0/oauth/access_token")[1].Query["grant_type"]);
    }

    [Fact]
    public async Task Publish_ImageWithAltText_CreatesContainerFromPublicUrlThenPublishesIt()
    {
        using var services = Host();
        var image = Jpeg("flu.jpg", "Pharmacist holding a flu vaccine");

        var result = await services.GetRequiredService<InstagramConnector>().PublishAsync(Request("Flu jabs at your local pharmacy #flu", image), Ct);

        Assert.Equal(MediaId, result.PlatformPostId);
        Assert.Equal(new Uri(Permalink), result.Url);
        var container = Assert.Single(_server.RequestsTo("POST", "/v25.0/{ig}/media"));
        Assert.Equal($"/v25.0/{IgUserId}/media", container.Path);
        Assert.Equal(_server.Url("media/flu.jpg?signature=s1").AbsoluteUri, container.Form["image_url"]);
        Assert.Equal("Flu jabs at your local pharmacy #flu", container.Form["caption"]);
        Assert.Equal("Pharmacist holding a flu vaccine", container.Form["alt_text"]);
        Assert.Equal($"Bearer {UserToken}", container.Header("Authorization"));
        Assert.Equal(Proof(UserToken), container.Query["appsecret_proof"]);
        Assert.Equal("17889455560051441", Assert.Single(_server.RequestsTo("POST", "/v25.0/{ig}/media_publish")).Form["creation_id"]);
        Assert.Single(_server.RequestsTo("GET", "/v25.0/{ig}/content_publishing_limit"));
        Assert.Equal([image], _mediaUrls.Asked);
        Assert.True(_mediaUrls.ValidFor >= TimeSpan.FromMinutes(30));
    }

    [Fact]
    public async Task Publish_ContainerStillInProgress_WaitsUntilFinished()
    {
        _containerStatuses["17889455560051441"] = new(["IN_PROGRESS", "IN_PROGRESS", "FINISHED"]);
        using var services = Host();

        var result = await services.GetRequiredService<InstagramConnector>().PublishAsync(Request("Reel", Mp4("111.mp4")), Ct);

        Assert.Equal(MediaId, result.PlatformPostId);
        var container = Assert.Single(_server.RequestsTo("POST", "/v25.0/{ig}/media"));
        Assert.Equal("REELS", container.Form["media_type"]);
        Assert.Equal(_server.Url("media/111.mp4?signature=s1").AbsoluteUri, container.Form["video_url"]);
        Assert.Equal(3, _server.Requests.Count(r => r.Path == "/v25.0/17889455560051441" && r.Query["fields"].Contains("status_code", StringComparison.Ordinal)));
        Assert.True(_server.Requests.ToList().FindLastIndex(r => r.Path == "/v25.0/17889455560051441") < _server.Requests.ToList().FindIndex(r => r.Path.EndsWith("/media_publish", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Publish_ThreeImages_CreatesCarouselItemsWithAltTextThenCarousel()
    {
        using var services = Host();

        await services.GetRequiredService<InstagramConnector>().PublishAsync(
            Request("Three hubs", Jpeg("a.jpg", "Hub in Riverside"), Jpeg("b.jpg", "Hub in Northbank"), Jpeg("c.jpg", "Hub in Eastfield")), Ct);

        var containers = _server.RequestsTo("POST", "/v25.0/{ig}/media");
        Assert.Equal(4, containers.Count);
        Assert.All(containers.Take(3), c => Assert.Equal("true", c.Form["is_carousel_item"]));
        Assert.Equal(["Hub in Riverside", "Hub in Northbank", "Hub in Eastfield"], containers.Take(3).Select(c => c.Form["alt_text"]));
        Assert.All(containers.Take(3), c => Assert.False(c.Form.ContainsKey("caption")));
        Assert.Equal("CAROUSEL", containers[3].Form["media_type"]);
        Assert.Equal("17889455560051441,17889455560051442,17889455560051443", containers[3].Form["children"]);
        Assert.Equal("Three hubs", containers[3].Form["caption"]);
        Assert.Equal("17889455560051444", Assert.Single(_server.RequestsTo("POST", "/v25.0/{ig}/media_publish")).Form["creation_id"]);
    }

    [Fact]
    public async Task Publish_ContainerError_RejectedAndNothingPublished()
    {
        _containerStatuses["17889455560051441"] = new(["ERROR"]);
        using var services = Host();

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            services.GetRequiredService<InstagramConnector>().PublishAsync(Request("Caption", Jpeg("huge.jpg", "Poster")), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("2207026", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.RequestsTo("POST", "/v25.0/{ig}/media_publish"));
    }

    [Fact]
    public async Task Publish_WithoutMedia_RejectedWithoutCallingInstagram()
    {
        using var services = Host();

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<InstagramConnector>().PublishAsync(Request("Text only"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Equal("Instagram posts need an image or video.", error.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Publish_NoPublicMediaAddresses_RejectedWithoutCallingInstagram()
    {
        using var services = Services(_server);

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            services.GetRequiredService<InstagramConnector>().PublishAsync(Request("Caption", Jpeg("a.jpg", "alt")), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("public", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Publish_ThirtyOneHashtags_Rejected()
    {
        using var services = Host();
        var text = string.Join(' ', Enumerable.Range(1, 31).Select(i => $"#tag{i}"));

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<InstagramConnector>().PublishAsync(Request(text, Jpeg("a.jpg", "alt")), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("30 hashtags", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Publish_DailyPublishingQuotaUsed_RateLimitedBeforeAnyContainer()
    {
        _server.MapJson("GET", "/v25.0/{ig}/content_publishing_limit", """{"data":[{"quota_usage":100,"config":{"quota_total":100,"quota_duration":86400}}]}""");
        using var services = Host();

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<InstagramConnector>().PublishAsync(Request("Caption", Jpeg("a.jpg", "alt")), Ct));

        Assert.Equal(PlatformErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
        Assert.Empty(_server.RequestsTo("POST", "/v25.0/{ig}/media"));
    }

    [Fact]
    public async Task Publish_BusinessUseCaseLimitReached_RateLimitedForTheTimeGraphEstimates()
    {
        _server.FailNext(1, ApiFault.Status(400, """{"error":{"message":"(#80002) There have been too many calls to this Instagram account. Wait a bit and try again.","type":"OAuthException","code":80002,"fbtrace_id":"Ig7"}}""",
            BusinessUseCaseUsage(IgUserId, "instagram", 23)), "POST");
        using var services = Host();

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<InstagramConnector>().PublishAsync(Request("Caption", Jpeg("a.jpg", "alt")), Ct));

        Assert.Equal(PlatformErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromMinutes(23), error.RetryAfter);
    }

    [Fact]
    public async Task Publish_ServerErrorCreatingContainer_Retryable()
    {
        _server.FailNext(1, ApiFault.ServerError(ServiceUnavailable), "POST", "/v25.0/{ig}/media");
        using var services = Host();

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<InstagramConnector>().PublishAsync(Request("Caption", Jpeg("a.jpg", "alt")), Ct));

        Assert.Equal(PlatformErrorKind.Retryable, error.Kind);
        Assert.Empty(_server.RequestsTo("POST", "/v25.0/{ig}/media_publish"));
    }

    [Fact]
    public async Task Publish_ContainerCreationSlowerThanTimeout_RetryableBecauseNothingWasPublished()
    {
        _server.FailNext(1, ApiFault.SlowerThan(TimeSpan.FromSeconds(5)), "POST", "/v25.0/{ig}/media");
        using var services = Host(timeout: TimeSpan.FromMilliseconds(500));

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<InstagramConnector>().PublishAsync(Request("Caption", Jpeg("a.jpg", "alt")), Ct));

        Assert.Equal(PlatformErrorKind.Retryable, error.Kind);
    }

    [Fact]
    public async Task Publish_MediaPublishSlowerThanTimeout_OutcomeUnknownAndThePostCanBeFound()
    {
        _server.FailNext(1, ApiFault.SlowerThan(TimeSpan.FromSeconds(5)), "POST", "/v25.0/{ig}/media_publish");
        _server.MapJson("GET", "/v25.0/{ig}/media", $$"""{"data":[{"caption":"Caption","permalink":"{{Permalink}}","timestamp":"2026-11-24T09:00:02+0000","id":"{{MediaId}}"}]}""");
        using var services = Host(timeout: TimeSpan.FromMilliseconds(500));
        var connector = services.GetRequiredService<InstagramConnector>();

        var error = await Assert.ThrowsAsync<PlatformException>(() => connector.PublishAsync(Request("Caption", Jpeg("a.jpg", "alt")), Ct));
        var found = await connector.FindPublishedAsync(Request("Caption", Jpeg("a.jpg", "alt")), Ct);

        Assert.Equal(PlatformErrorKind.OutcomeUnknown, error.Kind);
        Assert.Equal(MediaId, found?.PlatformPostId);
        Assert.Equal(new Uri(Permalink), found?.Url);
    }

    [Fact]
    public async Task Publish_TokenExpired_AuthLost()
    {
        _server.FailNext(1, ApiFault.Status(400, """{"error":{"message":"Error validating access token: Session has expired on Monday, 23-Nov-26 09:00:00 PST.","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"Ig8"}}"""));
        using var services = Host();

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<InstagramConnector>().PublishAsync(Request("Caption", Jpeg("a.jpg", "alt")), Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
    }

    [Fact]
    public async Task Publish_MediaRefused_RejectedWithInstagramsMessage()
    {
        _server.FailNext(1, ApiFault.Status(400, """{"error":{"message":"The aspect ratio is not supported.","type":"OAuthException","code":36003,"error_subcode":2207009,"is_transient":false,"error_user_title":"Cannot upload image","error_user_msg":"The submitted image with aspect ratio ('4000/1000',) cannot be published. Please submit an image with a valid aspect ratio.","fbtrace_id":"Ig9"}}"""), "POST");
        using var services = Host();

        var error = await Assert.ThrowsAsync<PlatformException>(() => services.GetRequiredService<InstagramConnector>().PublishAsync(Request("Caption", Jpeg("wide.jpg", "Banner")), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("valid aspect ratio", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_Post_DeletesTheMedia()
    {
        _server.MapJson("DELETE", "/v25.0/{id}", """{"success":true}""");
        using var services = Host();

        await services.GetRequiredService<InstagramConnector>().DeleteAsync(Call, MediaId, Ct);

        Assert.Equal($"/v25.0/{MediaId}", Assert.Single(_server.RequestsTo("DELETE", "/v25.0/{id}")).Path);
    }

    [Fact]
    public async Task FetchStatus_MediaThere_ExistsWithPermalink()
    {
        using var services = Host();

        var status = await services.GetRequiredService<InstagramConnector>().FetchStatusAsync(Call, MediaId, Ct);

        Assert.True(status.Exists);
        Assert.Equal(new Uri(Permalink), status.Url);
    }

    [Fact]
    public async Task FetchStatus_MediaDeleted_Gone()
    {
        _server.MapJson("GET", "/v25.0/{id}", ObjectGone(MediaId), 400);
        using var services = Host();

        Assert.False((await services.GetRequiredService<InstagramConnector>().FetchStatusAsync(Call, MediaId, Ct)).Exists);
    }

    [Fact]
    public async Task FindPublished_OnlyOtherCaptions_Null()
    {
        _server.MapJson("GET", "/v25.0/{ig}/media", $$"""{"data":[{"caption":"Caption, longer","permalink":"{{Permalink}}","timestamp":"2026-11-24T09:00:02+0000","id":"{{MediaId}}"}]}""");
        using var services = Host();

        Assert.Null(await services.GetRequiredService<InstagramConnector>().FindPublishedAsync(Request("Caption", Jpeg("a.jpg", "alt")), Ct));
        Assert.Contains("caption", Assert.Single(_server.RequestsTo("GET", "/v25.0/{ig}/media")).Query["fields"], StringComparison.Ordinal);
    }

    private ServiceProvider Host(TimeSpan? timeout = null, IDictionary<string, string?>? settings = null)
    {
        var services = Services(_server, timeout, settings, s => s.AddSingleton<IPublicMediaUrls>(_mediaUrls));
        services.GetRequiredService<InstagramConnector>().ContainerPollInterval = TimeSpan.FromMilliseconds(10);
        return services;
    }

    private static PublishRequest Request(string text, params MediaUpload[] media) =>
        new(Call, text, media, IdempotencyKey: "publication-7");

    /// <summary>Core's part: each media's signed address, here on the test server.</summary>
    private sealed class PublicMediaUrlsOnServer(DocumentedApiServer server) : IPublicMediaUrls
    {
        public List<MediaUpload> Asked { get; } = [];

        public TimeSpan ValidFor { get; private set; }

        public Task<Uri> GetPublicUrlAsync(MediaUpload media, TimeSpan validFor, CancellationToken ct)
        {
            Asked.Add(media);
            ValidFor = validFor;
            return Task.FromResult(server.Url($"media/{media.FileName}?signature=s1"));
        }
    }
}
