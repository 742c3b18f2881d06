using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Signpost.Core.Features.Inbox;

/// <summary>Ingestion: storing what the public sends, once, triaged; polling; after-arrival processing; the Sandbox's public side.</summary>
public static class InboxIngestionServices
{
    public static IServiceCollection AddInboxIngestion(this IServiceCollection services, IConfiguration? configuration)
    {
        return services;
    }

    /// <summary>The loops that run all the time (poller, processor, demo trickle): registered where jobs run.</summary>
    public static IServiceCollection AddInboxIngestionJobs(this IServiceCollection services)
    {
        return services;
    }
}
