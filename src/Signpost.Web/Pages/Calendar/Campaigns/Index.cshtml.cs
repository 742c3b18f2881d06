using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Calendar;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Calendar.Campaigns;

public sealed record CampaignRow(Guid Id, string Name, string? Description, DateOnly? StartsOn, DateOnly? EndsOn, int Posts);

/// <summary>The organisation's campaigns, which group posts on the calendar.</summary>
[RequireRoles(CalendarService.CalendarRoles)]
public sealed class IndexModel(AppDbContext db) : SignpostPageModel
{
    public IReadOnlyList<CampaignRow> Campaigns { get; private set; } = [];

    public async Task OnGetAsync() =>
        Campaigns = await db.Campaigns.AsNoTracking()
            .OrderByDescending(c => c.StartsOn).ThenBy(c => c.Name)
            .Select(c => new CampaignRow(c.Id, c.Name, c.Description, c.StartsOn, c.EndsOn, db.Posts.Count(p => p.CampaignId == c.Id)))
            .ToListAsync(HttpContext.RequestAborted);
}
