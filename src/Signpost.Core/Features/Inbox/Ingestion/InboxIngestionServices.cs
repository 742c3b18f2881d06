using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Sandbox;

namespace Signpost.Core.Features.Inbox;

/// <summary>Ingestion: storing what the public sends, once, triaged; polling; after-arrival processing; the Sandbox's public side.</summary>
public static class InboxIngestionServices
{
    public static IServiceCollection AddInboxIngestion(this IServiceCollection services, IConfiguration? configuration)
    {
        services.AddSingleton(InboxIngestionOptions.From(configuration));
        services.AddSingleton<InboxArrivalSignal>();
        services.AddScoped<InboxIngestor>();
        services.AddScoped<IInboxArrivalHandler, InstagramMentionCompleter>();
        services.AddScoped<MetaWebhookSubscriptions>();
        services.AddScoped<SandboxInboundService>();
        services.AddSingleton<InboxArrivalProcessor>();
        services.AddSingleton<InboxPollingService>();
        services.AddSingleton<DemoInboxTrickle>();
        return services;
    }

    /// <summary>The loops that run all the time (poller, processor, demo trickle): registered where jobs run.</summary>
    public static IServiceCollection AddInboxIngestionJobs(this IServiceCollection services)
    {
        services.AddHostedService(provider => provider.GetRequiredService<InboxArrivalProcessor>());
        services.AddHostedService(provider => provider.GetRequiredService<InboxPollingService>());
        services.AddHostedService(provider => provider.GetRequiredService<DemoInboxTrickle>());
        return services;
    }
}
