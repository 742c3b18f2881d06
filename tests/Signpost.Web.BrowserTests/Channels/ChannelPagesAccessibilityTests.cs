using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Sandbox;
using Signpost.Platforms;
using Signpost.Web.BrowserTests.Infrastructure;

namespace Signpost.Web.BrowserTests.Channels;

/// <summary>
/// The channel and Sandbox pages the role crawl does not reach by links: each network's connect
/// form, a form with errors, the Sandbox page with a new token, and a Sandbox timeline with an
/// image, a video with captions and a deleted post. axe finds nothing on any of them.
/// </summary>
public sealed class ChannelPagesAccessibilityTests(SignpostSite site) : IClassFixture<SignpostSite>
{
    private const string Icb = "/o/riverside-icb";

    /// <summary>The smallest PNG there is (one transparent pixel).</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Fact]
    public async Task ConnectForms_ForEveryNetworkAndWithErrors_HaveNoAxeViolations()
    {
        var page = await site.SignInAsync("comms.manager@riverside.example");
        var problems = new List<string>();

        await page.GotoAsync($"{Icb}/channels/connect");
        problems.AddRange(await page.AxeViolationsAsync());
        foreach (var network in site.Services.GetRequiredService<ConnectorRegistry>().All.Select(c => c.Network.ToString().ToLowerInvariant()))
        {
            await page.GotoAsync($"{Icb}/channels/connect?network={network}");
            problems.AddRange((await page.AxeViolationsAsync()).Select(v => $"{network}: {v}"));
        }

        await page.GotoAsync($"{Icb}/channels/connect?network=sandbox");
        await page.GetByLabel("Sandbox handle").FillAsync("nobody-at-all");
        await page.GetByLabel("Sandbox token").FillAsync("sbx_wrong");
        await page.ClickButtonAsync("Connect channel");
        Assert.Equal(1, await page.Locator(".nhsuk-error-summary").CountAsync());
        problems.AddRange(await page.AxeViolationsAsync());

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task SandboxPageAndTimeline_WithANewTokenImagesVideoAndADeletedPost_HaveNoAxeViolations()
    {
        var page = await site.SignInAsync("comms.manager@riverside.example");
        var problems = new List<string>();
        var handle = "a" + Guid.NewGuid().ToString("N")[..10];

        await page.GotoAsync($"{Icb}/sandbox");
        await page.GetByLabel("Handle").FillAsync(handle);
        await page.GetByLabel("Display name").FillAsync("Accessibility check");
        await page.ClickButtonAsync("Make account");
        var token = (await page.Locator("#new-token").InnerTextAsync()).Trim();
        problems.AddRange(await page.AxeViolationsAsync());

        var network = site.Services.GetRequiredService<SandboxNetwork>();
        var account = await network.VerifyAsync(handle, token, TestContext.Current.CancellationToken);
        var call = new ChannelCall(account, new PlatformCredential { AccessToken = token });
        var deleted = await network.PublishAsync(account.AccountId, token, new PublishRequest(call, "A post that was taken down", [], "a1"), TestContext.Current.CancellationToken);
        await network.DeleteAsync(account.AccountId, token, deleted.PlatformPostId, TestContext.Current.CancellationToken);
        var video = await network.PublishAsync(account.AccountId, token, new PublishRequest(call, "Watch how to use an inhaler", [
            new MediaUpload("inhaler.mp4", "video/mp4", new byte[] { 0, 0, 0, 24 }, null, "WEBVTT\n\n00:00.000 --> 00:02.000\nShake the inhaler.\n")], "a2"), TestContext.Current.CancellationToken);
        var image = await network.PublishAsync(account.AccountId, token, new PublishRequest(call, "Flu jabs are free for over-65s.\nBook at your GP.", [
            new MediaUpload("clinic.png", "image/png", Png, "A nurse giving a flu jab")], "a3"), TestContext.Current.CancellationToken);

        await page.GotoAsync($"/sandbox/{handle}");
        Assert.Equal(3, await page.Locator("article").CountAsync());
        problems.AddRange(await page.AxeViolationsAsync());
        await page.GotoAsync(image.Url!.PathAndQuery);
        problems.AddRange(await page.AxeViolationsAsync());
        await page.GotoAsync(video.Url!.PathAndQuery);
        problems.AddRange(await page.AxeViolationsAsync());
        await page.GotoAsync($"{Icb}/sandbox");
        problems.AddRange(await page.AxeViolationsAsync());

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
