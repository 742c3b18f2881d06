using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.PolicySettings;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Policy.Settings;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Settings;

/// <summary>
/// The organisation's policy settings (RULES.md, "Organisation settings that the rules read"),
/// which every post rule and triage read: edited by communications managers and administrators.
/// </summary>
[RequireRoles(OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator)]
public sealed class IndexModel(PolicySettingsService policySettings) : SignpostPageModel
{
    public const string Prefix = "Input";

    [BindProperty]
    public SettingsForm Input { get; set; } = new();

    public OrganisationSettings Current { get; private set; } = new();

    public void OnGet()
    {
        Current = policySettings.GetSettings(OrganisationContext.Current);
        Input = SettingsForm.From(Current);
    }

    /// <summary>The settings as a JSON file, for <c>signpost check --settings</c>.</summary>
    public IActionResult OnGetJson()
    {
        var organisation = OrganisationContext.Current;
        var json = policySettings.GetSettings(organisation).ToJson();
        return File(System.Text.Encoding.UTF8.GetBytes(json), "application/json", $"{organisation.Slug}-settings.json");
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Current = policySettings.GetSettings(OrganisationContext.Current);
        ModelState.Clear();
        var (settings, formErrors) = Input.ToSettings(Current);
        // Fields that could not be read report that; the rest are checked as the service will.
        var unreadable = formErrors.Select(e => e.Field).ToHashSet();
        var errors = formErrors.Concat(PolicySettingsService.Validate(settings)
                .SelectMany(e => e.Value.Select(message => (Field: SettingsForm.FieldFor(e.Key), Message: message)))
                .Where(e => !unreadable.Contains(e.Field)))
            .ToList();
        if (errors.Count == 0)
        {
            try
            {
                await policySettings.UpdateSettingsAsync(OrganisationContext.OrganisationId, settings, await GetActorAsync(), HttpContext.RequestAborted);
                return RedirectWithNotification($"{OrganisationPath}/settings", "Settings saved");
            }
            catch (InvalidRequestException e)
            {
                errors.AddRange(e.Errors.SelectMany(x => x.Value.Select(message => (SettingsForm.FieldFor(x.Key), message))));
            }
        }

        foreach (var (field, message) in errors)
        {
            AddError(field.Length == 0 ? "" : $"{Prefix}.{field}", message);
        }

        return Page();
    }
}
