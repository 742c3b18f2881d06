using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Notifications;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Notifications;

/// <summary>A person's notifications in this organisation, newest first, unread ones marked.</summary>
public sealed class IndexModel(NotificationReadService notifications) : SignpostPageModel
{
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<NotificationRow> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int Unread { get; private set; }
    public int Pages => Math.Max(1, (Total + NotificationReadService.PageSize - 1) / NotificationReadService.PageSize);

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var organisationId = OrganisationContext.OrganisationId;
        var userId = OrganisationContext.UserId!.Value;
        Total = await notifications.CountAsync(organisationId, userId, ct);
        Unread = await notifications.CountUnreadAsync(organisationId, userId, ct);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Items = await notifications.ListAsync(organisationId, userId, (PageNumber - 1) * NotificationReadService.PageSize, NotificationReadService.PageSize, ct);
    }

    public async Task<IActionResult> OnPostReadAllAsync()
    {
        var count = await notifications.MarkAllReadAsync(OrganisationContext.OrganisationId, OrganisationContext.UserId!.Value, await GetActorAsync(), HttpContext.RequestAborted);
        return RedirectWithNotification($"{OrganisationPath}/notifications", count == 0 ? "You had no unread notifications" : "All your notifications have been marked as read");
    }

    /// <summary>Only paths inside Signpost are linked: a notification never sends anyone elsewhere.</summary>
    public static bool IsLocal(string link) => link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) && !link.StartsWith("/\\", StringComparison.Ordinal);
}
