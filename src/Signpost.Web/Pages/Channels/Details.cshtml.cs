using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Policy;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Channels;

public sealed record ChannelPublicationRow(Guid PostId, string Title, string Text, PublicationState State, DateTimeOffset? DueAt, DateTimeOffset? PublishedAt, string? PlatformUrl, string? LastError);

/// <summary>
/// One channel: its register details, the handle rules' findings, its status with pause, resume,
/// reconnect and disconnect, and its recent publications. Communications officers see it; only
/// communications managers and administrators change it.
/// </summary>
[RequireRoles(OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator)]
public sealed class DetailsModel(AppDbContext db, ChannelService channels, TimeProvider time, Core.Features.Inbox.MetaWebhookSubscriptions webhooks) : SignpostPageModel
{
    public const int RecentPublications = 20;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>Why the channel is paused or resumed.</summary>
    [BindProperty]
    public string? StatusReason { get; set; }

    [BindProperty]
    public string? DisconnectReason { get; set; }

    public Channel Channel { get; private set; } = null!;

    public string? TeamName { get; private set; }

    public string? ConnectedBy { get; private set; }

    public IReadOnlyList<Finding> HandleFindings { get; private set; } = [];

    public IReadOnlyList<ChannelPublicationRow> Publications { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public bool CanManage => OrganisationContext.Has(ChannelService.ManagerRoles);

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public Task<IActionResult> OnPostPauseAsync() =>
        ChangeAsync((actor, ct) => channels.PauseAsync(OrganisationContext.OrganisationId, Id, StatusReason, actor, ct), nameof(StatusReason),
            "The channel has been paused. Nothing will be published to it until it is resumed");

    public Task<IActionResult> OnPostResumeAsync() =>
        ChangeAsync((actor, ct) => channels.ResumeAsync(OrganisationContext.OrganisationId, Id, StatusReason, actor, ct), nameof(StatusReason), "The channel has been resumed");

    public Task<IActionResult> OnPostDisconnectAsync() =>
        ChangeAsync((actor, ct) => channels.DisconnectAsync(OrganisationContext.OrganisationId, Id, DisconnectReason, actor, ct), nameof(DisconnectReason),
            "The channel has been disconnected and its stored sign-in deleted");

    /// <summary>Subscribes the channel's Facebook Page to the webhooks again; a failure is shown on the page.</summary>
    public async Task<IActionResult> OnPostSubscribeAsync()
    {
        if (!CanManage)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        try
        {
            var error = await webhooks.RetryAsync(OrganisationContext.OrganisationId, Id, await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/channels/{Id}",
                error is null ? "The Page is subscribed. Its comments and messages will reach the inbox" : "Facebook did not subscribe the Page. The reason is shown on this page");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    /// <summary>Runs one change; its errors (all about the reason) are shown by the field of the form that was sent.</summary>
    private async Task<IActionResult> ChangeAsync(Func<Core.Audit.Actor, CancellationToken, Task> change, string field, string notification)
    {
        if (!CanManage)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        try
        {
            await change(await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/channels/{Id}", notification);
        }
        catch (InvalidRequestException e)
        {
            foreach (var message in e.Errors.SelectMany(x => x.Value))
            {
                AddError(field, message);
            }

            return await LoadAsync() ? Page() : NotFound();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Now = time.GetUtcNow();
        var channel = await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == Id, ct);
        if (channel is null)
        {
            return false;
        }

        Channel = channel;
        TeamName = channel.OwningTeamId is { } teamId ? await db.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => t.Name).FirstOrDefaultAsync(ct) : null;
        ConnectedBy = channel.ConnectedByUserId is { } userId ? await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null;
        HandleFindings = channels.CheckHandle(OrganisationContext.Current, channel.Handle, channel.AccountKind);
        Publications = await db.Publications.AsNoTracking()
            .Where(p => p.ChannelId == Id)
            .Join(db.Posts, p => p.PostId, post => post.Id, (p, post) => new { p, post })
            .OrderByDescending(x => x.p.PublishedAt ?? x.p.DueAt ?? x.post.CreatedAt)
            .Take(RecentPublications)
            .Select(x => new ChannelPublicationRow(x.post.Id, x.post.Title, x.p.Text ?? x.post.Text, x.p.State, x.p.DueAt, x.p.PublishedAt, x.p.PlatformUrl, x.p.LastError))
            .ToListAsync(ct);
        return true;
    }
}
