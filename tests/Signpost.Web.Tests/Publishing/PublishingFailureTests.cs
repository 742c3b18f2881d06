using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Publishing;
using Signpost.Core.Features.Sandbox;
using Signpost.Core.Features.Users;
using Signpost.Platforms;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Publishing;

/// <summary>
/// Issue 4, fault injection on the Sandbox: a refused post, a revoked token and a rate limit each
/// end in the right state, and the people concerned see it on the post's page and in their
/// notifications (and an email is queued for them).
/// </summary>
public sealed class PublishingFailureTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    private const string Org = $"/o/{DemoPeople.Icb}";

    /// <summary>A Sandbox channel of its own for each test, so that one test's fault does not reach another.</summary>
    private async Task<(Guid OrganisationId, Channel Channel, Actor Officer, Actor Manager)> DemoAsync()
    {
        await using var scope = factory.DataScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var organisationId = await factory.OrganisationIdAsync(DemoPeople.Icb);
        var officer = AccountService.ActorFor(await db.Users.SingleAsync(u => u.Email == DemoPeople.Officer));
        var manager = AccountService.ActorFor(await db.Users.SingleAsync(u => u.Email == DemoPeople.Manager));
        var handle = "faults" + Guid.NewGuid().ToString("N")[..8];
        var account = await scope.ServiceProvider.GetRequiredService<SandboxService>().CreateAccountAsync(organisationId, new CreateSandboxAccountOptions(handle, "Fault test"), manager);
        var team = await db.Teams.Where(t => t.OrganisationId == organisationId).Select(t => t.Id).FirstAsync();
        var channel = await scope.ServiceProvider.GetRequiredService<ChannelService>().ConnectWithCredentialsAsync(organisationId, Network.Sandbox,
            new ConnectRequest(handle, account.Token, null), new ChannelDetailsOptions($"Fault test {handle}", team), manager);
        return (organisationId, channel, officer, manager);
    }

    private async Task SetFaultAsync(Channel channel, SandboxFault fault, int count, int retryAfterSeconds = 30)
    {
        await using var scope = factory.DataScope();
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SandboxAccounts.Where(a => a.Id == Guid.Parse(channel.AccountId))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Fault, fault).SetProperty(a => a.FaultRemaining, count).SetProperty(a => a.RetryAfterSeconds, retryAfterSeconds));
    }

    /// <summary>Written, submitted and approved for "publish now", as people do it.</summary>
    private async Task<Guid> ApprovedPostAsync(string title, Channel channel)
    {
        var (organisationId, _, officer, manager) = await DemoAsync();
        await using var scope = factory.DataScope();
        var posts = scope.ServiceProvider.GetRequiredService<PostService>();
        var post = await posts.CreateAsync(organisationId, new SavePostOptions(title, $"{title}: the walk-in clinic at Riverside Library is open on Saturday from 9am.", [channel.Id]), officer);
        await posts.SubmitAsync(organisationId, post.Id, officer);
        await posts.ApproveAsync(organisationId, post.Id, new ApprovePostOptions(PublishNow: true), manager);
        return post.Id;
    }

    private async Task PublishDueAsync()
    {
        var dispatcher = new PublicationDispatcher(factory.Services.GetRequiredService<IServiceScopeFactory>(),
            factory.Services.GetRequiredService<PublishingOptions>(), TimeProvider.System, NullLogger<PublicationDispatcher>.Instance);
        while (await dispatcher.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    [Fact]
    public async Task Publish_PlatformRefusesThePost_PostPageShowsFailedWithTheReasonAndTheAuthorIsTold()
    {
        var (_, channel, _, _) = await DemoAsync();
        await SetFaultAsync(channel, SandboxFault.Reject, 1);
        var postId = await ApprovedPostAsync("Walk-in clinic refused", channel);

        await PublishDueAsync();

        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var page = await officer.GetDocumentAsync($"{Org}/posts/{postId}");
        var main = page.QuerySelector("main")!.TextContent;
        Assert.Contains("Failed", main, StringComparison.Ordinal);
        Assert.Contains("refused the post", main, StringComparison.Ordinal);
        var notifications = await officer.GetDocumentAsync($"{Org}/notifications");
        var link = notifications.QuerySelectorAll("main a").FirstOrDefault(a => a.GetAttribute("href") == $"{Org}/posts/{postId}");
        Assert.NotNull(link);
        Assert.Contains("was not published", link.TextContent, StringComparison.Ordinal);
        Assert.True(await factory.QueryAsync(db => db.OutboxEmails.AnyAsync(e => e.To == DemoPeople.Officer && e.Subject.Contains("Walk-in clinic refused"))));
    }

    [Fact]
    public async Task Publish_RateLimited_PostPageSaysWhenItWillTryAgainAndItGoesOutAfterwards()
    {
        var (_, channel, _, _) = await DemoAsync();
        await SetFaultAsync(channel, SandboxFault.RateLimit, 1, retryAfterSeconds: 1);
        var postId = await ApprovedPostAsync("Walk-in clinic limited", channel);

        await PublishDueAsync();

        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var waiting = (await officer.GetDocumentAsync($"{Org}/posts/{postId}")).QuerySelector("main")!.TextContent;
        Assert.Contains("limiting requests", waiting, StringComparison.Ordinal);
        Assert.Equal(PublicationState.Pending, await factory.QueryAsync(db => db.Publications.Where(p => p.PostId == postId).Select(p => p.State).SingleAsync()));

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await PublishDueAsync();

        Assert.Equal(PublicationState.Published, await factory.QueryAsync(db => db.Publications.Where(p => p.PostId == postId).Select(p => p.State).SingleAsync()));
        Assert.Equal(PostState.Published, await factory.QueryAsync(db => db.Posts.Where(p => p.Id == postId).Select(p => p.State).SingleAsync()));
    }

    [Fact]
    public async Task Publish_TokenRevoked_ChannelShowsDisconnectedAndManagersAreAskedToReconnect()
    {
        var (organisationId, channel, _, manager) = await DemoAsync();
        await using (var scope = factory.DataScope())
        {
            await scope.ServiceProvider.GetRequiredService<SandboxService>().RevokeTokenAsync(organisationId, Guid.Parse(channel.AccountId), manager);
        }

        var postId = await ApprovedPostAsync("Walk-in clinic revoked", channel);

        await PublishDueAsync();

        var browser = await factory.SignInAsync(DemoPeople.Manager);
        var channelPage = (await browser.GetDocumentAsync($"{Org}/channels/{channel.Id}")).QuerySelector("main")!.TextContent;
        Assert.Contains("Disconnected", channelPage, StringComparison.Ordinal);
        var postPage = (await browser.GetDocumentAsync($"{Org}/posts/{postId}")).QuerySelector("main")!.TextContent;
        Assert.Contains("Reconnect the channel", postPage, StringComparison.Ordinal);
        var notifications = await browser.GetDocumentAsync($"{Org}/notifications");
        Assert.Contains(notifications.QuerySelectorAll("main a"), a => a.GetAttribute("href") == $"{Org}/channels/{channel.Id}" && a.TextContent.Contains("Reconnect", StringComparison.Ordinal));
    }
}
