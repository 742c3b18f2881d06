using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Organisations;
using Signpost.Platforms;

namespace Signpost.Core.Features.Inbox;

/// <summary>One channel's first responses over a period.</summary>
/// <param name="Waiting">Not answered yet and not overdue.</param>
/// <param name="MedianFirstResponse">The median working time from receipt to the first response, of those answered.</param>
public sealed record ChannelResponseFigures(Guid ChannelId, string ChannelName, Network Network, int Received, int RespondedInTime, int Breached, int Waiting, int NotCounted, TimeSpan? MedianFirstResponse);

public sealed record InboxResponseReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ChannelResponseFigures> Channels, ChannelResponseFigures Total);

/// <summary>
/// The first-response report (004 §6.4.1, §7: responses within two working hours, reported): per
/// channel, the messages received in a period that were answered in time or breached the target,
/// and the median first response counted in working hours.
/// </summary>
public sealed class InboxReportService(AppDbContext db, InboxService inbox, TimeProvider time)
{
    public const int MaxDays = 93;

    public async Task<InboxResponseReport> FirstResponsesAsync(Organisation organisation, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        var now = time.GetUtcNow();
        var calendar = inbox.CalendarFor(organisation);
        var rows = await db.InboxMessages.AsNoTracking()
            .Where(m => m.OrganisationId == organisation.Id && m.ReceivedAt >= from && m.ReceivedAt < to)
            .Select(m => new { m.ChannelId, m.ReceivedAt, m.ResponseDueAt, m.FirstRespondedAt, m.Status })
            .ToListAsync(ct);
        var channels = await db.Channels.AsNoTracking().Where(c => c.OrganisationId == organisation.Id)
            .Select(c => new { c.Id, c.Name, c.Network }).ToListAsync(ct);

        var perChannel = new List<ChannelResponseFigures>();
        foreach (var channel in channels.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var mine = rows.Where(r => r.ChannelId == channel.Id).Select(r => (r.ReceivedAt, r.ResponseDueAt, r.FirstRespondedAt, r.Status)).ToList();
            if (mine.Count == 0)
            {
                continue;
            }

            perChannel.Add(Compute(channel.Id, channel.Name, channel.Network, mine));
        }

        var total = Compute(Guid.Empty, "All channels", Network.Sandbox, [.. rows.Select(r => (r.ReceivedAt, r.ResponseDueAt, r.FirstRespondedAt, r.Status))]);
        return new InboxResponseReport(from, to, perChannel, total);

        ChannelResponseFigures Compute(Guid id, string name, Network network, List<(DateTimeOffset Received, DateTimeOffset? Due, DateTimeOffset? Responded, InboxStatus Status)> list)
        {
            int inTime = 0, breached = 0, waiting = 0, notCounted = 0;
            var responses = new List<TimeSpan>();
            foreach (var (received, due, responded, status) in list)
            {
                switch (FirstResponseClock.View(calendar, now, due, responded, status).State)
                {
                    case ClockState.RespondedInTime: inTime++; break;
                    case ClockState.RespondedLate or ClockState.Overdue: breached++; break;
                    case ClockState.Waiting or ClockState.DueSoon: waiting++; break;
                    default: notCounted++; break;
                }

                if (due is not null && responded is { } r)
                {
                    responses.Add(calendar.WorkingTimeBetween(received, r));
                }
            }

            return new ChannelResponseFigures(id, name, network, list.Count, inTime, breached, waiting, notCounted, Median(responses));
        }
    }

    private static TimeSpan? Median(List<TimeSpan> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
