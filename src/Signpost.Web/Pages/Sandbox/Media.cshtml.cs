using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Sandbox;

/// <summary>
/// The images and videos of Sandbox posts. Only picture and
/// video types are served, with that type and never sniffed; a deleted post's media is gone, as on
/// a real network.
/// </summary>
public sealed class MediaModel(AppDbContext db) : SignpostPageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var media = await db.SandboxMediaFiles.AsNoTracking()
            .Where(m => m.Id == id && db.SandboxPosts.Any(p => p.Id == m.PostId && p.DeletedAt == null))
            .Select(m => new { m.ContentType, m.Bytes })
            .FirstOrDefaultAsync(ct);
        if (media is null || !SandboxTimeline.ServableContentTypes.Contains(media.ContentType))
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "private, max-age=3600";
        return new FileContentResult(media.Bytes, media.ContentType.ToLowerInvariant())
        {
            EnableRangeProcessing = media.ContentType.StartsWith("video/", StringComparison.OrdinalIgnoreCase),
        };
    }
}
