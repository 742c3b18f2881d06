using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Calendar;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;

namespace Signpost.Web.Pages.Calendar.AwarenessDays;

[RequireRoles(CalendarService.CalendarRoles)]
public sealed class NewModel(CalendarService calendar) : AwarenessDayPage
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
            var day = await calendar.AddAwarenessDayAsync(OrganisationContext.OrganisationId, options, await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/calendar?date={day.StartsOn:yyyy-MM-dd}", $"{day.Name} has been added to the calendar");
        }
        catch (InvalidRequestException e)
        {
            ShowErrors(e.Errors);
            return Page();
        }
    }
}
