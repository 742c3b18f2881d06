using Signpost.Platforms.Tests.Fakes;

namespace Signpost.Platforms.Tests.Mastodon;

/// <summary>What the publisher is told when the instance limits, fails, stalls or refuses.</summary>
public sealed class MastodonFaultTests : IAsyncLifetime
{
    private FakeMastodonInstance _mastodon = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _mastodon = await FakeMastodonInstance.StartAsync();

    public async ValueTask DisposeAsync() => await _mastodon.DisposeAsync();

    [Fact]
    public async Task Publish_RateLimited_RateLimitedUntilTheIsoResetTime()
    {
        // REST API, "Rate limits": X-RateLimit-Reset is a timestamp, here three minutes after "now".
        _mastodon.Server.FailNext(1, ApiFault.RateLimited(new Dictionary<string, string>
        {
            ["X-RateLimit-Limit"] = "300",
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset"] = "2026-11-24T10:03:00.000000Z",
        }, MastodonPayloads.TooManyRequests), "POST", "/api/v1/statuses");

        var error = await Assert.ThrowsAsync<PlatformException>(() => _mastodon.Connector.PublishAsync(_mastodon.Post("Hello"), Ct));

        Assert.Equal(PlatformErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromMinutes(3), error.RetryAfter);
        Assert.Equal(429, error.StatusCode);
    }

    [Fact]
    public async Task Publish_ServerError_Retryable()
    {
        _mastodon.Server.FailNext(1, ApiFault.ServerError("""{"error":"Internal server error"}"""));

        var error = await Assert.ThrowsAsync<PlatformException>(() => _mastodon.Connector.PublishAsync(_mastodon.Post("Hello"), Ct));

        Assert.Equal(PlatformErrorKind.Retryable, error.Kind);
        Assert.Equal(500, error.StatusCode);
    }

    [Fact]
    public async Task Publish_AnswerSlowerThanTheTimeout_OutcomeUnknown()
    {
        _mastodon.Server.FailNext(1, ApiFault.SlowerThan(FakeMastodonInstance.Timeout * 5), "POST", "/api/v1/statuses");

        var error = await Assert.ThrowsAsync<PlatformException>(() => _mastodon.Connector.PublishAsync(_mastodon.Post("Hello"), Ct));

        Assert.Equal(PlatformErrorKind.OutcomeUnknown, error.Kind);
        Assert.Single(_mastodon.Server.RequestsTo("POST", "/api/v1/statuses"));
    }

    [Fact]
    public async Task Publish_RevokedToken_AuthLost()
    {
        _mastodon.Server.FailNext(1, ApiFault.Unauthorized(MastodonPayloads.InvalidToken));

        var error = await Assert.ThrowsAsync<PlatformException>(() => _mastodon.Connector.PublishAsync(_mastodon.Post("Hello"), Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
        Assert.Contains("The access token is invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_TokenWithoutWriteScope_AuthLost()
    {
        _mastodon.Server.FailNext(1, ApiFault.Status(403, """{"error":"This action is outside the authorized scopes"}"""));

        var error = await Assert.ThrowsAsync<PlatformException>(() => _mastodon.Connector.PublishAsync(_mastodon.Post("Hello"), Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
        Assert.Contains("outside the authorized scopes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_TextOverTheInstanceLimit_RejectedWithMastodonMessage()
    {
        _mastodon.Server.FailNext(1, ApiFault.Status(422, MastodonPayloads.TooLong));

        var error = await Assert.ThrowsAsync<PlatformException>(() => _mastodon.Connector.PublishAsync(_mastodon.Post(new string('a', 501)), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Equal(422, error.StatusCode);
        Assert.Contains("Text character limit of 500 exceeded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchStatus_AnswerSlowerThanTheTimeout_RetryableBecauseNothingChanged()
    {
        _mastodon.Server.FailNext(1, ApiFault.SlowerThan(FakeMastodonInstance.Timeout * 5));

        var error = await Assert.ThrowsAsync<PlatformException>(() => _mastodon.Connector.FetchStatusAsync(_mastodon.Call, "1", Ct));

        Assert.Equal(PlatformErrorKind.Retryable, error.Kind);
    }
}
