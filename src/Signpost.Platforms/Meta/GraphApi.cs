using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Signpost.Platforms.Meta;

/// <summary>
/// The Graph API calls that Facebook Pages and Instagram share: one versioned base address, the
/// access token in the Authorization header (so that it never appears in a logged address) with
/// <c>appsecret_proof</c>, and Graph error objects classified for the publisher (<see cref="GraphErrors"/>).
/// </summary>
internal sealed class GraphApi
{
    /// <summary>
    /// The Graph API version every call uses, in the API and in the Login dialog's address. Meta
    /// supports a version for about two years: move it forward here and run the tests.
    /// </summary>
    public const string Version = "v25.0";

    /// <summary>The Graph API host with <see cref="Version"/>; <c>Platforms:Facebook:ApiBaseUrl</c> replaces it.</summary>
    public static readonly Uri DefaultApiBaseUrl = new($"https://graph.facebook.com/{Version}/");

    /// <summary>The Facebook Login dialog's host with <see cref="Version"/>; <c>Platforms:Facebook:AuthBaseUrl</c> replaces it.</summary>
    public static readonly Uri DefaultAuthBaseUrl = new($"https://www.facebook.com/{Version}/");

    private readonly HttpClient _http;
    private readonly Uri _baseUrl;
    private readonly string? _appSecret;

    public GraphApi(HttpClient http, Uri? baseUrl, string? appSecret, string networkName)
    {
        _http = http;
        _baseUrl = WithTrailingSlash(baseUrl ?? DefaultApiBaseUrl);
        _appSecret = string.IsNullOrWhiteSpace(appSecret) ? null : appSecret;
        NetworkName = networkName;
    }

    public string NetworkName { get; }

    /// <summary>A GET that changes nothing: a timeout is retryable.</summary>
    public Task<JsonElement> GetAsync(string path, string? token, IEnumerable<KeyValuePair<string, string>>? query, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, path, token, query, content: null, mayHaveTakenEffect: false, ct);

    /// <summary>A form POST. <paramref name="mayHaveTakenEffect"/>: whether a lost answer may mean a visible post exists.</summary>
    public Task<JsonElement> PostFormAsync(string path, string token, IEnumerable<KeyValuePair<string, string>> form, bool mayHaveTakenEffect, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, token, query: null, new FormUrlEncodedContent(form), mayHaveTakenEffect, ct);

    /// <summary>A multipart POST (a photo or video file with its fields).</summary>
    public Task<JsonElement> PostMultipartAsync(string path, string token, MultipartFormDataContent content, bool mayHaveTakenEffect, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, token, query: null, content, mayHaveTakenEffect, ct);

    /// <summary>Deletes an object. A Graph object that no longer exists is not an error: the result is false.</summary>
    public async Task<bool> DeleteAsync(string path, string token, CancellationToken ct)
    {
        try
        {
            await SendAsync(HttpMethod.Delete, path, token, query: null, content: null, mayHaveTakenEffect: true, ct, goneIsAnAnswer: true);
            return true;
        }
        catch (GraphObjectGoneException)
        {
            return false;
        }
    }

    /// <summary>Reads an object; null when Graph says it does not exist (deleted or never there).</summary>
    public async Task<JsonElement?> GetOrNullWhenGoneAsync(string path, string token, IEnumerable<KeyValuePair<string, string>>? query, CancellationToken ct)
    {
        try
        {
            return await SendAsync(HttpMethod.Get, path, token, query, content: null, mayHaveTakenEffect: false, ct, goneIsAnAnswer: true);
        }
        catch (GraphObjectGoneException)
        {
            return null;
        }
    }

    /// <summary>The address of a Graph path on this deployment's base address, with its query.</summary>
    public Uri Url(string path, IEnumerable<KeyValuePair<string, string>>? query = null)
    {
        var relative = path.TrimStart('/');
        var pairs = query?.ToList() ?? [];
        if (pairs.Count > 0)
        {
            relative += "?" + string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        }

        return new Uri(_baseUrl, relative);
    }

    /// <summary>
    /// HMAC-SHA256 of the access token keyed with the app secret. Graph refuses calls without it when
    /// the app's "Require App Secret" setting is on; sending it always keeps a stolen token from
    /// being used from elsewhere.
    /// </summary>
    public static string AppSecretProof(string appSecret, string accessToken)
    {
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), Encoding.UTF8.GetBytes(accessToken));
        return Convert.ToHexStringLower(hash);
    }

    public static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

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
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetInt64(out var n) => n,
                JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
                _ => null,
            }
            : null;

    /// <summary>The <c>data</c> array of a Graph list answer.</summary>
    public static IEnumerable<JsonElement> Data(JsonElement list) =>
        list.ValueKind == JsonValueKind.Object && list.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
            ? data.EnumerateArray()
            : [];

    /// <summary>The <c>paging.cursors.after</c> cursor when Graph says there is a next page.</summary>
    public static string? NextCursor(JsonElement list) =>
        list.TryGetProperty("paging", out var paging) && paging.TryGetProperty("next", out _)
            && paging.TryGetProperty("cursors", out var cursors)
            ? String(cursors, "after")
            : null;

    /// <param name="goneIsAnAnswer">
    /// For reads and deletes of one object: "it does not exist" is then an answer (thrown as
    /// <see cref="GraphObjectGoneException"/> for the caller to catch), not a refusal.
    /// </param>
    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? token, IEnumerable<KeyValuePair<string, string>>? query, HttpContent? content, bool mayHaveTakenEffect, CancellationToken ct, bool goneIsAnAnswer = false)
    {
        var pairs = query?.ToList() ?? [];
        if (token is not null && _appSecret is not null)
        {
            pairs.Add(new("appsecret_proof", AppSecretProof(_appSecret, token)));
        }

        using var request = new HttpRequestMessage(method, Url(path, pairs)) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = PlatformHttp.Bearer(token);
        }

        using var response = await PlatformHttp.SendAsync(_http, request, NetworkName, mayHaveTakenEffect, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            if (goneIsAnAnswer && GraphErrors.IsObjectGone(response.StatusCode, body))
            {
                throw new GraphObjectGoneException();
            }

            throw GraphErrors.Classify(response.StatusCode, response.Headers, body, NetworkName);
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            // A success status with a body that is not JSON: the platform answered, but not as documented.
            throw new PlatformException(
                mayHaveTakenEffect ? PlatformErrorKind.OutcomeUnknown : PlatformErrorKind.Retryable,
                $"{NetworkName} answered in a form Signpost does not understand.", statusCode: (int)response.StatusCode, inner: e);
        }
    }
}

/// <summary>Graph said the object does not exist (code 100 subcode 33, code 803, or 404); never leaves the connector.</summary>
internal sealed class GraphObjectGoneException : Exception
{
    public GraphObjectGoneException()
        : base("The Graph object does not exist.")
    {
    }

    public GraphObjectGoneException(string message)
        : base(message)
    {
    }

    public GraphObjectGoneException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

