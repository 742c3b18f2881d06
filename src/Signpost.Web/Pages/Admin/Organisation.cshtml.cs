using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Organisations;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Admin;

[RequireRoles(OrganisationRoles.Administrator)]
public sealed class OrganisationModel(OrganisationService organisations) : SignpostPageModel
{
    [BindProperty]
    public OrganisationInput Input { get; set; } = new();

    public void OnGet()
    {
        var o = OrganisationContext.Current;
        Input = new OrganisationInput { Name = o.Name, Kind = o.Kind, ShortNames = string.Join('\n', o.ShortNames) };
    }

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            await organisations.UpdateOrganisationAsync(OrganisationContext.OrganisationId,
                new UpdateOrganisationOptions(Input.Name ?? "", Input.Kind, OrganisationInput.SplitShortNames(Input.ShortNames)),
                await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/admin", "The organisation's details have been saved");
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e, nameof(Input));
            return Page();
        }
    }
}
