using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Inbox;

namespace Signpost.Platforms.Meta;

/// <summary>
/// Registers the Meta networks' inbox side: one webhook receiver (<c>/webhooks/meta</c>) for the
/// Meta app that serves Facebook and Instagram, and a reply and moderation connector for each.
/// Neither network is polled: Meta pushes comments, mentions and messages.
/// </summary>
internal static class MetaInboxServices
{
    public static IServiceCollection AddMetaInbox(this IServiceCollection services)
    {
        services.AddSingleton<IWebhookReceiver, MetaWebhookReceiver>();
        services.AddSingleton<IInboxConnector, Facebook.FacebookInboxConnector>();
        services.AddSingleton<IInboxConnector, Instagram.InstagramInboxConnector>();
        services.AddSingleton<MetaPageSubscriber>();
        return services;
    }
}
