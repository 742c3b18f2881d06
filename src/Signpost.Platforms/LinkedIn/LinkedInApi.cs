using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Signpost.Platforms.LinkedIn;

/// <summary>
/// Calls to LinkedIn's versioned REST API (<c>/rest/...</c>): every request carries the
/// <c>LinkedIn-Version</c> and <c>X-Restli-Protocol-Version: 2.0.0</c> headers, and error bodies
/// (<c>{"message","status","serviceErrorCode"}</c>) are classified for the publisher.
/// </summary>
internal sealed class LinkedInApi(HttpClient http, Uri? baseUrl)
{
    /// <summary>
    /// The LinkedIn-Version header (YYYYMM). LinkedIn supports a version for about a year and refuses
    /// calls without one: move it forward here and run the tests.
    /// </summary>
    public const string Version = "202605";

    public const string NetworkName = "LinkedIn";

    /// <summary>The REST API host; <c>Platforms:LinkedIn:ApiBaseUrl</c> replaces it.</summary>
    public static readonly Uri DefaultApiBaseUrl = new("https://api.linkedin.com/");

    /// <summary>The OAuth 2.0 host (<c>/oauth/v2/...</c>); <c>Platforms:LinkedIn:AuthBaseUrl</c> replaces it.</summary>
    public static readonly Uri DefaultAuthBaseUrl = new("https://www.linkedin.com/");

    /// <summary>
    /// When a 429 has no Retry-After (LinkedIn usually sends none). LinkedIn's daily application and
    /// member limits reset at midnight UTC; an hour keeps Signpost from hammering a spent limit without
    /// waiting a whole day when the 429 was a short burst.
    /// </summary>
    public static readonly TimeSpan DefaultRateLimitWait = TimeSpan.FromHours(1);

    private readonly Uri _baseUrl = WithTrailingSlash(baseUrl ?? DefaultApiBaseUrl);

    public Uri Url(string relative) => new(_baseUrl, relative.TrimStart('/'));

    public Task<LinkedInAnswer> GetAsync(string relative, string token, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, Url(relative), token, content: null, mayHaveTakenEffect: false, ct);

    public Task<LinkedInAnswer> PostJsonAsync(string relative, string token, object body, bool mayHaveTakenEffect, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, Url(relative), token, Json(body), mayHaveTakenEffect, ct);

    /// <summary>Reads a resource; null when LinkedIn says it is not there (404 or 410).</summary>
    public async Task<LinkedInAnswer?> GetOrNullWhenGoneAsync(string relative, string token, CancellationToken ct)
    {
        try
        {
            return await GetAsync(relative, token, ct);
        }
        catch (PlatformException e) when (e.StatusCode is 404 or 410)
        {
            return null;
        }
    }

    /// <summary>Deletes a resource (Rest.li wants <c>X-RestLi-Method: DELETE</c>); one already gone is not an error.</summary>
    public async Task DeleteAsync(string relative, string token, CancellationToken ct)
    {
        try
        {
            await SendAsync(HttpMethod.Delete, Url(relative), token, content: null, mayHaveTakenEffect: true, ct,
                request => request.Headers.Add("X-RestLi-Method", "DELETE"));
        }
        catch (PlatformException e) when (e.StatusCode is 404 or 410)
        {
        }
    }

    /// <summary>Sends bytes to an upload address LinkedIn gave (images, video parts): nothing is visible yet, so a lost answer is retryable.</summary>
    public async Task<string?> UploadAsync(Uri uploadUrl, string token, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var content = new ReadOnlyMemoryContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Put, uploadUrl) { Content = content };
        request.Headers.Authorization = PlatformHttp.Bearer(token);
        using var response = await PlatformHttp.SendAsync(http, request, NetworkName, mayHaveTakenEffect: false, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw Classify(response.StatusCode, response.Headers, await response.Content.ReadAsStringAsync(ct));
        }

        return response.Headers.ETag?.Tag ?? (response.Headers.TryGetValues("ETag", out var etags) ? etags.FirstOrDefault() : null);
    }

    /// <summary>A form POST to the OAuth host (token exchange and refresh). Errors come back as the OAuth error object.</summary>
    public async Task<JsonElement> PostTokenFormAsync(Uri url, IEnumerable<KeyValuePair<string, string>> form, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        using var response = await PlatformHttp.SendAsync(http, request, NetworkName, mayHaveTakenEffect: false, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            var error = Parse(body);
            var description = String(error, "error_description") ?? String(error, "message") ?? String(error, "error");
            var status = (int)response.StatusCode;
            if (status is 400 or 401)
            {
                // invalid_grant, invalid_request, an expired or revoked refresh token: a person must sign in again.
                throw new PlatformException(PlatformErrorKind.AuthLost,
                    $"LinkedIn refused Signpost's sign-in{(description is null ? "" : $": {description}")}. Connect the channel again.", statusCode: status);
            }

            throw Classify(response.StatusCode, response.Headers, body);
        }

        return Parse(body);
    }

    public static PlatformException Classify(HttpStatusCode status, HttpResponseHeaders headers, string? body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var code = (int)status;
        var error = Parse(body);
        var message = String(error, "message");
        var serviceErrorCode = String(error, "serviceErrorCode");
        var detail = message is null
            ? ""
            : serviceErrorCode is null
                ? $" {message}"
                : string.Create(CultureInfo.InvariantCulture, $" {message} (serviceErrorCode {serviceErrorCode})");
        switch (code)
        {
            case 401:
                return new PlatformException(PlatformErrorKind.AuthLost,
                    $"LinkedIn no longer accepts Signpost's access to this organisation. Reconnect the channel.{detail}", statusCode: code);
            case 429:
                var wait = PlatformHttp.RetryAfter(headers) ?? DefaultRateLimitWait;
                return new PlatformException(PlatformErrorKind.RateLimited,
                    $"LinkedIn is limiting requests; Signpost will try again in {PlatformHttp.Describe(wait)}.{detail}", wait, code);
            case >= 400 and < 500 when code != 408 && message is not null:
                return new PlatformException(PlatformErrorKind.Rejected, $"LinkedIn refused the request ({code}):{detail}", statusCode: code);
            default:
                return PlatformHttp.FromStatus(status, PlatformHttp.RetryAfter(headers), NetworkName, body);
        }
    }

    public static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    public static long? Number(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)
            ? n
            : null;

    public static IEnumerable<JsonElement> Elements(JsonElement list) =>
        list.ValueKind == JsonValueKind.Object && list.TryGetProperty("elements", out var elements) && elements.ValueKind == JsonValueKind.Array
            ? elements.EnumerateArray()
            : [];

    public static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    /// <summary>A URN in a path or query: LinkedIn wants its colons (and everything else reserved) percent-encoded.</summary>
    public static string Encode(string urn) => Uri.EscapeDataString(urn);

    private async Task<LinkedInAnswer> SendAsync(HttpMethod method, Uri url, string token, HttpContent? content, bool mayHaveTakenEffect, CancellationToken ct, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = PlatformHttp.Bearer(token);
        request.Headers.Add("LinkedIn-Version", Version);
        request.Headers.Add("X-Restli-Protocol-Version", "2.0.0");
        configure?.Invoke(request);
        using var response = await PlatformHttp.SendAsync(http, request, NetworkName, mayHaveTakenEffect, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw Classify(response.StatusCode, response.Headers, body);
        }

        var restliId = response.Headers.TryGetValues("x-restli-id", out var ids) ? ids.FirstOrDefault() : null;
        return new LinkedInAnswer(Parse(body), restliId);
    }

    private static StringContent Json(object body) =>
        new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static JsonElement Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }
}

/// <param name="Body">The JSON body (default when there was none).</param>
/// <param name="RestliId">The <c>x-restli-id</c> header: the id of a created entity.</param>
internal sealed record LinkedInAnswer(JsonElement Body, string? RestliId);
