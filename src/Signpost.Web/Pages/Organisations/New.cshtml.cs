using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Organisations;

/// <summary>An administrator of one organisation adds another (a partner in the ICS).</summary>
public sealed class NewModel(OrganisationService organisations) : SignpostPageModel
{
    [BindProperty]
    public OrganisationInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync() => await CanCreateAsync() ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await CanCreateAsync())
        {
            return Forbid();
        }

        try
        {
            var organisation = await organisations.CreateOrganisationAsync(
                new CreateOrganisationOptions(Input.Name ?? "", Input.Slug ?? "", Input.Kind, OrganisationInput.SplitShortNames(Input.ShortNames)),
                await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"/o/{organisation.Slug}/admin", $"{organisation.Name} has been added. You are its administrator.");
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e, nameof(Input));
            return Page();
        }
    }

    private async Task<bool> CanCreateAsync() =>
        (await OrganisationContext.GetMembershipsAsync(HttpContext.RequestAborted)).Any(m => m.Roles.HasFlag(OrganisationRoles.Administrator));
}

public sealed class OrganisationInput
{
    public string? Name { get; set; }
    public string? Slug { get; set; }
    public OrganisationKind Kind { get; set; }

    /// <summary>One short name a line.</summary>
    public string? ShortNames { get; set; }

    public static IReadOnlyList<string> SplitShortNames(string? text) =>
        (text ?? "").Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static IReadOnlyList<(string Value, string Text)> KindOptions { get; } =
    [
        (nameof(OrganisationKind.IntegratedCareBoard), "Integrated Care Board"),
        (nameof(OrganisationKind.Trust), "NHS trust"),
        (nameof(OrganisationKind.IcsPartner), "Integrated Care System partner"),
        (nameof(OrganisationKind.Other), "Other public body"),
    ];
}
