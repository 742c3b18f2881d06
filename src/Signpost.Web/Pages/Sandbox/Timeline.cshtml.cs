using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Sandbox;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Sandbox;

/// <summary>
/// An account's page on the Sandbox network: its posts, newest first, with images and their alt
/// text, captions for video, and deleted posts marked. It stands for a public network, so anyone
/// signed in may read it; it is what the links the Sandbox gives back for each post point at.
/// </summary>
public sealed class TimelineModel(AppDbContext db) : SignpostPageModel
{
    public SandboxAccount Account { get; private set; } = null!;

    public IReadOnlyList<SandboxPostView> Posts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string handle)
    {
        var ct = HttpContext.RequestAborted;
        var account = await db.SandboxAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Handle == handle, ct);
        if (account is null)
        {
            return NotFound();
        }

        Account = account;
        Posts = await SandboxTimeline.PostsAsync(db, account.Id, null, ct);
        return Page();
    }
}
