using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Sandbox;
using Signpost.Core.Validation;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Policy.Triage;

namespace Signpost.Core.Tests.Inbox;

public sealed class ModerationServiceTests(ModerationFixture fixture) : IClassFixture<ModerationFixture>
{
    private Task<InboxMessage> MessageAsync(Guid id) => fixture.QueryAsync(db => db.InboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    private Task<PublicAuthor> AuthorOfAsync(Guid messageId) =>
        fixture.QueryAsync(db => db.PublicAuthors.AsNoTracking().SingleAsync(a => a.Id == db.InboxMessages.Where(m => m.Id == messageId).Select(m => m.AuthorId).First()));

    private Task<SandboxPost> OnNetworkAsync(InboxMessage message) =>
        fixture.QueryAsync(db => db.SandboxPosts.AsNoTracking().SingleAsync(p => p.Id == Guid.ParseExact(message.PlatformId, "N")));

    private Task<List<ModerationRecord>> RecordsAsync(Guid messageId) =>
        fixture.QueryAsync(db => db.ModerationRecords.AsNoTracking().Where(r => r.MessageId == messageId).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync());

    private Task<List<Core.Audit.AuditEvent>> AuditAsync(Guid recordId) =>
        fixture.QueryAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.SubjectType == "ModerationRecord" && e.SubjectId == recordId.ToString()).ToListAsync());

    private async Task<(Channel Channel, Guid MessageId)> CommentAsync(string text = "You lot are a bunch of clowns.", string? author = null)
    {
        var channel = await fixture.ConnectSandboxChannelAsync();
        return (channel, await fixture.SendAsync(channel, text, author ?? ModerationFixture.NewHandle()));
    }

    [Fact]
    public async Task Apply_HideOnTheSandbox_HiddenOnTheNetworkRecordedAndAudited()
    {
        var (_, id) = await CommentAsync();

        var record = await fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Hide, "abusive");

        Assert.Equal(ModerationOutcome.Done, record.Outcome);
        var message = await MessageAsync(id);
        Assert.Equal(InboxVisibility.Hidden, message.Visibility);
        Assert.NotNull((await OnNetworkAsync(message)).HiddenAt);
        var stored = Assert.Single(await RecordsAsync(id));
        Assert.Equal(("abusive", fixture.Officer.Name, false), (stored.ReasonCode, stored.ActorName, stored.Automatic));
        Assert.Equal(AuditEventCode.MessageHidden, Assert.Single(await AuditAsync(record.Id)).Code);
        Assert.True(await fixture.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Code == AuditEventCode.ChannelCredentialRead && e.SubjectId == message.ChannelId.ToString() && e.Summary.Contains("hide"))));
    }

    [Fact]
    public async Task Apply_UnhideWithANote_ShownAgainWithTheOriginalReason()
    {
        var (_, id) = await CommentAsync();
        await fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Hide, "off-topic");

        var record = await fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Unhide, "", "Read again: it is on topic.");

        Assert.Equal((ModerationOutcome.Done, "off-topic"), (record.Outcome, record.ReasonCode));
        var message = await MessageAsync(id);
        Assert.Equal(InboxVisibility.Visible, message.Visibility);
        Assert.Null((await OnNetworkAsync(message)).HiddenAt);
        Assert.Equal(AuditEventCode.MessageUnhidden, Assert.Single(await AuditAsync(record.Id)).Code);
    }

    [Fact]
    public async Task Apply_UnhideWithoutANote_RefusedAndStillHidden()
    {
        var (_, id) = await CommentAsync();
        await fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Hide, "spam");

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Unhide, ""));

        Assert.Contains("Write why the message is shown again", error.Errors["Note"]);
        Assert.Equal(InboxVisibility.Hidden, (await MessageAsync(id)).Visibility);
        Assert.Single(await RecordsAsync(id));
    }

    [Fact]
    public async Task Apply_Delete_DeletedOnTheNetworkAndFinal()
    {
        var (_, id) = await CommentAsync();

        var record = await fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Delete, "abusive");

        Assert.Equal(ModerationOutcome.Done, record.Outcome);
        var message = await MessageAsync(id);
        Assert.Equal(InboxVisibility.Deleted, message.Visibility);
        Assert.NotNull((await OnNetworkAsync(message)).DeletedAt);
        var again = await Assert.ThrowsAsync<InvalidRequestException>(() => fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Unhide, "", "Bring it back"));
        Assert.Contains("This message is not hidden", again.Errors["Action"]);
    }

    [Fact]
    public async Task Apply_BlockThenUnblock_TheBlockOnTheNetworkIsMadeAndLiftedWithItsReference()
    {
        var (channel, id) = await CommentAsync();
        var ours = Guid.Parse(channel.AccountId);

        var block = await fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Block, "abusive", "Third abusive comment this week.");

        Assert.Equal(ModerationOutcome.Done, block.Outcome);
        var author = await AuthorOfAsync(id);
        Assert.True(author.Blocked);
        var onNetwork = await fixture.QueryAsync(db => db.SandboxBlocks.AsNoTracking().SingleAsync(b => b.AccountId == ours));
        Assert.Equal(onNetwork.Id.ToString("N"), author.BlockReference);
        Assert.Equal(author.BlockReference, block.PlatformReference);

        var unblock = await fixture.ApplyAsync(fixture.Manager, id, ModerationAction.Unblock, "", "Apologised by email.");

        Assert.Equal((ModerationOutcome.Done, "abusive"), (unblock.Outcome, unblock.ReasonCode));
        author = await AuthorOfAsync(id);
        Assert.False(author.Blocked);
        Assert.Null(author.BlockReference);
        Assert.False(await fixture.QueryAsync(db => db.SandboxBlocks.AnyAsync(b => b.AccountId == ours)));
        Assert.Equal(AuditEventCode.AuthorUnblocked, Assert.Single(await AuditAsync(unblock.Id)).Code);
    }

    [Fact]
    public async Task Apply_Report_ReportedToTheNetworkWithTheHouseRule()
    {
        var (channel, id) = await CommentAsync();

        var record = await fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Report, "discriminatory");

        Assert.Equal(ModerationOutcome.Done, record.Outcome);
        var ours = Guid.Parse(channel.AccountId);
        var report = await fixture.QueryAsync(db => db.SandboxReports.AsNoTracking().SingleAsync(r => r.ReporterAccountId == ours));
        Assert.Equal(HouseRuleReasons.Find("discriminatory")!.Text, report.Reason);
        Assert.Equal(report.Id.ToString("N"), record.PlatformReference);
        Assert.Equal(InboxVisibility.Visible, (await MessageAsync(id)).Visibility);
    }

    [Fact]
    public async Task Apply_ActionThePlatformDoesNotAllow_RecordedAsNotSupportedAndNothingChanged()
    {
        var (channel, id) = await CommentAsync();

        var record = await fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Block, "abusive", services: fixture.Limited);

        Assert.Equal(ModerationOutcome.NotSupported, record.Outcome);
        Assert.Contains("does not let an account block people", record.Error, StringComparison.Ordinal);
        Assert.False((await AuthorOfAsync(id)).Blocked);
        var ours = Guid.Parse(channel.AccountId);
        Assert.False(await fixture.QueryAsync(db => db.SandboxBlocks.AnyAsync(b => b.AccountId == ours)));
        Assert.Equal(ModerationOutcome.NotSupported, Assert.Single(await RecordsAsync(id)).Outcome);
        Assert.Equal(AuditEventCode.ModerationNotSupported, Assert.Single(await AuditAsync(record.Id)).Code);
    }

    [Fact]
    public async Task Apply_PlatformRefuses_RecordedAsFailedWithItsErrorAndNothingChanged()
    {
        var (channel, id) = await CommentAsync();
        await using (var scope = fixture.UnrestrictedScope())
        {
            // The account's token no longer works on the network (revoked there).
            var wrong = scope.ServiceProvider.GetRequiredService<ChannelCredentials>().Protect(new PlatformCredential { AccessToken = "sbx_revoked" });
            await scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>().Channels.Where(c => c.Id == channel.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.CredentialCiphertext, wrong));
        }

        var record = await fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Hide, "abusive");

        Assert.Equal(ModerationOutcome.Failed, record.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(record.Error));
        var message = await MessageAsync(id);
        Assert.Equal(InboxVisibility.Visible, message.Visibility);
        Assert.Null((await OnNetworkAsync(message)).HiddenAt);
        Assert.Equal(0, (await AuthorOfAsync(id)).Strikes);
        var audit = Assert.Single(await AuditAsync(record.Id));
        Assert.Equal(AuditEventCode.ModerationFailed, audit.Code);
        Assert.Contains(record.Error!, audit.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_ReasonNotInTheHouseRules_RefusedAndNothingRecorded()
    {
        var (_, id) = await CommentAsync();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Hide, "rude"));

        Assert.Contains("Choose a reason from the house rules", error.Errors["Reason"]);
        Assert.Empty(await RecordsAsync(id));
        var message = await MessageAsync(id);
        Assert.Equal(InboxVisibility.Visible, message.Visibility);
        Assert.Null((await OnNetworkAsync(message)).HiddenAt);
    }

    [Fact]
    public async Task Apply_NoReason_Refused()
    {
        var (_, id) = await CommentAsync();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Report, " "));

        Assert.Contains("Choose the house rule the message breaks", error.Errors["Reason"]);
        Assert.Empty(await RecordsAsync(id));
    }

    [Fact]
    public async Task Apply_HideTwice_TheSecondIsRefused()
    {
        var (_, id) = await CommentAsync();
        await fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Hide, "spam");

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Hide, "spam"));

        Assert.Contains("This message is already hidden", error.Errors["Action"]);
        Assert.Single(await RecordsAsync(id));
    }

    [Fact]
    public async Task Apply_MessageOfAnotherOrganisation_NotFound()
    {
        var (_, id) = await CommentAsync();
        var other = await fixture.QueryAsync(db => db.Organisations.Where(o => o.Slug == Core.Features.Demo.DemoData.TrustSlug).Select(o => o.Id).SingleAsync());
        await using var scope = fixture.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Core.Data.OrganisationScope>().EnterOrganisation(other, fixture.Manager.UserId);

        await Assert.ThrowsAsync<NotFoundException>(() =>
            scope.ServiceProvider.GetRequiredService<ModerationService>().ApplyAsync(id, ModerationAction.Hide, "abusive", null, fixture.Manager));

        Assert.Empty(await RecordsAsync(id));
    }

    [Fact]
    public async Task Apply_CriticismTriaged_LabelledCriticismAndNothingWorse()
    {
        var (_, id) = await CommentAsync("The new booking system is a total shambles, sort it out.");

        var message = await MessageAsync(id);

        Assert.True(message.Has(TriageLabel.Criticism), $"Labels: {string.Join(", ", message.Labels)}");
        Assert.True(CriticismPolicy.Protects(message));
    }

    [Theory]
    [InlineData(ModerationAction.Hide)]
    [InlineData(ModerationAction.Delete)]
    public async Task Apply_OfficerRemovesCriticism_RefusedWithThePolicyAndNothingChanged(ModerationAction action)
    {
        var (_, id) = await CommentAsync("The new booking system is a total shambles, sort it out.");
        await fixture.SetLabelsAsync(id, TriageLabel.Criticism);

        var refusal = await Assert.ThrowsAsync<ModerationRefusedException>(() =>
            fixture.ApplyAsync(fixture.Officer, id, action, "offensive-language", "It is rude about the team."));

        Assert.Equal(CriticismPolicy.Text, refusal.Policy);
        Assert.Equal("003 §3.2.6", refusal.PolicySource);
        Assert.StartsWith("Criticism of the ICB including but not limited to derogatory and offensive comments - should never be removed", refusal.Policy, StringComparison.Ordinal);
        Assert.Empty(await RecordsAsync(id));
        var message = await MessageAsync(id);
        Assert.Equal(InboxVisibility.Visible, message.Visibility);
        var onNetwork = await OnNetworkAsync(message);
        Assert.Null(onNetwork.HiddenAt);
        Assert.Null(onNetwork.DeletedAt);
    }

    [Fact]
    public async Task Apply_OfficerReportsCriticism_Allowed()
    {
        var (_, id) = await CommentAsync("The new booking system is a total shambles, sort it out.");
        await fixture.SetLabelsAsync(id, TriageLabel.Criticism);

        var record = await fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Report, "misinformation");

        Assert.Equal(ModerationOutcome.Done, record.Outcome);
    }

    [Fact]
    public async Task Apply_ManagerHidesCriticismWithoutANote_AskedWhy()
    {
        var (_, id) = await CommentAsync("The new booking system is a total shambles, sort it out.");
        await fixture.SetLabelsAsync(id, TriageLabel.Criticism);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => fixture.ApplyAsync(fixture.Manager, id, ModerationAction.Hide, "offensive-language"));

        Assert.Contains(error.Errors["Note"], m => m.Contains("003 §3.2.6", StringComparison.Ordinal));
        Assert.Empty(await RecordsAsync(id));
    }

    [Fact]
    public async Task Apply_ManagerHidesCriticismWithANote_Hidden()
    {
        var (_, id) = await CommentAsync("The new booking system is a total shambles, sort it out.");
        await fixture.SetLabelsAsync(id, TriageLabel.Criticism);

        var record = await fixture.ApplyAsync(fixture.Manager, id, ModerationAction.Hide, "offensive-language", "Names a member of staff with a slur; the criticism itself is answered in the thread.");

        Assert.Equal(ModerationOutcome.Done, record.Outcome);
        Assert.Equal(InboxVisibility.Hidden, (await MessageAsync(id)).Visibility);
        Assert.StartsWith("Names a member of staff", Assert.Single(await RecordsAsync(id)).Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_OfficerHidesCriticismThatIsAlsoAbuse_Hidden()
    {
        var (_, id) = await CommentAsync("The new booking system is a total shambles, sort it out.");
        await fixture.SetLabelsAsync(id, TriageLabel.Criticism, TriageLabel.Abuse);

        var record = await fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Hide, "abusive");

        Assert.Equal(ModerationOutcome.Done, record.Outcome);
        Assert.Equal(InboxVisibility.Hidden, (await MessageAsync(id)).Visibility);
    }

    [Fact]
    public async Task Apply_StrikeReasonsUpToTheThreshold_BlockProposedAndManagersTold()
    {
        var channel = await fixture.ConnectSandboxChannelAsync();
        var handle = ModerationFixture.NewHandle();
        var first = await fixture.SendAsync(channel, "You are all useless idiots.", handle);
        var second = await fixture.SendAsync(channel, "Idiots, the lot of you.", handle);
        var third = await fixture.SendAsync(channel, "Still idiots.", handle);

        await fixture.ApplyAsync(fixture.Officer, first, ModerationAction.Hide, "abusive");
        await fixture.ApplyAsync(fixture.Officer, first, ModerationAction.Report, "abusive");
        var afterOne = await AuthorOfAsync(first);
        await fixture.ApplyAsync(fixture.Officer, second, ModerationAction.Delete, "offensive-language");
        await fixture.ApplyAsync(fixture.Officer, third, ModerationAction.Hide, "abusive");

        Assert.Equal((1, false), (afterOne.Strikes, afterOne.BlockProposed));
        var author = await AuthorOfAsync(third);
        Assert.Equal((3, true, false), (author.Strikes, author.BlockProposed, author.Blocked));
        Assert.Equal(3, await fixture.QueryAsync(db => db.AuthorStrikes.CountAsync(s => s.AuthorId == author.Id)));
        Assert.True(await fixture.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Code == AuditEventCode.BlockProposed && e.SubjectId == author.Id.ToString())));
        var told = await fixture.QueryAsync(db => db.Notifications.AsNoTracking().Where(n => n.Kind == "block-proposed" && n.Link.EndsWith(author.Id.ToString())).ToListAsync());
        Assert.Contains(told, n => n.UserId == fixture.Manager.UserId);
        Assert.DoesNotContain(told, n => n.UserId == fixture.Officer.UserId);
    }

    [Fact]
    public async Task Apply_ReasonWithoutAStrike_NoStrike()
    {
        var (_, id) = await CommentAsync("Buy cheap followers at example.com");

        await fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Hide, "spam");

        Assert.Equal(0, (await AuthorOfAsync(id)).Strikes);
    }

    [Fact]
    public async Task RemoveStrike_ManagerWithANote_StrikeGoneAndProposalWithdrawn()
    {
        var channel = await fixture.ConnectSandboxChannelAsync();
        var handle = ModerationFixture.NewHandle();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await fixture.SendAsync(channel, $"Idiots, all of you ({i}).", handle));
            await fixture.ApplyAsync(fixture.Officer, ids[i], ModerationAction.Hide, "abusive");
        }

        var author = await AuthorOfAsync(ids[0]);
        Assert.True(author.BlockProposed);
        var strike = await fixture.QueryAsync(db => db.AuthorStrikes.AsNoTracking().SingleAsync(s => s.MessageId == ids[0]));
        await fixture.ApplyAsync(fixture.Officer, ids[0], ModerationAction.Unhide, "", "Misread: it quoted someone else.");
        await using (var scope = fixture.ScopeFor(fixture.Manager))
        {
            await scope.ServiceProvider.GetRequiredService<ModerationService>().RemoveStrikeAsync(strike.Id, "Misread: it quoted someone else.", fixture.Manager);
        }

        author = await AuthorOfAsync(ids[0]);
        Assert.Equal((2, false), (author.Strikes, author.BlockProposed));
        Assert.False(await fixture.QueryAsync(db => db.AuthorStrikes.AnyAsync(s => s.Id == strike.Id)));
        var removed = await fixture.QueryAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.Code == AuditEventCode.StrikeRemoved && e.SubjectId == author.Id.ToString()));
        Assert.Contains("Misread", removed.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveStrike_OfficerOrNoNote_Refused()
    {
        var (_, id) = await CommentAsync();
        await fixture.ApplyAsync(fixture.Officer, id, ModerationAction.Hide, "abusive");
        var strike = await fixture.QueryAsync(db => db.AuthorStrikes.AsNoTracking().SingleAsync(s => s.MessageId == id));

        await using var officer = fixture.ScopeFor(fixture.Officer);
        var byOfficer = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            officer.ServiceProvider.GetRequiredService<ModerationService>().RemoveStrikeAsync(strike.Id, "Not fair", fixture.Officer));
        await using var manager = fixture.ScopeFor(fixture.Manager);
        var noNote = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            manager.ServiceProvider.GetRequiredService<ModerationService>().RemoveStrikeAsync(strike.Id, " ", fixture.Manager));

        Assert.Contains("Only a communications manager can remove a strike", byOfficer.Errors[""]);
        Assert.Contains("Write why the strike is removed", noNote.Errors["Note"]);
        Assert.Equal(1, (await AuthorOfAsync(id)).Strikes);
    }

    [Fact]
    public async Task DismissBlockProposal_Manager_NoLongerProposedUntilTheNextStrike()
    {
        var channel = await fixture.ConnectSandboxChannelAsync();
        var handle = ModerationFixture.NewHandle();
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await fixture.SendAsync(channel, $"Idiots, all of you ({i}).", handle));
        }

        for (var i = 0; i < 3; i++)
        {
            await fixture.ApplyAsync(fixture.Officer, ids[i], ModerationAction.Hide, "abusive");
        }

        var author = await AuthorOfAsync(ids[0]);
        await using (var scope = fixture.ScopeFor(fixture.Manager))
        {
            await scope.ServiceProvider.GetRequiredService<ModerationService>().DismissBlockProposalAsync(author.Id, "Give them a chance.", fixture.Manager);
        }

        var dismissed = await AuthorOfAsync(ids[0]);
        await fixture.ApplyAsync(fixture.Officer, ids[3], ModerationAction.Hide, "abusive");
        var again = await AuthorOfAsync(ids[0]);

        Assert.Equal((3, false), (dismissed.Strikes, dismissed.BlockProposed));
        Assert.Equal((4, true), (again.Strikes, again.BlockProposed));
    }

    [Fact]
    public async Task BlockAuthor_FromTheAuthor_BlockedOnTheNetwork()
    {
        var (channel, id) = await CommentAsync();
        var author = await AuthorOfAsync(id);
        await using var scope = fixture.ScopeFor(fixture.Manager);
        var moderation = scope.ServiceProvider.GetRequiredService<ModerationService>();

        var record = await moderation.BlockAuthorAsync(author.Id, "abusive", null, fixture.Manager);

        Assert.Equal(ModerationOutcome.Done, record.Outcome);
        Assert.Null(record.MessageId);
        var ours = Guid.Parse(channel.AccountId);
        Assert.True(await fixture.QueryAsync(db => db.SandboxBlocks.AnyAsync(b => b.AccountId == ours && b.BlockedAccountId == Guid.Parse(author.PlatformId))));
        Assert.True((await AuthorOfAsync(id)).Blocked);
    }
}
