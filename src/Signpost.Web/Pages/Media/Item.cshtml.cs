using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Media;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Media;

/// <summary>One item of the library: see it, change its title, alt text or captions, or delete it.</summary>
[RequireRoles(OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager)]
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class ItemModel(AppDbContext db, MediaService media) : SignpostPageModel
{
    private const long MaxRequestBytes = WebVtt.MaxLength * 4L;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? AltText { get; set; }

    [BindProperty]
    public string? Captions { get; set; }

    [BindProperty]
    public IFormFile? CaptionsFile { get; set; }

    public MediaItem Item { get; private set; } = null!;
    public IReadOnlyList<MediaUse> Uses { get; private set; } = [];
    public IReadOnlyList<MediaDuplicate> Duplicates { get; private set; } = [];
    public string? UploadedBy { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        Title = Item.Title;
        AltText = Item.AltText;
        Captions = Item.Captions;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        var captions = await UploadModel.CaptionsTextAsync(CaptionsFile, Captions, HttpContext.RequestAborted);
        if (captions.Problem is { } problem)
        {
            AddError(nameof(CaptionsFile), problem);
            return Page();
        }

        try
        {
            await media.UpdateAsync(OrganisationContext.OrganisationId, Id, new UpdateMediaOptions(Title, AltText, captions.Text), await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/media/{Id}", "Your changes have been saved");
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

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        try
        {
            await media.DeleteAsync(OrganisationContext.OrganisationId, Id, await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/media", $"{Item.FileName} has been deleted from the library");
        }
        catch (InvalidRequestException e)
        {
            Title = Item.Title;
            AltText = Item.AltText;
            Captions = Item.Captions;
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
        var item = await db.MediaItems.AsNoTracking().FirstOrDefaultAsync(m => m.Id == Id && m.DeletedAt == null, ct);
        if (item is null)
        {
            return false;
        }

        Item = item;
        Uses = await media.UsesAsync(OrganisationContext.OrganisationId, Id, ct);
        Duplicates = await media.DuplicatesOfAsync(item.Sha256, item.Id, ct);
        UploadedBy = item.UploadedByUserId is { } by
            ? await db.Users.Where(u => u.Id == by).Select(u => u.DisplayName).FirstOrDefaultAsync(ct)
            : null;
        return true;
    }
}
