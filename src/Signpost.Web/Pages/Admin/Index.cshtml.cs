using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Admin;

[RequireRoles(OrganisationRoles.Administrator)]
public sealed class IndexModel(AppDbContext db) : SignpostPageModel
{
    public int TeamCount { get; private set; }
    public int MemberCount { get; private set; }

    public async Task OnGetAsync()
    {
        TeamCount = await db.Teams.CountAsync(HttpContext.RequestAborted);
        MemberCount = await db.Memberships.CountAsync(m => m.OrganisationId == OrganisationContext.OrganisationId, HttpContext.RequestAborted);
    }
}
