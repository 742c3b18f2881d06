using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Admin.Teams;

/// <summary>Adds a team (/new) or changes or deletes one.</summary>
[RequireRoles(OrganisationRoles.Administrator)]
public sealed class EditModel(AppDbContext db, OrganisationService organisations) : SignpostPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    [BindProperty]
    public TeamInput Input { get; set; } = new();

    public bool IsNew => Id is null;

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is { } id)
        {
            var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, HttpContext.RequestAborted);
            if (team is null)
            {
                return NotFound();
            }

            Input = new TeamInput { Name = team.Name, Description = team.Description, Email = team.Email };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var options = new SaveTeamOptions(Input.Name ?? "", Input.Description, Input.Email);
        try
        {
            var actor = await GetActorAsync();
            if (Id is { } id)
            {
                await organisations.UpdateTeamAsync(OrganisationContext.OrganisationId, id, options, actor, HttpContext.RequestAborted);
            }
            else
            {
                await organisations.CreateTeamAsync(OrganisationContext.OrganisationId, options, actor, HttpContext.RequestAborted);
            }

            return RedirectWithNotification($"{OrganisationPath}/admin/teams", $"Team {options.Name.Trim()} has been saved");
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e, nameof(Input));
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (Id is not { } id)
        {
            return NotFound();
        }

        try
        {
            await organisations.DeleteTeamAsync(OrganisationContext.OrganisationId, id, await GetActorAsync(), HttpContext.RequestAborted);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return RedirectWithNotification($"{OrganisationPath}/admin/teams", "The team has been deleted");
    }

    public sealed class TeamInput
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public string? Email { get; set; }
    }
}
