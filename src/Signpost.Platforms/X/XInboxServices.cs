using Microsoft.Extensions.DependencyInjection;

namespace Signpost.Platforms.X;

/// <summary>Registers this network's inbox side: its IInboxPoller, IInboxConnector and IWebhookReceiver, as it has them.</summary>
internal static class XInboxServices
{
    public static IServiceCollection AddXInbox(this IServiceCollection services)
    {
        return services;
    }
}
