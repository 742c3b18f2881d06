using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Profile;

/// <summary>The person's own account: details, security, and their recent sign-ins.</summary>
public sealed class IndexModel(AppDbContext db) : SignpostPageModel
{
    public User Me { get; private set; } = null!;
    public IReadOnlyList<MembershipSummary> Memberships { get; private set; } = [];
    public IReadOnlyList<AuditEvent> RecentActivity { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Me = await GetCurrentUserAsync();
        Memberships = await OrganisationContext.GetMembershipsAsync(HttpContext.RequestAborted);

        // Deployment-wide events about this person's own account, so they can spot sign-ins that were not theirs.
        var id = Me.Id.ToString();
        RecentActivity = await db.AuditEvents.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.OrganisationId == null && e.SubjectType == "User" && e.SubjectId == id)
            .OrderByDescending(e => e.Id).Take(10)
            .ToListAsync(HttpContext.RequestAborted);
    }
}
