using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Calendar;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Calendar;

/// <summary>
/// The publishing calendar: a month (weeks as rows, Monday to Sunday) or a week, of scheduled and
/// published posts by channel, and awareness days, in Europe/London days; filters by channel and
/// campaign as a plain GET form. Also where a person makes or revokes their iCalendar feed address.
/// </summary>
[RequireRoles(CalendarService.CalendarRoles)]
public sealed class IndexModel(AppDbContext db, CalendarService calendar, TimeProvider time) : SignpostPageModel
{
    [FromQuery(Name = "view")]
    public string? View { get; set; }

    [FromQuery(Name = "date")]
    public string? Date { get; set; }

    [FromQuery(Name = "channel")]
    public Guid? ChannelId { get; set; }

    [FromQuery(Name = "campaign")]
    public Guid? CampaignId { get; set; }

    public bool IsWeek => View == "week";
    public DateOnly Today { get; private set; }

    /// <summary>The day asked for: the month or week shown contains it.</summary>
    public DateOnly Focus { get; private set; }

    /// <summary>The first and last day shown (whole weeks, Monday to Sunday).</summary>
    public DateOnly From { get; private set; }

    public DateOnly To { get; private set; }
    public CalendarView Calendar { get; private set; } = new([], []);
    public IReadOnlyList<(string Value, string Text)> ChannelOptions { get; private set; } = [];
    public IReadOnlyList<(string Value, string Text)> CampaignOptions { get; private set; } = [];

    /// <summary>The new feed address, shown once, after it is made.</summary>
    public string? NewFeedUrl { get; private set; }

    public CalendarFeed? ActiveFeed { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var created = await calendar.CreateFeedAsync(OrganisationContext.OrganisationId, await GetActorAsync(), HttpContext.RequestAborted);
        NewFeedUrl = FeedUrl(Request, created.Secret);
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync()
    {
        var revoked = await calendar.RevokeFeedAsync(OrganisationContext.OrganisationId, await GetActorAsync(), HttpContext.RequestAborted);
        return RedirectWithNotification($"{OrganisationPath}/calendar",
            revoked ? "Your calendar feed address has been revoked. Calendar apps using it will stop updating" : "You had no calendar feed address");
    }

    /// <summary>The feed's address, on the host the person is using.</summary>
    public static string FeedUrl(HttpRequest request, string secret) => $"{request.Scheme}://{request.Host}/calendar/feed/{secret}.ics";

    /// <summary>The first day of the week (Monday) a day is in.</summary>
    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>This page's address for another date or view, keeping the filters.</summary>
    public string Link(DateOnly date, bool? week = null)
    {
        var values = new List<string>();
        if (week ?? IsWeek)
        {
            values.Add("view=week");
        }

        values.Add("date=" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (ChannelId is { } channel)
        {
            values.Add($"channel={channel}");
        }

        if (CampaignId is { } campaign)
        {
            values.Add($"campaign={campaign}");
        }

        return $"{OrganisationPath}/calendar?" + string.Join("&", values);
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Today = CalendarService.LondonDay(time.GetUtcNow());
        Focus = DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asked) && asked.Year is >= 2000 and <= 2100 ? asked : Today;
        if (IsWeek)
        {
            From = Monday(Focus);
            To = From.AddDays(6);
        }
        else
        {
            var first = new DateOnly(Focus.Year, Focus.Month, 1);
            From = Monday(first);
            To = Monday(first.AddMonths(1).AddDays(-1)).AddDays(6);
        }

        var organisationId = OrganisationContext.OrganisationId;
        var channels = await db.Channels.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var campaigns = await db.Campaigns.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        ChannelOptions = [("", "All channels"), .. channels.Select(c => (c.Id.ToString(), c.Name))];
        CampaignOptions = [("", "All campaigns"), .. campaigns.Select(c => (c.Id.ToString(), c.Name))];
        ChannelId = channels.Any(c => c.Id == ChannelId) ? ChannelId : null;
        CampaignId = campaigns.Any(c => c.Id == CampaignId) ? CampaignId : null;
        Calendar = await calendar.GetAsync(organisationId, new CalendarQuery(From, To, ChannelId, CampaignId), ct);
        ActiveFeed = await calendar.ActiveFeedAsync(organisationId, OrganisationContext.UserId!.Value, ct);
    }
}
