using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Signpost.Core.Data;
using Signpost.Core.Features.Media;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Media;

/// <summary>
/// The bytes of a library item, for the organisation's communications team only (others get 403,
/// non-members 404). Served with the type recognised at upload, never sniffed; only the picture and
/// video types the library accepts are ever served, so an item can never be served as HTML or SVG.
/// Deleted items are still served: posts already published with them show them.
/// </summary>
[RequireRoles(OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager)]
public sealed class ContentModel(AppDbContext db) : SignpostPageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var item = await db.MediaItems.AsNoTracking().Where(m => m.Id == id)
            .Select(m => new { m.ContentType, m.FileName, m.Sha256, m.Type }).FirstOrDefaultAsync(ct);
        if (item is null || !MediaFileInspector.ServableContentTypes.Contains(item.ContentType))
        {
            return NotFound();
        }

        var etag = new EntityTagHeaderValue($"\"{item.Sha256}\"");
        var bytes = await db.MediaContents.AsNoTracking().Where(c => c.MediaItemId == id).Select(c => c.Bytes).FirstOrDefaultAsync(ct);
        if (bytes is null)
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        // Private: only members may see it; the bytes of an id never change, so the browser may keep them.
        Response.Headers.CacheControl = "private, max-age=3600";
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(item.FileName);
        Response.Headers.ContentDisposition = disposition.ToString();
        return new FileContentResult(bytes, item.ContentType) { EntityTag = etag, EnableRangeProcessing = item.Type == MediaType.Video };
    }
}
