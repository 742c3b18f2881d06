using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Calendar;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;

namespace Signpost.Web.Pages.Calendar.AwarenessDays;

[RequireRoles(CalendarService.CalendarRoles)]
public sealed class EditModel(AppDbContext db, CalendarService calendar) : AwarenessDayPage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public string Name { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var day = await db.AwarenessDays.AsNoTracking().FirstOrDefaultAsync(a => a.Id == Id, HttpContext.RequestAborted);
        if (day is null)
        {
            return NotFound();
        }

        Name = day.Name;
        Input = AwarenessDayInput.From(day);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var name = await db.AwarenessDays.AsNoTracking().Where(a => a.Id == Id).Select(a => a.Name).FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (name is null)
        {
            return NotFound();
        }

        Name = name;
        var (options, errors) = Input.Read();
        if (options is null)
        {
            ShowErrors(errors);
            return Page();
        }

        try
        {
            await calendar.UpdateAwarenessDayAsync(OrganisationContext.OrganisationId, Id, options, await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/calendar/awareness-days", "Your changes have been saved");
        }
        catch (InvalidRequestException e)
        {
            ShowErrors(e.Errors);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        try
        {
            await calendar.RemoveAwarenessDayAsync(OrganisationContext.OrganisationId, Id, await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/calendar/awareness-days", "The awareness day has been removed from the calendar");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
