using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Signpost.Platforms.Bluesky;

/// <summary>
/// AT Protocol's HTTP API (XRPC): a query is <c>GET /xrpc/{nsid}?params</c>, a procedure is
/// <c>POST /xrpc/{nsid}</c> with a JSON body, and an error is a status with
/// <c>{"error": name, "message": text}</c>. Failures to reach the server come out as
/// <see cref="PlatformException"/> (through <see cref="PlatformHttp"/>); answers that are errors come
/// out as <see cref="XrpcException"/>, so that the connector can look at the error name (for
/// example ExpiredToken) before deciding what the publisher is told.
/// </summary>
internal sealed class XrpcClient(HttpClient http)
{
    internal const string NetworkName = "Bluesky";

    public async Task<JsonElement> QueryAsync(Uri service, string nsid, IEnumerable<KeyValuePair<string, string>> parameters, string? accessToken, CancellationToken ct)
    {
        var query = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, Endpoint(service, nsid, query));
        return await SendAsync(request, accessToken, mayHaveTakenEffect: false, ct);
    }

    /// <param name="proxyTo">
    /// The service the PDS passes the call on to, as an <c>atproto-proxy</c> header (<c>{did}#{service id}</c>,
    /// for example a moderation service's <c>did:plc:…#atproto_labeler</c>); null for the PDS's own choice.
    /// </param>
    public async Task<JsonElement> ProcedureAsync(Uri service, string nsid, JsonNode? body, string? accessToken, bool mayHaveTakenEffect, CancellationToken ct, string? proxyTo = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint(service, nsid, null));
        if (proxyTo is not null)
        {
            request.Headers.TryAddWithoutValidation("atproto-proxy", proxyTo);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await SendAsync(request, accessToken, mayHaveTakenEffect, ct);
    }

    /// <summary>com.atproto.repo.uploadBlob: the raw bytes as the body, with their MIME type.</summary>
    public async Task<JsonElement> UploadAsync(Uri service, ReadOnlyMemory<byte> content, string contentType, string accessToken, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint(service, "com.atproto.repo.uploadBlob", null))
        {
            Content = new ReadOnlyMemoryContent(content),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        // An upload that may have arrived only leaves an unused blob, which the PDS deletes
        // later: sending it again is harmless, so a timeout here is retryable.
        return await SendAsync(request, accessToken, mayHaveTakenEffect: false, ct);
    }

    private static Uri Endpoint(Uri service, string nsid, string? query)
    {
        var builder = new UriBuilder(service)
        {
            Path = service.AbsolutePath.TrimEnd('/') + "/xrpc/" + nsid,
            Query = string.IsNullOrEmpty(query) ? "" : query,
        };
        return builder.Uri;
    }

    private async Task<JsonElement> SendAsync(HttpRequestMessage request, string? accessToken, bool mayHaveTakenEffect, CancellationToken ct)
    {
        if (accessToken is not null)
        {
            request.Headers.Authorization = PlatformHttp.Bearer(accessToken);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await PlatformHttp.SendAsync(http, request, NetworkName, mayHaveTakenEffect, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.IsSuccessStatusCode)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return default;
            }

            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new PlatformException(PlatformErrorKind.Retryable, $"{NetworkName} sent an answer that is not JSON.", inner: e);
            }
        }

        string? error = null, message = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                error = document.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                message = document.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // Not an XRPC error body (a proxy's HTML page): the status alone decides.
        }

        throw new XrpcException(response.StatusCode, error, message, PlatformHttp.RetryAfter(response.Headers), text);
    }
}

/// <summary>An XRPC call the server answered with an error.</summary>
internal sealed class XrpcException : Exception
{
    public XrpcException(HttpStatusCode status, string? error, string? detail, TimeSpan? retryAfter, string? body)
        : base($"{(int)status} {error}: {detail}")
    {
        Status = status;
        Error = error;
        Detail = detail;
        RetryAfter = retryAfter;
        Body = body;
    }

    public XrpcException()
    {
    }

    public XrpcException(string message)
        : base(message)
    {
    }

    public XrpcException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HttpStatusCode Status { get; }

    /// <summary>The XRPC error name, for example InvalidRequest, ExpiredToken, RecordNotFound.</summary>
    public string? Error { get; }

    /// <summary>The server's human-readable message.</summary>
    public string? Detail { get; }

    public TimeSpan? RetryAfter { get; }

    public string? Body { get; }

    /// <summary>The access token is no good: expired, revoked or not one the server can verify.</summary>
    public bool IsSessionProblem =>
        Status == HttpStatusCode.Unauthorized ||
        Error is "ExpiredToken" or "InvalidToken" or "AuthMissing" or "AuthenticationRequired";

    /// <summary>The account itself can no longer be used, whatever the credential.</summary>
    public bool IsAccountProblem => Error is "AccountTakedown" or "AccountDeactivated" or "AccountSuspended" or "AccountNotFound";

    /// <summary>
    /// What the publisher is told. Auth and account problems are <see cref="PlatformErrorKind.AuthLost"/>;
    /// a 400 is <see cref="PlatformErrorKind.Rejected"/> with the server's message; the rest follows
    /// <see cref="PlatformHttp.FromStatus"/> (429 with ratelimit-reset, 5xx retryable).
    /// </summary>
    public PlatformException ToPlatformException(string doing)
    {
        var said = string.IsNullOrWhiteSpace(Detail) ? Error : Detail;
        if (IsAccountProblem)
        {
            return new PlatformException(PlatformErrorKind.AuthLost,
                $"Bluesky says the account cannot be used ({Error}: {said}). Check the account on Bluesky, then reconnect the channel.", statusCode: (int)Status);
        }

        if (IsSessionProblem)
        {
            return new PlatformException(PlatformErrorKind.AuthLost,
                $"Bluesky no longer accepts Signpost's app password for this account ({said}). Create a new app password in Bluesky and reconnect the channel.", statusCode: (int)Status);
        }

        if (Status == HttpStatusCode.BadRequest)
        {
            return new PlatformException(PlatformErrorKind.Rejected, $"Bluesky refused {doing}: {said}", statusCode: (int)Status);
        }

        return PlatformHttp.FromStatus(Status, RetryAfter, XrpcClient.NetworkName, Body);
    }
}
