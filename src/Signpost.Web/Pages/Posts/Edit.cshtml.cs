using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;

namespace Signpost.Web.Pages.Posts;

/// <summary>
/// Changes a post before it goes out. A change after any approval sends it back for approval, and
/// takes it off the schedule (004 §5.5).
/// </summary>
[RequireRoles(OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager)]
public sealed class EditModel(AppDbContext db, PostService posts, ICompositeViewEngine viewEngine) : ComposerPageModel(db, posts, viewEngine)
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    protected override bool IsEdit => true;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await PrepareAsync() is { } result)
        {
            return result;
        }

        Input = ComposerForm.From(Post!);
        Findings = PostFindingsView.For(await Posts.CheckAsync(OrganisationContext.Current, Post!, HttpContext.RequestAborted), FindingsMode.Composer);
        return Page();
    }

    protected override async Task<Post?> FindPostAsync() =>
        await Db.Posts.AsNoTracking()
            .Include(p => p.Publications).Include(p => p.Media)
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == Id && p.OrganisationId == OrganisationContext.OrganisationId, HttpContext.RequestAborted);

    protected override async Task<Post> SavePostAsync(SavePostOptions options) =>
        await Posts.UpdateAsync(OrganisationContext.OrganisationId, Id, options, Input.Version, await GetActorAsync(), HttpContext.RequestAborted);
}
