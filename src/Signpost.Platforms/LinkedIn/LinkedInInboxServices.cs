using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Inbox;

namespace Signpost.Platforms.LinkedIn;

/// <summary>Registers this network's inbox side: its IInboxPoller, IInboxConnector and IWebhookReceiver, as it has them.</summary>
internal static class LinkedInInboxServices
{
    /// <summary>LinkedIn Pages are polled (comments on recent posts, mentions) and answered through the Comments API.</summary>
    public static IServiceCollection AddLinkedInInbox(this IServiceCollection services)
    {
        services.AddSingleton<IInboxPoller, LinkedInInboxPoller>();
        services.AddSingleton<IInboxConnector, LinkedInInboxConnector>();
        return services;
    }
}
