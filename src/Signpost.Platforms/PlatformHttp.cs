using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Signpost.Platforms;

/// <summary>
/// The shared way connectors turn HTTP answers into <see cref="PlatformException"/>s, so that every
/// network's 401, 429, 5xx and timeout mean the same thing to the publisher.
/// </summary>
public static class PlatformHttp
{
    /// <summary>The longest error body kept in a message shown to people.</summary>
    private const int MaxDetail = 300;

    /// <summary>
    /// Sends a request. A timeout or a connection dropped after the request went out is
    /// <see cref="PlatformErrorKind.OutcomeUnknown"/> when <paramref name="mayHaveTakenEffect"/> (a
    /// write), otherwise retryable. A failure to connect at all is retryable: nothing reached the platform.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string networkName, bool mayHaveTakenEffect, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new PlatformException(
                mayHaveTakenEffect ? PlatformErrorKind.OutcomeUnknown : PlatformErrorKind.Retryable,
                $"{networkName} did not answer in time.", inner: e);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
        {
            throw new PlatformException(PlatformErrorKind.Retryable, $"Could not reach {networkName}: {e.Message}", inner: e);
        }
        catch (HttpRequestException e)
        {
            throw new PlatformException(
                mayHaveTakenEffect ? PlatformErrorKind.OutcomeUnknown : PlatformErrorKind.Retryable,
                $"The connection to {networkName} failed: {e.Message}", inner: e);
        }
    }

    /// <summary>Throws the classified error for a response that is not a success; returns it otherwise.</summary>
    public static async Task<HttpResponseMessage> EnsureSuccessAsync(HttpResponseMessage response, string networkName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var body = await response.Content.ReadAsStringAsync(ct);
        throw FromStatus(response.StatusCode, RetryAfter(response.Headers), networkName, body);
    }

    /// <summary>The classification every connector shares; a connector may look at the body first for platform-specific codes.</summary>
    public static PlatformException FromStatus(HttpStatusCode status, TimeSpan? retryAfter, string networkName, string? body)
    {
        var detail = Shorten(body);
        var code = (int)status;
        return status switch
        {
            HttpStatusCode.TooManyRequests => new PlatformException(PlatformErrorKind.RateLimited,
                $"{networkName} is limiting requests; Signpost will try again{(retryAfter is { } r ? $" in {Describe(r)}" : " later")}.", retryAfter ?? TimeSpan.FromMinutes(1), code),
            HttpStatusCode.Unauthorized => new PlatformException(PlatformErrorKind.AuthLost,
                $"{networkName} no longer accepts Signpost's access to this account. Reconnect the channel.{detail}", statusCode: code),
            HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout => new PlatformException(PlatformErrorKind.OutcomeUnknown,
                $"{networkName} timed out ({code}).{detail}", statusCode: code),
            _ when code >= 500 => new PlatformException(PlatformErrorKind.Retryable, $"{networkName} had a server error ({code}).{detail}", retryAfter, code),
            _ => new PlatformException(PlatformErrorKind.Rejected, $"{networkName} refused the request ({code}).{detail}", statusCode: code),
        };
    }

    /// <summary>Retry-After as seconds or an HTTP date; also the x-rate-limit-reset / ratelimit-reset epoch headers some networks send.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var at = now ?? DateTimeOffset.UtcNow;
        if (headers.RetryAfter is { } retry)
        {
            if (retry.Delta is { } delta)
            {
                return delta;
            }

            if (retry.Date is { } date)
            {
                return date > at ? date - at : TimeSpan.Zero;
            }
        }

        foreach (var name in (string[])["x-rate-limit-reset", "ratelimit-reset", "x-ratelimit-reset"])
        {
            if (headers.TryGetValues(name, out var values) && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                // An epoch time in seconds (X, Bluesky) or seconds from now (IETF draft).
                if (value > 1_000_000_000)
                {
                    var reset = DateTimeOffset.FromUnixTimeSeconds(value);
                    return reset > at ? reset - at : TimeSpan.Zero;
                }

                return TimeSpan.FromSeconds(value);
            }
        }

        return null;
    }

    public static string Describe(TimeSpan span) => span.TotalSeconds < 90
        ? $"{Math.Max(1, (int)Math.Ceiling(span.TotalSeconds))} seconds"
        : $"{(int)Math.Ceiling(span.TotalMinutes)} minutes";

    private static string Shorten(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }

        var text = body.Trim().ReplaceLineEndings(" ");
        return " " + (text.Length > MaxDetail ? text[..MaxDetail] + "…" : text);
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
