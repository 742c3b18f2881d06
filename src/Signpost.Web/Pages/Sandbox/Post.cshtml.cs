using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Sandbox;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Sandbox;

/// <summary>One post on the Sandbox network: the address the Sandbox gives back when Signpost publishes.</summary>
public sealed class PostModel(AppDbContext db) : SignpostPageModel
{
    public SandboxAccount Account { get; private set; } = null!;

    public SandboxPostView Post { get; private set; } = null!;

    public IReadOnlyList<SandboxReplyView> Replies { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string handle, Guid postId)
    {
        var ct = HttpContext.RequestAborted;
        var account = await db.SandboxAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Handle == handle, ct);
        var post = account is null ? null : (await SandboxTimeline.PostsAsync(db, account.Id, postId, ct)).FirstOrDefault();
        if (account is null || post is null)
        {
            return NotFound();
        }

        Account = account;
        Post = post;
        Replies = await SandboxTimeline.RepliesAsync(db, post.Id, ct);
        return Page();
    }
}
