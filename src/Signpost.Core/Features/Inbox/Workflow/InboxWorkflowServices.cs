using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Signpost.Core.Features.Inbox;

/// <summary>The inbox: the team's work on a message: list, conversation, assign, notes, statuses, replies, saved replies, hand-off, redaction, the first-response clock.</summary>
public static class InboxWorkflowServices
{
    public static IServiceCollection AddInboxWorkflow(this IServiceCollection services, IConfiguration? configuration)
    {
        return services;
    }

    /// <summary>Background loops and scheduled jobs for this part: registered where jobs run.</summary>
    public static IServiceCollection AddInboxWorkflowJobs(this IServiceCollection services)
    {
        return services;
    }
}
