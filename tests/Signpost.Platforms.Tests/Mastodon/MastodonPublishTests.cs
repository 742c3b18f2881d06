using Signpost.Platforms.Tests.Fakes;

namespace Signpost.Platforms.Tests.Mastodon;

public sealed class MastodonPublishTests : IAsyncLifetime
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    private FakeMastodonInstance _mastodon = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _mastodon = await FakeMastodonInstance.StartAsync();

    public async ValueTask DisposeAsync() => await _mastodon.DisposeAsync();

    [Fact]
    public async Task Publish_Text_PostsStatusWithTokenAndIdempotencyKey()
    {
        var result = await _mastodon.Connector.PublishAsync(_mastodon.Post("Flu jabs at the Riverside hub this Saturday, 9am to 1pm."), Ct);

        var sent = Assert.Single(_mastodon.Server.RequestsTo("POST", "/api/v1/statuses"));
        Assert.Equal("Flu jabs at the Riverside hub this Saturday, 9am to 1pm.", sent.Form["status"]);
        Assert.Equal("Bearer channel-token", sent.Header("Authorization"));
        Assert.Equal("publication-7f3c", sent.Header("Idempotency-Key"));
        Assert.False(sent.Form.ContainsKey("in_reply_to_id"));
        Assert.Equal("113520000000000001", result.PlatformPostId);
        Assert.Equal(new Uri("https://social.example.nhs.uk/@riversideicb/113520000000000001"), result.Url);
    }

    [Fact]
    public async Task Publish_SameRequestTwice_SendsTheSameIdempotencyKeyBothTimes()
    {
        var request = _mastodon.Post("Pharmacy opening hours over the bank holiday.", key: "publication-91aa");

        await _mastodon.Connector.PublishAsync(request, Ct);
        await _mastodon.Connector.PublishAsync(request, Ct);

        var keys = _mastodon.Server.RequestsTo("POST", "/api/v1/statuses").Select(r => r.Header("Idempotency-Key")).ToList();
        Assert.Equal(["publication-91aa", "publication-91aa"], keys);
    }

    [Fact]
    public async Task Publish_ImageWithAltText_UploadsDescriptionWaitsForProcessingAndAttachesMedia()
    {
        _mastodon.Server.Map("POST", "/api/v2/media", r => DocumentedResponse.Json(MastodonPayloads.Media("22348641", null, r.Form["description"]), 202));
        var checks = 0;
        _mastodon.Server.Map("GET", "/api/v1/media/{id}", r => Interlocked.Increment(ref checks) == 1
            ? DocumentedResponse.Empty(206)
            : DocumentedResponse.Json(MastodonPayloads.Media(r.RouteValues["id"], "https://files.social.example.nhs.uk/original/a1b2c3.png", "alt")));
        var image = new MediaUpload("clinic.png", "image/png", Png, "A nurse gives a flu jab to a man in a clinic chair.");

        await _mastodon.Connector.PublishAsync(_mastodon.Post("Book your flu jab.", [image]), Ct);

        var upload = Assert.Single(_mastodon.Server.RequestsTo("POST", "/api/v2/media"));
        Assert.Equal("A nurse gives a flu jab to a man in a clinic chair.", upload.Form["description"]);
        var file = Assert.Single(upload.Files);
        Assert.Equal(("file", "clinic.png", "image/png"), (file.Name, file.FileName, file.ContentType));
        Assert.Equal(Png, file.Content);
        Assert.Equal(2, _mastodon.Server.RequestsTo("GET", "/api/v1/media/{id}").Count);
        var status = Assert.Single(_mastodon.Server.RequestsTo("POST", "/api/v1/statuses"));
        Assert.Equal("22348641", status.Form["media_ids[]"]);
        Assert.True(_mastodon.Server.Requests.ToList().FindIndex(r => r.Path == "/api/v1/statuses")
            > _mastodon.Server.Requests.ToList().FindLastIndex(r => r.Path.StartsWith("/api/v1/media/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Publish_ImageProcessedAtOnce_AttachesWithoutPolling()
    {
        _mastodon.Server.Map("POST", "/api/v2/media", r => DocumentedResponse.Json(MastodonPayloads.Media("22348642", "https://files.social.example.nhs.uk/original/x.png", r.Form["description"])));

        await _mastodon.Connector.PublishAsync(_mastodon.Post("Two images.", [new("a.png", "image/png", Png, "Alt one"), new("b.png", "image/png", Png, "Alt two")]), Ct);

        Assert.Equal(["Alt one", "Alt two"], _mastodon.Server.RequestsTo("POST", "/api/v2/media").Select(r => r.Form["description"]));
        Assert.Empty(_mastodon.Server.RequestsTo("GET", "/api/v1/media/{id}"));
        Assert.Equal("22348642,22348642", Assert.Single(_mastodon.Server.RequestsTo("POST", "/api/v1/statuses")).Form["media_ids[]"]);
    }

    [Fact]
    public async Task Publish_MediaStillProcessingAfterEveryCheck_RetryableAndNoStatusPosted()
    {
        _mastodon.Connector.MediaPollAttempts = 3;
        _mastodon.Server.MapJson("POST", "/api/v2/media", MastodonPayloads.Media("22348643", null, "alt"), 202);
        _mastodon.Server.Map("GET", "/api/v1/media/{id}", _ => DocumentedResponse.Empty(206));

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            _mastodon.Connector.PublishAsync(_mastodon.Post("Video", [new("v.mp4", "video/mp4", Png, null)]), Ct));

        Assert.Equal(PlatformErrorKind.Retryable, error.Kind);
        Assert.Equal(3, _mastodon.Server.RequestsTo("GET", "/api/v1/media/{id}").Count);
        Assert.Empty(_mastodon.Server.RequestsTo("POST", "/api/v1/statuses"));
    }

    [Fact]
    public async Task Publish_UnsupportedFile_RejectedWithMastodonMessage()
    {
        _mastodon.Server.MapJson("POST", "/api/v2/media", """{"error":"Validation failed: File content type is invalid, File is invalid"}""", 422);

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            _mastodon.Connector.PublishAsync(_mastodon.Post("Leaflet", [new("leaflet.pdf", "application/pdf", Png, "Leaflet")]), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("File content type is invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_Reply_SendsInReplyToId()
    {
        await _mastodon.Connector.PublishAsync(_mastodon.Post("Thanks, we have passed this on to the team.", replyTo: "113519999999999999"), Ct);

        Assert.Equal("113519999999999999", Assert.Single(_mastodon.Server.RequestsTo("POST", "/api/v1/statuses")).Form["in_reply_to_id"]);
    }

    [Fact]
    public async Task Delete_PublishedStatus_SendsDeleteForThatId()
    {
        await _mastodon.Connector.DeleteAsync(_mastodon.Call, "113520000000000001", Ct);

        var sent = Assert.Single(_mastodon.Server.RequestsTo("DELETE", "/api/v1/statuses/{id}"));
        Assert.Equal("113520000000000001", sent.RouteValues["id"]);
        Assert.Equal("Bearer channel-token", sent.Header("Authorization"));
    }

    [Fact]
    public async Task Delete_StatusAlreadyGone_NoError()
    {
        _mastodon.Server.MapJson("DELETE", "/api/v1/statuses/{id}", MastodonPayloads.RecordNotFound, 404);

        await _mastodon.Connector.DeleteAsync(_mastodon.Call, "113520000000000001", Ct);

        Assert.Single(_mastodon.Server.RequestsTo("DELETE", "/api/v1/statuses/{id}"));
    }

    [Fact]
    public async Task FetchStatus_StatusExists_ExistsWithItsUrl()
    {
        var status = await _mastodon.Connector.FetchStatusAsync(_mastodon.Call, "113520000000000001", Ct);

        Assert.True(status.Exists);
        Assert.Equal(new Uri("https://social.example.nhs.uk/@riversideicb/113520000000000001"), status.Url);
    }

    [Fact]
    public async Task FetchStatus_StatusDeleted_DoesNotExist()
    {
        _mastodon.Server.MapJson("GET", "/api/v1/statuses/{id}", MastodonPayloads.RecordNotFound, 404);

        var status = await _mastodon.Connector.FetchStatusAsync(_mastodon.Call, "113520000000000001", Ct);

        Assert.False(status.Exists);
        Assert.Null(status.Url);
    }

    [Fact]
    public async Task FindPublished_RecentStatusWithSameText_ReturnsIt()
    {
        const string Text = "Walk-in vaccinations at Riverside library: 10am-2pm. Details https://www.nhs.uk/vaccinations & #FluJab";
        _mastodon.Server.MapJson("GET", $"/api/v1/accounts/{MastodonPayloads.AccountId}/statuses", "[" + string.Join(',',
            MastodonPayloads.Status("113520000000000009", "<p>Something else entirely</p>"),
            MastodonPayloads.Status("113520000000000008", """<p>Walk-in vaccinations at Riverside library: 10am-2pm. Details <a href="https://www.nhs.uk/vaccinations" rel="nofollow noopener" target="_blank"><span class="invisible">https://www.</span><span class="">nhs.uk/vaccinations</span><span class="invisible"></span></a> &amp; <a href="https://social.example.nhs.uk/tags/flujab" class="mention hashtag" rel="tag">#<span>FluJab</span></a></p>""")) + "]");
        _mastodon.Server.MapJson("GET", "/api/v1/statuses/{id}/source", $$"""{"id":"113520000000000008","text":{{System.Text.Json.JsonSerializer.Serialize(Text)}},"spoiler_text":""}""");

        var found = await _mastodon.Connector.FindPublishedAsync(_mastodon.Post(Text), Ct);

        Assert.NotNull(found);
        Assert.Equal("113520000000000008", found.PlatformPostId);
        var list = Assert.Single(_mastodon.Server.RequestsTo("GET", "/api/v1/accounts/{id}/statuses"));
        Assert.Equal("40", list.Query["limit"]);
        Assert.Equal("113520000000000008", Assert.Single(_mastodon.Server.RequestsTo("GET", "/api/v1/statuses/{id}/source")).RouteValues["id"]);
    }

    [Fact]
    public async Task FindPublished_SimilarStatusWhoseSourceDiffers_ReturnsNull()
    {
        _mastodon.Server.MapJson("GET", "/api/v1/accounts/{id}/statuses", "[" + MastodonPayloads.Status("113520000000000007", "<p>Clinic closed today</p>") + "]");
        _mastodon.Server.MapJson("GET", "/api/v1/statuses/{id}/source", """{"id":"113520000000000007","text":"Clinic closed today!","spoiler_text":""}""");

        var found = await _mastodon.Connector.FindPublishedAsync(_mastodon.Post("Clinic closed today"), Ct);

        Assert.Null(found);
    }

    [Fact]
    public async Task FindPublished_SameTextButNotAReplyToTheSameStatus_ReturnsNull()
    {
        _mastodon.Server.MapJson("GET", "/api/v1/accounts/{id}/statuses", "[" + MastodonPayloads.Status("113520000000000006", "<p>Thank you</p>", inReplyToId: "1") + "]");
        _mastodon.Server.MapJson("GET", "/api/v1/statuses/{id}/source", """{"id":"113520000000000006","text":"Thank you","spoiler_text":""}""");

        var found = await _mastodon.Connector.FindPublishedAsync(_mastodon.Post("Thank you", replyTo: "2"), Ct);

        Assert.Null(found);
        Assert.Empty(_mastodon.Server.RequestsTo("GET", "/api/v1/statuses/{id}/source"));
    }
}
