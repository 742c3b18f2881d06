using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Data;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Admin.People;

[RequireRoles(OrganisationRoles.Administrator)]
public sealed class AddModel(AppDbContext db, MembershipService memberships) : SignpostPageModel
{
    [BindProperty]
    public AddInput Input { get; set; } = new();

    public IReadOnlyList<(string Value, string Text)> Teams { get; private set; } = [];

    public async Task OnGetAsync() => Teams = await MembershipFields.TeamOptionsAsync(db, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        Teams = await MembershipFields.TeamOptionsAsync(db, HttpContext.RequestAborted);
        try
        {
            await memberships.AddMemberAsync(OrganisationContext.OrganisationId,
                new AddMemberOptions(Input.Email ?? "", Input.DisplayName ?? "", Input.JobTitle, MembershipFields.Combine(Input.Roles), Input.TeamId, Input.InitialPassword),
                await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/admin/people", $"{(Input.DisplayName ?? Input.Email)?.Trim()} has been added");
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e, nameof(Input));
            return Page();
        }
    }

    public sealed class AddInput
    {
        public string? Email { get; set; }
        public string? DisplayName { get; set; }
        public string? JobTitle { get; set; }
        public List<OrganisationRoles>? Roles { get; set; }
        public Guid? TeamId { get; set; }
        public string? InitialPassword { get; set; }
    }
}
