using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Sandbox;
using Signpost.Platforms.Inbox;
using Signpost.Policy.Triage;

namespace Signpost.Core.Tests.Inbox;

public sealed class IngestionTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static InboundItem Item(string id, string text = "Thank you to the team at the walk-in centre", InboundKind kind = InboundKind.Comment, string author = "author-1",
        string? inReplyTo = null, string? root = null, string? conversation = null) =>
        new(id, kind, text, new InboundAuthor(author, "@" + author, "Member " + author), new DateTimeOffset(2026, 11, 24, 9, 59, 0, TimeSpan.Zero),
            inReplyTo, root, null, conversation);

    private async Task<InboxIngestResult> IngestAsync(Guid channelId, params InboundItem[] items)
    {
        await using var scope = fixture.UnrestrictedScope();
        return await scope.ServiceProvider.GetRequiredService<InboxIngestor>().IngestAsync(channelId, items, "test", Ct);
    }

    [Fact]
    public async Task Ingest_SameItemTwice_IsStoredOnceWithOneAuditEventPerBatch()
    {
        var (channel, _) = await fixture.ConnectSandboxChannelAsync();
        var auditBefore = await fixture.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Code == AuditEventCode.InboxMessagesReceived && e.SubjectId == channel.Id.ToString(), Ct));

        var first = await IngestAsync(channel.Id, Item("p1"), Item("p2"), Item("p1"));
        var second = await IngestAsync(channel.Id, Item("p1"), Item("p2"));

        Assert.Equal((2, 1), (first.Stored.Count, first.Repeated));
        Assert.Equal((0, 2), (second.Stored.Count, second.Repeated));
        Assert.Equal(2, await fixture.QueryAsync(db => db.InboxMessages.CountAsync(m => m.ChannelId == channel.Id, Ct)));
        Assert.Equal(1, await fixture.QueryAsync(db => db.PublicAuthors.CountAsync(a => a.ChannelId == channel.Id, Ct)));
        var auditAfter = await fixture.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Code == AuditEventCode.InboxMessagesReceived && e.SubjectId == channel.Id.ToString(), Ct));
        Assert.Equal(auditBefore + 1, auditAfter);
    }

    [Fact]
    public async Task Ingest_SameItemsConcurrently_StoresEachOnce()
    {
        var (channel, _) = await fixture.ConnectSandboxChannelAsync();
        var items = Enumerable.Range(0, 40).Select(i => Item($"c{i}", author: $"a{i % 7}")).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(n => Task.Run(() => IngestAsync(channel.Id, [.. items.Skip(n * 3).Take(30)]), Ct)));

        var ids = await fixture.QueryAsync(db => db.InboxMessages.Where(m => m.ChannelId == channel.Id).Select(m => m.PlatformId).ToListAsync(Ct));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(40, ids.Count);
        Assert.Equal(ids.Count, results.Sum(r => r.Stored.Count));
        Assert.Equal(7, await fixture.QueryAsync(db => db.PublicAuthors.CountAsync(a => a.ChannelId == channel.Id, Ct)));
    }

    [Fact]
    public async Task Ingest_AReplyInAThreadBelowOurPublication_StoresTheThreadAndLinksThePublication()
    {
        var (channel, _) = await fixture.ConnectSandboxChannelAsync();
        var publicationId = await AddPublishedPublicationAsync(channel, "our-post-1");

        await IngestAsync(channel.Id,
            Item("comment-1", kind: InboundKind.Comment, inReplyTo: "our-post-1"),
            Item("reply-1", kind: InboundKind.Reply, inReplyTo: "comment-1", root: "our-post-1"),
            Item("dm-1", kind: InboundKind.Message, conversation: "conv-9"));

        var stored = await fixture.QueryAsync(db => db.InboxMessages.AsNoTracking().Where(m => m.ChannelId == channel.Id).ToDictionaryAsync(m => m.PlatformId, Ct));
        Assert.Equal(("our-post-1", "our-post-1", publicationId), (stored["comment-1"].InReplyToPlatformId, stored["comment-1"].RootPlatformId, stored["comment-1"].PublicationId));
        Assert.Equal(("comment-1", "our-post-1", publicationId), (stored["reply-1"].InReplyToPlatformId, stored["reply-1"].RootPlatformId, stored["reply-1"].PublicationId));
        Assert.Equal(("conv-9", (Guid?)null, InboundKind.Message), (stored["dm-1"].ConversationId, stored["dm-1"].PublicationId, stored["dm-1"].Kind));
    }

    [Fact]
    public async Task Ingest_InWorkingHours_StoresLabelsPriorityAndTwoWorkingHoursToRespond()
    {
        var (channel, _) = await fixture.ConnectSandboxChannelAsync();
        var text = "Can I take ibuprofen with my blood pressure tablets? <script>alert(1)</script>";
        fixture.Clock.Set(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));

        var result = await IngestAsync(channel.Id, Item("med-1", text));

        var stored = await fixture.QueryAsync(db => db.InboxMessages.AsNoTracking().SingleAsync(m => m.Id == result.Stored[0].Id, Ct));
        Assert.Equal(text, stored.Text);
        Assert.Contains(TriageLabel.MedicalQuestion, stored.Labels);
        Assert.Equal(TriagePriority.High, stored.Priority);
        Assert.False(stored.OutOfHours);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero), stored.ResponseDueAt);
        Assert.Contains("medical_question", stored.TriageReasonsJson, StringComparison.Ordinal);
        Assert.Null(stored.ProcessedAt);
    }

    [Fact]
    public async Task Ingest_OnASaturday_IsOutOfHoursAndDueTwoHoursIntoMonday()
    {
        var (channel, _) = await fixture.ConnectSandboxChannelAsync();
        fixture.Clock.Set(new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero));

        var result = await IngestAsync(channel.Id, Item("sat-1", "The car park barrier at the hospital is broken again"));

        var stored = await fixture.QueryAsync(db => db.InboxMessages.AsNoTracking().SingleAsync(m => m.Id == result.Stored[0].Id, Ct));
        Assert.True(stored.OutOfHours);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 11, 0, 0, TimeSpan.Zero), stored.ResponseDueAt);
        fixture.Clock.Set(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Processor_RunsTheStepsThenMarksProcessed_AndRetriesAFailingStepAfterTheLease()
    {
        var (channel, _) = await fixture.ConnectSandboxChannelAsync();
        var result = await IngestAsync(channel.Id, Item("ok-1", author: "alice"), Item("fail-1", author: "bob"));
        var ok = result.Stored[0].Id;
        var failing = result.Stored[1].Id;
        fixture.FailForSet[failing] = true;
        var processor = fixture.Services.GetRequiredService<InboxArrivalProcessor>();

        Assert.True(await processor.ProcessAsync(ok, Ct));
        Assert.False(await processor.ProcessAsync(failing, Ct));

        Assert.Contains((ok, "@alice"), fixture.Seen);
        Assert.NotNull(await fixture.QueryAsync(db => db.InboxMessages.Where(m => m.Id == ok).Select(m => m.ProcessedAt).SingleAsync(Ct)));
        Assert.Null(await fixture.QueryAsync(db => db.InboxMessages.Where(m => m.Id == failing).Select(m => m.ProcessedAt).SingleAsync(Ct)));
        var error = await fixture.QueryAsync(db => db.Channels.Where(c => c.Id == channel.Id).Select(c => c.InboxError).SingleAsync(Ct));
        Assert.StartsWith(InboxArrivalProcessor.ErrorPrefix, error, StringComparison.Ordinal);
        Assert.Contains("The test step was told to fail.", error, StringComparison.Ordinal);

        // Held by the lease: not tried again at once.
        Assert.False(await processor.ProcessAsync(failing, Ct));
        fixture.FailForSet.TryRemove(failing, out _);
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await processor.ProcessAsync(failing, Ct));

        Assert.NotNull(await fixture.QueryAsync(db => db.InboxMessages.Where(m => m.Id == failing).Select(m => m.ProcessedAt).SingleAsync(Ct)));
        Assert.Null(await fixture.QueryAsync(db => db.Channels.Where(c => c.Id == channel.Id).Select(c => c.InboxError).SingleAsync(Ct)));
        fixture.Clock.Set(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task SandboxInbound_CommentOnOurPost_IsStoredAndThePollerFindsItOnlyOnce()
    {
        var (channel, account) = await fixture.ConnectSandboxChannelAsync();
        var network = fixture.Services.GetRequiredService<SandboxNetwork>();
        var published = await network.PublishAsync(account.Account.Id.ToString(), account.Token,
            new Signpost.Platforms.PublishRequest(new Signpost.Platforms.ChannelCall(channel.ToAccount(), new Signpost.Platforms.PlatformCredential { AccessToken = account.Token }),
                "Flu clinics are open this week", [], "key-" + Guid.NewGuid()), Ct);

        SandboxInboundResult sent;
        await using (var scope = fixture.UnrestrictedScope())
        {
            sent = await scope.ServiceProvider.GetRequiredService<SandboxInboundService>()
                .SendAsync(fixture.IcbId, channel.Id, new SandboxInboundOptions("comment", "Do I need to book?", "pat.public"), fixture.Manager, Ct);
        }

        var poll = await fixture.Services.GetRequiredService<InboxPollingService>().PollChannelAsync(channel.Id, Ct);

        var message = await fixture.QueryAsync(db => db.InboxMessages.AsNoTracking().SingleAsync(m => m.ChannelId == channel.Id, Ct));
        Assert.Equal((sent.MessageId, InboundKind.Comment, published.PlatformPostId), (message.Id, message.Kind, message.InReplyToPlatformId));
        Assert.Equal((0, (string?)null), (poll.Stored, poll.Error));
        var cursor = await fixture.QueryAsync(db => db.Channels.Where(c => c.Id == channel.Id).Select(c => c.InboxCursor).SingleAsync(Ct));
        Assert.NotNull(cursor);
    }

    private async Task<Guid> AddPublishedPublicationAsync(Channel channel, string platformPostId)
    {
        await using var scope = fixture.UnrestrictedScope();
        var db = scope.ServiceProvider.GetRequiredService<Signpost.Core.Data.AppDbContext>();
        var now = fixture.Clock.GetUtcNow();
        var post = new Post
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = channel.OrganisationId,
            AuthorUserId = fixture.Manager.UserId!.Value,
            AuthorName = fixture.Manager.Name,
            Title = "Published",
            Text = "Our post",
            State = PostState.Published,
            CreatedAt = now,
            UpdatedAt = now,
            PublishedAt = now,
        };
        var publication = new Publication
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = channel.OrganisationId,
            PostId = post.Id,
            ChannelId = channel.Id,
            State = PublicationState.Published,
            PlatformPostId = platformPostId,
            PublishedAt = now,
        };
        post.Publications.Add(publication);
        db.Posts.Add(post);
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(
            new AuditRecord(AuditEventCode.PublicationPublished, fixture.Manager, channel.OrganisationId, "Test publication", "Post", post.Id.ToString()), Ct);
        return publication.Id;
    }
}
