using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Signpost.Core.Features.Inbox;

/// <summary>The inbox: moderation with house-rules reasons, strikes, blocked words, the criticism rule.</summary>
public static class ModerationServices
{
    public static IServiceCollection AddInboxModeration(this IServiceCollection services, IConfiguration? configuration)
    {
        return services;
    }

    /// <summary>Background loops and scheduled jobs for this part: registered where jobs run.</summary>
    public static IServiceCollection AddInboxModerationJobs(this IServiceCollection services)
    {
        return services;
    }
}
