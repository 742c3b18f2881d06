using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Notifications;
using Signpost.Core.Features.Publishing;
using Signpost.Core.Time;

namespace Signpost.Core.Jobs;

/// <summary>
/// Background jobs run by Quartz.NET (docs/adr/0004): in the web host by default
/// (`Jobs:RunInWeb`), or in Signpost.Worker when a deployment separates them.
/// </summary>
public static class JobScheduling
{
    public static IServiceCollection AddSignpostJobs(this IServiceCollection services)
    {
        services.AddQuartz(q =>
        {
            q.AddJob<VerifyAuditChainsJob>(j => j.WithIdentity(VerifyAuditChainsJob.Key).WithDescription("Check every organisation's audit chain"));
            q.AddTrigger(t => t.ForJob(VerifyAuditChainsJob.Key)
                .WithIdentity("verify-audit-chains-nightly", "signpost")
                .WithCronSchedule("0 30 2 * * ?", c => c.InTimeZone(LondonTime.Zone)));
            q.AddJob<WarnExpiringCredentialsJob>(j => j.WithIdentity(WarnExpiringCredentialsJob.Key).WithDescription("Warn a week before channel credentials expire"));
            q.AddTrigger(t => t.ForJob(WarnExpiringCredentialsJob.Key).WithIdentity("warn-expiring-credentials-at-start", "signpost").StartNow());
            q.AddTrigger(t => t.ForJob(WarnExpiringCredentialsJob.Key).WithIdentity("warn-expiring-credentials-daily", "signpost")
                .WithCronSchedule("0 0 8 * * ?", c => c.InTimeZone(LondonTime.Zone)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

        // Loops that run all the time rather than on a schedule: publishing and the email outbox.
        services.AddSingleton<PublicationDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<PublicationDispatcher>());
        services.AddSingleton<EmailOutboxSender>();
        services.AddHostedService(provider => provider.GetRequiredService<EmailOutboxSender>());

        // The inbox: polling, after-arrival processing, paging, the SMS outbox.
        services.AddInboxIngestionJobs().AddInboxWorkflowJobs().AddInboxModerationJobs().AddInboxEscalationJobs();
        return services;
    }
}
