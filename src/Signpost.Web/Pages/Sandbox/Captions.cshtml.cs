using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Signpost.Core.Data;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Sandbox;

/// <summary>The WebVTT captions of a video on a Sandbox post.</summary>
public sealed class CaptionsModel(AppDbContext db) : SignpostPageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var captions = await db.SandboxMediaFiles.AsNoTracking()
            .Where(m => m.Id == id && db.SandboxPosts.Any(p => p.Id == m.PostId && p.DeletedAt == null))
            .Select(m => m.Captions)
            .FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (captions is null)
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        return File(Encoding.UTF8.GetBytes(captions), new MediaTypeHeaderValue("text/vtt") { Charset = "utf-8" }.ToString());
    }
}
