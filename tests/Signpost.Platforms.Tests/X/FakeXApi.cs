using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Tests.Fakes;
using Signpost.Platforms.X;

namespace Signpost.Platforms.Tests.X;

/// <summary>
/// The X API on 127.0.0.1, answering as docs.x.com documents, and the connector built the way the
/// application builds it (AddSignpostPlatforms with <c>Platforms:X</c> configuration) pointed at it.
/// </summary>
internal sealed class FakeXApi : IAsyncDisposable
{
    public const string ClientId = "M1M5R3BMVy13QmpScXkzTUt5OE46MTpjaQ";

    public const string ClientSecret = "client-secret-for-tests";

    /// <summary>The tests' "now": token expiry, rate-limit resets and start_time are measured from it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private readonly ServiceProvider _services;

    private FakeXApi(DocumentedApiServer server, ServiceProvider services, XConnector connector, RecordingCredentialStore? store)
    {
        Server = server;
        _services = services;
        Connector = connector;
        Store = store;
    }

    public DocumentedApiServer Server { get; }

    public XConnector Connector { get; }

    /// <summary>Renewed credentials the connector handed to Core's store, when the test registered one.</summary>
    public RecordingCredentialStore? Store { get; }

    public static PlatformAccount Account => new(XPayloads.UserId, XPayloads.Username);

    /// <summary>A channel whose access token is still valid for an hour.</summary>
    public static ChannelCall Call(DateTimeOffset? accessTokenExpiresAt = null, string? refreshToken = "refresh-1") =>
        new(Account, new PlatformCredential { AccessToken = "access-1", RefreshToken = refreshToken, AccessTokenExpiresAt = accessTokenExpiresAt ?? Now.AddHours(1) });

    public static async Task<FakeXApi> StartAsync(bool configured = true, bool confidential = true, bool withStore = false)
    {
        var server = await DocumentedApiServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Platforms:X:ApiBaseUrl"] = server.BaseUrl.ToString(),
            ["Platforms:X:Timeout"] = Timeout.ToString(),
        };
        if (configured)
        {
            settings["Platforms:X:ClientId"] = ClientId;
        }

        if (confidential)
        {
            settings["Platforms:X:ClientSecret"] = ClientSecret;
        }

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FixedClock(Now));
        var store = withStore ? new RecordingCredentialStore() : null;
        if (store is not null)
        {
            services.AddSingleton<IRenewedCredentialStore>(store);
        }

        services.AddSignpostPlatforms(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        // The Sandbox connector needs Core's Sandbox network; these tests do not use it.
        services.Remove(services.Single(d => d.ImplementationType == typeof(Signpost.Platforms.Sandbox.SandboxConnector)));
        var provider = services.BuildServiceProvider();
        var connector = provider.GetServices<IPlatformConnector>().OfType<XConnector>().Single();
        connector.MaxMediaPollDelay = TimeSpan.FromMilliseconds(5);

        var api = new FakeXApi(server, provider, connector, store);
        api.MapDocumentedRoutes();
        return api;
    }

    public static PublishRequest Post(string text, IReadOnlyList<MediaUpload>? media = null, string? replyTo = null, ChannelCall? call = null) =>
        new(call ?? Call(), text, media ?? [], "publication-7f3c", replyTo);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Server.DisposeAsync();
    }

    private void MapDocumentedRoutes()
    {
        Server.MapJson("POST", "/2/oauth2/token", XPayloads.Token());
        Server.MapJson("GET", "/2/users/me", XPayloads.Me);
        Server.Map("POST", "/2/tweets", r => DocumentedResponse.Json(XPayloads.Created("1445880548472328192", r.Json().GetProperty("text").GetString()!), 201));
        Server.Map("GET", "/2/tweets/{id}", r => DocumentedResponse.Json(XPayloads.Post(r.RouteValues["id"])));
        Server.MapJson("DELETE", "/2/tweets/{id}", XPayloads.Deleted);
        Server.MapJson("POST", "/2/media/upload", XPayloads.Media("1880028106020515840"));
        Server.Map("POST", "/2/media/metadata", r => DocumentedResponse.Json(XPayloads.Metadata(
            r.Json().GetProperty("id").GetString()!, r.Json().GetProperty("metadata").GetProperty("alt_text").GetProperty("text").GetString()!)));
    }

    internal sealed class RecordingCredentialStore : IRenewedCredentialStore
    {
        public List<(PlatformAccount Account, PlatformCredential Credential)> Stored { get; } = [];

        public Task StoreAsync(PlatformAccount account, PlatformCredential renewed, CancellationToken ct)
        {
            Stored.Add((account, renewed));
            return Task.CompletedTask;
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
