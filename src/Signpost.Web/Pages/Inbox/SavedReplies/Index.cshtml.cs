using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Inbox.SavedReplies;

/// <summary>The saved reply library: the team reads it; managers add, change, archive and bring back.</summary>
[RequireRoles(InboxService.InboxRoles | OrganisationRoles.Administrator)]
public sealed class IndexModel(SavedReplyService savedReplies) : SignpostPageModel
{
    [BindProperty]
    public Guid SavedReplyId { get; set; }

    public IReadOnlyList<SavedReply> Replies { get; private set; } = [];
    public bool IsManager { get; private set; }

    public async Task OnGetAsync()
    {
        IsManager = OrganisationContext.Has(OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator);
        Replies = await savedReplies.ListAsync(OrganisationContext.OrganisationId, includeArchived: true, HttpContext.RequestAborted);
    }

    public Task<IActionResult> OnPostArchiveAsync() => SetArchivedAsync(true);

    public Task<IActionResult> OnPostRestoreAsync() => SetArchivedAsync(false);

    private async Task<IActionResult> SetArchivedAsync(bool archived)
    {
        if (!OrganisationContext.Has(OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        try
        {
            await savedReplies.SetArchivedAsync(OrganisationContext.OrganisationId, SavedReplyId, archived, await GetActorAsync(), HttpContext.RequestAborted);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return RedirectWithNotification($"{OrganisationPath}/inbox/saved-replies", archived ? "The saved reply has been archived" : "The saved reply is back in the list");
    }
}
