using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Inbox;

namespace Signpost.Platforms.X;

/// <summary>
/// Registers X's inbox side: the Account Activity webhook receiver (<c>/webhooks/x</c>) and the
/// reply and moderation connector. X is not polled: it pushes replies, mentions and messages.
/// </summary>
internal static class XInboxServices
{
    public static IServiceCollection AddXInbox(this IServiceCollection services)
    {
        services.AddSingleton<IWebhookReceiver, XWebhookReceiver>();
        services.AddSingleton<IInboxConnector>(p => new XInboxConnector(
            p.GetRequiredService<IHttpClientFactory>(),
            p.GetRequiredService<PlatformOptions>(),
            p.GetServices<IPlatformConnector>().OfType<XConnector>().Single(),
            p.GetService<TimeProvider>(),
            p.GetService<IRenewedCredentialStore>()));
        return services;
    }
}
