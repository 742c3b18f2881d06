using System.Net;
using Signpost.Platforms.Meta;

namespace Signpost.Platforms.Tests.Facebook;

public sealed class GraphErrorsTests
{
    [Theory]
    [InlineData(190, 463, PlatformErrorKind.AuthLost)]
    [InlineData(102, null, PlatformErrorKind.AuthLost)]
    [InlineData(4, null, PlatformErrorKind.RateLimited)]
    [InlineData(17, null, PlatformErrorKind.RateLimited)]
    [InlineData(32, null, PlatformErrorKind.RateLimited)]
    [InlineData(613, null, PlatformErrorKind.RateLimited)]
    [InlineData(80001, null, PlatformErrorKind.RateLimited)]
    [InlineData(1, null, PlatformErrorKind.Retryable)]
    [InlineData(2, null, PlatformErrorKind.Retryable)]
    [InlineData(100, null, PlatformErrorKind.Rejected)]
    [InlineData(200, null, PlatformErrorKind.Rejected)]
    [InlineData(368, null, PlatformErrorKind.Rejected)]
    [InlineData(506, null, PlatformErrorKind.Rejected)]
    public void Classify_GraphCodeInBadRequest_KindForThePublisher(int code, int? subcode, PlatformErrorKind expected)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);
        var sub = subcode is { } s ? $",\"error_subcode\":{s}" : "";

        var error = GraphErrors.Classify(HttpStatusCode.BadRequest, response.Headers,
            $$"""{"error":{"message":"Documented message","type":"OAuthException","code":{{code}}{{sub}},"fbtrace_id":"Tr4ce"} }""", "Facebook");

        Assert.Equal(expected, error.Kind);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("Documented message", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_NotAGraphErrorBody_FallsBackToTheStatus()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadGateway);

        var error = GraphErrors.Classify(HttpStatusCode.BadGateway, response.Headers, "<html>Bad gateway</html>", "Facebook");

        Assert.Equal(PlatformErrorKind.Retryable, error.Kind);
    }

    [Fact]
    public void TimeToRegainAccess_BusinessUseCaseHeaderWithSeveralObjects_LongestEstimate()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);
        response.Headers.TryAddWithoutValidation("X-Business-Use-Case-Usage",
            """{"1122334455":[{"type":"pages","call_count":100,"total_cputime":10,"total_time":12,"estimated_time_to_regain_access":4}],"17841400000000000":[{"type":"instagram","call_count":96,"total_cputime":3,"total_time":5,"estimated_time_to_regain_access":11}]}""");

        Assert.Equal(TimeSpan.FromMinutes(11), GraphErrors.TimeToRegainAccess(response.Headers));
    }

    [Fact]
    public void TimeToRegainAccess_UsageBelowLimit_Null()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("X-App-Usage", """{"call_count":28,"total_time":25,"total_cputime":25}""");
        response.Headers.TryAddWithoutValidation("X-Business-Use-Case-Usage", """{"1122334455":[{"type":"pages","call_count":3,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":0}]}""");

        Assert.Null(GraphErrors.TimeToRegainAccess(response.Headers));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"error":{"message":"Unsupported get request.","type":"GraphMethodException","code":100,"error_subcode":33}}""", true)]
    [InlineData(HttpStatusCode.NotFound, "", true)]
    [InlineData(HttpStatusCode.BadRequest, """{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100}}""", false)]
    public void IsObjectGone_Answer_TellsDeletedFromRefused(HttpStatusCode status, string body, bool gone)
    {
        Assert.Equal(gone, GraphErrors.IsObjectGone(status, body));
    }
}
