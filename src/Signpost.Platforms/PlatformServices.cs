using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Signpost.Platforms;

public static class PlatformServices
{
    /// <summary>
    /// Registers every connector with its own named HttpClient. Connectors do not retry publishes
    /// through a resilience handler: a repeated write can duplicate a post, so retries are the
    /// publisher's decision (see IPlatformConnector).
    /// </summary>
    public static IServiceCollection AddSignpostPlatforms(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var options = new PlatformOptions();
        foreach (var network in NetworkNames.All)
        {
            var section = configuration?.GetSection($"Platforms:{network}");
            var networkOptions = options.For(network);
            section?.Bind(networkOptions);
        }

        services.AddSingleton(options);
        services.AddSingleton<ConnectorRegistry>();

        // One line per network; each connector's folder holds its code.
        services.AddSingleton<IPlatformConnector, Sandbox.SandboxConnector>();
        services.AddSingleton<Bluesky.BlueskyConnector>().AddNetworkHttpClient(Network.Bluesky);
        services.AddSingleton<IPlatformConnector>(p => p.GetRequiredService<Bluesky.BlueskyConnector>());
        services.AddNetworkHttpClient(Network.Mastodon);
        services.AddSingleton<IPlatformConnector, Mastodon.MastodonConnector>();
        services.AddNetworkHttpClient(Network.X);
        services.AddSingleton<IPlatformConnector, X.XConnector>();
        services.AddNetworkHttpClient(Network.Facebook);
        services.AddSingleton<Facebook.FacebookConnector>();
        services.AddSingleton<IPlatformConnector>(p => p.GetRequiredService<Facebook.FacebookConnector>());
        services.AddNetworkHttpClient(Network.Instagram);
        services.AddSingleton<Instagram.InstagramConnector>();
        services.AddSingleton<IPlatformConnector>(p => p.GetRequiredService<Instagram.InstagramConnector>());
        services.AddNetworkHttpClient(Network.LinkedIn);
        services.AddSingleton<LinkedIn.LinkedInConnector>();
        services.AddSingleton<IPlatformConnector>(p => p.GetRequiredService<LinkedIn.LinkedInConnector>());

        // The inbox side of each network (pollers, reply and moderation connectors, webhook receivers).
        services.AddSingleton<Inbox.InboxConnectorRegistry>();
        Sandbox.SandboxInboxServices.AddSandboxInbox(services);
        Bluesky.BlueskyInboxServices.AddBlueskyInbox(services);
        Mastodon.MastodonInboxServices.AddMastodonInbox(services);
        LinkedIn.LinkedInInboxServices.AddLinkedInInbox(services);
        Meta.MetaInboxServices.AddMetaInbox(services);
        X.XInboxServices.AddXInbox(services);
        return services;
    }

    /// <summary>A named HttpClient for a network, with its timeout and a Signpost user agent.</summary>
    public static IHttpClientBuilder AddNetworkHttpClient(this IServiceCollection services, Network network) =>
        services.AddHttpClient(network.ToString(), (provider, http) =>
        {
            http.Timeout = provider.GetRequiredService<PlatformOptions>().For(network).Timeout;
            http.DefaultRequestHeaders.UserAgent.ParseAdd("Signpost/1.0");
        });
}
