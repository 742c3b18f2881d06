using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Sandbox;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Policy.Triage;
using Signpost.Web.BrowserTests.Infrastructure;

namespace Signpost.Web.BrowserTests.Inbox;

/// <summary>
/// Issue 5: a critical comment cannot be deleted by an officer (003 §3.2.6: criticism is never
/// removed for being critical). In a real browser, on the Sandbox: the officer is not offered hide
/// or delete and sees the policy; a hide forced into the form is refused with the policy; a
/// communications manager hides it with a reason and a note. axe checks every page visited.
/// </summary>
public sealed class CriticismTests(SignpostSite site) : IClassFixture<SignpostSite>
{
    private const string Org = "/o/" + DemoData.IcbSlug;
    private const string Criticism = "The new booking system is a total shambles, sort it out.";

    [Fact]
    public async Task CriticalComment_OfficerCannotRemoveIt_ManagerHidesItWithAReasonAndANote()
    {
        var messageId = await CriticalCommentAsync();

        // The officer opens the moderation page: hide and delete are not offered, the policy is shown.
        var officer = await site.SignInAsync("comms.officer@riverside.example");
        await officer.GotoAsync($"{Org}/inbox/{messageId}/moderate");
        await Assertions.Expect(officer.Locator("main")).ToContainTextAsync(Criticism);
        await Assertions.Expect(officer.Locator("#criticism-policy")).ToContainTextAsync(CriticismPolicy.Text);
        await Assertions.Expect(officer.Locator("#criticism-policy")).ToContainTextAsync("You cannot hide or delete it");
        await Assertions.Expect(officer.GetByLabel("Hide", new() { Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(officer.GetByLabel("Delete", new() { Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(officer.GetByLabel("Report to the platform", new() { Exact = true })).ToHaveCountAsync(1);
        await officer.AssertNoAxeViolationsAsync();

        // Forcing it: the "Report" choice is turned into "delete" in the page and sent.
        var report = officer.GetByLabel("Report to the platform", new() { Exact = true });
        await report.CheckAsync();
        await report.EvaluateAsync("input => input.value = 'delete'");
        await officer.GetByLabel("Reason from the house rules").SelectOptionAsync("offensive-language");
        await officer.GetByLabel("Note (optional)").FillAsync("It is rude about the booking team.");
        var refused = await officer.RunAndWaitForResponseAsync(() => officer.ClickButtonAsync("Continue"),
            r => r.Url.Contains("/moderate", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(403, refused.Status);
        await Assertions.Expect(officer.Locator("main")).ToContainTextAsync("Only a communications manager can delete a message that criticises us");
        await Assertions.Expect(officer.Locator("main")).ToContainTextAsync(CriticismPolicy.Text);
        await officer.AssertNoAxeViolationsAsync();
        Assert.Empty(await RecordsAsync(messageId));

        // A communications manager sees the policy too, and may hide it, with a reason and a note.
        var manager = await site.SignInAsync("comms.manager@riverside.example");
        await manager.GotoAsync($"{Org}/inbox/{messageId}/moderate");
        await Assertions.Expect(manager.Locator("#criticism-policy")).ToContainTextAsync(CriticismPolicy.Text);
        await manager.AssertNoAxeViolationsAsync();
        await manager.GetByLabel("Hide", new() { Exact = true }).CheckAsync();
        await manager.GetByLabel("Reason from the house rules").SelectOptionAsync("offensive-language");
        await manager.ClickButtonAsync("Continue");
        await Assertions.Expect(manager.Locator(".nhsuk-error-summary")).ToContainTextAsync("Write why this criticism is being hidden");
        await manager.AssertNoAxeViolationsAsync();
        await manager.GetByLabel("Hide", new() { Exact = true }).CheckAsync();
        await manager.GetByLabel("Reason from the house rules").SelectOptionAsync("offensive-language");
        await manager.GetByLabel("Note (optional)").FillAsync("It names a member of staff with a slur; the criticism is answered in the thread.");
        await manager.ClickButtonAsync("Continue");
        await Assertions.Expect(manager.Locator("main")).ToContainTextAsync("Hide on Sandbox: done");
        await manager.AssertNoAxeViolationsAsync();

        // The moderation log and the author's page show it.
        await manager.GotoAsync($"{Org}/inbox/moderation");
        await Assertions.Expect(manager.Locator("main")).ToContainTextAsync("It names a member of staff");
        await manager.AssertNoAxeViolationsAsync();
        await manager.GetByRole(AriaRole.Link, new() { Name = Criticism[..40], Exact = false }).First.ClickAsync();
        await Assertions.Expect(manager.Locator("h1")).ToContainTextAsync("A message from");
        await manager.Locator("main dl a").First.ClickAsync();
        await Assertions.Expect(manager.Locator("main")).ToContainTextAsync("Member of the public on Sandbox");
        await manager.AssertNoAxeViolationsAsync();

        var record = Assert.Single(await RecordsAsync(messageId));
        Assert.Equal((ModerationAction.Hide, ModerationOutcome.Done, "offensive-language"), (record.Action, record.Outcome, record.ReasonCode));
        Assert.Equal("Tom Okafor", record.ActorName);
        await using var scope = DataScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var message = await db.InboxMessages.AsNoTracking().SingleAsync(m => m.Id == messageId);
        Assert.Equal(InboxVisibility.Hidden, message.Visibility);
        Assert.NotNull(await db.SandboxPosts.Where(p => p.Id == Guid.ParseExact(message.PlatformId, "N")).Select(p => p.HiddenAt).SingleAsync());
    }

    private AsyncServiceScope DataScope()
    {
        var scope = site.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        return scope;
    }

    private async Task<List<ModerationRecord>> RecordsAsync(Guid messageId)
    {
        await using var scope = DataScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().ModerationRecords.AsNoTracking().Where(r => r.MessageId == messageId).ToListAsync();
    }

    /// <summary>A Sandbox channel of the ICB posts; a member of the public comments critically; triage labels it criticism.</summary>
    private async Task<Guid> CriticalCommentAsync()
    {
        await using var scope = DataScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var organisationId = await db.Organisations.Where(o => o.Slug == DemoData.IcbSlug).Select(o => o.Id).SingleAsync();
        var user = await db.Users.SingleAsync(u => u.Email == "comms.manager@riverside.example");
        var manager = new Actor(user.Id, user.DisplayName);
        var teamId = await db.Teams.Where(t => t.OrganisationId == organisationId).Select(t => t.Id).FirstAsync();
        var handle = "crit" + Guid.NewGuid().ToString("N")[..10];
        var account = await scope.ServiceProvider.GetRequiredService<SandboxService>()
            .CreateAccountAsync(organisationId, new CreateSandboxAccountOptions(handle, "Riverside test " + handle), manager);
        var channel = await scope.ServiceProvider.GetRequiredService<ChannelService>().ConnectWithCredentialsAsync(organisationId, Network.Sandbox,
            new ConnectRequest(handle, account.Token, null), new ChannelDetailsOptions(null, teamId), manager);
        await scope.ServiceProvider.GetRequiredService<SandboxNetwork>().PublishAsync(account.Account.Id.ToString(), account.Token,
            new PublishRequest(new ChannelCall(channel.ToAccount(), new PlatformCredential { AccessToken = account.Token }),
                "You can now book your blood test online.", [], Guid.NewGuid().ToString("N")), CancellationToken.None);
        var sent = await scope.ServiceProvider.GetRequiredService<SandboxInboundService>()
            .SendAsync(organisationId, channel.Id, new SandboxInboundOptions("comment", Criticism, "sam.k"), manager);
        var message = await db.InboxMessages.AsNoTracking().SingleAsync(m => m.Id == sent.MessageId);
        Assert.True(CriticismPolicy.Protects(message), $"Triage gave: {string.Join(", ", message.Labels)}");
        Assert.Contains(TriageLabel.Criticism, message.Labels);
        return sent.MessageId;
    }
}
