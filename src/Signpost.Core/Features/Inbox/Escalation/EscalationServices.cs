using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Features.Notifications;

namespace Signpost.Core.Features.Inbox;

/// <summary>The inbox: urgent alerts, the on-call rota and duty pages by email and SMS (GOV.UK Notify), safeguarding referrals.</summary>
public static class EscalationServices
{
    public static IServiceCollection AddInboxEscalation(this IServiceCollection services, IConfiguration? configuration)
    {
        var sms = new SmsOptions();
        configuration?.GetSection("Notify").Bind(sms);
        services.AddSingleton(sms);
        var escalation = new EscalationOptions();
        configuration?.GetSection("Escalation").Bind(escalation);
        services.AddSingleton(escalation);
        services.AddHttpClient(SmsNotifyClient.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddScoped<SmsNotifyClient>();
        services.AddScoped<SmsOutbox>();
        services.AddScoped<DutyPagingService>();
        services.AddScoped<OnCallService>();
        services.AddScoped<SafeguardingService>();
        services.AddScoped<IInboxArrivalHandler, EscalationHandler>();
        return services;
    }

    /// <summary>Background loops and scheduled jobs for this part: registered where jobs run.</summary>
    public static IServiceCollection AddInboxEscalationJobs(this IServiceCollection services)
    {
        services.AddSingleton<DutyPageEscalator>();
        services.AddHostedService(provider => provider.GetRequiredService<DutyPageEscalator>());
        services.AddSingleton<SmsOutboxSender>();
        services.AddHostedService(provider => provider.GetRequiredService<SmsOutboxSender>());
        return services;
    }
}
