using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Admin.People;

[RequireRoles(OrganisationRoles.Administrator)]
public sealed class EditModel(AppDbContext db, MembershipService memberships, TimeProvider time) : SignpostPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public List<OrganisationRoles>? Roles { get; set; }

    [BindProperty]
    public Guid? TeamId { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    public Membership? Person { get; private set; }
    public bool IsLockedOut { get; private set; }
    public IReadOnlyList<(string Value, string Text)> Teams { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        Roles = [.. OrganisationRoleNames.All.Where(r => Person!.Roles.HasFlag(r))];
        TeamId = Person!.TeamId;
        return Page();
    }

    public Task<IActionResult> OnPostAsync() => Act(async actor =>
    {
        await memberships.ChangeMembershipAsync(OrganisationContext.OrganisationId, Id, new ChangeMembershipOptions(MembershipFields.Combine(Roles), TeamId), actor, HttpContext.RequestAborted);
        return "Roles and team have been saved";
    });

    public Task<IActionResult> OnPostPasswordAsync() => Act(async actor =>
    {
        await memberships.ResetPasswordAsync(OrganisationContext.OrganisationId, Id, NewPassword ?? "", actor, HttpContext.RequestAborted);
        return "A new password has been set. Give it to the person in a secure way";
    });

    public Task<IActionResult> OnPostUnlockAsync() => Act(async actor =>
    {
        await memberships.UnlockAsync(OrganisationContext.OrganisationId, Id, actor, HttpContext.RequestAborted);
        return "The account has been unlocked";
    });

    public Task<IActionResult> OnPostRemoveAsync() => Act(async actor =>
    {
        await memberships.RemoveMembershipAsync(OrganisationContext.OrganisationId, Id, actor, HttpContext.RequestAborted);
        return "The person has been removed from the organisation";
    }, toList: true);

    private async Task<IActionResult> Act(Func<Signpost.Core.Audit.Actor, Task<string>> action, bool toList = false)
    {
        try
        {
            var message = await action(await GetActorAsync());
            return RedirectWithNotification(toList ? $"{OrganisationPath}/admin/people" : $"{OrganisationPath}/admin/people/{Id}", message);
        }
        catch (InvalidRequestException e)
        {
            db.ChangeTracker.Clear();
            if (!await LoadAsync())
            {
                return NotFound();
            }

            AddErrors(e);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    private async Task<bool> LoadAsync()
    {
        Person = await db.Memberships.AsNoTracking().Include(m => m.User).Include(m => m.Team)
            .FirstOrDefaultAsync(m => m.Id == Id && m.OrganisationId == OrganisationContext.OrganisationId, HttpContext.RequestAborted);
        Teams = await MembershipFields.TeamOptionsAsync(db, HttpContext.RequestAborted);
        IsLockedOut = Person?.User?.LockoutEnd > time.GetUtcNow();
        return Person is not null;
    }
}
