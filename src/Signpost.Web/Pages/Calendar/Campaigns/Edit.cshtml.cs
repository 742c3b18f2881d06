using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Calendar;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;

namespace Signpost.Web.Pages.Calendar.Campaigns;

[RequireRoles(CalendarService.CalendarRoles)]
public sealed class EditModel(AppDbContext db, CalendarService calendar) : CampaignPage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public string Name { get; private set; } = "";
    public int PostCount { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == Id, HttpContext.RequestAborted);
        if (campaign is null)
        {
            return NotFound();
        }

        Input = CampaignInput.From(campaign);
        await LoadAsync(campaign.Name);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var name = await db.Campaigns.AsNoTracking().Where(c => c.Id == Id).Select(c => c.Name).FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (name is null)
        {
            return NotFound();
        }

        await LoadAsync(name);
        var (options, errors) = Input.Read();
        if (options is null)
        {
            ShowErrors(errors);
            return Page();
        }

        try
        {
            await calendar.UpdateCampaignAsync(OrganisationContext.OrganisationId, Id, options, await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/calendar/campaigns", "Your changes have been saved");
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
            await calendar.DeleteCampaignAsync(OrganisationContext.OrganisationId, Id, await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/calendar/campaigns", "The campaign has been deleted. Its posts have been kept");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    private async Task LoadAsync(string name)
    {
        Name = name;
        PostCount = await db.Posts.CountAsync(p => p.CampaignId == Id, HttpContext.RequestAborted);
    }
}
