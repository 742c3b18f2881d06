using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;

namespace Signpost.Web.Pages.Posts;

/// <summary>Writes a new post (a draft until submitted).</summary>
[RequireRoles(OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager)]
public sealed class NewModel(AppDbContext db, PostService posts, ICompositeViewEngine viewEngine) : ComposerPageModel(db, posts, viewEngine)
{
    /// <summary>A campaign to start with, from the calendar's "Write a post for this campaign".</summary>
    [BindProperty(SupportsGet = true, Name = "campaign")]
    public Guid? StartCampaign { get; set; }

    protected override bool IsEdit => false;

    public async Task<IActionResult> OnGetAsync()
    {
        await PrepareAsync();
        if (StartCampaign is { } campaign && Campaigns.Any(c => c.Id == campaign))
        {
            Input.CampaignId = campaign;
        }

        return Page();
    }

    protected override Task<Post?> FindPostAsync() => Task.FromResult<Post?>(null);

    protected override async Task<Post> SavePostAsync(SavePostOptions options) =>
        await Posts.CreateAsync(OrganisationContext.OrganisationId, options, await GetActorAsync(), HttpContext.RequestAborted);
}
