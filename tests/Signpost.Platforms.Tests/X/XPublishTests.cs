using Signpost.Platforms.Tests.Fakes;

namespace Signpost.Platforms.Tests.X;

public sealed class XPublishTests : IAsyncLifetime
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    private FakeXApi _x = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _x = await FakeXApi.StartAsync();

    public async ValueTask DisposeAsync() => await _x.DisposeAsync();

    [Fact]
    public async Task Publish_Text_PostsTextAndReturnsIdAndUrl()
    {
        var result = await _x.Connector.PublishAsync(FakeXApi.Post("Flu jabs at the Riverside hub this Saturday."), Ct);

        var sent = Assert.Single(_x.Server.RequestsTo("POST", "/2/tweets"));
        Assert.Equal("Bearer access-1", sent.Header("Authorization"));
        var body = sent.Json();
        Assert.Equal("Flu jabs at the Riverside hub this Saturday.", body.GetProperty("text").GetString());
        Assert.False(body.TryGetProperty("media", out _));
        Assert.False(body.TryGetProperty("reply", out _));
        Assert.Equal("1445880548472328192", result.PlatformPostId);
        Assert.Equal(new Uri("https://x.com/NHSRiversideICB/status/1445880548472328192"), result.Url);
        Assert.Null(result.RenewedCredential);
        Assert.Empty(_x.Server.RequestsTo("POST", "/2/oauth2/token"));
    }

    [Fact]
    public async Task Publish_ImageWithAltText_UploadsSetsAltTextAndAttachesTheMediaId()
    {
        var image = new MediaUpload("clinic.png", "image/png", Png, "A nurse gives a flu jab to a man in a clinic chair.");

        await _x.Connector.PublishAsync(FakeXApi.Post("Book your flu jab.", [image]), Ct);

        var upload = Assert.Single(_x.Server.RequestsTo("POST", "/2/media/upload"));
        Assert.Equal("tweet_image", upload.Form["media_category"]);
        var file = Assert.Single(upload.Files);
        Assert.Equal(("media", "clinic.png", "image/png"), (file.Name, file.FileName, file.ContentType));
        Assert.Equal(Png, file.Content);
        var metadata = Assert.Single(_x.Server.RequestsTo("POST", "/2/media/metadata")).Json();
        Assert.Equal("1880028106020515840", metadata.GetProperty("id").GetString());
        Assert.Equal("A nurse gives a flu jab to a man in a clinic chair.", metadata.GetProperty("metadata").GetProperty("alt_text").GetProperty("text").GetString());
        var post = Assert.Single(_x.Server.RequestsTo("POST", "/2/tweets")).Json();
        Assert.Equal("1880028106020515840", Assert.Single(post.GetProperty("media").GetProperty("media_ids").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Publish_Video_ChunkedUploadWaitsForProcessingThenPosts()
    {
        var video = new byte[(4 * 1024 * 1024) + 10];
        video[^1] = 7;
        _x.Server.MapJson("POST", "/2/media/upload/initialize", """{ "data": { "id": "1880028106020515841", "media_key": "7_1880028106020515841", "expires_after_secs": 86400 } }""");
        _x.Server.Map("POST", "/2/media/upload/{id}/append", _ => DocumentedResponse.Empty(204));
        _x.Server.MapJson("POST", "/2/media/upload/{id}/finalize", XPayloads.Media("1880028106020515841", """{ "state": "pending", "check_after_secs": 1 }"""));
        var checks = 0;
        _x.Server.Map("GET", "/2/media/upload", _ => DocumentedResponse.Json(XPayloads.Media("1880028106020515841",
            Interlocked.Increment(ref checks) == 1 ? """{ "state": "in_progress", "check_after_secs": 1, "progress_percent": 40 }""" : """{ "state": "succeeded", "progress_percent": 100 }""")));

        await _x.Connector.PublishAsync(FakeXApi.Post("Watch: how to use the NHS App.", [new("app.mp4", "video/mp4", video, null)]), Ct);

        var init = Assert.Single(_x.Server.RequestsTo("POST", "/2/media/upload/initialize")).Json();
        Assert.Equal("video/mp4", init.GetProperty("media_type").GetString());
        Assert.Equal(video.Length, init.GetProperty("total_bytes").GetInt32());
        Assert.Equal("tweet_video", init.GetProperty("media_category").GetString());
        var appends = _x.Server.RequestsTo("POST", "/2/media/upload/{id}/append");
        Assert.Equal(["0", "1"], appends.Select(a => a.Form["segment_index"]));
        Assert.Equal(video, appends.SelectMany(a => a.Files.Single().Content).ToArray());
        Assert.Single(_x.Server.RequestsTo("POST", "/2/media/upload/{id}/finalize"));
        var statusChecks = _x.Server.RequestsTo("GET", "/2/media/upload");
        Assert.Equal(2, statusChecks.Count);
        Assert.All(statusChecks, c => Assert.Equal(("STATUS", "1880028106020515841"), (c.Query["command"], c.Query["media_id"])));
        Assert.Empty(_x.Server.RequestsTo("POST", "/2/media/metadata"));
        var post = Assert.Single(_x.Server.RequestsTo("POST", "/2/tweets")).Json();
        Assert.Equal("1880028106020515841", Assert.Single(post.GetProperty("media").GetProperty("media_ids").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Publish_VideoProcessingFailed_RejectedAndNothingPosted()
    {
        _x.Server.MapJson("POST", "/2/media/upload/initialize", """{ "data": { "id": "1880028106020515842" } }""");
        _x.Server.Map("POST", "/2/media/upload/{id}/append", _ => DocumentedResponse.Empty(204));
        _x.Server.MapJson("POST", "/2/media/upload/{id}/finalize", XPayloads.Media("1880028106020515842",
            """{ "state": "failed", "error": { "code": 1, "name": "InvalidMedia", "message": "Unsupported video format" } }"""));

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            _x.Connector.PublishAsync(FakeXApi.Post("Video", [new("v.mp4", "video/mp4", Png, null)]), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("Unsupported video format", error.Message, StringComparison.Ordinal);
        Assert.Empty(_x.Server.RequestsTo("POST", "/2/tweets"));
    }

    [Fact]
    public async Task Publish_Reply_SendsInReplyToTweetId()
    {
        await _x.Connector.PublishAsync(FakeXApi.Post("@resident Thanks, we have passed this on.", replyTo: "1445880000000000000"), Ct);

        var post = Assert.Single(_x.Server.RequestsTo("POST", "/2/tweets")).Json();
        Assert.Equal("1445880000000000000", post.GetProperty("reply").GetProperty("in_reply_to_tweet_id").GetString());
    }

    [Fact]
    public async Task Publish_AccessTokenExpired_RefreshesFirstAndReturnsTheRenewedCredential()
    {
        var expired = FakeXApi.Call(accessTokenExpiresAt: FakeXApi.Now.AddMinutes(-5));

        var result = await _x.Connector.PublishAsync(FakeXApi.Post("Hello", call: expired), Ct);

        var paths = _x.Server.Requests.Select(r => r.Path).ToList();
        Assert.Equal(["/2/oauth2/token", "/2/tweets"], paths);
        Assert.Equal("refresh-1", _x.Server.Requests[0].Form["refresh_token"]);
        Assert.Equal("Bearer access-2", _x.Server.Requests[1].Header("Authorization"));
        Assert.NotNull(result.RenewedCredential);
        Assert.Equal("access-2", result.RenewedCredential.AccessToken);
        Assert.Equal("refresh-2", result.RenewedCredential.RefreshToken);
        Assert.Equal(FakeXApi.Now.AddHours(2), result.RenewedCredential.AccessTokenExpiresAt);
    }

    [Fact]
    public async Task Publish_UnauthorizedBeforeExpiry_RefreshesOnceAndSendsAgainWithTheNewToken()
    {
        _x.Server.FailNext(1, ApiFault.Unauthorized(XPayloads.Unauthorized), "POST", "/2/tweets");

        var result = await _x.Connector.PublishAsync(FakeXApi.Post("Hello"), Ct);

        var posts = _x.Server.RequestsTo("POST", "/2/tweets");
        Assert.Equal(["Bearer access-1", "Bearer access-2"], posts.Select(p => p.Header("Authorization")));
        Assert.Single(_x.Server.RequestsTo("POST", "/2/oauth2/token"));
        Assert.Equal("access-2", result.RenewedCredential?.AccessToken);
    }

    [Fact]
    public async Task Delete_Post_SendsDeleteForThatId()
    {
        await _x.Connector.DeleteAsync(FakeXApi.Call(), "1445880548472328192", Ct);

        var sent = Assert.Single(_x.Server.RequestsTo("DELETE", "/2/tweets/{id}"));
        Assert.Equal("1445880548472328192", sent.RouteValues["id"]);
        Assert.Equal("Bearer access-1", sent.Header("Authorization"));
    }

    [Fact]
    public async Task Delete_PostAlreadyGone_NoError()
    {
        _x.Server.MapJson("DELETE", "/2/tweets/{id}", XPayloads.PostNotFound("1445880548472328192"), 404);

        await _x.Connector.DeleteAsync(FakeXApi.Call(), "1445880548472328192", Ct);

        Assert.Single(_x.Server.RequestsTo("DELETE", "/2/tweets/{id}"));
    }

    [Fact]
    public async Task Delete_ExpiredTokenWithACredentialStore_RenewsAndHandsTheNewPairToTheStore()
    {
        await using var x = await FakeXApi.StartAsync(withStore: true);

        await x.Connector.DeleteAsync(FakeXApi.Call(accessTokenExpiresAt: FakeXApi.Now.AddMinutes(-1)), "1", Ct);

        var (account, credential) = Assert.Single(x.Store!.Stored);
        Assert.Equal(XPayloads.UserId, account.AccountId);
        Assert.Equal(("access-2", "refresh-2"), (credential.AccessToken, credential.RefreshToken));
        Assert.Equal("Bearer access-2", Assert.Single(x.Server.RequestsTo("DELETE", "/2/tweets/{id}")).Header("Authorization"));
    }

    [Fact]
    public async Task Delete_ExpiredTokenWithoutACredentialStore_DoesNotSpendTheRefreshToken()
    {
        await _x.Connector.DeleteAsync(FakeXApi.Call(accessTokenExpiresAt: FakeXApi.Now.AddMinutes(-1)), "1", Ct);

        Assert.Empty(_x.Server.RequestsTo("POST", "/2/oauth2/token"));
        Assert.Equal("Bearer access-1", Assert.Single(_x.Server.RequestsTo("DELETE", "/2/tweets/{id}")).Header("Authorization"));
    }

    [Fact]
    public async Task FetchStatus_PostExists_ExistsWithItsUrl()
    {
        var status = await _x.Connector.FetchStatusAsync(FakeXApi.Call(), "1445880548472328192", Ct);

        Assert.True(status.Exists);
        Assert.Equal(new Uri("https://x.com/NHSRiversideICB/status/1445880548472328192"), status.Url);
    }

    [Fact]
    public async Task FetchStatus_NotFoundErrorInA200_DoesNotExist()
    {
        _x.Server.MapJson("GET", "/2/tweets/{id}", XPayloads.PostNotFound("1445880548472328192"));

        var status = await _x.Connector.FetchStatusAsync(FakeXApi.Call(), "1445880548472328192", Ct);

        Assert.False(status.Exists);
    }

    [Fact]
    public async Task FindPublished_RecentPostWithTheSameText_ReturnsItDespiteTcoLinksAndEscaping()
    {
        const string Text = "Walk-in flu jabs 10am-2pm at Riverside library. Details: https://www.nhs.uk/vaccinations/flu & more #FluJab";
        _x.Server.MapJson("GET", "/2/users/{id}/tweets", XPayloads.Timeline(
            XPayloads.TimelinePost("1861000000000000002", "Something else entirely"),
            XPayloads.TimelinePost("1861000000000000001",
                "Walk-in flu jabs 10am-2pm at Riverside library. Details: https://t.co/AbC123xYz &amp; more #FluJab",
                """[{ "start": 57, "end": 80, "url": "https://t.co/AbC123xYz", "expanded_url": "https://www.nhs.uk/vaccinations/flu", "display_url": "nhs.uk/vaccinations/f…" }]""")));

        var found = await _x.Connector.FindPublishedAsync(FakeXApi.Post(Text), Ct);

        Assert.NotNull(found);
        Assert.Equal("1861000000000000001", found.PlatformPostId);
        Assert.Equal(new Uri("https://x.com/NHSRiversideICB/status/1861000000000000001"), found.Url);
        var timeline = Assert.Single(_x.Server.RequestsTo("GET", "/2/users/{id}/tweets"));
        Assert.Equal(XPayloads.UserId, timeline.RouteValues["id"]);
        Assert.Equal("100", timeline.Query["max_results"]);
        Assert.Equal("2026-11-22T10:00:00Z", timeline.Query["start_time"]);
    }

    [Fact]
    public async Task FindPublished_PostWithImage_MatchesWithoutTheAppendedMediaLink()
    {
        _x.Server.MapJson("GET", "/2/users/{id}/tweets", XPayloads.Timeline(XPayloads.TimelinePost("1861000000000000003",
            "Our new clinic https://t.co/PiC999",
            """[{ "start": 15, "end": 34, "url": "https://t.co/PiC999", "expanded_url": "https://x.com/NHSRiversideICB/status/1861000000000000003/photo/1", "display_url": "pic.x.com/PiC999", "media_key": "3_1880028106020515840" }]""",
            mediaKeys: """["3_1880028106020515840"]""")));

        var found = await _x.Connector.FindPublishedAsync(FakeXApi.Post("Our new clinic", [new("c.png", "image/png", Png, "The clinic")]), Ct);

        Assert.Equal("1861000000000000003", found?.PlatformPostId);
    }

    [Fact]
    public async Task FindPublished_NoPostWithThatText_ReturnsNull()
    {
        _x.Server.MapJson("GET", "/2/users/{id}/tweets", XPayloads.Timeline(XPayloads.TimelinePost("1861000000000000002", "Clinic closed today!")));

        var found = await _x.Connector.FindPublishedAsync(FakeXApi.Post("Clinic closed today"), Ct);

        Assert.Null(found);
    }

    [Fact]
    public async Task FindPublished_SameTextReplyingToAnotherPost_ReturnsNull()
    {
        _x.Server.MapJson("GET", "/2/users/{id}/tweets", XPayloads.Timeline(XPayloads.TimelinePost("1861000000000000004", "Thank you", repliedTo: "1")));

        Assert.Null(await _x.Connector.FindPublishedAsync(FakeXApi.Post("Thank you", replyTo: "2"), Ct));
        Assert.NotNull(await _x.Connector.FindPublishedAsync(FakeXApi.Post("Thank you", replyTo: "1"), Ct));
    }

    [Fact]
    public async Task Publish_DuplicateContent_RejectedAndFindPublishedStillFindsTheOriginal()
    {
        _x.Server.MapJson("POST", "/2/tweets", XPayloads.Duplicate, 403);
        _x.Server.MapJson("GET", "/2/users/{id}/tweets", XPayloads.Timeline(XPayloads.TimelinePost("1861000000000000005", "Pharmacies open on Boxing Day")));
        var request = FakeXApi.Post("Pharmacies open on Boxing Day");

        var error = await Assert.ThrowsAsync<PlatformException>(() => _x.Connector.PublishAsync(request, Ct));
        var original = await _x.Connector.FindPublishedAsync(request, Ct);

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Equal(403, error.StatusCode);
        Assert.Contains("same text", error.Message, StringComparison.Ordinal);
        Assert.Contains("duplicate content", error.Message, StringComparison.Ordinal);
        Assert.Equal("1861000000000000005", original?.PlatformPostId);
    }
}
