using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.HouseRules;

/// <summary>004 Appendix B: the public house rules, edited by communications managers.</summary>
[RequireRoles(OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator)]
public sealed class EditModel(OrganisationService organisations) : SignpostPageModel
{
    [BindProperty]
    public string? HouseRules { get; set; }

    public bool Preview { get; private set; }

    public void OnGet() => HouseRules = OrganisationContext.Current.HouseRules;

    public IActionResult OnPostPreview()
    {
        Preview = true;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            await organisations.UpdateHouseRulesAsync(OrganisationContext.OrganisationId, HouseRules ?? "", await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/house-rules", "The house rules have been published");
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e);
            return Page();
        }
    }
}
