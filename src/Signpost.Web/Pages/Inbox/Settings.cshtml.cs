using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Inbox;

/// <summary>The inbox settings (managers): response target, out-of-hours automatic reply, strikes, paging, blocked words.</summary>
[RequireRoles(OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator)]
public sealed class SettingsModel(InboxSettingsService settings) : SignpostPageModel
{
    [BindProperty]
    public string? ResponseTargetMinutes { get; set; }

    [BindProperty]
    public bool AutoReplyEnabled { get; set; }

    [BindProperty]
    public string? AutoReplyText { get; set; }

    [BindProperty]
    public string? StrikeThreshold { get; set; }

    [BindProperty]
    public string? PageAcknowledgeMinutes { get; set; }

    [BindProperty]
    public string? BlockedWords { get; set; }

    public async Task OnGetAsync()
    {
        var current = await settings.GetAsync(OrganisationContext.OrganisationId, HttpContext.RequestAborted);
        ResponseTargetMinutes = current.ResponseTargetMinutes.ToString(CultureInfo.InvariantCulture);
        AutoReplyEnabled = current.AutoReplyEnabled;
        AutoReplyText = current.AutoReplyText;
        StrikeThreshold = current.StrikeThreshold.ToString(CultureInfo.InvariantCulture);
        PageAcknowledgeMinutes = current.PageAcknowledgeMinutes.ToString(CultureInfo.InvariantCulture);
        BlockedWords = current.BlockedWords;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        ModelState.Clear();
        try
        {
            await settings.SaveAsync(OrganisationContext.Current, new SaveInboxSettingsOptions(
                Number(ResponseTargetMinutes), AutoReplyEnabled, AutoReplyText, Number(StrikeThreshold), Number(PageAcknowledgeMinutes), BlockedWords),
                await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/inbox/settings", "The inbox settings have been saved");
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e);
            return Page();
        }
    }

    private static int? Number(string? value) => int.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
