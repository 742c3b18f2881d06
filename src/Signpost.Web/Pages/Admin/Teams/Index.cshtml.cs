using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Admin.Teams;

public sealed record TeamRow(Guid Id, string Name, string? Description, string? Email, int Members);

[RequireRoles(OrganisationRoles.Administrator)]
public sealed class IndexModel(AppDbContext db) : SignpostPageModel
{
    public IReadOnlyList<TeamRow> Teams { get; private set; } = [];

    public async Task OnGetAsync() =>
        Teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new TeamRow(t.Id, t.Name, t.Description, t.Email, db.Memberships.Count(m => m.TeamId == t.Id)))
            .ToListAsync(HttpContext.RequestAborted);
}
