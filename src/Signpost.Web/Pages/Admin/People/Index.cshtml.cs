using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Admin.People;

public sealed record PersonRow(Guid MembershipId, string Name, string Email, string? JobTitle, OrganisationRoles Roles, string? Team, bool TwoFactor, bool LockedOut);

[RequireRoles(OrganisationRoles.Administrator)]
public sealed class IndexModel(AppDbContext db, TimeProvider time) : SignpostPageModel
{
    public IReadOnlyList<PersonRow> People { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var now = time.GetUtcNow();
        var rows = await db.Memberships.AsNoTracking()
            .Where(m => m.OrganisationId == OrganisationContext.OrganisationId)
            .Select(m => new { m.Id, m.User!.DisplayName, m.User.Email, m.User.JobTitle, m.Roles, Team = m.Team!.Name, m.User.TwoFactorEnabled, m.User.LockoutEnd })
            .ToListAsync(HttpContext.RequestAborted);
        People = [.. rows.OrderBy(r => r.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Select(r => new PersonRow(r.Id, r.DisplayName, r.Email ?? "", r.JobTitle, r.Roles, r.Team, r.TwoFactorEnabled, r.LockoutEnd > now))];
    }
}
