using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Public;

/// <summary>
/// The public page of an organisation's house rules (004 Appendix B). Anyone may read it: it is
/// linked from the organisation's social media profiles. It shows the rules and nothing else.
/// </summary>
public sealed class HouseRulesModel(AppDbContext db) : SignpostPageModel
{
    public string OrganisationName { get; private set; } = "";
    public string Rules { get; private set; } = "";
    public DateTimeOffset? UpdatedAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        var organisation = await db.Organisations.IgnoreQueryFilters().AsNoTracking()
            .Where(o => o.Slug == slug)
            .Select(o => new { o.Name, o.HouseRules, o.HouseRulesUpdatedAt, o.CreatedAt })
            .FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (organisation is null)
        {
            return NotFound();
        }

        OrganisationName = organisation.Name;
        Rules = organisation.HouseRules;
        UpdatedAt = organisation.HouseRulesUpdatedAt ?? organisation.CreatedAt;
        return Page();
    }
}
