using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Signpost.Platforms.Mastodon;

/// <summary>The parts of Mastodon's entities the connector reads (docs.joinmastodon.org, "Entities").</summary>
internal static class MastodonApi
{
    public const string Name = "Mastodon";

    /// <summary>Mastodon's JSON is snake_case throughout.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, ct)
                ?? throw new PlatformException(PlatformErrorKind.Retryable, "Mastodon sent an empty answer.", statusCode: (int)response.StatusCode);
        }
        catch (JsonException e)
        {
            throw new PlatformException(PlatformErrorKind.Retryable, "Mastodon sent an answer Signpost could not read.", statusCode: (int)response.StatusCode, inner: e);
        }
    }

    /// <summary>
    /// The shared classification (PlatformHttp) with Mastodon's specifics: the <c>{"error": "..."}</c>
    /// body becomes the message, 403 means the token may not do this (revoked scope, disabled login),
    /// and X-RateLimit-Reset is an ISO 8601 time, not epoch seconds (REST API, "Rate limits").
    /// </summary>
    public static async Task<PlatformException> ErrorAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        var error = ErrorText(body);
        var status = response.StatusCode;
        if (status == HttpStatusCode.Forbidden)
        {
            return new PlatformException(PlatformErrorKind.AuthLost,
                $"Mastodon does not let Signpost's access do this any more ({error ?? "forbidden"}). Reconnect the channel.", statusCode: 403);
        }

        if (status == HttpStatusCode.UnprocessableEntity)
        {
            // Statuses API, "Post a new status", 422: {"error": "Validation failed: Text character limit of 500 exceeded"}.
            return new PlatformException(PlatformErrorKind.Rejected, $"Mastodon refused the post: {error ?? "validation failed"}.", statusCode: 422);
        }

        return PlatformHttp.FromStatus(status, RetryAfter(response.Headers, now), Name, error ?? body);
    }

    /// <summary>Retry-After when sent, otherwise the time until X-RateLimit-Reset (an ISO 8601 timestamp).</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.RetryAfter is not null)
        {
            return PlatformHttp.RetryAfter(headers, now);
        }

        if (headers.TryGetValues("X-RateLimit-Reset", out var values)
            && DateTimeOffset.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var reset))
        {
            return reset > now ? reset - now : TimeSpan.Zero;
        }

        return PlatformHttp.RetryAfter(headers, now);
    }

    /// <summary>The <c>error</c> (and OAuth <c>error_description</c>) of an error body, or null when it has none.</summary>
    public static string? ErrorText(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var error = doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var description = doc.RootElement.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            return description ?? error;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Account (CredentialAccount from verify_credentials).</summary>
internal sealed record MastodonAccount(string Id, string Username, string? Acct, string? DisplayName, string? Url);

/// <summary>Status.</summary>
internal sealed record MastodonStatus(
    string Id,
    string? Url,
    string? Uri,
    string? Content,
    string? InReplyToId,
    DateTimeOffset? CreatedAt,
    IReadOnlyList<MastodonMediaAttachment>? MediaAttachments);

/// <summary>StatusSource: the plain text the status was written with.</summary>
internal sealed record MastodonStatusSource(string Id, string? Text);

/// <summary>MediaAttachment; <c>url</c> is null while the instance still processes the file.</summary>
internal sealed record MastodonMediaAttachment(string Id, string? Type, string? Url, string? Description);

/// <summary>CredentialApplication from POST /api/v1/apps.</summary>
internal sealed record MastodonCredentialApplication(string? Id, string? Name, string ClientId, string ClientSecret);

/// <summary>Token from POST /oauth/token. Mastodon access tokens do not expire.</summary>
internal sealed record MastodonToken(string AccessToken, string? TokenType, string? Scope, long? CreatedAt);

/// <summary>Instance (v2), only configuration.statuses.max_characters.</summary>
internal sealed record MastodonInstance(MastodonInstanceConfiguration? Configuration);

internal sealed record MastodonInstanceConfiguration(MastodonStatusConfiguration? Statuses);

internal sealed record MastodonStatusConfiguration(int? MaxCharacters);
