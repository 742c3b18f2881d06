using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Signpost.Core.Audit;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Validation;
using Signpost.Policy.Triage;

namespace Signpost.Core.Tests.Inbox;

/// <summary>Urgent messages (004 §6.4.5): alerts in working hours, duty pages out of hours, re-paging and acknowledgement.</summary>
public sealed class EscalationPagingTests(EscalationFixture fixture) : IClassFixture<EscalationFixture>
{
    private const string Disclosure = "I can't cope any more and I don't want to be here tomorrow. Nobody at home would notice.";

    /// <summary>Each test its own night (a weekday, 22:00 in London in winter), so that the rota's shifts do not meet.</summary>
    private void Night(int day) => fixture.Clock.Set(new DateTimeOffset(2026, 12, day, 22, 0, 0, TimeSpan.Zero));

    private DutyPageEscalator Escalator() => new(fixture.Services.GetRequiredService<IServiceScopeFactory>(), new EscalationOptions(), fixture.Clock, NullLogger<DutyPageEscalator>.Instance);

    [Fact]
    public async Task UrgentMessage_InWorkingHours_AlertsTheTeamInTheAppAndByEmail_AndPagesNobody()
    {
        fixture.Clock.Set(new DateTimeOffset(2026, 11, 24, 11, 0, 0, TimeSpan.Zero));
        var message = await fixture.ReceiveAsync("The ward 7 bay has had no nurse for three hours and a patient has fallen.", TriageLabel.PatientSafety);

        await fixture.HandleArrivalAsync(message.Id);
        await fixture.HandleArrivalAsync(message.Id);

        var link = $"/o/riverside-icb/inbox/{message.Id}";
        var told = await fixture.QueryAsync(db => db.Notifications.Where(n => n.Link == link && n.Kind == DutyPagingService.UrgentAlertKind).Select(n => n.UserId).ToListAsync());
        Assert.Contains(fixture.Officer.UserId!.Value, told);
        Assert.Contains(fixture.Manager.UserId!.Value, told);
        Assert.DoesNotContain(fixture.Lead.UserId!.Value, told);
        Assert.Equal(told.Distinct().Count(), told.Count);
        var emails = await fixture.QueryAsync(db => db.OutboxEmails.Where(e => e.Subject == "Urgent message (patient safety) on Riverside ICB on Facebook" && e.TextBody.Contains(link)).Select(e => e.To).ToListAsync());
        Assert.Contains("comms.officer@riverside.example", emails);
        Assert.Contains("comms.manager@riverside.example", emails);
        Assert.False(await fixture.QueryAsync(db => db.DutyPages.AnyAsync(p => p.MessageId == message.Id)));
        Assert.Equal(1, await fixture.QueryAsync(db => db.AuditEvents.CountAsync(e => e.SubjectId == message.Id.ToString() && e.Code == AuditEventCode.UrgentMessageAlerted)));
    }

    [Fact]
    public async Task MessageThatIsNotUrgent_OutOfHours_NeitherAlertsNorPages()
    {
        Night(1);
        var message = await fixture.ReceiveAsync("When does the Riverside walk-in centre open at the weekend?", TriageLabel.Enquiry, TriageLabel.Complaint);

        await fixture.HandleArrivalAsync(message.Id);

        Assert.False(await fixture.QueryAsync(db => db.DutyPages.AnyAsync(p => p.MessageId == message.Id)));
        Assert.False(await fixture.QueryAsync(db => db.Notifications.AnyAsync(n => n.Link.Contains(message.Id.ToString()))));
    }

    [Fact]
    public async Task SafeguardingDisclosure_OutOfHours_PagesTheFirstOnTheRotaByEmailAndText_OnceHoweverOftenItRuns()
    {
        Night(2);
        await fixture.OnCallAsync(fixture.Manager, 2);
        await fixture.OnCallAsync(fixture.DutyManager, 1);
        await fixture.SetMobileAsync(fixture.DutyManager, "07700 900 123");
        var message = await fixture.ReceiveAsync(Disclosure, TriageLabel.Safeguarding);

        await fixture.HandleArrivalAsync(message.Id);
        await fixture.HandleArrivalAsync(message.Id);

        var page = await fixture.QueryAsync(db => db.DutyPages.SingleAsync(p => p.MessageId == message.Id));
        Assert.Equal(fixture.DutyManager.UserId, page.UserId);
        Assert.Equal(0, page.Level);
        Assert.Equal(fixture.Clock.GetUtcNow().AddMinutes(15), page.AcknowledgeBy);
        var link = $"https://signpost.riverside.example/o/riverside-icb/pages/{page.Id}";
        var sms = await fixture.QueryAsync(db => db.OutboxTextMessages.SingleAsync(s => s.Reference == page.Id.ToString()));
        Assert.Equal("+447700900123", sms.PhoneNumber);
        Assert.Contains(link, sms.Body, StringComparison.Ordinal);
        Assert.Contains("safeguarding", sms.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("cope", sms.Body, StringComparison.Ordinal);
        var email = await fixture.QueryAsync(db => db.OutboxEmails.SingleAsync(e => e.To == "duty.manager@riverside.example" && e.TextBody.Contains(link)));
        Assert.Equal("Duty page: urgent message (safeguarding) on Riverside ICB on Facebook", email.Subject);
        Assert.Contains("on-call rota", email.TextBody, StringComparison.Ordinal);
        Assert.False(await fixture.QueryAsync(db => db.Notifications.AnyAsync(n => n.Kind == DutyPagingService.UrgentAlertKind && n.Link.Contains(message.Id.ToString()))));
        var paged = await fixture.QueryAsync(db => db.AuditEvents.SingleAsync(e => e.SubjectId == page.Id.ToString() && e.Code == AuditEventCode.DutyManagerPaged));
        Assert.Contains("queued", paged.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NobodyOnTheRota_OutOfHours_PagesThePersonWithTheDutyManagerRole_AndSaysSo()
    {
        Night(3);
        var message = await fixture.ReceiveAsync(Disclosure, TriageLabel.Safeguarding);

        await fixture.HandleArrivalAsync(message.Id);

        var page = await fixture.QueryAsync(db => db.DutyPages.SingleAsync(p => p.MessageId == message.Id));
        Assert.Equal(fixture.DutyManager.UserId, page.UserId);
        var notification = await fixture.QueryAsync(db => db.Notifications.SingleAsync(n => n.UserId == page.UserId && n.Link == $"/o/riverside-icb/pages/{page.Id}"));
        Assert.Contains("Nobody is on the on-call rota now", notification.Body, StringComparison.Ordinal);
        Assert.Contains("duty manager role", await fixture.QueryAsync(db => db.AuditEvents.Where(e => e.SubjectId == page.Id.ToString()).Select(e => e.Summary).SingleAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnacknowledgedPage_AfterItsTime_PagesTheNextOnTheRota_AndWhenNobodyIsLeftTellsEveryManager()
    {
        Night(4);
        await fixture.OnCallAsync(fixture.DutyManager, 1);
        await fixture.OnCallAsync(fixture.Manager, 2);
        var message = await fixture.ReceiveAsync(Disclosure, TriageLabel.Safeguarding, TriageLabel.ImmediateDanger);
        await fixture.HandleArrivalAsync(message.Id);
        var escalator = Escalator();

        Task<List<DutyPage>> PagesAsync() => fixture.QueryAsync(db => db.DutyPages.Where(p => p.MessageId == message.Id).OrderBy(p => p.Level).ToListAsync());

        fixture.Clock.Advance(TimeSpan.FromMinutes(14));
        await escalator.RunOnceAsync(CancellationToken.None);
        var early = await PagesAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await escalator.RunOnceAsync(CancellationToken.None);
        await escalator.RunOnceAsync(CancellationToken.None);
        var pages = await PagesAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(15));
        await escalator.RunOnceAsync(CancellationToken.None);
        var final = await PagesAsync();

        Assert.Single(early);
        Assert.Null(early[0].EscalatedAt);
        Assert.Equal([fixture.DutyManager.UserId!.Value, fixture.Manager.UserId!.Value], pages.Select(p => p.UserId));
        Assert.Equal([0, 1], pages.Select(p => p.Level));
        Assert.NotNull(pages[0].EscalatedAt);
        Assert.Null(pages[1].EscalatedAt);
        Assert.Equal(2, final.Count);
        Assert.NotNull(final[1].EscalatedAt);
        var told = await fixture.QueryAsync(db => db.Notifications.Where(n => n.Kind == DutyPagingService.UnansweredKind && n.Link == $"/o/riverside-icb/pages/{final[1].Id}").Select(n => n.UserId).ToListAsync());
        Assert.Contains(fixture.Manager.UserId!.Value, told);
        Assert.Contains(fixture.DutyManager.UserId!.Value, told);
        var codes = await fixture.QueryAsync(db => db.AuditEvents.Where(e => e.OrganisationId == fixture.IcbId && (e.SubjectId == final[0].Id.ToString() || e.SubjectId == final[1].Id.ToString())).Select(e => e.Code).ToListAsync());
        Assert.Equal(2, codes.Count(c => c == AuditEventCode.DutyManagerPaged));
        Assert.Equal(2, codes.Count(c => c == AuditEventCode.DutyPageEscalated));
        Assert.Equal(1, codes.Count(c => c == AuditEventCode.DutyPageUnanswered));
    }

    [Fact]
    public async Task Acknowledged_ByThePersonPaged_StopsTheRePaging_AndSomeoneElseWhoIsNotAManagerCannot()
    {
        Night(7);
        await fixture.OnCallAsync(fixture.DutyManager, 1);
        await fixture.OnCallAsync(fixture.Manager, 2);
        var message = await fixture.ReceiveAsync(Disclosure, TriageLabel.Safeguarding);
        await fixture.HandleArrivalAsync(message.Id);
        var page = await fixture.QueryAsync(db => db.DutyPages.SingleAsync(p => p.MessageId == message.Id));

        await using (var scope = fixture.ScopeFor(fixture.Officer))
        {
            var refused = await Assert.ThrowsAsync<InvalidRequestException>(() =>
                scope.ServiceProvider.GetRequiredService<DutyPagingService>().AcknowledgeAsync(fixture.IcbId, page.Id, fixture.Officer));
            Assert.StartsWith("Only the person paged", refused.Message, StringComparison.Ordinal);
        }

        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        await using (var scope = fixture.ScopeFor(fixture.DutyManager))
        {
            await scope.ServiceProvider.GetRequiredService<DutyPagingService>().AcknowledgeAsync(fixture.IcbId, page.Id, fixture.DutyManager);
        }

        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        // The escalator sweeps every organisation's due pages (other tests' too): what matters is this one.
        await Escalator().RunOnceAsync(CancellationToken.None);

        var stored = await fixture.QueryAsync(db => db.DutyPages.Where(p => p.MessageId == message.Id).ToListAsync());
        var only = Assert.Single(stored);
        Assert.Null(only.EscalatedAt);
        Assert.Equal(fixture.DutyManager.UserId, only.AcknowledgedByUserId);
        Assert.Equal(page.PagedAt.AddMinutes(5), only.AcknowledgedAt);
        Assert.True(await fixture.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.SubjectId == page.Id.ToString() && e.Code == AuditEventCode.DutyPageAcknowledged && e.ActorUserId == fixture.DutyManager.UserId)));
    }

    [Fact]
    public async Task ImmediateDanger_InWorkingHours_AlertsTheTeamAndPagesTheDutyManagerToo()
    {
        fixture.Clock.Set(new DateTimeOffset(2026, 12, 8, 14, 0, 0, TimeSpan.Zero));
        var message = await fixture.ReceiveAsync("He says he has a knife and is going to use it tonight.", TriageLabel.ImmediateDanger);

        await fixture.HandleArrivalAsync(message.Id);

        Assert.True(await fixture.QueryAsync(db => db.Notifications.AnyAsync(n => n.Kind == DutyPagingService.UrgentAlertKind && n.Link == $"/o/riverside-icb/inbox/{message.Id}")));
        var page = await fixture.QueryAsync(db => db.DutyPages.SingleAsync(p => p.MessageId == message.Id));
        Assert.Equal(fixture.DutyManager.UserId, page.UserId);
    }

    [Fact]
    public async Task AddShift_WithMistakes_ListsEach_AndAValidShiftIsAuditedAndCanBeRemoved()
    {
        Night(9);
        await using var scope = fixture.ScopeFor(fixture.Manager);
        var service = scope.ServiceProvider.GetRequiredService<OnCallService>();
        var now = fixture.Clock.GetUtcNow();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => service.AddShiftAsync(fixture.IcbId,
            new AddOnCallShiftOptions(fixture.Lead.UserId, now.AddHours(2), now.AddHours(1), 0), fixture.Manager));
        var shift = await service.AddShiftAsync(fixture.IcbId, new AddOnCallShiftOptions(fixture.DutyManager.UserId, now, now.AddHours(10), 3), fixture.Manager);
        var onCall = await scope.ServiceProvider.GetRequiredService<DutyPagingService>().OnCallNowAsync(fixture.IcbId);
        await service.RemoveShiftAsync(fixture.IcbId, shift.Id, fixture.Manager);

        Assert.Equal("Select a duty manager or a member of the communications team in this organisation", error.Errors["UserId"].Single());
        Assert.Equal("The shift must end after it starts", error.Errors["EndsAt"].Single());
        Assert.StartsWith("Enter the order of paging as a number from 1", error.Errors["Position"].Single(), StringComparison.Ordinal);
        Assert.Equal(2, shift.Position);
        Assert.Equal((fixture.DutyManager.UserId!.Value, true, (int?)2), (onCall[0].UserId, onCall[0].FromRota, onCall[0].Position));
        Assert.False(await fixture.QueryAsync(db => db.OnCallShifts.AnyAsync(s => s.Id == shift.Id)));
        var codes = await fixture.QueryAsync(db => db.AuditEvents.Where(e => e.SubjectId == shift.Id.ToString()).Select(e => e.Code).ToListAsync());
        Assert.Equal([AuditEventCode.OnCallShiftAdded, AuditEventCode.OnCallShiftRemoved], codes.Order());
    }

    [Theory]
    [InlineData("07700 900982", "+447700900982")]
    [InlineData("+44 7700 900982", "+447700900982")]
    [InlineData("0044 (7700) 900-982", "+447700900982")]
    [InlineData("447700900982", "+447700900982")]
    [InlineData("020 7946 0958", null)]
    [InlineData("0770090098", null)]
    [InlineData("07700 900982 ext 4", null)]
    public void UkMobileNumber_ReadsTheUsualWays_AndRefusesOtherNumbers(string typed, string? expected)
    {
        var ok = UkMobileNumber.TryNormalise(typed, out var number);

        Assert.Equal(expected is not null, ok);
        Assert.Equal(expected ?? "", number);
    }
}
