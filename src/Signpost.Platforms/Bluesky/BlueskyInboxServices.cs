using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Inbox;

namespace Signpost.Platforms.Bluesky;

/// <summary>Registers this network's inbox side: its IInboxPoller, IInboxConnector and IWebhookReceiver, as it has them.</summary>
internal static class BlueskyInboxServices
{
    /// <summary>
    /// Bluesky is polled (notifications) and answered and moderated through the account's PDS; it has
    /// no webhooks. Both use the publishing connector's sessions, so that a session renewed by one is
    /// the session the others use.
    /// </summary>
    public static IServiceCollection AddBlueskyInbox(this IServiceCollection services)
    {
        services.AddSingleton<IInboxPoller>(p => new BlueskyInboxPoller(Publisher(p)));
        services.AddSingleton<IInboxConnector>(p => new BlueskyInboxConnector(
            Publisher(p), p.GetRequiredService<PlatformOptions>(), p.GetService<TimeProvider>()));
        return services;
    }

    /// <summary>The publishing connector, whose sessions the inbox shares.</summary>
    private static BlueskyConnector Publisher(IServiceProvider provider) => provider.GetRequiredService<BlueskyConnector>();
}
