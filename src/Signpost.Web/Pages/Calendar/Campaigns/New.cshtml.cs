using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Calendar;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;

namespace Signpost.Web.Pages.Calendar.Campaigns;

[RequireRoles(CalendarService.CalendarRoles)]
public sealed class NewModel(CalendarService calendar) : CampaignPage
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (options, errors) = Input.Read();
        if (options is null)
        {
            ShowErrors(errors);
            return Page();
        }

        try
        {
            var campaign = await calendar.CreateCampaignAsync(OrganisationContext.OrganisationId, options, await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/calendar/campaigns", $"The campaign {campaign.Name} has been created");
        }
        catch (InvalidRequestException e)
        {
            ShowErrors(e.Errors);
            return Page();
        }
    }
}
