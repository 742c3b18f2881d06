using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Organisations;

public sealed class IndexModel : SignpostPageModel
{
    public IReadOnlyList<MembershipSummary> Memberships { get; private set; } = [];

    public bool CanCreate => Memberships.Any(m => m.Roles.HasFlag(OrganisationRoles.Administrator));

    public async Task OnGetAsync() => Memberships = await OrganisationContext.GetMembershipsAsync(HttpContext.RequestAborted);
}
