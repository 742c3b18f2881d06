using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Users;
using Signpost.Core.Time;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Inbox;

/// <summary>The first response report (004 §6.4.1, §7): per channel, answered in time or breached, and the median first response in working hours.</summary>
[RequireRoles(InboxService.InboxRoles | OrganisationRoles.Auditor)]
public sealed class ReportModel(InboxReportService reports, TimeProvider time) : SignpostPageModel
{
    [FromQuery(Name = "from")]
    public string? From { get; set; }

    [FromQuery(Name = "to")]
    public string? To { get; set; }

    public InboxResponseReport Report { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var today = DateOnly.FromDateTime(LondonTime.ToLondon(time.GetUtcNow()).DateTime);
        var from = DateOnly.TryParseExact(From, "yyyy-MM-dd", out var f) ? f : today.AddDays(-27);
        var to = DateOnly.TryParseExact(To, "yyyy-MM-dd", out var t) ? t : today;
        if (to < from)
        {
            (from, to) = (to, from);
        }

        if (to.DayNumber - from.DayNumber >= InboxReportService.MaxDays)
        {
            from = to.AddDays(-(InboxReportService.MaxDays - 1));
        }

        From = from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        To = to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Report = await reports.FirstResponsesAsync(OrganisationContext.Current, LondonTime.StartOfDay(from), LondonTime.StartOfDay(to.AddDays(1)), HttpContext.RequestAborted);
    }

    public static string Median(TimeSpan? median) => median is { } m ? FirstResponseClock.Duration(m) : "None answered";
}
