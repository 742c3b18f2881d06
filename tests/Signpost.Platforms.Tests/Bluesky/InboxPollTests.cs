using Signpost.Platforms.Inbox;
using static Signpost.Platforms.Tests.Bluesky.InboxTestSupport;

namespace Signpost.Platforms.Tests.Bluesky;

/// <summary>The Bluesky inbox poller against the real servers: people reply to, mention and quote the channel's account.</summary>
public sealed class InboxPollTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Poll_ReplyToOurPost_ReturnedOnceWithAuthorAndThreadIds()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("inboxrep", Ct);
        var member = await channel.Network.CreateAccountAsync("public", Ct);
        var ourPost = await PublishAsync(channel, "Flu jabs are open at the Riverside clinic this week.", Ct);
        var reply = await channel.Network.CreatePostAsync(member, "Do I need to book? <script>alert(1)</script>", ourPost, Ct);

        var page = await PollUntilAsync(Poller(channel), channel.Call, null, [reply], Ct);

        var item = Assert.Single(page.Items, i => i.PlatformId == reply);
        Assert.Equal(InboundKind.Reply, item.Kind);
        Assert.Equal("Do I need to book? <script>alert(1)</script>", item.Text);
        Assert.Equal(member.Did, item.Author.PlatformId);
        Assert.Equal(member.Handle, item.Author.Handle);
        Assert.Equal(ourPost, item.InReplyToId);
        Assert.Equal(ourPost, item.RootPostId);
        Assert.Null(item.Url);
        Assert.Null(item.AccountId);
        Assert.NotNull(page.Cursor);
    }

    [Fact]
    public async Task Poll_ReplyDeeperInOurThread_ParentIsTheReplyRootIsOurPost()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("inboxdeep", Ct);
        var first = await channel.Network.CreateAccountAsync("first", Ct);
        var second = await channel.Network.CreateAccountAsync("second", Ct);
        var ourPost = await PublishAsync(channel, "Our opening hours over the bank holiday.", Ct);
        var firstReply = await ReplyAsync(channel.Network, first, ourPost, "Is the pharmacy open too?", Ct);
        var secondReply = await channel.Network.CreatePostAsync(second, "I'd like to know as well", firstReply, Ct);

        var page = await PollUntilAsync(Poller(channel), channel.Call, null, [firstReply, secondReply], Ct);

        var item = Assert.Single(page.Items, i => i.PlatformId == secondReply);
        Assert.Equal(InboundKind.Reply, item.Kind);
        Assert.Equal(firstReply, item.InReplyToId);
        Assert.Equal(ourPost, item.RootPostId);
        Assert.Equal(second.Did, item.Author.PlatformId);
    }

    [Fact]
    public async Task Poll_MentionAndQuote_AreMentionsAndTheQuoteAnswersOurPost()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("inboxmen", Ct);
        var member = await channel.Network.CreateAccountAsync("public", Ct);
        var ourPost = await PublishAsync(channel, "New walk-in centre opens on Monday.", Ct);
        var mention = await MentionAsync(channel.Network, member, channel.Account, "Has anyone heard from ", " about the walk-in centre?", Ct);
        var quote = await QuoteAsync(channel.Network, member, ourPost, "About time!", Ct);

        var page = await PollUntilAsync(Poller(channel), channel.Call, null, [mention, quote], Ct);

        var mentioned = Assert.Single(page.Items, i => i.PlatformId == mention);
        Assert.Equal(InboundKind.Mention, mentioned.Kind);
        Assert.Equal($"Has anyone heard from @{channel.Account.Handle} about the walk-in centre?", mentioned.Text);
        Assert.Null(mentioned.InReplyToId);
        Assert.Null(mentioned.RootPostId);
        var quoted = Assert.Single(page.Items, i => i.PlatformId == quote);
        Assert.Equal(InboundKind.Mention, quoted.Kind);
        Assert.Equal(ourPost, quoted.InReplyToId);
        Assert.Null(quoted.RootPostId);
    }

    [Fact]
    public async Task Poll_FirstPollThenCursor_FirstTakesTheLatestPageOnlyThenEveryNewerPage()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("inboxcur", Ct);
        var member = await channel.Network.CreateAccountAsync("public", Ct);
        var ourPost = await PublishAsync(channel, "Tell us about your visit.", Ct);
        var poller = new Signpost.Platforms.Bluesky.BlueskyInboxPoller(channel.Connector) { PageSize = 2, Overlap = TimeSpan.Zero };
        var before = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            before.Add(await ReplyAsync(channel.Network, member, ourPost, $"Earlier reply {i}", Ct));
        }

        var first = await PollUntilAsync(poller, channel.Call, null, before[1..], Ct);

        // The most recent page only: a newly connected account does not pull in its history.
        Assert.Equal(before[1..], first.Items.Select(i => i.PlatformId));
        var after = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            after.Add(await ReplyAsync(channel.Network, member, ourPost, $"Later reply {i}", Ct));
        }

        var next = await PollUntilAsync(poller, channel.Call, first.Cursor, after, Ct);

        // Every newer notification, over two pages, oldest first; nothing from before the cursor
        // but the newest item it was taken from (the same instant is read again).
        Assert.Equal(after, next.Items.Select(i => i.PlatformId).Where(after.Contains));
        Assert.DoesNotContain(next.Items, i => i.PlatformId == before[0] || i.PlatformId == before[1]);
        Assert.True(string.CompareOrdinal(next.Cursor, first.Cursor) > 0);
    }

    [Fact]
    public async Task Poll_NothingNew_KeepsTheCursor()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("inboxnone", Ct);
        var poller = Poller(channel);

        var page = await poller.PollAsync(channel.Call, "2026-01-01T09:00:00.0000000Z", Ct);

        Assert.Empty(page.Items);
        Assert.Equal("2026-01-01T09:00:00.0000000Z", page.Cursor);
        Assert.Null(page.RenewedCredential);
    }

    [Fact]
    public async Task Poll_SessionExpired_RenewsAndReturnsTheRenewedCredential()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("inboxexp", Ct);
        var expired = channel.Connected.Credential with
        {
            AccessToken = channel.Network.ExpiredCopyOf(channel.Connected.Credential.AccessToken!),
            AccessTokenExpiresAt = null,
        };

        var page = await Poller(channel).PollAsync(new ChannelCall(channel.Connected.Account, expired), null, Ct);

        Assert.NotNull(page.RenewedCredential);
        Assert.NotEqual(expired.AccessToken, page.RenewedCredential.AccessToken);
        Assert.Equal(channel.Connected.Credential.Password, page.RenewedCredential.Password);
    }

    [Fact]
    public async Task Poll_AppPasswordRevoked_AuthLost()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("inboxrev", Ct);
        await channel.Network.RevokeAppPasswordAsync(channel.Account, ct: Ct);
        var stale = channel.Connected.Credential with
        {
            AccessToken = channel.Network.ExpiredCopyOf(channel.Connected.Credential.AccessToken!),
            AccessTokenExpiresAt = null,
        };

        var error = await Assert.ThrowsAsync<PlatformException>(() => Poller(channel).PollAsync(new ChannelCall(channel.Connected.Account, stale), null, Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
    }
}
