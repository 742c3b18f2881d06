using Microsoft.AspNetCore.Mvc;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages;

/// <summary>The start page: straight to the person's organisation, or a choice when they have several.</summary>
public sealed class IndexModel : SignpostPageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        var memberships = await OrganisationContext.GetMembershipsAsync(HttpContext.RequestAborted);
        return memberships.Count == 1 ? Redirect($"/o/{memberships[0].Slug}") : Redirect("/organisations");
    }
}
