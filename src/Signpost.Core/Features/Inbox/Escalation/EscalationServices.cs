using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Signpost.Core.Features.Inbox;

/// <summary>The inbox: urgent alerts, the on-call rota and duty pages by email and SMS (GOV.UK Notify), safeguarding referrals.</summary>
public static class EscalationServices
{
    public static IServiceCollection AddInboxEscalation(this IServiceCollection services, IConfiguration? configuration)
    {
        return services;
    }

    /// <summary>Background loops and scheduled jobs for this part: registered where jobs run.</summary>
    public static IServiceCollection AddInboxEscalationJobs(this IServiceCollection services)
    {
        return services;
    }
}
