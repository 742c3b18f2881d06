using Microsoft.Extensions.DependencyInjection;

namespace Signpost.Platforms.Sandbox;

/// <summary>Registers this network's inbox side: its IInboxPoller, IInboxConnector and IWebhookReceiver, as it has them.</summary>
internal static class SandboxInboxServices
{
    public static IServiceCollection AddSandboxInbox(this IServiceCollection services)
    {
        return services;
    }
}
