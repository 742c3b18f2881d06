using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Publishing;
using Signpost.Core.Features.Sandbox;
using Signpost.Platforms;

namespace Signpost.Core.Tests.Publishing;

public sealed class PublishingServiceTests(PublishingFixture fixture) : IClassFixture<PublishingFixture>
{
    private PublicationDispatcher Dispatcher => fixture.Services.GetRequiredService<PublicationDispatcher>();

    private async Task<List<Publication>> PublicationsAsync(IEnumerable<Guid> postIds)
    {
        await using var scope = fixture.UnrestrictedScope();
        var ids = postIds.ToList();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Publications.AsNoTracking().Where(p => ids.Contains(p.PostId)).ToListAsync();
    }

    private async Task<List<SandboxPost>> SandboxPostsAsync(Guid accountId)
    {
        await using var scope = fixture.UnrestrictedScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().SandboxPosts.AsNoTracking().Where(p => p.AccountId == accountId).ToListAsync();
    }

    private async Task<Post> PostAsync(Guid id)
    {
        await using var scope = fixture.UnrestrictedScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Posts.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    private async Task RunUntilIdleAsync(PublicationDispatcher? dispatcher = null)
    {
        while (await (dispatcher ?? Dispatcher).RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    [Fact]
    public async Task RunOnce_DuePost_PublishesOnceAndRecordsThePlatformAddress()
    {
        var (channel, account) = await fixture.CreateChannelAsync();
        var posts = await fixture.SchedulePostsAsync(1, fixture.Clock.GetUtcNow().AddMinutes(-1), channel);

        await RunUntilIdleAsync();
        await RunUntilIdleAsync();

        var publication = Assert.Single(await PublicationsAsync(posts));
        Assert.Equal(PublicationState.Published, publication.State);
        var onNetwork = Assert.Single(await SandboxPostsAsync(account.Id));
        Assert.Equal(onNetwork.Id.ToString("N"), publication.PlatformPostId);
        Assert.Contains($"/sandbox/{account.Handle}/", publication.PlatformUrl, StringComparison.Ordinal);
        Assert.Equal(PostState.Published, (await PostAsync(posts[0])).State);
    }

    [Fact]
    public async Task RunOnce_PostNotYetDue_LeavesItScheduled()
    {
        var (channel, account) = await fixture.CreateChannelAsync();
        var posts = await fixture.SchedulePostsAsync(1, fixture.Clock.GetUtcNow().AddMinutes(10), channel);

        await RunUntilIdleAsync();

        Assert.Equal(PublicationState.Pending, Assert.Single(await PublicationsAsync(posts)).State);
        Assert.Empty(await SandboxPostsAsync(account.Id));
        Assert.Equal(PostState.Scheduled, (await PostAsync(posts[0])).State);
    }

    [Fact]
    public async Task RunOnce_TwoNodesAtOnce_EveryPostPublishedExactlyOnce()
    {
        var (channel, account) = await fixture.CreateChannelAsync();
        var posts = await fixture.SchedulePostsAsync(60, fixture.Clock.GetUtcNow().AddSeconds(-5), channel);
        await using var nodeB = fixture.BuildServices("node-b");

        await Task.WhenAll(
            Task.Run(() => RunUntilIdleAsync()),
            Task.Run(() => RunUntilIdleAsync(nodeB.GetRequiredService<PublicationDispatcher>())));

        var publications = await PublicationsAsync(posts);
        Assert.All(publications, p => Assert.Equal(PublicationState.Published, p.State));
        var onNetwork = await SandboxPostsAsync(account.Id);
        Assert.Equal(60, onNetwork.Count);
        Assert.All(onNetwork, p => Assert.Equal(0, p.RepeatCount));
        Assert.Equal(60, publications.Select(p => p.PlatformPostId).Distinct().Count());
    }

    [Fact]
    public async Task RunOnce_RateLimited_WaitsForRetryAfterThenPublishes()
    {
        var (channel, account) = await fixture.CreateChannelAsync();
        await fixture.SetFaultAsync(account.Id, SandboxFault.RateLimit, 1, retryAfterSeconds: 90);
        var posts = await fixture.SchedulePostsAsync(1, fixture.Clock.GetUtcNow().AddSeconds(-1), channel);
        var before = fixture.Clock.GetUtcNow();

        await RunUntilIdleAsync();

        var waiting = Assert.Single(await PublicationsAsync(posts));
        Assert.Equal(PublicationState.Pending, waiting.State);
        Assert.Equal("rate_limited", waiting.LastErrorKind);
        Assert.Equal(before.AddSeconds(90), waiting.AvailableAt);
        Assert.Empty(await SandboxPostsAsync(account.Id));

        fixture.Clock.Advance(TimeSpan.FromSeconds(91));
        await RunUntilIdleAsync();

        Assert.Equal(PublicationState.Published, Assert.Single(await PublicationsAsync(posts)).State);
        Assert.Single(await SandboxPostsAsync(account.Id));
    }

    [Fact]
    public async Task RunOnce_ServerErrorsEveryTime_FailsAfterTheLastAttemptAndTellsTheAuthorAndApprover()
    {
        var (channel, account) = await fixture.CreateChannelAsync();
        await fixture.SetFaultAsync(account.Id, SandboxFault.ServerError, 0);
        var posts = await fixture.SchedulePostsAsync(1, fixture.Clock.GetUtcNow().AddSeconds(-1), channel);
        var options = fixture.Services.GetRequiredService<PublishingOptions>();

        for (var attempt = 0; attempt < options.MaxAttempts; attempt++)
        {
            await RunUntilIdleAsync();
            fixture.Clock.Advance(TimeSpan.FromHours(2));
        }

        await fixture.SetFaultAsync(account.Id, SandboxFault.None, 0);
        var failed = Assert.Single(await PublicationsAsync(posts));
        Assert.Equal(PublicationState.Failed, failed.State);
        Assert.Equal(options.MaxAttempts, failed.Attempts);
        Assert.Contains("500", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(PostState.Failed, (await PostAsync(posts[0])).State);
        await using var scope = fixture.UnrestrictedScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var told = await db.Notifications.Where(n => n.Kind == "publication-failed" && n.Link.EndsWith(posts[0].ToString())).Select(n => n.UserId).ToListAsync();
        Assert.Equal(new[] { fixture.AuthorId, fixture.ManagerId }.Order(), told.Order());
        Assert.Equal(2, await db.OutboxEmails.CountAsync(e => e.TextBody.Contains(posts[0].ToString())));
    }

    [Fact]
    public async Task RunOnce_TokenRevoked_FailsDisconnectsTheChannelAndAsksManagersToReconnect()
    {
        var (channel, account) = await fixture.CreateChannelAsync();
        await using (var scope = fixture.UnrestrictedScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SandboxAccounts.Where(a => a.Id == account.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.TokenRevoked, true));
        }

        var posts = await fixture.SchedulePostsAsync(2, fixture.Clock.GetUtcNow().AddSeconds(-1), channel);

        await RunUntilIdleAsync();

        var publications = await PublicationsAsync(posts);
        Assert.Contains(publications, p => p.State == PublicationState.Failed && p.LastErrorKind == "auth_lost");
        await using var check = fixture.UnrestrictedScope();
        var db = check.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == channel.Id);
        Assert.Equal(ChannelStatus.Disconnected, stored.Status);
        Assert.True(await db.Notifications.AnyAsync(n => n.Kind == "channel-disconnected" && n.UserId == fixture.ManagerId && n.Link.EndsWith(channel.Id.ToString())));
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Code == AuditEventCode.ChannelCredentialLost && e.SubjectId == channel.Id.ToString()));
    }

    [Fact]
    public async Task RunOnce_Rejected_FailsAtOnceWithThePlatformsReason()
    {
        var (channel, account) = await fixture.CreateChannelAsync();
        await fixture.SetFaultAsync(account.Id, SandboxFault.Reject, 1);
        var posts = await fixture.SchedulePostsAsync(1, fixture.Clock.GetUtcNow().AddSeconds(-1), channel);

        await RunUntilIdleAsync();

        var publication = Assert.Single(await PublicationsAsync(posts));
        Assert.Equal(PublicationState.Failed, publication.State);
        Assert.Equal(1, publication.Attempts);
        Assert.Equal("rejected", publication.LastErrorKind);
        Assert.Contains("refused", publication.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnce_TimeoutOnANetworkWithIdempotency_RepeatsWithTheSameKeyAndMakesOnePost()
    {
        SandboxNetwork.TimeoutFaultDelay = TimeSpan.FromMilliseconds(10);
        var (channel, account) = await fixture.CreateChannelAsync();
        await fixture.SetFaultAsync(account.Id, SandboxFault.Timeout, 1);
        var posts = await fixture.SchedulePostsAsync(1, fixture.Clock.GetUtcNow().AddSeconds(-1), channel);

        await RunUntilIdleAsync();
        Assert.Equal(PublicationState.Pending, Assert.Single(await PublicationsAsync(posts)).State);
        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        await RunUntilIdleAsync();

        Assert.Equal(PublicationState.Published, Assert.Single(await PublicationsAsync(posts)).State);
        var onNetwork = Assert.Single(await SandboxPostsAsync(account.Id));
        Assert.Equal(1, onNetwork.RepeatCount);
    }

    /// <summary>A post on a network without idempotency whose one attempt timed out after the platform took it.</summary>
    private async Task<(List<Guid> Posts, SandboxAccount Account)> TimedOutWithoutIdempotencyAsync()
    {
        SandboxNetwork.TimeoutFaultDelay = TimeSpan.FromMilliseconds(10);
        var (channel, account) = await fixture.CreateChannelAsync(Network.X);
        await fixture.SetFaultAsync(account.Id, SandboxFault.Timeout, 1);
        var posts = await fixture.SchedulePostsAsync(1, fixture.Clock.GetUtcNow().AddSeconds(-1), channel);
        await RunUntilIdleAsync();
        return (posts, account);
    }

    [Fact]
    public async Task RunOnce_TimeoutWithoutIdempotency_MarksUnknownNeverRepeatsAndFindsItOnThePlatform()
    {
        var (posts, account) = await TimedOutWithoutIdempotencyAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        await RunUntilIdleAsync();

        var unknown = Assert.Single(await PublicationsAsync(posts));
        Assert.Equal(PublicationState.Unknown, unknown.State);
        Assert.Single(await SandboxPostsAsync(account.Id));
        Assert.Equal(PostState.Publishing, (await PostAsync(posts[0])).State);

        await Dispatcher.HousekeepingAsync(CancellationToken.None);

        var found = Assert.Single(await PublicationsAsync(posts));
        Assert.Equal(PublicationState.Published, found.State);
        Assert.Equal(Assert.Single(await SandboxPostsAsync(account.Id)).Id.ToString("N"), found.PlatformPostId);
        Assert.Equal(PostState.Published, (await PostAsync(posts[0])).State);
    }

    [Fact]
    public async Task Housekeeping_NodeDiedWithoutIdempotency_MarksUnknownAndTellsPeopleInsteadOfPublishingAgain()
    {
        var (channel, account) = await fixture.CreateChannelAsync(Network.X);
        var posts = await fixture.SchedulePostsAsync(1, fixture.Clock.GetUtcNow().AddSeconds(-1), channel);
        await using (var scope = fixture.UnrestrictedScope())
        {
            // A node claims it and dies before calling the platform.
            var claimed = await scope.ServiceProvider.GetRequiredService<PublishingService>().ClaimDueAsync(10, CancellationToken.None);
            Assert.Contains(claimed, c => c.PostId == posts[0]);
        }

        fixture.Clock.Advance(TimeSpan.FromMinutes(3));
        await Dispatcher.HousekeepingAsync(CancellationToken.None);
        await RunUntilIdleAsync();

        var publication = Assert.Single(await PublicationsAsync(posts));
        Assert.Equal(PublicationState.Unknown, publication.State);
        Assert.Empty(await SandboxPostsAsync(account.Id));
        Assert.Contains("Not found", publication.LastError, StringComparison.Ordinal);
        await using var check = fixture.UnrestrictedScope();
        var db = check.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True(await db.Notifications.AnyAsync(n => n.Kind == "publication-unknown" && n.UserId == fixture.AuthorId && n.Link.EndsWith(posts[0].ToString())));
    }

    [Fact]
    public async Task Housekeeping_NodeDiedWithIdempotency_PublishesWithTheSameKey()
    {
        var (channel, account) = await fixture.CreateChannelAsync();
        var posts = await fixture.SchedulePostsAsync(1, fixture.Clock.GetUtcNow().AddSeconds(-1), channel);
        await using (var scope = fixture.UnrestrictedScope())
        {
            var publishing = scope.ServiceProvider.GetRequiredService<PublishingService>();
            var claimed = await publishing.ClaimDueAsync(10, CancellationToken.None);

            // It reaches the platform, then dies before recording the outcome.
            foreach (var c in claimed.Where(c => c.PostId == posts[0]))
            {
                Assert.NotNull((await publishing.PublishAsync(c, CancellationToken.None)).Result);
            }
        }

        fixture.Clock.Advance(TimeSpan.FromMinutes(3));
        await Dispatcher.HousekeepingAsync(CancellationToken.None);
        await RunUntilIdleAsync();

        Assert.Equal(PublicationState.Published, Assert.Single(await PublicationsAsync(posts)).State);
        var onNetwork = Assert.Single(await SandboxPostsAsync(account.Id));
        Assert.Equal(1, onNetwork.RepeatCount);
    }

    [Fact]
    public async Task Retry_UnknownWithoutConfirmation_IsRefusedAndChangesNothing()
    {
        var (posts, _) = await TimedOutWithoutIdempotencyAsync();
        var unknown = Assert.Single(await PublicationsAsync(posts));
        Assert.Equal(PublicationState.Unknown, unknown.State);

        await using var scope = fixture.UnrestrictedScope();
        var publishing = scope.ServiceProvider.GetRequiredService<PublishingService>();
        var error = await Assert.ThrowsAsync<Signpost.Core.Validation.InvalidRequestException>(() =>
            publishing.RetryAsync(fixture.OrganisationId, unknown.Id, new Actor(fixture.ManagerId, "Tom Okafor")));

        Assert.Contains("confirm", error.Message, StringComparison.Ordinal);
        Assert.Equal(PublicationState.Unknown, Assert.Single(await PublicationsAsync(posts)).State);
    }

    [Fact]
    public async Task ResolveAsPublished_Unknown_RecordsTheAddressAndThePerson()
    {
        var (posts, _) = await TimedOutWithoutIdempotencyAsync();
        var unknown = Assert.Single(await PublicationsAsync(posts));

        await using (var scope = fixture.UnrestrictedScope())
        {
            await scope.ServiceProvider.GetRequiredService<PublishingService>().ResolveAsPublishedAsync(
                fixture.OrganisationId, unknown.Id, "https://x.com/riversideicb/status/1", new Actor(fixture.ManagerId, "Tom Okafor"));
        }

        var resolved = Assert.Single(await PublicationsAsync(posts));
        Assert.Equal(PublicationState.Published, resolved.State);
        Assert.Equal("https://x.com/riversideicb/status/1", resolved.PlatformUrl);
        await using var check = fixture.UnrestrictedScope();
        Assert.True(await check.ServiceProvider.GetRequiredService<AppDbContext>().AuditEvents
            .AnyAsync(e => e.Code == AuditEventCode.PublicationResolvedByPerson && e.ActorUserId == fixture.ManagerId && e.SubjectId == unknown.Id.ToString()));
    }

    [Fact]
    public async Task RunOnce_PausedChannel_WaitsUntilResumed()
    {
        var (channel, account) = await fixture.CreateChannelAsync();
        await using (var scope = fixture.UnrestrictedScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Channels.Where(c => c.Id == channel.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChannelStatus.Paused));
        }

        var posts = await fixture.SchedulePostsAsync(1, fixture.Clock.GetUtcNow().AddSeconds(-1), channel);

        await RunUntilIdleAsync();

        Assert.Equal(PublicationState.Pending, Assert.Single(await PublicationsAsync(posts)).State);
        Assert.Empty(await SandboxPostsAsync(account.Id));
    }

    [Fact]
    public async Task RunOnce_Published_EveryStepIsInTheAuditTrailWithTheCredentialRead()
    {
        var (channel, _) = await fixture.CreateChannelAsync();
        var posts = await fixture.SchedulePostsAsync(1, fixture.Clock.GetUtcNow().AddSeconds(-1), channel);

        await RunUntilIdleAsync();

        var publication = Assert.Single(await PublicationsAsync(posts));
        await using var scope = fixture.UnrestrictedScope();
        var codes = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEvents
            .Where(e => e.SubjectId == publication.Id.ToString() || (e.SubjectId == channel.Id.ToString() && e.Code == AuditEventCode.ChannelCredentialRead))
            .Select(e => e.Code).ToListAsync();
        Assert.Contains(AuditEventCode.PublicationStarted, codes);
        Assert.Contains(AuditEventCode.PublicationPublished, codes);
        Assert.Contains(AuditEventCode.ChannelCredentialRead, codes);
    }
}
