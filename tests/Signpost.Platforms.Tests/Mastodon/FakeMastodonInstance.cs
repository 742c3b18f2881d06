using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Mastodon;
using Signpost.Platforms.Tests.Fakes;

namespace Signpost.Platforms.Tests.Mastodon;

/// <summary>
/// A Mastodon instance on 127.0.0.1 that answers as the documentation says, and the connector built
/// the way the application builds it (AddSignpostPlatforms with configuration), pointed at it.
/// </summary>
internal sealed class FakeMastodonInstance : IAsyncDisposable
{
    /// <summary>The tests' "now": rate-limit resets are measured from it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The client timeout in tests; <see cref="ApiFault.SlowerThan"/> waits longer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private readonly ServiceProvider _services;

    private FakeMastodonInstance(DocumentedApiServer server, ServiceProvider services, MastodonConnector connector)
    {
        Server = server;
        _services = services;
        Connector = connector;
    }

    public DocumentedApiServer Server { get; }

    public MastodonConnector Connector { get; }

    /// <summary>The instance address the connector sees, as stored on the channel.</summary>
    public Uri Instance => Server.BaseUrl;

    public PlatformAccount Account => new(MastodonPayloads.AccountId, $"riversideicb@{Instance.Host}", Instance);

    public ChannelCall Call => new(Account, new PlatformCredential { AccessToken = "channel-token" });

    public static async Task<FakeMastodonInstance> StartAsync()
    {
        var server = await DocumentedApiServer.StartAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Platforms:Mastodon:Timeout"] = Timeout.ToString(),
            })
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FixedClock(Now));
        services.AddSignpostPlatforms(configuration);

        // The Sandbox connector needs Core's Sandbox network; these tests do not use it.
        services.Remove(services.Single(d => d.ImplementationType == typeof(Signpost.Platforms.Sandbox.SandboxConnector)));
        var provider = services.BuildServiceProvider();
        var connector = provider.GetServices<IPlatformConnector>().OfType<MastodonConnector>().Single();

        // Poll fast: the tests check what is polled, not how long the instance takes.
        connector.MediaPollInterval = TimeSpan.FromMilliseconds(5);
        var instance = new FakeMastodonInstance(server, provider, connector);
        instance.MapDocumentedRoutes();
        return instance;
    }

    /// <summary>The inbox poller, built from the application's registrations (MastodonInboxServices).</summary>
    public MastodonInboxPoller InboxPoller() => ActivatorUtilities.CreateInstance<MastodonInboxPoller>(_services);

    /// <summary>The inbox connector, built from the application's registrations (MastodonInboxServices).</summary>
    public MastodonInboxConnector InboxConnector() => ActivatorUtilities.CreateInstance<MastodonInboxConnector>(_services);

    public PublishRequest Post(string text, IReadOnlyList<MediaUpload>? media = null, string? replyTo = null, string key = "publication-7f3c") =>
        new(Call, text, media ?? [], key, replyTo);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>The happy path of every endpoint the connector uses; tests replace what they need.</summary>
    private void MapDocumentedRoutes()
    {
        Server.MapJson("GET", "/api/v1/accounts/verify_credentials", MastodonPayloads.Account);
        Server.MapJson("GET", "/api/v2/instance", MastodonPayloads.Instance);
        Server.MapJson("POST", "/api/v1/apps", MastodonPayloads.Application);
        Server.MapJson("POST", "/oauth/token", MastodonPayloads.Token);
        Server.Map("POST", "/api/v1/statuses", r => DocumentedResponse.Json(MastodonPayloads.Status("113520000000000001", $"<p>{System.Net.WebUtility.HtmlEncode(r.Form["status"])}</p>")));
        Server.Map("GET", "/api/v1/statuses/{id}", r => DocumentedResponse.Json(MastodonPayloads.Status(r.RouteValues["id"], "<p>Flu jabs at the Riverside hub</p>")));
        Server.Map("DELETE", "/api/v1/statuses/{id}", r => DocumentedResponse.Json(MastodonPayloads.Status(r.RouteValues["id"], "<p>Flu jabs at the Riverside hub</p>")));
    }

    /// <summary>A clock fixed at <see cref="Now"/>; timers stay real.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
