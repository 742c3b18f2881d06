using Microsoft.Extensions.DependencyInjection;

namespace Signpost.Platforms.Bluesky;

/// <summary>Registers this network's inbox side: its IInboxPoller, IInboxConnector and IWebhookReceiver, as it has them.</summary>
internal static class BlueskyInboxServices
{
    public static IServiceCollection AddBlueskyInbox(this IServiceCollection services)
    {
        return services;
    }
}
