using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Validation;
using Signpost.Platforms.Inbox;
using Signpost.Policy.Triage;

namespace Signpost.Core.Tests.Inbox;

/// <summary>Safeguarding referrals (000 §6.1): evidence kept, the leads told, the leads' own work on them.</summary>
public sealed class SafeguardingTests(EscalationFixture fixture) : IClassFixture<EscalationFixture>
{
    private const string Disclosure = "My stepdad hits me when mum is at work. I'm 14. Please don't tell him I wrote this.";

    private async Task<SafeguardingReferral> ReferAsync(Guid messageId, bool danger, Actor? actor = null)
    {
        actor ??= fixture.Officer;
        await using var scope = fixture.ScopeFor(actor);
        return await scope.ServiceProvider.GetRequiredService<SafeguardingService>().ReferAsync(fixture.IcbId, messageId,
            new ReferSafeguardingOptions("A child says they are hit at home.", "The writer, a 14-year-old", danger), actor);
    }

    [Fact]
    public async Task Refer_WithMistakes_ListsEachAndSavesNothing()
    {
        var message = await fixture.ReceiveAsync(Disclosure, TriageLabel.Safeguarding);
        await using var scope = fixture.ScopeFor(fixture.Officer);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => scope.ServiceProvider.GetRequiredService<SafeguardingService>()
            .ReferAsync(fixture.IcbId, message.Id, new ReferSafeguardingOptions(" ", null, null), fixture.Officer));

        Assert.Equal("Enter what the concern is", error.Errors["Concern"].Single());
        Assert.Equal("Enter who is at risk", error.Errors["WhoIsAtRisk"].Single());
        Assert.Equal("Select yes if anyone is in immediate danger", error.Errors["ImmediateDanger"].Single());
        Assert.False(await fixture.QueryAsync(db => db.SafeguardingReferrals.AnyAsync(r => r.MessageId == message.Id)));
    }

    [Fact]
    public async Task Refer_KeepsTheEvidence_AndTellsTheLeadsInTheAppAndByEmail_With999ForImmediateDanger()
    {
        var earlier = await fixture.ReceiveAsync("Our post about the school nurse drop-in");
        var message = await fixture.ReceiveAsync(Disclosure, TriageLabel.Safeguarding);
        await fixture.QueryAsync(db => db.InboxMessages.Where(m => m.Id == earlier.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.RootPlatformId, message.RootPlatformId)));

        var referral = await ReferAsync(message.Id, danger: true);

        var stored = await fixture.QueryAsync(db => db.SafeguardingReferrals.SingleAsync(r => r.Id == referral.Id));
        Assert.Equal((SafeguardingStatus.New, true, "Priya Shah"), (stored.Status, stored.ImmediateDanger, stored.ReferredByName));
        var evidence = SafeguardingEvidence.FromJson(stored.EvidenceJson)!;
        Assert.Equal(Disclosure, evidence.Message.Text);
        Assert.Equal(message.Url, evidence.Message.Url);
        Assert.Equal(message.SentAt, evidence.Message.SentAt);
        Assert.Equal("Riverside ICB on Facebook", evidence.ChannelName);
        Assert.StartsWith("Sam p", evidence.AuthorName, StringComparison.Ordinal);
        Assert.Equal("Our post about the school nurse drop-in", Assert.Single(evidence.Thread).Text);
        var notification = await fixture.QueryAsync(db => db.Notifications.SingleAsync(n => n.Link == $"/o/riverside-icb/safeguarding/{referral.Id}"));
        Assert.Equal(fixture.Lead.UserId, notification.UserId);
        Assert.StartsWith("Immediate danger:", notification.Title, StringComparison.Ordinal);
        Assert.Contains("call 999", notification.Body, StringComparison.Ordinal);
        Assert.True(await fixture.QueryAsync(db => db.OutboxEmails.AnyAsync(e => e.To == "safeguarding.lead@riverside.example" && e.TextBody.Contains(referral.Id.ToString()))));
        Assert.True(await fixture.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.SubjectId == referral.Id.ToString() && e.Code == AuditEventCode.SafeguardingReferred)));
    }

    [Fact]
    public async Task Evidence_AfterTheMessageIsRedacted_IsStillThere()
    {
        var message = await fixture.ReceiveAsync(Disclosure, TriageLabel.Safeguarding, TriageLabel.PersonalData);
        var referral = await ReferAsync(message.Id, danger: false);

        // As the workflow's redaction does it: the text goes, when and who stay.
        var now = fixture.Clock.GetUtcNow();
        await fixture.QueryAsync(db => db.InboxMessages.Where(m => m.Id == message.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Text, "").SetProperty(m => m.RedactedAt, now).SetProperty(m => m.Visibility, InboxVisibility.Deleted)));

        var stored = await fixture.QueryAsync(db => db.SafeguardingReferrals.SingleAsync(r => r.Id == referral.Id));
        Assert.Equal(Disclosure, SafeguardingEvidence.FromJson(stored.EvidenceJson)!.Message.Text);
        Assert.Equal("", await fixture.QueryAsync(db => db.InboxMessages.Where(m => m.Id == message.Id).Select(m => m.Text).SingleAsync()));
    }

    [Fact]
    public async Task Update_ByALead_ChangesStatusLeadAndOutcome_ClosingNeedsAnOutcome_AndToAnyoneElseTheReferralDoesNotExist()
    {
        var message = await fixture.ReceiveAsync(Disclosure, TriageLabel.Safeguarding);
        var referral = await ReferAsync(message.Id, danger: false);
        await using var scope = fixture.ScopeFor(fixture.Lead);
        var service = scope.ServiceProvider.GetRequiredService<SafeguardingService>();

        await Assert.ThrowsAsync<NotFoundException>(() => service.UpdateAsync(fixture.IcbId, referral.Id, new UpdateSafeguardingOptions(SafeguardingStatus.Closed, null, "x"), fixture.Manager));
        var closing = await Assert.ThrowsAsync<InvalidRequestException>(() => service.UpdateAsync(fixture.IcbId, referral.Id, new UpdateSafeguardingOptions(SafeguardingStatus.Closed, null, null), fixture.Lead));
        await service.UpdateAsync(fixture.IcbId, referral.Id, new UpdateSafeguardingOptions(SafeguardingStatus.ReferredOn, fixture.Lead.UserId, "Passed to the children's social care front door, ref CS-1234."), fixture.Lead);

        Assert.Equal("Enter the outcome before closing the referral", closing.Errors["Outcome"].Single());
        var stored = await fixture.QueryAsync(db => db.SafeguardingReferrals.SingleAsync(r => r.Id == referral.Id));
        Assert.Equal((SafeguardingStatus.ReferredOn, fixture.Lead.UserId), (stored.Status, stored.LeadUserId));
        Assert.Equal("Passed to the children's social care front door, ref CS-1234.", stored.Outcome);
        var changed = await fixture.QueryAsync(db => db.AuditEvents.SingleAsync(e => e.SubjectId == referral.Id.ToString() && e.Code == AuditEventCode.SafeguardingStatusChanged));
        Assert.Contains("ReferredOn", changed.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportToPlatform_GoesThroughModerationWithTheSafeguardingReason_AndTheReferralSaysWhetherItWasReported()
    {
        var message = await fixture.ReceiveAsync(Disclosure, TriageLabel.Safeguarding);
        var referral = await ReferAsync(message.Id, danger: false);
        await using var scope = fixture.ScopeFor(fixture.Lead);

        var record = await scope.ServiceProvider.GetRequiredService<SafeguardingService>().ReportToPlatformAsync(fixture.IcbId, referral.Id, "Child at risk", fixture.Lead);

        var stored = await fixture.QueryAsync(db => db.ModerationRecords.SingleAsync(r => r.Id == record.Id));
        Assert.Equal((ModerationAction.Report, "safeguarding", message.Id), (stored.Action, stored.ReasonCode, stored.MessageId));
        var after = await fixture.QueryAsync(db => db.SafeguardingReferrals.SingleAsync(r => r.Id == referral.Id));
        Assert.Equal(stored.Outcome == ModerationOutcome.Done, after.ReportedToPlatformAt is not null);
    }
}
