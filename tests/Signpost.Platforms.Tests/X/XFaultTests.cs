using System.Globalization;
using Signpost.Platforms.Tests.Fakes;

namespace Signpost.Platforms.Tests.X;

/// <summary>What the publisher is told when X limits, fails, stalls or refuses.</summary>
public sealed class XFaultTests : IAsyncLifetime
{
    private FakeXApi _x = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _x = await FakeXApi.StartAsync();

    public async ValueTask DisposeAsync() => await _x.DisposeAsync();

    [Fact]
    public async Task Publish_RateLimited_RateLimitedUntilTheEpochReset()
    {
        // Fundamentals, "Rate limits": x-rate-limit-reset is a Unix time, here 15 minutes after "now".
        var reset = FakeXApi.Now.AddMinutes(15).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        _x.Server.FailNext(1, ApiFault.RateLimited(new Dictionary<string, string>
        {
            ["x-rate-limit-limit"] = "200",
            ["x-rate-limit-remaining"] = "0",
            ["x-rate-limit-reset"] = reset,
        }, XPayloads.TooManyRequests), "POST", "/2/tweets");

        var error = await Assert.ThrowsAsync<PlatformException>(() => _x.Connector.PublishAsync(FakeXApi.Post("Hello"), Ct));

        Assert.Equal(PlatformErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromMinutes(15), error.RetryAfter);
    }

    [Fact]
    public async Task Publish_ServerError_Retryable()
    {
        _x.Server.FailNext(1, ApiFault.ServerError("""{ "title": "Internal Server Error", "type": "about:blank", "status": 500, "detail": "Internal Server Error" }"""));

        var error = await Assert.ThrowsAsync<PlatformException>(() => _x.Connector.PublishAsync(FakeXApi.Post("Hello"), Ct));

        Assert.Equal(PlatformErrorKind.Retryable, error.Kind);
        Assert.Equal(500, error.StatusCode);
    }

    [Fact]
    public async Task Publish_AnswerSlowerThanTheTimeout_OutcomeUnknown()
    {
        _x.Server.FailNext(1, ApiFault.SlowerThan(FakeXApi.Timeout * 5), "POST", "/2/tweets");

        var error = await Assert.ThrowsAsync<PlatformException>(() => _x.Connector.PublishAsync(FakeXApi.Post("Hello"), Ct));

        Assert.Equal(PlatformErrorKind.OutcomeUnknown, error.Kind);
        Assert.Single(_x.Server.RequestsTo("POST", "/2/tweets"));
    }

    [Fact]
    public async Task Publish_TokenRevokedAndRefreshRefused_AuthLost()
    {
        _x.Server.FailNext(1, ApiFault.Unauthorized(XPayloads.Unauthorized), "POST", "/2/tweets");
        _x.Server.MapJson("POST", "/2/oauth2/token", XPayloads.InvalidRefreshToken, 400);

        var error = await Assert.ThrowsAsync<PlatformException>(() => _x.Connector.PublishAsync(FakeXApi.Post("Hello"), Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
        Assert.Single(_x.Server.RequestsTo("POST", "/2/tweets"));
    }

    [Fact]
    public async Task Publish_UnauthorizedWithoutRefreshToken_AuthLost()
    {
        _x.Server.FailNext(1, ApiFault.Unauthorized(XPayloads.Unauthorized));

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            _x.Connector.PublishAsync(FakeXApi.Post("Hello", call: FakeXApi.Call(refreshToken: null)), Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Empty(_x.Server.RequestsTo("POST", "/2/oauth2/token"));
    }

    [Fact]
    public async Task Publish_InvalidRequest_RejectedWithXMessage()
    {
        _x.Server.FailNext(1, ApiFault.Status(400, XPayloads.InvalidReplyId));

        var error = await Assert.ThrowsAsync<PlatformException>(() => _x.Connector.PublishAsync(FakeXApi.Post("Hello", replyTo: "abc"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("query parameter value [abc] is not valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_UploadSlowerThanTheTimeout_RetryableAndNothingPosted()
    {
        _x.Server.FailNext(1, ApiFault.SlowerThan(FakeXApi.Timeout * 5), "POST", "/2/media/upload");

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            _x.Connector.PublishAsync(FakeXApi.Post("Hello", [new("a.png", "image/png", new byte[] { 1, 2, 3 }, "Alt")]), Ct));

        Assert.Equal(PlatformErrorKind.Retryable, error.Kind);
        Assert.Empty(_x.Server.RequestsTo("POST", "/2/tweets"));
    }
}
