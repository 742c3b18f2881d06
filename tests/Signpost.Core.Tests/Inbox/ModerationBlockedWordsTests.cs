using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Inbox;
using Signpost.Platforms.Inbox;
using Signpost.Policy.Triage;

namespace Signpost.Core.Tests.Inbox;

public sealed class ModerationBlockedWordsTests(ModerationFixture fixture) : IClassFixture<ModerationFixture>
{
    private const string Words = "numpty\nwaste  of SPACE\nass\n";

    private Task<InboxMessage> MessageAsync(Guid id) => fixture.QueryAsync(db => db.InboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    private Task<List<ModerationRecord>> RecordsAsync(Guid messageId) =>
        fixture.QueryAsync(db => db.ModerationRecords.AsNoTracking().Where(r => r.MessageId == messageId).ToListAsync());

    private Task<List<Core.Features.Notifications.Notification>> NotificationsAsync(Guid messageId) =>
        fixture.QueryAsync(db => db.Notifications.AsNoTracking().Where(n => n.Kind == "blocked-word" && n.Link == $"/o/riverside-icb/inbox/{messageId}").ToListAsync());

    /// <summary>Runs the blocked-words step on a message as the arrival processor does (again after a crash).</summary>
    private async Task RunHandlerAsync(Guid messageId, ServiceProvider? services = null)
    {
        await using var scope = fixture.UnrestrictedScope(services);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var message = await db.InboxMessages.SingleAsync(m => m.Id == messageId);
        var arrival = new InboxArrival(message, await db.Channels.SingleAsync(c => c.Id == message.ChannelId), await db.PublicAuthors.SingleAsync(a => a.Id == message.AuthorId));
        var handler = scope.ServiceProvider.GetServices<IInboxArrivalHandler>().OfType<BlockedWordsHandler>().Single();
        await handler.HandleAsync(arrival, CancellationToken.None);
    }

    [Fact]
    public async Task Arrival_MessageWithABlockedWord_HiddenOnceAndTheTeamTold()
    {
        await fixture.SetBlockedWordsAsync(Words);
        var channel = await fixture.ConnectSandboxChannelAsync();
        var id = await fixture.SendAsync(channel, "What a total NUMPTY you are.", ModerationFixture.NewHandle());

        await fixture.Services.GetRequiredService<InboxArrivalProcessor>().ProcessAsync(id, CancellationToken.None);
        await RunHandlerAsync(id);

        var message = await MessageAsync(id);
        Assert.Equal(InboxVisibility.Hidden, message.Visibility);
        Assert.NotNull(await fixture.QueryAsync(db => db.SandboxPosts.Where(p => p.Id == Guid.ParseExact(message.PlatformId, "N")).Select(p => p.HiddenAt).SingleAsync()));
        var record = Assert.Single(await RecordsAsync(id));
        Assert.Equal((ModerationAction.Hide, ModerationOutcome.Done, true, "Signpost (blocked words)", "offensive-language"),
            (record.Action, record.Outcome, record.Automatic, record.ActorName, record.ReasonCode));
        Assert.True(await fixture.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Code == AuditEventCode.MessageAutoHidden && e.SubjectId == record.Id.ToString())));
        var told = await NotificationsAsync(id);
        Assert.Contains(told, n => n.UserId == fixture.Officer.UserId && n.Title.Contains("was hidden", StringComparison.Ordinal) && n.Title.Contains("numpty", StringComparison.Ordinal));
        Assert.Contains(told, n => n.UserId == fixture.Manager.UserId);
        Assert.Equal(told.Count, told.Select(n => n.UserId).Distinct().Count());
    }

    [Fact]
    public async Task Arrival_BlockedPhraseAcrossSpaces_Hidden()
    {
        await fixture.SetBlockedWordsAsync(Words);
        var channel = await fixture.ConnectSandboxChannelAsync();
        var id = await fixture.SendAsync(channel, "This clinic is a Waste of\nspace honestly", ModerationFixture.NewHandle());

        await RunHandlerAsync(id);

        Assert.Equal(InboxVisibility.Hidden, (await MessageAsync(id)).Visibility);
    }

    [Fact]
    public async Task Arrival_BlockedWordInsideAnotherWord_NotHidden()
    {
        await fixture.SetBlockedWordsAsync(Words);
        var channel = await fixture.ConnectSandboxChannelAsync();
        var id = await fixture.SendAsync(channel, "A classic example of good care, thank you to the class of nurses.", ModerationFixture.NewHandle());

        await RunHandlerAsync(id);

        Assert.Equal(InboxVisibility.Visible, (await MessageAsync(id)).Visibility);
        Assert.Empty(await RecordsAsync(id));
        Assert.Empty(await NotificationsAsync(id));
    }

    [Fact]
    public async Task Arrival_PlatformCannotHideIt_RecordedAndTheTeamToldItNeedsAttention()
    {
        await fixture.SetBlockedWordsAsync(Words);
        var channel = await fixture.ConnectSandboxChannelAsync();
        var id = await fixture.SendAsync(channel, "you numpty", ModerationFixture.NewHandle(), kind: "message");

        await RunHandlerAsync(id, fixture.Limited);
        await RunHandlerAsync(id, fixture.Limited);

        Assert.Equal(InboxVisibility.Visible, (await MessageAsync(id)).Visibility);
        var record = Assert.Single(await RecordsAsync(id));
        Assert.Equal((ModerationOutcome.NotSupported, true), (record.Outcome, record.Automatic));
        var told = await NotificationsAsync(id);
        Assert.Contains(told, n => n.UserId == fixture.Officer.UserId && n.Title.Contains("needs attention", StringComparison.Ordinal));
        Assert.Equal(told.Count, told.Select(n => n.UserId).Distinct().Count());
    }

    [Fact]
    public async Task Arrival_CriticismWithABlockedWord_NotHiddenAndAManagerDecides()
    {
        await fixture.SetBlockedWordsAsync(Words);
        var channel = await fixture.ConnectSandboxChannelAsync();
        var id = await fixture.SendAsync(channel, "Whoever designed this booking system is a numpty, it is a shambles.", ModerationFixture.NewHandle());
        await fixture.SetLabelsAsync(id, TriageLabel.Criticism);

        await RunHandlerAsync(id);
        await RunHandlerAsync(id);

        Assert.Equal(InboxVisibility.Visible, (await MessageAsync(id)).Visibility);
        Assert.Empty(await RecordsAsync(id));
        var told = await NotificationsAsync(id);
        Assert.Contains(told, n => n.UserId == fixture.Officer.UserId && n.Title.Contains("needs a manager", StringComparison.Ordinal) && n.Body!.Contains("003 §3.2.6", StringComparison.Ordinal));
        Assert.Equal(told.Count, told.Select(n => n.UserId).Distinct().Count());
        Assert.Equal(1, await fixture.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Code == AuditEventCode.BlockedWordFlagged && e.SubjectId == id.ToString())));
    }

    [Theory]
    [InlineData("You NUMPTY!", "numpty")]
    [InlineData("numpty", "numpty")]
    [InlineData("what a waste\tof   space", "waste of space")]
    [InlineData("a classic", null)]
    [InlineData("numptys everywhere", null)]
    [InlineData("", null)]
    public void FirstMatch_WholeWordsWithoutRegardToCase(string text, string? expected)
    {
        var words = BlockedWords.Parse("Numpty\n  waste of space \n\nass\nnumpty");

        Assert.Equal(expected, words.FirstMatch(text)?.ToLowerInvariant());
        Assert.Equal(3, words.Entries.Count());
    }
}
