using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Policy.Triage;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Inbox.SavedReplies;

/// <summary>Adds or changes a saved reply (communications managers).</summary>
[RequireRoles(OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator)]
public sealed class EditModel(AppDbContext db, SavedReplyService savedReplies) : SignpostPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public List<string> SuggestedFor { get; set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is { } id)
        {
            var reply = await db.SavedReplies.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, HttpContext.RequestAborted);
            if (reply is null)
            {
                return NotFound();
            }

            Title = reply.Title;
            Text = reply.Text;
            SuggestedFor = [.. InboxLabels.FromBits(reply.SuggestedForBits).Select(l => l.ToCode())];
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var labels = SuggestedFor.Select(InboxDisplay.ParseLabel).Where(l => l is not null).Select(l => l!.Value).ToList();
        var options = new SaveSavedReplyOptions(Title, Text, labels);
        try
        {
            if (Id is { } id)
            {
                await savedReplies.UpdateAsync(OrganisationContext.OrganisationId, id, options, await GetActorAsync(), HttpContext.RequestAborted);
            }
            else
            {
                await savedReplies.CreateAsync(OrganisationContext.OrganisationId, options, await GetActorAsync(), HttpContext.RequestAborted);
            }

            return RedirectWithNotification($"{OrganisationPath}/inbox/saved-replies", "The saved reply has been saved");
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
