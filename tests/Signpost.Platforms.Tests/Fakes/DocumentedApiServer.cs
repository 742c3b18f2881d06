using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Signpost.Platforms.Tests.Fakes;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, a free port) that stands in for a platform's API in
/// connector tests. A test class maps the routes it needs to the payloads, status codes and headers
/// the platform documents, points the connector's base address at <see cref="BaseUrl"/>, and then
/// asserts on <see cref="Requests"/>: what the connector actually sent over the wire.
/// <para>
/// Faults are queued with <see cref="FailNext"/>: the next N matching requests get a 429 with the
/// platform's rate-limit headers, a 500, a 401, or an answer slower than the client's timeout.
/// </para>
/// </summary>
/// <example>
/// <code>
/// await using var server = await DocumentedApiServer.StartAsync();
/// server.MapJson("POST", "/api/v1/statuses", """{"id":"1","url":"https://example.social/@a/1"}""");
/// server.FailNext(1, ApiFault.RateLimited(new() { ["X-RateLimit-Reset"] = "2026-11-24T10:05:00Z" }));
/// </code>
/// </example>
public sealed class DocumentedApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<Route> _routes = [];
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<QueuedFault> _faults = [];

    private DocumentedApiServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The server's address, with a trailing slash: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Every request received, in order (including ones that got a fault or no route).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a server with no routes. Unmapped requests get 404 <c>{"error":"Record not found"}</c>.</summary>
    public static async Task<DocumentedApiServer> StartAsync(CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = 256 * 1024 * 1024;
        });
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = 256 * 1024 * 1024);
        var app = builder.Build();

        DocumentedApiServer? server = null;
        app.Map("{**path}", (HttpContext context) => server!.HandleAsync(context));
        await app.StartAsync(ct);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new DocumentedApiServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    /// <summary>An address on this server, for a relative path such as <c>api/v1/statuses</c>.</summary>
    public Uri Url(string relative) => new(BaseUrl, relative.TrimStart('/'));

    /// <summary>
    /// Answers <paramref name="method"/> requests to <paramref name="template"/> (an ASP.NET route
    /// template such as <c>/2/tweets/{id}</c>) with what <paramref name="respond"/> returns. Mapping
    /// the same method and template again replaces the earlier answer.
    /// </summary>
    public DocumentedApiServer Map(string method, string template, Func<RecordedRequest, DocumentedResponse> respond)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(respond);
        var route = new Route(method.ToUpperInvariant(), template, Matcher(template), respond);
        lock (_gate)
        {
            _routes.RemoveAll(r => r.Method == route.Method && r.Template == route.Template);
            _routes.Add(route);
        }

        return this;
    }

    /// <summary>Answers with a fixed JSON body (a documented payload), status and headers.</summary>
    public DocumentedApiServer MapJson(string method, string template, string json, int status = 200, IReadOnlyDictionary<string, string>? headers = null) =>
        Map(method, template, _ => DocumentedResponse.Json(json, status, headers));

    /// <summary>
    /// The next <paramref name="count"/> requests (only those with <paramref name="method"/> and
    /// matching <paramref name="template"/>, when given) get <paramref name="fault"/> instead of their route's answer.
    /// Faults queued earlier are used first.
    /// </summary>
    public DocumentedApiServer FailNext(int count, ApiFault fault, string? method = null, string? template = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            _faults.Add(new QueuedFault(fault, method?.ToUpperInvariant(), template is null ? null : Matcher(template), count));
        }

        return this;
    }

    /// <summary>The requests received with this method whose path matches the route template.</summary>
    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string template)
    {
        var matcher = Matcher(template);
        return [.. Requests.Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && matcher.TryMatch(r.Path, new RouteValueDictionary()))];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static TemplateMatcher Matcher(string template) =>
        new(new RouteTemplate(RoutePatternFactory.Parse(template)), new RouteValueDictionary());

    private async Task HandleAsync(HttpContext context)
    {
        var recorded = await RecordAsync(context.Request);

        Route? route;
        Dictionary<string, string> routeValues = new(StringComparer.OrdinalIgnoreCase);
        ApiFault? fault = null;
        lock (_gate)
        {
            _requests.Add(recorded);
            route = null;
            foreach (var candidate in _routes)
            {
                var values = new RouteValueDictionary();
                if (candidate.Method == recorded.Method && candidate.Matcher.TryMatch(recorded.Path, values))
                {
                    route = candidate;
                    foreach (var (key, value) in values)
                    {
                        routeValues[key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    }

                    break;
                }
            }

            var queued = _faults.FirstOrDefault(f => f.Matches(recorded));
            if (queued is not null)
            {
                fault = queued.Fault;
                if (--queued.Remaining == 0)
                {
                    _faults.Remove(queued);
                }
            }
        }

        recorded.RouteValues = routeValues;

        if (fault?.Delay is { } delay)
        {
            // Slower than the client's timeout: the client gives up; the request still "happened".
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }

            if (context.RequestAborted.IsCancellationRequested)
            {
                // Still apply the route's effect (a test may count it), but nobody is listening.
                _ = route?.Respond(recorded);
                return;
            }
        }

        var response = fault?.Response
            ?? route?.Respond(recorded)
            ?? DocumentedResponse.Json("""{"error":"Record not found"}""", 404);
        await WriteAsync(context.Response, response);
    }

    private static async Task WriteAsync(HttpResponse http, DocumentedResponse response)
    {
        http.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            http.Headers[name] = value;
        }

        if (response.Body is { } body)
        {
            http.ContentType = response.ContentType;
            await http.WriteAsync(body);
        }
    }

    private static async Task<RecordedRequest> RecordAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        request.Body.Position = 0;

        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new List<RecordedFile>();
        if (request.HasFormContentType)
        {
            var read = await request.ReadFormAsync();
            foreach (var (key, value) in read)
            {
                form[key] = value.ToString();
            }

            foreach (var file in read.Files)
            {
                using var content = new MemoryStream();
                await file.CopyToAsync(content);
                files.Add(new RecordedFile(file.Name, file.FileName, file.ContentType, content.ToArray()));
            }
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            headers[name] = value.ToString();
        }

        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            query[key] = value.ToString();
        }

        return new RecordedRequest(
            request.Method.ToUpperInvariant(),
            request.Path.Value ?? "/",
            query,
            headers,
            buffer.ToArray(),
            request.ContentType,
            form,
            files);
    }

    private sealed record Route(string Method, string Template, TemplateMatcher Matcher, Func<RecordedRequest, DocumentedResponse> Respond);

    private sealed class QueuedFault(ApiFault fault, string? method, TemplateMatcher? matcher, int remaining)
    {
        public ApiFault Fault { get; } = fault;

        public int Remaining { get; set; } = remaining;

        public bool Matches(RecordedRequest request) =>
            (method is null || method == request.Method)
            && (matcher is null || matcher.TryMatch(request.Path, new RouteValueDictionary()));
    }
}

/// <summary>One request the server received, as it arrived.</summary>
/// <param name="Method">Upper case: GET, POST, DELETE.</param>
/// <param name="Path">The path without the query string.</param>
/// <param name="Query">Query string values (repeated keys joined with commas).</param>
/// <param name="Headers">Request headers, case-insensitive names.</param>
/// <param name="Body">The raw body.</param>
/// <param name="ContentType">The Content-Type header, if any.</param>
/// <param name="Form">Fields of a form-urlencoded or multipart body (not files).</param>
/// <param name="Files">Files of a multipart body.</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    string? ContentType,
    IReadOnlyDictionary<string, string> Form,
    IReadOnlyList<RecordedFile> Files)
{
    /// <summary>Values of the route template's parameters, for example <c>id</c> in <c>/2/tweets/{id}</c>.</summary>
    public IReadOnlyDictionary<string, string> RouteValues { get; internal set; } = new Dictionary<string, string>();

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The body parsed as JSON; throws when it is not JSON.</summary>
    public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <param name="Name">The form field name (for example <c>file</c> or <c>media</c>).</param>
public sealed record RecordedFile(string Name, string FileName, string ContentType, byte[] Content);

/// <summary>What the server answers.</summary>
public sealed record DocumentedResponse(int Status, string? Body, string ContentType, IReadOnlyDictionary<string, string> Headers)
{
    public static DocumentedResponse Json(string json, int status = 200, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, json, "application/json; charset=utf-8", headers ?? new Dictionary<string, string>());

    /// <summary>A status with no body, for example 204 No Content.</summary>
    public static DocumentedResponse Empty(int status, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, null, "application/json", headers ?? new Dictionary<string, string>());
}

/// <summary>A failure to answer with instead of a route's documented success.</summary>
public sealed record ApiFault(DocumentedResponse? Response, TimeSpan? Delay = null)
{
    /// <summary>429 Too Many Requests with the platform's rate-limit headers.</summary>
    public static ApiFault RateLimited(IReadOnlyDictionary<string, string> headers, string body = """{"error":"Too many requests"}""") =>
        new(DocumentedResponse.Json(body, 429, headers));

    public static ApiFault ServerError(string body = """{"error":"Internal server error"}""") =>
        new(DocumentedResponse.Json(body, 500));

    /// <summary>401 for a revoked or expired token, with the platform's error body.</summary>
    public static ApiFault Unauthorized(string body = """{"error":"The access token is invalid"}""", IReadOnlyDictionary<string, string>? headers = null) =>
        new(DocumentedResponse.Json(body, 401, headers));

    /// <summary>Any status with a documented error body and headers.</summary>
    public static ApiFault Status(int status, string body, IReadOnlyDictionary<string, string>? headers = null) =>
        new(DocumentedResponse.Json(body, status, headers));

    /// <summary>
    /// Waits <paramref name="delay"/> (make it longer than the client's timeout) before answering
    /// with the route's normal response. The route still runs when the client has given up, so the
    /// "post" exists although the client never heard: the unknown-outcome case.
    /// </summary>
    public static ApiFault SlowerThan(TimeSpan delay) => new(null, delay);
}
