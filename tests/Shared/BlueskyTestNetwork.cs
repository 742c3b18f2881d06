using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Signpost.Tests.Shared;

/// <summary>An account made on the Bluesky test network, with an app password for Signpost.</summary>
/// <param name="Did">The account's DID (its stable id).</param>
/// <param name="Handle">Its handle, ending ".test".</param>
/// <param name="Password">Its own (main) password.</param>
/// <param name="AppPassword">An app password, what a person gives Signpost.</param>
/// <param name="AccessJwt">A session opened with the main password, for the helper's own calls.</param>
public sealed record BlueskyTestAccount(string Did, string Handle, string Password, string AppPassword, string AccessJwt);

/// <summary>
/// The real Bluesky servers (PDS, AppView, Ozone from @atproto/dev-env) that ./test.sh runs on
/// 127.0.0.1 (scripts/bluesky-testnet/), and plain-HTTP helpers for tests: make accounts and app
/// passwords, and read back what a post stored. It does not use Signpost's connector, so that a
/// test can check the connector's work (or a browser test the whole app's) against what Bluesky
/// itself says.
/// </summary>
public sealed class BlueskyTestNetwork
{
    /// <summary>Set by ./test.sh once the network answers: the PDS every logged-in call goes to.</summary>
    public const string PdsVariable = "SIGNPOST_TEST_BLUESKY_PDS";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private BlueskyTestNetwork(Uri pds, Uri? appView, Uri? ozone, string? jwtSecret)
    {
        Pds = pds;
        AppView = appView;
        Ozone = ozone;
        JwtSecret = jwtSecret;
    }

    /// <summary>The PDS (accounts, sessions, records, blobs).</summary>
    public Uri Pds { get; }

    /// <summary>The AppView (app.bsky.* views: posts as people see them), SIGNPOST_TEST_BLUESKY_APPVIEW.</summary>
    public Uri? AppView { get; }

    /// <summary>Ozone moderation, SIGNPOST_TEST_BLUESKY_OZONE.</summary>
    public Uri? Ozone { get; }

    /// <summary>Ozone's DID, to which the PDS passes reports (atproto-proxy), SIGNPOST_TEST_BLUESKY_OZONE_DID.</summary>
    public static string? OzoneDid => Environment.GetEnvironmentVariable("SIGNPOST_TEST_BLUESKY_OZONE_DID");

    /// <summary>The PDS's session-signing secret (dev-env's fixed one), SIGNPOST_TEST_BLUESKY_JWT_SECRET.</summary>
    public string? JwtSecret { get; }

    /// <summary>The network ./test.sh started, or null when SIGNPOST_TEST_BLUESKY_PDS is not set.</summary>
    public static BlueskyTestNetwork? FromEnvironment()
    {
        var pds = Environment.GetEnvironmentVariable(PdsVariable);
        if (string.IsNullOrWhiteSpace(pds))
        {
            return null;
        }

        static Uri? Optional(string name) =>
            Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? new Uri(value) : null;

        return new BlueskyTestNetwork(new Uri(pds), Optional("SIGNPOST_TEST_BLUESKY_APPVIEW"), Optional("SIGNPOST_TEST_BLUESKY_OZONE"),
            Environment.GetEnvironmentVariable("SIGNPOST_TEST_BLUESKY_JWT_SECRET"));
    }

    /// <summary>
    /// The network, for a test that needs it. Without one the test is skipped, except in CI
    /// (CI=true), where a missing network is a broken harness and the test fails saying so.
    /// </summary>
    public static BlueskyTestNetwork Require()
    {
        if (FromEnvironment() is { } network)
        {
            return network;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{PdsVariable} is not set but CI=true: the Bluesky test network is missing. ./test.sh starts it " +
                "(scripts/bluesky-testnet/) and sets the SIGNPOST_TEST_BLUESKY_* variables; see .test/logs/bluesky.log.");
        }

        Assert.Skip($"No Bluesky test network: {PdsVariable} is not set. Run ./test.sh, or start scripts/bluesky-testnet/up.sh and source its env file.");
        throw new UnreachableException();
    }

    /// <summary>
    /// Makes an account with a new handle ending ".test" (com.atproto.server.createAccount) and an
    /// app password for it (com.atproto.server.createAppPassword).
    /// </summary>
    /// <param name="name">The handle's first letters (up to 8), to tell accounts apart in logs.</param>
    public async Task<BlueskyTestAccount> CreateAccountAsync(string name = "sp", CancellationToken ct = default)
    {
        // The PDS allows 3 to 18 characters before its ".test" domain.
        var prefix = new string(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(8).ToArray());
        var front = (prefix.Length > 0 ? prefix : "sp") + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        var handle = front + ".test";
        var password = "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

        var created = await PostAsync("com.atproto.server.createAccount", null,
            new JsonObject { ["handle"] = handle, ["email"] = $"{front}@example.com", ["password"] = password }, ct);
        var did = created.GetProperty("did").GetString()!;
        var accessJwt = created.GetProperty("accessJwt").GetString()!;
        var appPassword = await CreateAppPasswordAsync(accessJwt, "Signpost", ct);
        return new BlueskyTestAccount(did, handle, password, appPassword, accessJwt);
    }

    /// <summary>A new app password for the account (com.atproto.server.createAppPassword).</summary>
    public async Task<string> CreateAppPasswordAsync(string accessJwt, string name, CancellationToken ct = default)
    {
        var made = await PostAsync("com.atproto.server.createAppPassword", accessJwt, new JsonObject { ["name"] = name }, ct);
        return made.GetProperty("password").GetString()!;
    }

    /// <summary>Revokes an app password and every session opened with it (com.atproto.server.revokeAppPassword).</summary>
    public Task RevokeAppPasswordAsync(BlueskyTestAccount account, string name = "Signpost", CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        return PostAsync("com.atproto.server.revokeAppPassword", account.AccessJwt, new JsonObject { ["name"] = name }, ct);
    }

    /// <summary>Opens a session with a password or app password: its access and refresh tokens.</summary>
    public async Task<(string AccessJwt, string RefreshJwt)> CreateSessionAsync(string identifier, string password, CancellationToken ct = default)
    {
        var session = await PostAsync("com.atproto.server.createSession", null,
            new JsonObject { ["identifier"] = identifier, ["password"] = password }, ct);
        return (session.GetProperty("accessJwt").GetString()!, session.GetProperty("refreshJwt").GetString()!);
    }

    /// <summary>Posts as the account without Signpost (for example a post for Signpost to answer); returns its at:// URI.</summary>
    public async Task<string> CreatePostAsync(BlueskyTestAccount account, string text, string? replyToUri = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var record = new JsonObject
        {
            ["$type"] = "app.bsky.feed.post",
            ["text"] = text,
            ["createdAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (replyToUri is not null)
        {
            var parent = await GetRecordAsync(replyToUri, ct) ?? throw new InvalidOperationException($"No record at {replyToUri}.");
            var parentRef = new JsonObject { ["uri"] = replyToUri, ["cid"] = parent.GetProperty("cid").GetString() };
            var root = parent.GetProperty("value").TryGetProperty("reply", out var reply)
                ? JsonNode.Parse(reply.GetProperty("root").GetRawText())
                : parentRef.DeepClone();
            record["reply"] = new JsonObject { ["root"] = root, ["parent"] = parentRef };
        }

        var created = await PostAsync("com.atproto.repo.createRecord", account.AccessJwt,
            new JsonObject { ["repo"] = account.Did, ["collection"] = "app.bsky.feed.post", ["record"] = record }, ct);
        return created.GetProperty("uri").GetString()!;
    }

    /// <summary>
    /// The stored record at an at:// URI as the PDS returns it (com.atproto.repo.getRecord:
    /// <c>{uri, cid, value}</c>), or null when there is none.
    /// </summary>
    public async Task<JsonElement?> GetRecordAsync(string atUri, CancellationToken ct = default)
    {
        var (repo, collection, rkey) = ParseAtUri(atUri);
        using var response = await Http.GetAsync(Xrpc(Pds, "com.atproto.repo.getRecord", ("repo", repo), ("collection", collection), ("rkey", rkey)), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            if (body.Contains("RecordNotFound", StringComparison.Ordinal) || body.Contains("Could not find repo", StringComparison.Ordinal))
            {
                return null;
            }

            throw new HttpRequestException($"getRecord {atUri}: {(int)response.StatusCode} {body}");
        }

        return Parse(body);
    }

    /// <summary>The alt text of each image of the stored post (its app.bsky.embed.images record), in order.</summary>
    public async Task<IReadOnlyList<string>> GetRecordAltTextsAsync(string atUri, CancellationToken ct = default)
    {
        var record = await GetRecordAsync(atUri, ct) ?? throw new InvalidOperationException($"No record at {atUri}.");
        return AltTexts(record.GetProperty("value"));
    }

    /// <summary>
    /// The post as the AppView shows it (app.bsky.feed.getPosts: <c>{uri, cid, author, record, embed, …}</c>),
    /// polled until the AppView has indexed it (it does a few hundred milliseconds after the write).
    /// </summary>
    public async Task<JsonElement> WaitForAppViewPostAsync(string atUri, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var appView = AppView ?? throw new InvalidOperationException("SIGNPOST_TEST_BLUESKY_APPVIEW is not set.");
        var stopwatch = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        while (true)
        {
            using var response = await Http.GetAsync(Xrpc(appView, "app.bsky.feed.getPosts", ("uris", atUri)), ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode)
            {
                var posts = Parse(body).GetProperty("posts");
                if (posts.GetArrayLength() > 0)
                {
                    return posts[0];
                }
            }

            if (stopwatch.Elapsed > limit)
            {
                throw new TimeoutException($"The AppView did not show {atUri} within {limit.TotalSeconds:0} s (last answer {(int)response.StatusCode}: {body}).");
            }

            await Task.Delay(100, ct);
        }
    }

    /// <summary>The alt text of each image as the AppView shows the post (its app.bsky.embed.images#view).</summary>
    public async Task<IReadOnlyList<string>> GetAppViewAltTextsAsync(string atUri, CancellationToken ct = default)
    {
        var post = await WaitForAppViewPostAsync(atUri, ct: ct);
        return post.TryGetProperty("embed", out var embed) && embed.TryGetProperty("images", out var images)
            ? images.EnumerateArray().Select(i => i.GetProperty("alt").GetString() ?? "").ToList()
            : [];
    }

    /// <summary>Every post record in the account's repository (com.atproto.repo.listRecords, all pages).</summary>
    public async Task<IReadOnlyList<JsonElement>> ListPostsAsync(string did, CancellationToken ct = default)
    {
        var posts = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var parameters = new List<(string, string)> { ("repo", did), ("collection", "app.bsky.feed.post"), ("limit", "100") };
            if (cursor is not null)
            {
                parameters.Add(("cursor", cursor));
            }

            using var response = await Http.GetAsync(Xrpc(Pds, "com.atproto.repo.listRecords", [.. parameters]), ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"listRecords {did}: {(int)response.StatusCode} {body}");
            }

            var page = Parse(body);
            posts.AddRange(page.GetProperty("records").EnumerateArray());
            cursor = page.TryGetProperty("cursor", out var next) && page.GetProperty("records").GetArrayLength() > 0 ? next.GetString() : null;
        }
        while (cursor is not null);

        return posts;
    }

    /// <summary>Writes any record as the account without Signpost (com.atproto.repo.createRecord); returns its at:// URI.</summary>
    public async Task<string> CreateRecordAsync(BlueskyTestAccount account, string collection, JsonObject record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var created = await PostAsync("com.atproto.repo.createRecord", account.AccessJwt,
            new JsonObject { ["repo"] = account.Did, ["collection"] = collection, ["record"] = record }, ct);
        return created.GetProperty("uri").GetString()!;
    }

    /// <summary>Every record of one collection in the account's repository (com.atproto.repo.listRecords, all pages): <c>{uri, cid, value}</c>.</summary>
    public async Task<IReadOnlyList<JsonElement>> ListRecordsAsync(string did, string collection, CancellationToken ct = default)
    {
        var found = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var parameters = new List<(string, string)> { ("repo", did), ("collection", collection), ("limit", "100") };
            if (cursor is not null)
            {
                parameters.Add(("cursor", cursor));
            }

            using var response = await Http.GetAsync(Xrpc(Pds, "com.atproto.repo.listRecords", [.. parameters]), ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"listRecords {did} {collection}: {(int)response.StatusCode} {body}");
            }

            var page = Parse(body);
            found.AddRange(page.GetProperty("records").EnumerateArray());
            cursor = page.TryGetProperty("cursor", out var next) && page.GetProperty("records").GetArrayLength() > 0 ? next.GetString() : null;
        }
        while (cursor is not null);

        return found;
    }

    /// <summary>
    /// The reports Ozone holds about a post or account (tools.ozone.moderation.queryEvents, type
    /// modEventReport), asked as Ozone's admin (Basic auth with SIGNPOST_TEST_BLUESKY_ADMIN_PASSWORD):
    /// each event's <c>{id, event: {comment, reportType}, subject, createdBy}</c>.
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> OzoneReportsAsync(string subject, CancellationToken ct = default)
    {
        var ozone = Ozone ?? throw new InvalidOperationException("SIGNPOST_TEST_BLUESKY_OZONE is not set.");
        var password = Environment.GetEnvironmentVariable("SIGNPOST_TEST_BLUESKY_ADMIN_PASSWORD")
            ?? throw new InvalidOperationException("SIGNPOST_TEST_BLUESKY_ADMIN_PASSWORD is not set.");
        using var request = new HttpRequestMessage(HttpMethod.Get,
            Xrpc(ozone, "tools.ozone.moderation.queryEvents", ("subject", subject), ("types", "tools.ozone.moderation.defs#modEventReport")));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + password)));
        using var response = await Http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"queryEvents {subject}: {(int)response.StatusCode} {body}");
        }

        return [.. Parse(body).GetProperty("events").EnumerateArray()];
    }

    /// <summary>
    /// A copy of a real access token that expired an hour ago, signed with the PDS's secret: the PDS
    /// answers it with ExpiredToken, as it does a session left unused past its two hours.
    /// </summary>
    public string ExpiredCopyOf(string accessJwt)
    {
        var secret = JwtSecret ?? throw new InvalidOperationException("SIGNPOST_TEST_BLUESKY_JWT_SECRET is not set.");
        var parts = accessJwt.Split('.');
        var payload = JsonNode.Parse(Base64UrlDecode(parts[1]))!.AsObject();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        payload["iat"] = now - 7200;
        payload["exp"] = now - 3600;
        var signed = parts[0] + "." + Base64UrlEncode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signed));
        return signed + "." + Base64UrlEncode(signature);
    }

    /// <summary>The alt texts of a post record's images (app.bsky.embed.images), in order.</summary>
    public static IReadOnlyList<string> AltTexts(JsonElement postRecord) =>
        postRecord.TryGetProperty("embed", out var embed) && embed.TryGetProperty("images", out var images)
            ? images.EnumerateArray().Select(i => i.GetProperty("alt").GetString() ?? "").ToList()
            : [];

    public static (string Repo, string Collection, string RecordKey) ParseAtUri(string atUri)
    {
        ArgumentNullException.ThrowIfNull(atUri);
        var parts = atUri.StartsWith("at://", StringComparison.Ordinal) ? atUri[5..].Split('/') : [];
        return parts.Length == 3 ? (parts[0], parts[1], parts[2]) : throw new ArgumentException($"Not an at:// record URI: {atUri}", nameof(atUri));
    }

    private async Task<JsonElement> PostAsync(string nsid, string? accessJwt, JsonObject body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Xrpc(Pds, nsid)) { Content = JsonContent.Create(body, options: Json) };
        if (accessJwt is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessJwt);
        }

        using var response = await Http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{nsid}: {(int)response.StatusCode} {text}");
        }

        return string.IsNullOrWhiteSpace(text) ? default : Parse(text);
    }

    private static Uri Xrpc(Uri service, string nsid, params (string Name, string Value)[] parameters)
    {
        var query = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));
        return new Uri(service, $"/xrpc/{nsid}" + (query.Length > 0 ? "?" + query : ""));
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
