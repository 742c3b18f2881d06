using System.Net;
using System.Text;
using Signpost.Platforms.Bluesky;

namespace Signpost.Platforms.Tests.Bluesky;

/// <summary>
/// How Bluesky's error answers reach the publisher, and the checks made before anything is sent.
/// These need no network: a stub answers the way the PDS does (bodies as the reference PDS sends them).
/// </summary>
public sealed class BlueskyErrorTests
{
    private static readonly PlatformAccount Account = new("did:plc:riversideicb0000000000000", "riversideicb.test", new Uri("http://127.0.0.1:9"));
    private static readonly PlatformCredential Credential = new() { AccessToken = "access", RefreshToken = "refresh", Password = "app-pass-word-0000" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "InvalidRequest", PlatformErrorKind.Rejected)]
    [InlineData(HttpStatusCode.BadRequest, "ExpiredToken", PlatformErrorKind.AuthLost)]
    [InlineData(HttpStatusCode.BadRequest, "InvalidToken", PlatformErrorKind.AuthLost)]
    [InlineData(HttpStatusCode.Unauthorized, "AuthenticationRequired", PlatformErrorKind.AuthLost)]
    [InlineData(HttpStatusCode.Unauthorized, "AccountTakedown", PlatformErrorKind.AuthLost)]
    [InlineData(HttpStatusCode.TooManyRequests, "RateLimitExceeded", PlatformErrorKind.RateLimited)]
    [InlineData(HttpStatusCode.InternalServerError, "InternalServerError", PlatformErrorKind.Retryable)]
    [InlineData(HttpStatusCode.BadGateway, "UpstreamFailure", PlatformErrorKind.Retryable)]
    [InlineData(HttpStatusCode.GatewayTimeout, "UpstreamTimeout", PlatformErrorKind.OutcomeUnknown)]
    public void ToPlatformException_XrpcError_ClassifiedForThePublisher(HttpStatusCode status, string error, PlatformErrorKind expected)
    {
        var xrpc = new XrpcException(status, error, "Something went wrong", null, $$"""{"error":"{{error}}","message":"Something went wrong"}""");

        var result = xrpc.ToPlatformException("the post");

        Assert.Equal(expected, result.Kind);
        Assert.Equal((int)status, result.StatusCode);
    }

    [Fact]
    public async Task Publish_RateLimitedWithResetHeader_RetryAfterUntilReset()
    {
        var reset = DateTimeOffset.UtcNow.AddSeconds(120).ToUnixTimeSeconds();
        var connector = Stubbed(request => request.RequestUri!.AbsolutePath.EndsWith("getRecord", StringComparison.Ordinal)
            ? Error(HttpStatusCode.BadRequest, "RecordNotFound")
            : Error(HttpStatusCode.TooManyRequests, "RateLimitExceeded", ("ratelimit-reset", reset.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        var error = await Assert.ThrowsAsync<PlatformException>(() => connector.PublishAsync(Post("Hello"), Ct));

        Assert.Equal(PlatformErrorKind.RateLimited, error.Kind);
        Assert.InRange(error.RetryAfter!.Value.TotalSeconds, 100, 121);
    }

    [Fact]
    public async Task Publish_WriteTimesOut_OutcomeUnknown()
    {
        var connector = Stubbed(request => request.RequestUri!.AbsolutePath.EndsWith("createRecord", StringComparison.Ordinal)
            ? throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.")
            : Error(HttpStatusCode.BadRequest, "RecordNotFound"));

        var error = await Assert.ThrowsAsync<PlatformException>(() => connector.PublishAsync(Post("Hello"), Ct));

        Assert.Equal(PlatformErrorKind.OutcomeUnknown, error.Kind);
    }

    [Fact]
    public async Task Publish_InvalidRequest_RejectedWithBlueskysMessage()
    {
        var connector = Stubbed(request => request.RequestUri!.AbsolutePath.EndsWith("createRecord", StringComparison.Ordinal)
            ? Error(HttpStatusCode.BadRequest, "InvalidRequest", message: "Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes")
            : Error(HttpStatusCode.BadRequest, "RecordNotFound"));

        var error = await Assert.ThrowsAsync<PlatformException>(() => connector.PublishAsync(Post("Hello"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("must not be longer than 300 graphemes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_ServerErrorButPostIsThere_ReturnsThePost()
    {
        // The reference PDS answers a write to a record key that is taken with a 500.
        var reads = 0;
        var connector = Stubbed(request => request.RequestUri!.AbsolutePath switch
        {
            var p when p.EndsWith("getRecord", StringComparison.Ordinal) => Interlocked.Increment(ref reads) == 1
                ? Error(HttpStatusCode.BadRequest, "RecordNotFound")
                : Json($$$"""{"uri":"at://{{{Account.AccountId}}}/app.bsky.feed.post/3kaaaaaaaaaaa","cid":"bafyrei","value":{"text":"Hello"}}"""),
            _ => Error(HttpStatusCode.InternalServerError, "InternalServerError"),
        });

        var result = await connector.PublishAsync(Post("Hello"), Ct);

        Assert.Equal($"at://{Account.AccountId}/app.bsky.feed.post/3kaaaaaaaaaaa", result.PlatformPostId);
    }

    [Fact]
    public async Task Publish_ImageOverOneMegabyte_RejectedBeforeAnythingIsSent()
    {
        var sent = 0;
        var connector = Stubbed(_ =>
        {
            Interlocked.Increment(ref sent);
            return Error(HttpStatusCode.InternalServerError, "InternalServerError");
        });
        var image = new MediaUpload("poster.png", "image/png", new byte[1_000_001], "A poster.");

        var error = await Assert.ThrowsAsync<PlatformException>(() => connector.PublishAsync(Post("Poster", image), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("1 MB", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, sent);
    }

    [Theory]
    [InlineData(5, 0, "at most 4 images")]
    [InlineData(1, 1, "either images or one video")]
    [InlineData(0, 2, "at most one video")]
    public async Task Publish_TooMuchMedia_Rejected(int images, int videos, string expected)
    {
        var connector = Stubbed(_ => Error(HttpStatusCode.InternalServerError, "InternalServerError"));
        var media = Enumerable.Range(0, images).Select(i => new MediaUpload($"{i}.png", "image/png", new byte[10], "An image."))
            .Concat(Enumerable.Range(0, videos).Select(i => new MediaUpload($"{i}.mp4", "video/mp4", new byte[10], "A video.")))
            .ToArray();

        var error = await Assert.ThrowsAsync<PlatformException>(() => connector.PublishAsync(Post("Media", media), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_TextOver300Graphemes_Rejected()
    {
        var connector = Stubbed(_ => Error(HttpStatusCode.InternalServerError, "InternalServerError"));

        // 301 emoji: 301 graphemes, although 602 UTF-16 units.
        var error = await Assert.ThrowsAsync<PlatformException>(() => connector.PublishAsync(Post(string.Concat(Enumerable.Repeat("🎉", 301))), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("300 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseAtUri_NotAnAtUri_Rejected()
    {
        var error = Assert.Throws<PlatformException>(() => BlueskyConnector.ParseAtUri("https://bsky.app/profile/x/post/y"));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
    }

    [Fact]
    public void JwtClaim_Payload_ReadsClaim()
    {
        const string jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzY29wZSI6ImNvbS5hdHByb3RvLmFwcFBhc3MiLCJleHAiOjE3MDAwMDAwMDB9.c2ln";

        Assert.Equal("com.atproto.appPass", BlueskyConnector.JwtClaim(jwt, "scope"));
        Assert.Equal("1700000000", BlueskyConnector.JwtClaim(jwt, "exp"));
        Assert.Null(BlueskyConnector.JwtClaim("not-a-jwt", "exp"));
    }

    private static PublishRequest Post(string text, params MediaUpload[] media) =>
        new(new ChannelCall(Account, Credential), text, media, "publication-1");

    private static HttpResponseMessage Json(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Error(HttpStatusCode status, string error, (string Name, string Value)? header = null, string message = "Something went wrong")
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent($$"""{"error":"{{error}}","message":"{{message}}"}""", Encoding.UTF8, "application/json"),
        };
        if (header is { } h)
        {
            response.Headers.TryAddWithoutValidation(h.Name, h.Value);
        }

        return response;
    }

    private static BlueskyConnector Stubbed(Func<HttpRequestMessage, HttpResponseMessage> answer) =>
        new(new StubHttpClientFactory(answer), new PlatformOptions());

    private sealed class StubHttpClientFactory(Func<HttpRequestMessage, HttpResponseMessage> answer) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new StubHandler(answer));
    }

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }
}
