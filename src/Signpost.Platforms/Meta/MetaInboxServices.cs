using Microsoft.Extensions.DependencyInjection;

namespace Signpost.Platforms.Meta;

/// <summary>Registers this network's inbox side: its IInboxPoller, IInboxConnector and IWebhookReceiver, as it has them.</summary>
internal static class MetaInboxServices
{
    public static IServiceCollection AddMetaInbox(this IServiceCollection services)
    {
        return services;
    }
}
