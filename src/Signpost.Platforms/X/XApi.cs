using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Signpost.Platforms.X;

/// <summary>The parts of X API v2 answers the connector reads (docs.x.com, "Data dictionary" and each endpoint's reference).</summary>
internal static partial class XApi
{
    public const string Name = "X";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, ct)
                ?? throw new PlatformException(PlatformErrorKind.Retryable, "X sent an empty answer.", statusCode: (int)response.StatusCode);
        }
        catch (JsonException e)
        {
            throw new PlatformException(PlatformErrorKind.Retryable, "X sent an answer Signpost could not read.", statusCode: (int)response.StatusCode, inner: e);
        }
    }

    /// <summary>
    /// The shared classification with X's specifics: the problem body (<c>title</c>, <c>detail</c>,
    /// <c>errors[].message</c>) becomes the message; a 403 is a refusal of this request (duplicate
    /// text, reply restrictions, app permissions), not a lost token; 429 waits until x-rate-limit-reset
    /// (epoch seconds; Fundamentals, "Rate limits").
    /// </summary>
    public static async Task<PlatformException> ErrorAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        var detail = Detail(body);
        var status = response.StatusCode;
        if (status == HttpStatusCode.Forbidden && detail is not null && detail.Contains("duplicate content", StringComparison.OrdinalIgnoreCase))
        {
            // Manage Posts: "You are not allowed to create a Tweet with duplicate content."
            return new PlatformException(PlatformErrorKind.Rejected,
                "X refused the post because the account already has a post with the same text. " + detail, statusCode: 403);
        }

        if (status is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest)
        {
            return new PlatformException(PlatformErrorKind.Rejected, $"X refused the request ({(int)status}): {detail ?? "no reason given"}", statusCode: (int)status);
        }

        return PlatformHttp.FromStatus(status, PlatformHttp.RetryAfter(response.Headers, now), Name, detail ?? body);
    }

    /// <summary>The most specific reason in an X error body: <c>errors[].message</c>, else <c>detail</c>, <c>title</c> or an OAuth <c>error_description</c>.</summary>
    public static string? Detail(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var messages = root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                ? errors.EnumerateArray()
                    .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null)
                    .OfType<string>()
                    .ToList()
                : [];
            if (messages.Count > 0)
            {
                return string.Join(" ", messages);
            }

            foreach (var name in (string[])["detail", "error_description", "title", "error"])
            {
                if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A post's text as the person wrote it, from the text X returns: X escapes <c>&amp;</c>, <c>&lt;</c>
    /// and <c>&gt;</c>, wraps every link in a t.co address (entities.urls, with the original in
    /// <c>expanded_url</c>) and appends a t.co link for attached media.
    /// </summary>
    public static string Comparable(XTweet tweet)
    {
        var text = tweet.Text ?? "";
        foreach (var url in tweet.Entities?.Urls ?? [])
        {
            if (string.IsNullOrEmpty(url.Url))
            {
                continue;
            }

            var isMedia = url.MediaKey is not null
                || (url.DisplayUrl?.StartsWith("pic.", StringComparison.OrdinalIgnoreCase) ?? false);
            text = text.Replace(url.Url, isMedia ? "" : url.ExpandedUrl ?? url.Url, StringComparison.Ordinal);
        }

        return Comparable(WebUtility.HtmlDecode(text));
    }

    /// <summary>Text with whitespace runs collapsed, link schemes dropped (X adds http:// to bare domains) and Unicode composed.</summary>
    public static string Comparable(string text) =>
        Whitespace().Replace(Scheme().Replace(text.Normalize(NormalizationForm.FormC), ""), " ").Trim();

    /// <summary>The RFC 3339 form the v2 query parameters take (start_time, end_time): YYYY-MM-DDTHH:mm:ssZ.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("https?://", RegexOptions.IgnoreCase)]
    private static partial Regex Scheme();
}

/// <summary>The <c>{"data": ...}</c> envelope, with <c>errors</c> for partial errors (a 200 without data for a missing post).</summary>
internal sealed record XEnvelope<T>(T? Data, IReadOnlyList<XProblem>? Errors, XMeta? Meta);

internal sealed record XProblem(string? Title, string? Detail, string? Type, string? Message);

internal sealed record XMeta(int? ResultCount, string? NextToken);

/// <summary>User (GET /2/users/me).</summary>
internal sealed record XUser(string Id, string Username, string? Name);

/// <summary>Post (Tweet) with the fields FindPublished asks for.</summary>
internal sealed record XTweet(
    string Id,
    string? Text,
    DateTimeOffset? CreatedAt,
    XEntities? Entities,
    IReadOnlyList<XReferencedTweet>? ReferencedTweets,
    XAttachments? Attachments);

internal sealed record XEntities(IReadOnlyList<XUrlEntity>? Urls);

internal sealed record XUrlEntity(string? Url, string? ExpandedUrl, string? DisplayUrl, string? MediaKey);

internal sealed record XReferencedTweet(string? Type, string? Id);

internal sealed record XAttachments(IReadOnlyList<string>? MediaKeys);

/// <summary>DELETE /2/tweets/:id answers <c>{"data": {"deleted": true}}</c>.</summary>
internal sealed record XDeleted(bool Deleted);

/// <summary>Media upload answers (upload, initialize, finalize, status).</summary>
internal sealed record XMedia(string? Id, string? MediaKey, XProcessingInfo? ProcessingInfo);

/// <summary>Media processing: pending → in_progress → succeeded | failed; wait check_after_secs between checks.</summary>
internal sealed record XProcessingInfo(string? State, int? CheckAfterSecs, XProcessingError? Error);

internal sealed record XProcessingError(string? Name, string? Message);

/// <summary>POST /2/oauth2/token.</summary>
internal sealed record XToken(string AccessToken, string? RefreshToken, int? ExpiresIn, string? Scope, string? TokenType);
