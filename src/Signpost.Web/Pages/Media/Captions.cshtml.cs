using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Media;

/// <summary>A video's captions as a WebVTT file, for the preview's caption track (communications team only).</summary>
[RequireRoles(OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager)]
public sealed class CaptionsModel(AppDbContext db) : SignpostPageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var captions = await db.MediaItems.AsNoTracking().Where(m => m.Id == id).Select(m => m.Captions).FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (captions is null)
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        return Content(captions, "text/vtt; charset=utf-8");
    }
}
