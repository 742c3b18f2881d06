using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Signpost.Core.Features.Inbox;

/// <summary>The inbox: the team's work on a message: list, conversation, assign, notes, statuses, replies, saved replies, hand-off, redaction, the first-response clock.</summary>
public static class InboxWorkflowServices
{
    public static IServiceCollection AddInboxWorkflow(this IServiceCollection services, IConfiguration? configuration)
    {
        services.AddScoped<InboxService>();
        services.AddScoped<InboxReplyService>();
        services.AddScoped<SavedReplyService>();
        services.AddScoped<DepartmentHandOffService>();
        services.AddScoped<InboxSettingsService>();
        services.AddScoped<InboxReportService>();

        // 004 §6.4.2: the out-of-hours automatic reply runs after moderation (100) and escalation (200).
        services.AddScoped<IInboxArrivalHandler, OutOfHoursAutoReply>();
        return services;
    }

    /// <summary>Background loops and scheduled jobs for this part: registered where jobs run.</summary>
    public static IServiceCollection AddInboxWorkflowJobs(this IServiceCollection services)
    {
        return services;
    }
}
