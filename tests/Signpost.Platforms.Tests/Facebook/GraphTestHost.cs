using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Tests.Fakes;

namespace Signpost.Platforms.Tests.Facebook;

/// <summary>
/// Connectors for the Meta networks as a deployment builds them (<c>AddSignpostPlatforms</c> with
/// configuration), pointed at a <see cref="DocumentedApiServer"/> that plays the Graph API at
/// <c>/v25.0/</c>, and Graph payloads written from Meta's reference pages.
/// </summary>
internal static class GraphTestHost
{
    public const string AppId = "1234567890123";
    public const string AppSecret = "test-app-secret";
    public const string PageId = "1122334455";
    public const string PageToken = "EAAB-page-token-riverside";
    public const string UserToken = "EAAB-long-lived-user-token";

    /// <summary>The clock every test reads: 24 November 2026, 09:00 UTC.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    public static ServiceProvider Services(DocumentedApiServer server, TimeSpan? timeout = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Platforms:Facebook:ClientId"] = AppId,
            ["Platforms:Facebook:ClientSecret"] = AppSecret,
            ["Platforms:Facebook:ApiBaseUrl"] = server.Url("v25.0/").AbsoluteUri,
            ["Platforms:Facebook:AuthBaseUrl"] = server.Url("v25.0/").AbsoluteUri,
        };
        if (timeout is { } t)
        {
            values["Platforms:Facebook:Timeout"] = t.ToString("c", CultureInfo.InvariantCulture);
            values["Platforms:Instagram:Timeout"] = t.ToString("c", CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddSignpostPlatforms(configuration);
        services.AddSingleton<TimeProvider>(new FixedClock(Now));
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>What Graph expects in appsecret_proof for a token: HMAC-SHA256 keyed with the app secret, in hex.</summary>
    public static string Proof(string token) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(AppSecret), Encoding.UTF8.GetBytes(token)));

    public static MediaUpload Jpeg(string name, string? alt) => new(name, "image/jpeg", Encoding.ASCII.GetBytes("JPEG:" + name), alt);

    public static MediaUpload Mp4(string name) => new(name, "video/mp4", Encoding.ASCII.GetBytes("MP4:" + name), null);

    /// <summary>Graph's answer to a request for an object that is not there (Handling Errors: code 100, subcode 33).</summary>
    public static string ObjectGone(string id) => $$$"""
        {"error":{"message":"Unsupported get request. Object with ID '{{{id}}}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"AGm2NbXk9Qp"}}
        """;

    /// <summary>Code 190 with subcode 460: the person changed their password, so the session is gone.</summary>
    public const string TokenRevoked = """
        {"error":{"message":"Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.","type":"OAuthException","code":190,"error_subcode":460,"fbtrace_id":"A7rQx2Lm0Zt"}}
        """;

    /// <summary>Code 32: Page-level throttling; the Business Use Case header says how long until access returns.</summary>
    public const string PageRateLimited = """
        {"error":{"message":"(#32) Page request limit reached","type":"OAuthException","code":32,"fbtrace_id":"BxT5vW1yQaR"}}
        """;

    /// <summary>Code 100 with a message for people: the request itself is wrong.</summary>
    public const string InvalidParameter = """
        {"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100,"error_user_title":"Link not valid","error_user_msg":"The link you entered does not lead to a page Facebook can read.","fbtrace_id":"CkP0uY7sLdE"}}
        """;

    /// <summary>Code 2: a temporary service problem Meta says to retry.</summary>
    public const string ServiceUnavailable = """
        {"error":{"message":"An unexpected error has occurred. Please retry your request later.","type":"OAuthException","is_transient":true,"code":2,"fbtrace_id":"DqW8zX3cVbN"}}
        """;

    public static Dictionary<string, string> BusinessUseCaseUsage(string objectId, string type, int minutes) => new()
    {
        ["X-Business-Use-Case-Usage"] = $$$"""{"{{{objectId}}}":[{"type":"{{{type}}}","call_count":100,"total_cputime":12,"total_time":18,"estimated_time_to_regain_access":{{{minutes}}}}]}""",
    };

    /// <summary>The code exchanges of Facebook Login: a short-lived token for the code, then a long-lived one (expires_in about 60 days).</summary>
    public static void MapTokenExchange(DocumentedApiServer server, long? longLivedExpiresIn = 5_183_944)
    {
        server.Map("GET", "/v25.0/oauth/access_token", r => r.Query.TryGetValue("grant_type", out var grant) && grant == "fb_exchange_token"
            ? DocumentedResponse.Json(longLivedExpiresIn is { } seconds
                ? $$$"""{"access_token":"{{{UserToken}}}","token_type":"bearer","expires_in":{{{seconds}}}}"""
                : $$"""{"access_token":"{{UserToken}}","token_type":"bearer"}""")
            : DocumentedResponse.Json("""{"access_token":"EAAB-short-lived","token_type":"bearer","expires_in":5400}"""));
    }
}

/// <summary>A clock that always says the same time.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
