using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.PolicySettings;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Policy.Calendar;

namespace Signpost.Core.Features.Inbox;

/// <summary>
/// 004 §6.4.2: "Our Facebook account sends an automatic reply to anyone sending a direct message that
/// details working hours". For a direct message on Facebook (and on the Sandbox, so that a demonstration
/// shows it) that arrives out of hours while the organisation has the automatic reply on, it sends the
/// organisation's text once per conversation per out-of-hours period, recorded as a reply by
/// "Automatic reply". Idempotent: a message that already has an automatic reply is left alone.
/// </summary>
public sealed class OutOfHoursAutoReply(AppDbContext db, InboxReplyService replies, PolicyEngineCache engines) : IInboxArrivalHandler
{
    public int Order => 300;

    public async Task HandleAsync(InboxArrival arrival, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(arrival);
        var message = arrival.Message;
        if (message.Kind != InboundKind.Message || message.Network is not (Network.Facebook or Network.Sandbox) || !message.OutOfHours)
        {
            return;
        }

        var settings = await InboxSettingsService.GetAsync(db, message.OrganisationId, ct);
        if (!settings.AutoReplyEnabled || string.IsNullOrWhiteSpace(settings.AutoReplyText))
        {
            return;
        }

        if (await db.InboxReplies.IgnoreQueryFilters().AnyAsync(r => r.MessageId == message.Id && r.Automatic, ct))
        {
            return;
        }

        // Once per conversation per out-of-hours period: an earlier automatic reply in the same
        // conversation whose next working time is the same as this message's is the same period.
        var organisation = await db.Organisations.AsNoTracking().IgnoreQueryFilters().FirstAsync(o => o.Id == message.OrganisationId, ct);
        var calendar = new WorkingHoursCalendar(engines.For(organisation).Settings.WorkingHours);
        var periodEnds = calendar.NextWorkingTime(message.ReceivedAt);
        var since = message.ReceivedAt.AddDays(-15);
        var conversation = message.ConversationId;
        var earlier = await db.InboxReplies.AsNoTracking().IgnoreQueryFilters()
            .Where(r => r.Automatic && r.CreatedAt >= since)
            .Join(db.InboxMessages.AsNoTracking().IgnoreQueryFilters()
                    .Where(m => m.ChannelId == message.ChannelId && (conversation != null ? m.ConversationId == conversation : m.AuthorId == message.AuthorId)),
                r => r.MessageId, m => m.Id, (r, m) => m.ReceivedAt)
            .ToListAsync(ct);
        if (earlier.Any(received => calendar.NextWorkingTime(received) == periodEnds))
        {
            return;
        }

        await replies.SendAutomaticReplyAsync(message, arrival.Channel, settings.AutoReplyText, ct);
    }
}
