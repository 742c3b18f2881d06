using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.ContentRequests;
using Signpost.Core.Features.Media;
using Signpost.Core.Validation;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Requests;

public sealed record RequestAttachment(Guid Id, string Name, string? AltText, MediaType Type, bool Deleted);

/// <summary>
/// One content request. The person who asked sees it and may withdraw it while it waits; the
/// communications team accepts it into a draft post or declines it with a reason. Anyone else gets 404.
/// </summary>
public sealed class ShowModel(AppDbContext db, ContentRequestService requests) : SignpostPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public ContentRequest ContentRequest { get; private set; } = null!;
    public IReadOnlyList<RequestAttachment> Attachments { get; private set; } = [];
    public bool IsCommunicationsTeam { get; private set; }
    public bool IsRequester { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAcceptAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        if (!IsCommunicationsTeam)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        try
        {
            var postId = await requests.AcceptAsync(OrganisationContext.OrganisationId, Id, await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/posts/{postId}/edit", $"The request has been accepted. {ContentRequest.RequesterName} has been told. Write the post from their words below");
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostDeclineAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        if (!IsCommunicationsTeam)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        try
        {
            await requests.DeclineAsync(OrganisationContext.OrganisationId, Id, Reason, await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/requests/{Id}", $"The request has been declined. {ContentRequest.RequesterName} has been told why by email");
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostWithdrawAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        try
        {
            await requests.WithdrawAsync(OrganisationContext.OrganisationId, Id, await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/requests/{Id}", "Your request has been withdrawn");
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

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var request = await db.ContentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == Id, ct);
        IsCommunicationsTeam = OrganisationContext.Has(ContentRequestService.CommunicationsTeam);
        IsRequester = request is not null && request.RequesterUserId == OrganisationContext.UserId;
        if (request is null || !(IsCommunicationsTeam || IsRequester))
        {
            return false;
        }

        ContentRequest = request;
        Attachments = await db.ContentRequestMediaLinks.Where(l => l.ContentRequestId == Id)
            .Join(db.MediaItems, l => l.MediaItemId, m => m.Id, (l, m) => new RequestAttachment(m.Id, m.FileName, m.AltText, m.Type, m.DeletedAt != null))
            .ToListAsync(ct);
        return true;
    }
}
