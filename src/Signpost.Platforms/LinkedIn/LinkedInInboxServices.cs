using Microsoft.Extensions.DependencyInjection;

namespace Signpost.Platforms.LinkedIn;

/// <summary>Registers this network's inbox side: its IInboxPoller, IInboxConnector and IWebhookReceiver, as it has them.</summary>
internal static class LinkedInInboxServices
{
    public static IServiceCollection AddLinkedInInbox(this IServiceCollection services)
    {
        return services;
    }
}
