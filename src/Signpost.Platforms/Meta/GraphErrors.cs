using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Signpost.Platforms.Meta;

/// <summary>
/// Turns Graph API error objects (<c>{"error":{"message","type","code","error_subcode","fbtrace_id"}}</c>)
/// into the publisher's error classes, following Meta's "Handling Errors" guide and the rate-limiting
/// page. Graph uses HTTP 400 for most of them, so the code in the body decides, not the status.
/// </summary>
internal static class GraphErrors
{
    /// <summary>
    /// When a throttled answer says nothing about when access returns. Graph's platform and Business
    /// Use Case limits are counted over a rolling hour, so a minute is too short to help.
    /// </summary>
    public static readonly TimeSpan DefaultRateLimitWait = TimeSpan.FromMinutes(15);

    /// <summary>The answer says the object does not exist: HTTP 404, or code 100 with subcode 33, or code 803.</summary>
    public static bool IsObjectGone(HttpStatusCode status, string? body)
    {
        if (status == HttpStatusCode.NotFound)
        {
            return true;
        }

        return Parse(body) is { } error && ((error.Code == 100 && error.Subcode == 33) || error.Code == 803);
    }

    public static PlatformException Classify(HttpStatusCode status, HttpResponseHeaders headers, string? body, string networkName)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var statusCode = (int)status;
        if (Parse(body) is not { } error)
        {
            return PlatformHttp.FromStatus(status, PlatformHttp.RetryAfter(headers), networkName, body);
        }

        var detail = Describe(error);
        switch (error.Code)
        {
            // 190: access token expired or revoked (subcodes 458 app removed, 460 password changed,
            // 463 expired, 467 invalid); 102: API session.
            case 190 or 102:
                return new PlatformException(PlatformErrorKind.AuthLost,
                    $"{networkName} no longer accepts Signpost's access to this account. Reconnect the channel. {detail}", statusCode: statusCode);

            // 4 app, 17 user, 32 Page, 613 custom, 341 application limit; 80000-80099 Business Use
            // Case limits (80001 Pages, 80002 Instagram); 9 Instagram's publishing limit.
            case 4 or 9 or 17 or 32 or 341 or 613 or (>= 80000 and < 80100):
                var wait = TimeToRegainAccess(headers) ?? PlatformHttp.RetryAfter(headers) ?? DefaultRateLimitWait;
                return new PlatformException(PlatformErrorKind.RateLimited,
                    $"{networkName} is limiting requests; Signpost will try again in {PlatformHttp.Describe(wait)}. {detail}", wait, statusCode);

            // 1 unknown and 2 service errors are temporary, as are errors Graph marks transient.
            case 1 or 2:
                return new PlatformException(PlatformErrorKind.Retryable, $"{networkName} had a temporary problem. {detail}", statusCode: statusCode);
        }

        if (error.IsTransient || statusCode >= 500)
        {
            return new PlatformException(PlatformErrorKind.Retryable, $"{networkName} had a temporary problem. {detail}", statusCode: statusCode);
        }

        // 100 invalid parameter, 200-299 permissions, 368 blocked for policy, 506 duplicate post and
        // the rest: repeating the same request will not help.
        return new PlatformException(PlatformErrorKind.Rejected, $"{networkName} refused the request: {detail}", statusCode: statusCode);
    }

    /// <summary>
    /// The longest <c>estimated_time_to_regain_access</c> (minutes) in <c>X-Business-Use-Case-Usage</c>
    /// (an object of arrays, one per business object) or <c>X-App-Usage</c> / <c>X-Ad-Account-Usage</c>
    /// (flat objects); null when no header gives one above zero.
    /// </summary>
    public static TimeSpan? TimeToRegainAccess(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        double? longest = null;
        foreach (var name in (string[])["X-Business-Use-Case-Usage", "X-App-Usage", "X-Ad-Account-Usage"])
        {
            if (!headers.TryGetValues(name, out var values))
            {
                continue;
            }

            foreach (var value in values)
            {
                try
                {
                    using var document = JsonDocument.Parse(value);
                    foreach (var minutes in Minutes(document.RootElement))
                    {
                        longest = Math.Max(longest ?? 0, minutes);
                    }
                }
                catch (JsonException)
                {
                    // A usage header Signpost cannot read says nothing about when to come back.
                }
            }
        }

        return longest is > 0 ? TimeSpan.FromMinutes(longest.Value) : null;
    }

    /// <summary>The Graph error object in a body, or null when the body is not one.</summary>
    public static GraphError? Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind != JsonValueKind.Object
                || GraphApi.Number(error, "code") is not { } code)
            {
                return null;
            }

            return new GraphError(
                GraphApi.String(error, "message") ?? "",
                GraphApi.String(error, "type"),
                (int)code,
                GraphApi.Number(error, "error_subcode") is { } subcode ? (int)subcode : null,
                GraphApi.String(error, "error_user_msg"),
                GraphApi.String(error, "fbtrace_id"),
                error.TryGetProperty("is_transient", out var transient) && transient.ValueKind == JsonValueKind.True);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<double> Minutes(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals("estimated_time_to_regain_access") || property.NameEquals("reset_time_duration"))
                    {
                        if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out var n))
                        {
                            // reset_time_duration (ad accounts) is in seconds; the others in minutes.
                            yield return property.NameEquals("reset_time_duration") ? n / 60 : n;
                        }
                    }
                    else
                    {
                        foreach (var nested in Minutes(property.Value))
                        {
                            yield return nested;
                        }
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var nested in Minutes(item))
                    {
                        yield return nested;
                    }
                }

                break;
        }
    }

    /// <summary>The person-facing message Graph gives (error_user_msg when it has one), then its codes and trace id for support.</summary>
    private static string Describe(GraphError error)
    {
        var message = string.IsNullOrWhiteSpace(error.UserMessage) ? error.Message : error.UserMessage;
        var codes = error.Subcode is { } subcode
            ? string.Create(CultureInfo.InvariantCulture, $"code {error.Code}, subcode {subcode}")
            : string.Create(CultureInfo.InvariantCulture, $"code {error.Code}");
        var trace = string.IsNullOrWhiteSpace(error.TraceId) ? "" : $", trace {error.TraceId}";
        return $"{message.Trim()} ({codes}{trace})";
    }
}

/// <summary>A Graph API error object.</summary>
internal sealed record GraphError(string Message, string? Type, int Code, int? Subcode, string? UserMessage, string? TraceId, bool IsTransient);
