using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;

namespace Signpost.Core.Features.Notifications;

/// <summary>A notification as the notifications page lists it.</summary>
public sealed record NotificationRow(Guid Id, string Kind, string Title, string? Body, string Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    public bool Unread => ReadAt is null;
}

/// <summary>
/// A person's own notifications in one organisation: the header's unread count, the list, and
/// marking them read. (<see cref="NotificationService"/> adds them.)
/// </summary>
public sealed class NotificationReadService(AppDbContext db, AuditTrail audit, TimeProvider time)
{
    public const int PageSize = 50;

    /// <summary>How many are unread: one COUNT query, cheap enough for every page's header.</summary>
    public Task<int> CountUnreadAsync(Guid organisationId, Guid userId, CancellationToken ct = default) =>
        db.Notifications.CountAsync(n => n.OrganisationId == organisationId && n.UserId == userId && n.ReadAt == null, ct);

    /// <summary>The newest first, a page at a time.</summary>
    public async Task<IReadOnlyList<NotificationRow>> ListAsync(Guid organisationId, Guid userId, int skip = 0, int take = PageSize, CancellationToken ct = default) =>
        await db.Notifications.AsNoTracking()
            .Where(n => n.OrganisationId == organisationId && n.UserId == userId)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(skip).Take(take)
            .Select(n => new NotificationRow(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt))
            .ToListAsync(ct);

    public Task<int> CountAsync(Guid organisationId, Guid userId, CancellationToken ct = default) =>
        db.Notifications.CountAsync(n => n.OrganisationId == organisationId && n.UserId == userId, ct);

    /// <summary>Marks every unread notification read (audited NotificationsRead, with how many). Returns how many.</summary>
    public async Task<int> MarkAllReadAsync(Guid organisationId, Guid userId, Actor actor, CancellationToken ct = default)
    {
        var unread = await db.Notifications.Where(n => n.OrganisationId == organisationId && n.UserId == userId && n.ReadAt == null).ToListAsync(ct);
        if (unread.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        foreach (var notification in unread)
        {
            notification.ReadAt = now;
        }

        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.NotificationsRead, actor, organisationId,
            unread.Count == 1 ? "Marked 1 notification as read" : $"Marked {unread.Count} notifications as read", "User", userId.ToString(), new { count = unread.Count }), ct);
        return unread.Count;
    }
}
