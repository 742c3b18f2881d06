using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Notifications;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.PolicySettings;
using Signpost.Core.Features.Users;
using Signpost.Core.Time;
using Signpost.Core.Validation;
using Signpost.Policy.Triage;

namespace Signpost.Core.Features.Inbox;

/// <summary>A person who can be paged now, in the order they are paged.</summary>
/// <param name="FromRota">On a shift of the on-call rota; false when nobody is on the rota and the person holds the duty manager role.</param>
public sealed record OnCallPerson(Guid UserId, string Name, string? MobileNumber, bool FromRota, int? Position, DateTimeOffset? ShiftEndsAt);

/// <summary>
/// Urgent messages (004 §6.4.5; RULES.md: immediate_danger, safeguarding and patient_safety make a
/// message urgent). In working hours the communications team is alerted in the app and by email.
/// Out of hours the duty communications manager on call is paged by email and by text message
/// (GOV.UK Notify), and the page must be acknowledged: unacknowledged by its time, the next person
/// on the rota is paged; when the rota is exhausted every manager is told. Immediate danger is paged
/// at any hour (RULES.md). Pages are unique per message and level, so that two nodes or a re-run
/// after a crash never page twice.
/// </summary>
public sealed class DutyPagingService(AppDbContext db, AuditTrail audit, TimeProvider time, NotificationService notifications, SmsOutbox sms, PolicyEngineCache engines)
{
    /// <summary>Alerted in working hours: the communications team.</summary>
    public const OrganisationRoles Team = OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager;

    /// <summary>May acknowledge anyone's page, edit the rota, and are told when nobody answers.</summary>
    public const OrganisationRoles Managers = OrganisationRoles.CommunicationsManager | OrganisationRoles.DutyManager;

    public const string UrgentAlertKind = "inbox-urgent";
    public const string DutyPageKind = "duty-page";
    public const string UnansweredKind = "duty-page-unanswered";

    /// <summary>Urgent by its priority or by any urgent label (safeguarding is urgent by itself, 000 §6.1).</summary>
    public static bool IsUrgent(InboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Priority == TriagePriority.Urgent || message.Labels.Any(l => l.PriorityOf() == TriagePriority.Urgent);
    }

    /// <summary>
    /// Who is paged now, in order: the people on rota shifts covering now, lowest position first;
    /// when no shift covers now, the people with the duty communications manager role.
    /// </summary>
    public async Task<IReadOnlyList<OnCallPerson>> OnCallNowAsync(Guid organisationId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var shifts = await db.OnCallShifts.AsNoTracking()
            .Where(s => s.OrganisationId == organisationId && s.StartsAt <= now && s.EndsAt > now)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { s.UserId, u.DisplayName, u.PhoneNumber, s.Position, s.StartsAt, s.EndsAt })
            .ToListAsync(ct);
        if (shifts.Count > 0)
        {
            return [.. shifts.OrderBy(s => s.Position).ThenBy(s => s.StartsAt).ThenBy(s => s.DisplayName, StringComparer.Ordinal)
                .DistinctBy(s => s.UserId)
                .Select(s => new OnCallPerson(s.UserId, s.DisplayName, s.PhoneNumber, true, s.Position, s.EndsAt))];
        }

        var duty = await db.Memberships.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && (m.Roles & OrganisationRoles.DutyManager) != 0)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName, u.PhoneNumber })
            .ToListAsync(ct);
        return [.. duty.OrderBy(d => d.DisplayName, StringComparer.Ordinal).Select(d => new OnCallPerson(d.Id, d.DisplayName, d.PhoneNumber, false, null, null))];
    }

    /// <summary>
    /// After a message has arrived (the escalation handler): nothing unless it is urgent; in working
    /// hours the team is alerted; out of hours (and for immediate danger at any hour) the first
    /// person on call is paged. Safe to run again for the same message.
    /// </summary>
    public async Task HandleArrivalAsync(InboxMessage message, string channelName, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!IsUrgent(message))
        {
            return;
        }

        var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == message.OrganisationId, ct);
        var now = time.GetUtcNow();
        var outOfHours = engines.For(organisation).Triage.WorkingHours.IsOutOfHours(now);
        if (!outOfHours)
        {
            await AlertTeamAsync(organisation, message, channelName, ct);
        }

        // 004 §6.4.5: out of hours, flagged to the duty communications manager on call;
        // RULES.md: immediate danger pages the duty manager at any hour.
        if (outOfHours || message.Has(TriageLabel.ImmediateDanger))
        {
            await PageFirstAsync(organisation, message, channelName, outOfHours, ct);
        }
    }

    private async Task AlertTeamAsync(Organisation organisation, InboxMessage message, string channelName, CancellationToken ct)
    {
        var link = $"/o/{organisation.Slug}/inbox/{message.Id}";
        if (await db.Notifications.IgnoreQueryFilters().AnyAsync(n => n.OrganisationId == organisation.Id && n.Kind == UrgentAlertKind && n.Link == link, ct))
        {
            return;
        }

        var labels = EscalationText.UrgentLabels(message);
        var team = await notifications.PeopleWithRolesAsync(organisation.Id, Team, ct);
        await notifications.NotifyAsync(organisation.Id, team, new NotificationMessage(UrgentAlertKind,
            $"Urgent message ({labels}) on {channelName}",
            $"An urgent message labelled {labels} arrived on {channelName} at {LondonTime.Format(message.ReceivedAt)}. Look at it now.",
            link), sendEmail: true, ct);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.UrgentMessageAlerted, Actor.System, organisation.Id,
            $"Alerted the communications team to an urgent message ({labels}) on {channelName}", "InboxMessage", message.Id.ToString(),
            new { labels, people = team.Distinct().Count() }), ct);
    }

    private async Task PageFirstAsync(Organisation organisation, InboxMessage message, string channelName, bool outOfHours, CancellationToken ct)
    {
        if (await db.DutyPages.AnyAsync(p => p.MessageId == message.Id, ct))
        {
            return;
        }

        var records = new List<AuditRecord>();
        var page = await AddPageAsync(organisation, message, channelName, 0, new HashSet<Guid>(), outOfHours, records, ct);
        if (page is null)
        {
            await TellManagersNobodyAnsweredAsync(organisation, message, channelName, null, records, ct);
        }

        try
        {
            await audit.SaveChangesAsync(records, ct);
        }
        catch (DbUpdateException)
        {
            // Another node paged for this message first (one page per message and level): nothing more to do.
            if (!await PagedAlreadyAsync(message.Id, 0, ct))
            {
                throw;
            }
        }
    }

    /// <summary>
    /// Pages the next person for every page whose acknowledgement time has passed with no
    /// acknowledgement for its message; returns how many pages were escalated.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> DuePagesAsync(int batch, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        return await db.DutyPages.AsNoTracking()
            .Where(p => p.AcknowledgedAt == null && p.EscalatedAt == null && p.AcknowledgeBy <= now
                && !db.DutyPages.Any(o => o.MessageId == p.MessageId && o.AcknowledgedAt != null))
            .OrderBy(p => p.AcknowledgeBy)
            .Select(p => p.Id)
            .Take(batch)
            .ToListAsync(ct);
    }

    /// <summary>
    /// One unacknowledged page past its time: marked escalated, and the next person on the rota
    /// paged (audited DutyPageEscalated and DutyManagerPaged); when nobody is left, every manager is
    /// told (DutyPageUnanswered). False when there was nothing to do (acknowledged meanwhile, or
    /// another node did it).
    /// </summary>
    public async Task<bool> EscalateAsync(Guid pageId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var page = await db.DutyPages.FirstOrDefaultAsync(p => p.Id == pageId, ct);
        if (page is null || page.AcknowledgedAt is not null || page.EscalatedAt is not null || page.AcknowledgeBy > now
            || await db.DutyPages.AnyAsync(p => p.MessageId == page.MessageId && p.AcknowledgedAt != null, ct))
        {
            return false;
        }

        var message = await db.InboxMessages.AsNoTracking().FirstAsync(m => m.Id == page.MessageId, ct);
        var channelName = await db.Channels.Where(c => c.Id == message.ChannelId).Select(c => c.Name).FirstAsync(ct);
        var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == page.OrganisationId, ct);
        var paged = (await db.DutyPages.Where(p => p.MessageId == page.MessageId).Select(p => p.UserId).ToListAsync(ct)).ToHashSet();
        var missed = await db.Users.Where(u => u.Id == page.UserId).Select(u => u.DisplayName).FirstAsync(ct);
        page.EscalatedAt = now;
        var records = new List<AuditRecord>
        {
            new(AuditEventCode.DutyPageEscalated, Actor.System, organisation.Id,
                $"{missed} did not acknowledge the duty page by {LondonTime.Format(page.AcknowledgeBy)}", "DutyPage", page.Id.ToString(),
                new { messageId = page.MessageId, page.Level, userId = page.UserId }),
        };
        var outOfHours = engines.For(organisation).Triage.WorkingHours.IsOutOfHours(now);
        var next = await AddPageAsync(organisation, message, channelName, page.Level + 1, paged, outOfHours, records, ct);
        if (next is null)
        {
            await TellManagersNobodyAnsweredAsync(organisation, message, channelName, page, records, ct);
        }

        try
        {
            await audit.SaveChangesAsync(records, ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node escalated this page first.
            if (!await PagedAlreadyAsync(page.MessageId, page.Level + 1, ct))
            {
                throw;
            }

            return false;
        }
    }

    /// <summary>
    /// The person paged, or any manager, acknowledges a page (audited DutyPageAcknowledged): the
    /// page and its message are no longer escalated. Acknowledging again changes nothing.
    /// </summary>
    public async Task<DutyPage> AcknowledgeAsync(Guid organisationId, Guid pageId, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var page = await db.DutyPages.FirstOrDefaultAsync(p => p.Id == pageId && p.OrganisationId == organisationId, ct)
            ?? throw new NotFoundException("Duty page", pageId);
        if (!await MayAcknowledgeAsync(organisationId, page, actor.UserId, ct))
        {
            throw new InvalidRequestException("Only the person paged or a communications or duty manager can acknowledge this page");
        }

        if (page.AcknowledgedAt is not null)
        {
            return page;
        }

        var now = time.GetUtcNow();
        page.AcknowledgedAt = now;
        page.AcknowledgedByUserId = actor.UserId;
        var late = now > page.AcknowledgeBy ? " (after its time)" : "";
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.DutyPageAcknowledged, actor, organisationId,
            $"Acknowledged the duty page{late}", "DutyPage", page.Id.ToString(),
            new { messageId = page.MessageId, page.Level, pagedUserId = page.UserId }), ct);
        return page;
    }

    /// <summary>The person paged, or a communications or duty manager of the organisation.</summary>
    public async Task<bool> MayAcknowledgeAsync(Guid organisationId, DutyPage page, Guid? userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (userId is not { } id)
        {
            return false;
        }

        return page.UserId == id || await db.Memberships.IgnoreQueryFilters()
            .AnyAsync(m => m.OrganisationId == organisationId && m.UserId == id && (m.Roles & Managers) != 0, ct);
    }

    private async Task<DutyPage?> AddPageAsync(Organisation organisation, InboxMessage message, string channelName, int level, HashSet<Guid> alreadyPaged,
        bool outOfHours, List<AuditRecord> records, CancellationToken ct)
    {
        var people = await OnCallNowAsync(organisation.Id, ct);
        var person = people.FirstOrDefault(p => !alreadyPaged.Contains(p.UserId));
        if (person is null)
        {
            return null;
        }

        var minutes = await db.InboxSettings.Where(s => s.OrganisationId == organisation.Id).Select(s => (int?)s.PageAcknowledgeMinutes).FirstOrDefaultAsync(ct) ?? 15;
        var now = time.GetUtcNow();
        var page = new DutyPage
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisation.Id,
            MessageId = message.Id,
            UserId = person.UserId,
            Level = level,
            PagedAt = now,
            AcknowledgeBy = now + TimeSpan.FromMinutes(Math.Max(1, minutes)),
        };
        db.DutyPages.Add(page);

        var labels = EscalationText.UrgentLabels(message);
        var link = $"/o/{organisation.Slug}/pages/{page.Id}";
        var when = outOfHours ? "out of hours" : "in working hours";
        var why = person.FromRota
            ? $"You are on the on-call rota (position {person.Position + 1})."
            : "Nobody is on the on-call rota now, so you are paged because you are a duty communications manager.";
        var earlier = level == 0 ? "" : $" Nobody acknowledged the {Ordinal(level)} page in time, so it has come to you.";
        await notifications.NotifyAsync(organisation.Id, [person.UserId], new NotificationMessage(DutyPageKind,
            $"Duty page: urgent message ({labels}) on {channelName}",
            $"An urgent message labelled {labels} arrived {when} on {channelName} at {LondonTime.Format(message.ReceivedAt)}. {why}{earlier} Acknowledge this page by {LondonTime.Format(page.AcknowledgeBy)}, or the next person on the rota is paged.",
            link), sendEmail: true, ct);

        string textMessage;
        if (string.IsNullOrWhiteSpace(person.MobileNumber))
        {
            textMessage = "not sent: no mobile number on their profile";
        }
        else if (sms.Queue(organisation.Id, person.MobileNumber, $"Signpost duty page: urgent message ({labels}) on {channelName}. Acknowledge by {LondonTime.Format(page.AcknowledgeBy)}: {notifications.AbsoluteLink(link)}", page.Id.ToString()) is null)
        {
            textMessage = "not sent: " + (sms.NotConfiguredReason ?? "text messages are not set up");
        }
        else
        {
            textMessage = "queued";
        }

        records.Add(new AuditRecord(AuditEventCode.DutyManagerPaged, Actor.System, organisation.Id,
            $"Paged {person.Name} about an urgent message ({labels}) on {channelName}" + (person.FromRota ? "" : " (nobody on the rota: duty manager role)"),
            "DutyPage", page.Id.ToString(),
            new { messageId = message.Id, level, userId = person.UserId, fromRota = person.FromRota, acknowledgeBy = page.AcknowledgeBy, textMessage }));
        return page;
    }

    private async Task TellManagersNobodyAnsweredAsync(Organisation organisation, InboxMessage message, string channelName, DutyPage? last, List<AuditRecord> records, CancellationToken ct)
    {
        var labels = EscalationText.UrgentLabels(message);
        var managers = await notifications.PeopleWithRolesAsync(organisation.Id, Managers, ct);
        var link = last is null ? $"/o/{organisation.Slug}/inbox/{message.Id}" : $"/o/{organisation.Slug}/pages/{last.Id}";
        var what = last is null
            ? "Nobody is on the on-call rota and nobody holds the duty communications manager role, so nobody could be paged."
            : "Everyone on call has been paged and nobody acknowledged in time.";
        await notifications.NotifyAsync(organisation.Id, managers, new NotificationMessage(UnansweredKind,
            $"Nobody has answered an urgent message ({labels}) on {channelName}",
            $"{what} The message arrived at {LondonTime.Format(message.ReceivedAt)}. Look at it now and acknowledge the page.",
            link), sendEmail: true, ct);
        records.Add(new AuditRecord(AuditEventCode.DutyPageUnanswered, Actor.System, organisation.Id,
            $"Nobody answered the duty page for an urgent message ({labels}) on {channelName}: every manager told", last is null ? "InboxMessage" : "DutyPage",
            (last?.Id ?? message.Id).ToString(), new { messageId = message.Id, managers = managers.Distinct().Count() }));
    }

    private async Task<bool> PagedAlreadyAsync(Guid messageId, int level, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.DutyPages.AnyAsync(p => p.MessageId == messageId && p.Level == level, ct);
    }

    private static string Ordinal(int level) => level switch
    {
        1 => "first",
        2 => "second",
        3 => "third",
        _ => $"{level}th",
    };
}
