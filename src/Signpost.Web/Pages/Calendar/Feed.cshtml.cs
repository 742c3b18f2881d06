using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Calendar;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Calendar;

/// <summary>
/// A person's iCalendar feed (RFC 5545). Anonymous: calendar apps cannot sign in, so the secret in
/// the address is the credential. An unknown or revoked secret, or one whose owner no longer works
/// on the calendar, is 404. The response is never cached by shared caches.
/// </summary>
[AllowAnonymous]
public sealed class FeedModel(CalendarService calendar) : SignpostPageModel
{
    public async Task<IActionResult> OnGetAsync(string secret)
    {
        var ics = await calendar.RenderFeedAsync(secret, new Uri($"{Request.Scheme}://{Request.Host}/"), HttpContext.RequestAborted);
        if (ics is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, no-store";
        Response.Headers["X-Robots-Tag"] = "noindex";
        return Content(ics, "text/calendar; charset=utf-8");
    }
}
