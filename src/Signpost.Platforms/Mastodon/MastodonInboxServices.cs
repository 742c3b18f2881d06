using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Inbox;

namespace Signpost.Platforms.Mastodon;

/// <summary>Registers this network's inbox side: its IInboxPoller, IInboxConnector and IWebhookReceiver, as it has them.</summary>
internal static class MastodonInboxServices
{
    /// <summary>Mastodon is polled (notifications) and answered through the channel's instance; it has no webhooks for an ordinary account.</summary>
    public static IServiceCollection AddMastodonInbox(this IServiceCollection services)
    {
        services.AddSingleton(p => new MastodonInboxCalls(
            p.GetRequiredService<IHttpClientFactory>(), p.GetRequiredService<PlatformOptions>(), p.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IInboxPoller, MastodonInboxPoller>();
        services.AddSingleton<IInboxConnector, MastodonInboxConnector>();
        return services;
    }
}
