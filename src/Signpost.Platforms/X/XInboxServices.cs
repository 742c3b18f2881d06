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
        services.AddSingleton<IInboxConnector>(p =>
        {
            var http = p.GetRequiredService<IHttpClientFactory>();
            var options = p.GetRequiredService<PlatformOptions>();
            var time = p.GetService<TimeProvider>();
            var renewals = p.GetService<IRenewedCredentialStore>();

            // Its own XConnector (it holds only configuration) for renewing tokens, so that
            // resolving the inbox does not build every publishing connector.
            return new XInboxConnector(http, options, new XConnector(http, options, time, renewals), time, renewals);
        });
        return services;
    }
}
