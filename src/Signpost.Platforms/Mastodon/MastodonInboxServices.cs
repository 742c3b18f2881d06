using Microsoft.Extensions.DependencyInjection;

namespace Signpost.Platforms.Mastodon;

/// <summary>Registers this network's inbox side: its IInboxPoller, IInboxConnector and IWebhookReceiver, as it has them.</summary>
internal static class MastodonInboxServices
{
    public static IServiceCollection AddMastodonInbox(this IServiceCollection services)
    {
        return services;
    }
}
