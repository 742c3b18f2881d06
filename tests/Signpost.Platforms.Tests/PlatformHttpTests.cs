using System.Net;
using System.Net.Http.Headers;
using Signpost.Platforms;

namespace Signpost.Platforms.Tests;

public sealed class PlatformHttpTests
{
    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, PlatformErrorKind.AuthLost)]
    [InlineData(HttpStatusCode.TooManyRequests, PlatformErrorKind.RateLimited)]
    [InlineData(HttpStatusCode.InternalServerError, PlatformErrorKind.Retryable)]
    [InlineData(HttpStatusCode.ServiceUnavailable, PlatformErrorKind.Retryable)]
    [InlineData(HttpStatusCode.GatewayTimeout, PlatformErrorKind.OutcomeUnknown)]
    [InlineData(HttpStatusCode.BadRequest, PlatformErrorKind.Rejected)]
    [InlineData(HttpStatusCode.Forbidden, PlatformErrorKind.Rejected)]
    public void FromStatus_Status_ClassifiedForThePublisher(HttpStatusCode status, PlatformErrorKind expected)
    {
        var error = PlatformHttp.FromStatus(status, null, "Example", "{\"error\":\"x\"}");

        Assert.Equal(expected, error.Kind);
        Assert.Equal((int)status, error.StatusCode);
    }

    [Fact]
    public void RetryAfter_Seconds_ReturnsDelta()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(42));

        Assert.Equal(TimeSpan.FromSeconds(42), PlatformHttp.RetryAfter(response.Headers));
    }

    [Fact]
    public void RetryAfter_EpochResetHeader_ReturnsTimeUntilReset()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        var now = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        response.Headers.TryAddWithoutValidation("x-rate-limit-reset", now.AddSeconds(90).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(TimeSpan.FromSeconds(90), PlatformHttp.RetryAfter(response.Headers, now));
    }

    [Fact]
    public void Credential_ToString_NeverShowsSecrets()
    {
        var credential = new PlatformCredential { AccessToken = "secret-token-value", Password = "app-password" };

        Assert.DoesNotContain("secret-token-value", credential.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("app-password", credential.ToString(), StringComparison.Ordinal);
    }
}
