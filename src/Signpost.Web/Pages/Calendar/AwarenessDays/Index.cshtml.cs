using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Calendar;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Calendar.AwarenessDays;

/// <summary>The awareness days the team plans around: the coming ones first, then the last year's.</summary>
[RequireRoles(CalendarService.CalendarRoles)]
public sealed class IndexModel(AppDbContext db, TimeProvider time) : SignpostPageModel
{
    public IReadOnlyList<Signpost.Core.Features.Calendar.AwarenessDay> Coming { get; private set; } = [];
    public IReadOnlyList<Signpost.Core.Features.Calendar.AwarenessDay> Past { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var today = CalendarService.LondonDay(time.GetUtcNow());
        var yearAgo = today.AddYears(-1);
        var days = await db.AwarenessDays.AsNoTracking()
            .Where(a => (a.EndsOn ?? a.StartsOn) >= yearAgo)
            .OrderBy(a => a.StartsOn).ThenBy(a => a.Name)
            .ToListAsync(HttpContext.RequestAborted);
        Coming = [.. days.Where(a => (a.EndsOn ?? a.StartsOn) >= today)];
        Past = [.. days.Where(a => (a.EndsOn ?? a.StartsOn) < today).Reverse()];
    }
}
