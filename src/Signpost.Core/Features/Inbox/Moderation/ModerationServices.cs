using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Signpost.Core.Features.Inbox;

/// <summary>The inbox: moderation with house-rules reasons, strikes, blocked words, the criticism rule.</summary>
public static class ModerationServices
{
    public static IServiceCollection AddInboxModeration(this IServiceCollection services, IConfiguration? configuration)
    {
        services.AddScoped<ModerationService>();
        services.AddScoped<IInboxArrivalHandler, BlockedWordsHandler>();
        return services;
    }

    /// <summary>Background loops and scheduled jobs for this part: registered where jobs run.</summary>
    public static IServiceCollection AddInboxModerationJobs(this IServiceCollection services)
    {
        // Blocked words run in the arrival processor (ingestion's loop) as an IInboxArrivalHandler; moderation has no loop of its own.
        return services;
    }
}
