using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Notifications;
using Signpost.Core.Features.Users;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;

namespace Signpost.Core.Features.Inbox;

/// <summary>
/// Blocked words (issue 5, point 5): a new message containing one of the organisation's blocked
/// words or phrases is hidden on the platform where the platform allows it, and the communications
/// team is told. Where the platform cannot hide it, or the message is criticism and nothing worse
/// (003 §3.2.6: only a manager may remove it), the team is told it needs a person. Runs once per
/// message; on a repeat it finds its own record (a moderation record or the flag in the audit
/// trail) and does nothing.
/// </summary>
public sealed class BlockedWordsHandler(AppDbContext db, AuditTrail audit, ModerationService moderation, NotificationService notifications) : IInboxArrivalHandler
{
    public const string ActorName = "Signpost (blocked words)";

    /// <summary>The house rule a blocked word breaks.</summary>
    public const string ReasonCode = "offensive-language";

    public static Actor Actor { get; } = Actor.Anonymous(ActorName);

    public int Order => 100;

    public async Task HandleAsync(InboxArrival arrival, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(arrival);
        var message = arrival.Message;
        if (message.Visibility != InboxVisibility.Visible || message.RedactedAt is not null)
        {
            return;
        }

        var lines = await db.InboxSettings.IgnoreQueryFilters().Where(s => s.OrganisationId == message.OrganisationId).Select(s => s.BlockedWords).FirstOrDefaultAsync(ct);
        var match = BlockedWords.Parse(lines).FirstMatch(message.Text);
        if (match is null || await AlreadyHandledAsync(message, ct))
        {
            return;
        }

        var slug = await db.Organisations.IgnoreQueryFilters().Where(o => o.Id == message.OrganisationId).Select(o => o.Slug).FirstAsync(ct);
        var link = $"/o/{slug}/inbox/{message.Id}";
        var channel = arrival.Channel;
        var author = arrival.Author;
        var team = await notifications.PeopleWithRolesAsync(message.OrganisationId, OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager, ct);

        if (CriticismPolicy.Protects(message))
        {
            // 003 §3.2.6: criticism is not removed by a rule; a manager decides.
            await notifications.NotifyAsync(message.OrganisationId, team, new NotificationMessage("blocked-word",
                $"A message from @{author.Handle} needs a manager: it contains “{match}”",
                $"It contains a blocked word, but it criticises us and does nothing worse, so Signpost has not hidden it ({CriticismPolicy.Source}). A communications manager decides whether it breaks the house rules.",
                link), sendEmail: false, ct: ct);
            await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.BlockedWordFlagged, Actor, message.OrganisationId,
                $"A message from @{author.Handle} on {channel.Name} contains the blocked word “{match}”; not hidden because it is criticism",
                "InboxMessage", message.Id.ToString(), new { word = match, reason = "criticism" }), ct);
            return;
        }

        await moderation.ApplyAsync(message.Id, ModerationAction.Hide, ReasonCode, $"Contains the blocked word or phrase “{match}”.", Actor, automatic: true, ct,
            async (record, _) =>
            {
                var network = NetworkNames.DisplayName(channel.Network);
                var (title, body) = record.Outcome switch
                {
                    ModerationOutcome.Done => (
                        $"A message from @{author.Handle} was hidden: it contains “{match}”",
                        $"Signpost hid it on {network} because it contains a blocked word. Check it, and show it again if it was hidden by mistake."),
                    ModerationOutcome.NotSupported => (
                        $"A message from @{author.Handle} needs attention: it contains “{match}”",
                        $"It contains a blocked word, but {network} does not let Signpost hide {ModerationService.KindPlural(message.Kind)}. Deal with it on {network} if it breaks the house rules."),
                    _ => (
                        $"A message from @{author.Handle} needs attention: it contains “{match}”",
                        $"It contains a blocked word, but Signpost could not hide it on {network}: {record.Error} Try again from the message's moderation page."),
                };
                await notifications.NotifyAsync(message.OrganisationId, team, new NotificationMessage("blocked-word", title, body, link), sendEmail: false, ct: ct);
            });
    }

    private async Task<bool> AlreadyHandledAsync(InboxMessage message, CancellationToken ct)
    {
        if (await db.ModerationRecords.AnyAsync(r => r.MessageId == message.Id && r.Automatic, ct))
        {
            return true;
        }

        var subject = message.Id.ToString();
        // The flag is written after the message arrived: the (organisation, time) index keeps this short.
        return await db.AuditEvents.IgnoreQueryFilters().AnyAsync(e => e.OrganisationId == message.OrganisationId && e.OccurredAt >= message.ReceivedAt
            && e.Code == AuditEventCode.BlockedWordFlagged && e.SubjectId == subject, ct);
    }
}
