using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Signpost.Core.Data;
using Signpost.Core.Features.Posts;
using Signpost.Platforms;
using Signpost.Tests.Shared;
using Signpost.Web.BrowserTests.Infrastructure;

namespace Signpost.Web.BrowserTests.Publishing;

/// <summary>
/// Issue 4, end to end in a real browser: a manager connects a Bluesky account; an officer adds a
/// picture with alt text, writes a post with a lowercase multi-word hashtag, sees the finding, uses
/// the fix and submits; a manager approves; the publisher sends it to the Sandbox and to the real
/// Bluesky test network, where the test reads it back with its alt text. axe checks every page.
/// </summary>
public sealed partial class PublishingFlowTests(PublishingSite site) : IClassFixture<PublishingSite>
{
    private const string Org = "/o/riverside-icb";
    private const string AltText = "A nurse giving a flu vaccine to an older man at Riverside Library.";

    private static readonly byte[] Picture = TestImages.Png(120, 80);

    [Fact]
    public async Task ComposeApprovePublish_ImageAndFixedHashtag_GoesOutToTheSandboxAndBlueskyWithAltText()
    {
        var bluesky = BlueskyTestNetwork.Require();
        var account = await bluesky.CreateAccountAsync("riverside");

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

        // An officer adds a picture with alt text to the media library.
        var officer = await site.SignInAsync("comms.officer@riverside.example");
        await officer.GotoAsync($"{Org}/media/upload");
        await officer.AssertNoAxeViolationsAsync();
        await officer.Locator("#File").SetInputFilesAsync(new FilePayload { Name = "flu-clinic.png", MimeType = "image/png", Buffer = Picture });
        await officer.GetByLabel("Title (optional)").FillAsync("Flu clinic at Riverside Library");
        await officer.GetByLabel("Alt text").FillAsync(AltText);
        await officer.ClickButtonAsync("Add to library");
        await Assertions.Expect(officer.Locator("main")).ToContainTextAsync("Flu clinic at Riverside Library");

        // Writes the post; the finding appears as they type, and the fix is one click away.
        await officer.GotoAsync($"{Org}/posts/new");
        await officer.AssertNoAxeViolationsAsync();
        await officer.GetByLabel("Text of the post").FillAsync(
            "Flu vaccines are free for everyone aged 65 and over. Book yours at your GP surgery or a pharmacy this week. #mentalhealthawareness");
        await officer.GetByLabel("Riverside ICB on the Sandbox").CheckAsync();
        await officer.GetByLabel("Riverside ICB on Bluesky").CheckAsync();
        await officer.GetByLabel("Flu clinic at Riverside Library").CheckAsync();
        await officer.GetByLabel("As soon as it is approved").CheckAsync();
        var fix = officer.GetByRole(AriaRole.Button, new() { NameRegex = UseThisFix() }).First;
        await Assertions.Expect(fix).ToBeVisibleAsync();
        await Assertions.Expect(officer.Locator("main")).ToContainTextAsync("#mentalhealthawareness");
        await officer.AssertNoAxeViolationsAsync();
        await fix.ClickAsync();
        await Assertions.Expect(officer.GetByLabel("Text of the post")).ToHaveValueAsync(new Regex("#MentalHealthAwareness"));
        await officer.ClickButtonAsync("Save and submit for approval");
        await Assertions.Expect(officer.Locator("main")).ToContainTextAsync("#MentalHealthAwareness");
        await officer.AssertNoAxeViolationsAsync();
        var postPath = officer.PathAndQuery();
        Assert.Matches(new Regex($"^{Org}/posts/[0-9a-f-]{{36}}"), postPath);
        var postId = Guid.Parse(postPath.Split('/')[4].Split('?')[0]);

        // A manager approves it from their approvals list (one person at a time: the site keeps one browser context).
        manager = await site.SignInAsync("comms.manager@riverside.example");
        await manager.GotoAsync($"{Org}/approvals");
        await manager.AssertNoAxeViolationsAsync();
        await manager.Locator($"a[href*='{postId}']").First.ClickAsync();
        await manager.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Approve version") }).ClickAsync();
        await manager.AssertNoAxeViolationsAsync();

        // The publisher sends it to both channels.
        var publications = await WaitForPublishedAsync(postId);
        var onBluesky = publications.Single(p => p.Network == Network.Bluesky);
        var onSandbox = publications.Single(p => p.Network == Network.Sandbox);

        await manager.GotoAsync(postPath);
        await Assertions.Expect(manager.Locator("main")).ToContainTextAsync("Published");
        await manager.AssertNoAxeViolationsAsync();

        // Read back from the Bluesky network itself: the record and the AppView carry the alt text.
        var record = await bluesky.GetRecordAsync(onBluesky.PlatformPostId!);
        Assert.NotNull(record);
        Assert.Contains("#MentalHealthAwareness", record.Value.GetProperty("value").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal([AltText], await bluesky.GetRecordAltTextsAsync(onBluesky.PlatformPostId!));
        await bluesky.WaitForAppViewPostAsync(onBluesky.PlatformPostId!);
        Assert.Equal([AltText], await bluesky.GetAppViewAltTextsAsync(onBluesky.PlatformPostId!));

        // And the Sandbox shows it on its timeline with the picture's alt text.
        await manager.GotoAsync(new Uri(onSandbox.PlatformUrl!).PathAndQuery);
        await Assertions.Expect(manager.Locator("main")).ToContainTextAsync("#MentalHealthAwareness");
        await Assertions.Expect(manager.GetByAltText(AltText)).ToBeVisibleAsync();
        await manager.AssertNoAxeViolationsAsync();
    }

    private sealed record PublishedOn(Network Network, string? PlatformPostId, string? PlatformUrl);

    private async Task<List<PublishedOn>> WaitForPublishedAsync(Guid postId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var scope = site.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var rows = await (
                from p in db.Publications.AsNoTracking()
                join c in db.Channels on p.ChannelId equals c.Id
                where p.PostId == postId
                select new { p.State, p.LastError, c.Network, p.PlatformPostId, p.PlatformUrl }).ToListAsync();
            if (rows.Count > 0 && rows.All(r => r.State == PublicationState.Published))
            {
                return [.. rows.Select(r => new PublishedOn(r.Network, r.PlatformPostId, r.PlatformUrl))];
            }

            if (rows.Any(r => r.State is PublicationState.Failed or PublicationState.Unknown) || DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail("Not published: " + string.Join("; ", rows.Select(r => $"{r.Network} {r.State} {r.LastError}")));
            }

            await Task.Delay(250);
        }
    }

    [GeneratedRegex("^Use this fix")]
    private static partial Regex UseThisFix();
}
