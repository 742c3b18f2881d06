using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Signpost.Core.Data;
using Signpost.Core.Features.Inbox;
using Signpost.Tests.Shared;
using Signpost.Web.BrowserTests.Infrastructure;

namespace Signpost.Web.BrowserTests.Inbox;

/// <summary>
/// The site with its background jobs running (the inbox poller asks Bluesky every second), pointed
/// at the Bluesky test network and its Ozone moderation service.
/// </summary>
public sealed class BlueskyInboxSite : SignpostSite
{
    protected override void ConfigureHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Jobs:RunInWeb", "true");
        builder.UseSetting("Inbox:PollInterval", "00:00:01");
        builder.UseSetting("Inbox:ProcessInterval", "00:00:01");
        if (BlueskyTestNetwork.FromEnvironment() is { } bluesky)
        {
            builder.UseSetting("Platforms:Bluesky:DefaultServiceUrl", bluesky.Pds.ToString());
            builder.UseSetting("Platforms:Bluesky:ModerationServiceDid", BlueskyTestNetwork.OzoneDid);
        }
    }
}

/// <summary>
/// Issue 5, end to end in a real browser against the real Bluesky servers: an abusive reply to a
/// post of a connected Bluesky channel arrives in the inbox by the poller; a communications officer
/// hides it with a house-rules reason and blocks its author through the inbox's pages; the test
/// reads the network back (the root post's threadgate lists the reply in hiddenReplies; the
/// account's repository holds a block record for the author). axe checks every page visited.
/// </summary>
public sealed class BlueskyModerationFlowTests(BlueskyInboxSite site) : IClassFixture<BlueskyInboxSite>
{
    private const string Org = "/o/riverside-icb";
    private const string Abuse = "You are all useless idiots and someone should sort you out";

    [Fact]
    public async Task AbusiveReplyOnBluesky_HiddenAndAuthorBlockedThroughTheInbox_NetworkShowsBoth()
    {
        var bluesky = BlueskyTestNetwork.Require();
        var account = await bluesky.CreateAccountAsync("riverside");
        var member = await bluesky.CreateAccountAsync("troll");

        // A communications manager connects the Bluesky account with an app password.
        var manager = await site.SignInAsync("comms.manager@riverside.example");
        await manager.GotoAsync($"{Org}/channels/connect?network=bluesky");
        await manager.AssertNoAxeViolationsAsync();
        await manager.GetByLabel("Channel name (optional)").FillAsync("Riverside ICB on Bluesky");
        await manager.GetByLabel("Handle", new() { Exact = true }).FillAsync(account.Handle);
        await manager.GetByLabel("App password").FillAsync(account.AppPassword);
        await manager.ClickButtonAsync("Connect channel");
        await Assertions.Expect(manager.Locator("main")).ToContainTextAsync("Riverside ICB on Bluesky");
        await manager.AssertNoAxeViolationsAsync();

        // The account posts; a member of the public answers it abusively.
        var ourPost = await bluesky.CreatePostAsync(account, "Our A&E is very busy today: please use NHS 111 online unless it is an emergency.");
        await bluesky.WaitForAppViewPostAsync(ourPost);
        var reply = await bluesky.CreatePostAsync(member, Abuse, ourPost);

        // The poller brings it into the inbox.
        var messageId = await WaitForMessageAsync(reply);

        // A communications officer finds it in the inbox and opens the conversation.
        var officer = await site.SignInAsync("comms.officer@riverside.example");
        await officer.GotoAsync($"{Org}/inbox");
        await Assertions.Expect(officer.Locator("main")).ToContainTextAsync(member.Handle);
        await officer.AssertNoAxeViolationsAsync();
        await officer.Locator($"a[href='{Org}/inbox/{messageId}']").First.ClickAsync();
        await Assertions.Expect(officer.Locator("main")).ToContainTextAsync(Abuse);
        await officer.AssertNoAxeViolationsAsync();

        // Hides it, with the house rule it breaks.
        await officer.GetByRole(AriaRole.Link, new() { Name = "Moderate this message" }).ClickAsync();
        await Assertions.Expect(officer.Locator("h1")).ToContainTextAsync(member.Handle);
        await officer.AssertNoAxeViolationsAsync();
        await officer.GetByLabel("Hide", new() { Exact = true }).CheckAsync();
        await officer.GetByLabel("Reason from the house rules").SelectOptionAsync("abusive");
        await officer.GetByLabel("Note (optional)").FillAsync("Abuse aimed at A&E staff.");
        await officer.ClickButtonAsync("Continue");
        await Assertions.Expect(officer.Locator("main")).ToContainTextAsync("Hide on Bluesky: done");
        await officer.AssertNoAxeViolationsAsync();

        // Blocks its author, with the same rule.
        await officer.GetByLabel("Block author", new() { Exact = true }).CheckAsync();
        await officer.GetByLabel("Reason from the house rules").SelectOptionAsync("abusive");
        await officer.ClickButtonAsync("Continue");
        await Assertions.Expect(officer.Locator("main")).ToContainTextAsync("Block author on Bluesky: done");
        await officer.AssertNoAxeViolationsAsync();

        // The author's page shows the block.
        await officer.GetByRole(AriaRole.Link, new() { Name = "author's page" }).ClickAsync();
        await Assertions.Expect(officer.Locator("main")).ToContainTextAsync(member.Handle);
        await officer.AssertNoAxeViolationsAsync();

        // Read back from the network: the thread's threadgate hides the reply...
        var rkey = BlueskyTestNetwork.ParseAtUri(ourPost).RecordKey;
        var gate = await bluesky.GetRecordAsync($"at://{account.Did}/app.bsky.feed.threadgate/{rkey}");
        Assert.NotNull(gate);
        var hidden = gate.Value.GetProperty("value").GetProperty("hiddenReplies").EnumerateArray().Select(u => u.GetString());
        Assert.Contains(reply, hidden);

        // ... and the account blocks its author.
        var blocks = await bluesky.ListRecordsAsync(account.Did, "app.bsky.graph.block");
        Assert.Contains(blocks, b => b.GetProperty("value").GetProperty("subject").GetString() == member.Did);

        // Signpost shows the same: hidden, blocked, two actions done.
        await using var scope = site.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var message = await db.InboxMessages.AsNoTracking().SingleAsync(m => m.Id == messageId);
        Assert.Equal(InboxVisibility.Hidden, message.Visibility);
        Assert.True(await db.PublicAuthors.AsNoTracking().Where(a => a.Id == message.AuthorId).Select(a => a.Blocked).SingleAsync());
        var done = await db.ModerationRecords.AsNoTracking().Where(r => r.MessageId == messageId || r.AuthorId == message.AuthorId)
            .Select(r => new { r.Action, r.Outcome, r.ReasonCode }).ToListAsync();
        Assert.Contains(done, r => r.Action == Platforms.Inbox.ModerationAction.Hide && r.Outcome == ModerationOutcome.Done && r.ReasonCode == "abusive");
        Assert.Contains(done, r => r.Action == Platforms.Inbox.ModerationAction.Block && r.Outcome == ModerationOutcome.Done && r.ReasonCode == "abusive");
    }

    /// <summary>The stored message's id once the background poller has brought the post in.</summary>
    private async Task<Guid> WaitForMessageAsync(string platformId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            await using (var scope = site.Services.CreateAsyncScope())
            {
                scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var id = await db.InboxMessages.AsNoTracking().Where(m => m.PlatformId == platformId).Select(m => (Guid?)m.Id).FirstOrDefaultAsync();
                if (id is { } found)
                {
                    return found;
                }

                if (DateTimeOffset.UtcNow > deadline)
                {
                    var errors = await db.Channels.IgnoreQueryFilters().AsNoTracking()
                        .Where(c => c.Network == Platforms.Network.Bluesky).Select(c => c.Name + ": " + c.InboxError).ToListAsync();
                    Assert.Fail($"The reply {platformId} did not reach the inbox within 60 s. Channels: {string.Join("; ", errors)}");
                }
            }

            await Task.Delay(250);
        }
    }
}
