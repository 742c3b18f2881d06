using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Users;

namespace Signpost.Core.Features.Notifications;

/// <summary>What to tell people: a title, an optional body, and a path inside Signpost.</summary>
/// <param name="Kind">A stable kind, for example "publication-failed".</param>
/// <param name="Title">One line, shown in the app and as the email subject.</param>
/// <param name="Body">A few sentences; plain text.</param>
/// <param name="Link">A path inside Signpost, for example /o/riverside-icb/posts/….</param>
public sealed record NotificationMessage(string Kind, string Title, string? Body, string Link);

/// <summary>
/// Tells people things in the app and by email. It only adds rows: the caller saves them in the
/// same transaction as the change they are about (with its audit event), so that a notice is sent
/// if and only if the change happened. Email goes through the outbox (see <see cref="EmailOutboxSender"/>).
/// </summary>
public sealed class NotificationService(AppDbContext db, TimeProvider time, EmailOptions email)
{
    /// <summary>Adds an in-app notification for each person and, when <paramref name="sendEmail"/>, queues an email to each.</summary>
    public async Task NotifyAsync(Guid organisationId, IEnumerable<Guid> userIds, NotificationMessage message, bool sendEmail = true, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var ids = userIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var people = await db.Users.Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Email, u.DisplayName }).ToListAsync(ct);
        foreach (var person in people)
        {
            db.Notifications.Add(new Notification
            {
                Id = Guid.CreateVersion7(),
                OrganisationId = organisationId,
                UserId = person.Id,
                Kind = message.Kind,
                Title = Truncate(message.Title, 300),
                Body = message.Body is null ? null : Truncate(message.Body, 2000),
                Link = message.Link,
                CreatedAt = now,
            });
            if (sendEmail && !string.IsNullOrWhiteSpace(person.Email))
            {
                QueueEmail(organisationId, person.Email, message.Title, EmailBody(person.DisplayName, message));
            }
        }
    }

    /// <summary>The people in an organisation who hold any of the roles.</summary>
    public Task<List<Guid>> PeopleWithRolesAsync(Guid organisationId, OrganisationRoles roles, CancellationToken ct = default) =>
        db.Memberships.IgnoreQueryFilters()
            .Where(m => m.OrganisationId == organisationId && (m.Roles & roles) != 0)
            .Select(m => m.UserId)
            .ToListAsync(ct);

    /// <summary>Queues an email to any address (a team mailbox, a requester); the caller saves it with its change.</summary>
    public void QueueEmail(Guid? organisationId, string to, string subject, string body)
    {
        var now = time.GetUtcNow();
        db.OutboxEmails.Add(new OutboxEmail
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            To = to,
            Subject = Truncate(subject, 300),
            TextBody = body,
            CreatedAt = now,
            SendAfter = now,
        });
    }

    /// <summary>An absolute address for a path inside Signpost, for email.</summary>
    public Uri AbsoluteLink(string path) => new(email.PublicBaseUrl, path);

    private string EmailBody(string? name, NotificationMessage message)
    {
        var greeting = string.IsNullOrWhiteSpace(name) ? "Hello," : $"Dear {name},";
        var body = string.IsNullOrWhiteSpace(message.Body) ? "" : message.Body.Trim() + "\n\n";
        return $"{greeting}\n\n{message.Title}.\n\n{body}Open it in Signpost:\n{AbsoluteLink(message.Link)}\n\nYou are receiving this because of your role in Signpost.\n";
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
