using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Inbox;

namespace Signpost.Platforms.Sandbox;

/// <summary>Registers this network's inbox side: its IInboxPoller, IInboxConnector and IWebhookReceiver, as it has them.</summary>
internal static class SandboxInboxServices
{
    public static IServiceCollection AddSandboxInbox(this IServiceCollection services)
    {
        services.AddSingleton<SandboxInboxConnector>();
        services.AddSingleton<IInboxPoller>(p => p.GetRequiredService<SandboxInboxConnector>());
        services.AddSingleton<IInboxConnector>(p => p.GetRequiredService<SandboxInboxConnector>());
        return services;
    }
}
