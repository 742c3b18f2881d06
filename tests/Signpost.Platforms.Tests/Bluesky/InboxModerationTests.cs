using System.Text.Json;
using System.Text.Json.Nodes;
using Signpost.Platforms.Bluesky;
using Signpost.Platforms.Inbox;
using Signpost.Tests.Shared;
using static Signpost.Platforms.Tests.Bluesky.InboxTestSupport;

namespace Signpost.Platforms.Tests.Bluesky;

/// <summary>
/// Replying and moderating on Bluesky through the inbox connector, against the real servers, each
/// checked by reading the network back without the connector (records on the PDS, reports in Ozone).
/// </summary>
public sealed class InboxModerationTests
{
    private const string Threadgate = "app.bsky.feed.threadgate";
    private const string Block = "app.bsky.graph.block";
    private const string Abusive = "Abusive, threatening, harassing or obscene";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reply_ToAReplyInOurThread_PostedWithRootAndParentRefsOnce()
    {
        var (channel, member, ourPost, reply) = await ThreadAsync("inboxans", Ct);
        var item = await ItemAsync(channel, reply);
        var connector = Connector(channel);
        var request = new ReplyRequest(channel.Call, Target(item), "Thanks for asking: no need to book, just walk in.", $"reply-{Guid.NewGuid():N}");

        var sent = await connector.ReplyAsync(request, Ct);
        var again = await connector.ReplyAsync(request, Ct);

        Assert.Equal(sent.PlatformPostId, again.PlatformPostId);
        var stored = (await channel.Network.GetRecordAsync(sent.PlatformPostId, Ct))!.Value.GetProperty("value");
        Assert.Equal("Thanks for asking: no need to book, just walk in.", stored.GetProperty("text").GetString());
        var refs = stored.GetProperty("reply");
        Assert.Equal(reply, refs.GetProperty("parent").GetProperty("uri").GetString());
        Assert.Equal(ourPost, refs.GetProperty("root").GetProperty("uri").GetString());
        Assert.Equal((await channel.Network.GetRecordAsync(reply, Ct))!.Value.GetProperty("cid").GetString(), refs.GetProperty("parent").GetProperty("cid").GetString());
        Assert.Equal((await channel.Network.GetRecordAsync(ourPost, Ct))!.Value.GetProperty("cid").GetString(), refs.GetProperty("root").GetProperty("cid").GetString());
        Assert.Equal(2, (await channel.Network.ListPostsAsync(channel.Account.Did, Ct)).Count);

        // The AppView shows it in the thread, under the member's reply.
        var shown = await channel.Network.WaitForAppViewPostAsync(sent.PlatformPostId, ct: Ct);
        Assert.Equal(reply, shown.GetProperty("record").GetProperty("reply").GetProperty("parent").GetProperty("uri").GetString());
        Assert.NotEqual(member.Did, shown.GetProperty("author").GetProperty("did").GetString());
    }

    [Fact]
    public async Task HideThenUnhide_ReplyInOurThread_ThreadgateListsItThenNoLonger()
    {
        var (channel, _, ourPost, reply) = await ThreadAsync("inboxhide", Ct);
        var item = await ItemAsync(channel, reply);
        var connector = Connector(channel);
        var gateUri = $"at://{channel.Account.Did}/{Threadgate}/{BlueskyTestNetwork.ParseAtUri(ourPost).RecordKey}";

        var hidden = await connector.ModerateAsync(new ModerationRequest(channel.Call, ModerationAction.Hide, Target(item), Abusive), Ct);
        var hiddenAgain = await connector.ModerateAsync(new ModerationRequest(channel.Call, ModerationAction.Hide, Target(item), Abusive), Ct);

        Assert.Equal(gateUri, hidden.PlatformReference);
        Assert.Equal(gateUri, hiddenAgain.PlatformReference);
        var gate = (await channel.Network.GetRecordAsync(gateUri, Ct))!.Value.GetProperty("value");
        Assert.Equal(ourPost, gate.GetProperty("post").GetString());
        Assert.Equal([reply], gate.GetProperty("hiddenReplies").EnumerateArray().Select(u => u.GetString()));

        // Anyone can still reply: hiding one reply does not close the thread.
        Assert.False(gate.TryGetProperty("allow", out _));

        await connector.ModerateAsync(new ModerationRequest(channel.Call, ModerationAction.Unhide, Target(item), Abusive, hidden.PlatformReference), Ct);
        await connector.ModerateAsync(new ModerationRequest(channel.Call, ModerationAction.Unhide, Target(item), Abusive, hidden.PlatformReference), Ct);

        // The threadgate Signpost made only to hide the reply is gone with it.
        Assert.Null(await channel.Network.GetRecordAsync(gateUri, Ct));
    }

    [Fact]
    public async Task HideThenUnhide_ThreadgateWithReplyRules_RulesAndOtherHiddenRepliesKept()
    {
        var (channel, member, ourPost, reply) = await ThreadAsync("inboxgate", Ct);
        var earlier = await ReplyAsync(channel.Network, member, ourPost, "An earlier reply hidden in the Bluesky app", Ct);
        var rkey = BlueskyTestNetwork.ParseAtUri(ourPost).RecordKey;
        var gateUri = $"at://{channel.Account.Did}/{Threadgate}/{rkey}";
        await PutThreadgateAsync(channel, rkey, new JsonObject
        {
            ["$type"] = Threadgate,
            ["post"] = ourPost,
            ["createdAt"] = "2026-01-05T09:00:00.000Z",
            ["allow"] = new JsonArray(new JsonObject { ["$type"] = "app.bsky.feed.threadgate#mentionRule" }),
            ["hiddenReplies"] = new JsonArray(earlier),
        });
        var target = new InboxTarget(reply, InboundKind.Reply, member.Did, ourPost, ourPost);
        var connector = Connector(channel);

        await connector.ModerateAsync(new ModerationRequest(channel.Call, ModerationAction.Hide, target, Abusive), Ct);

        var gate = (await channel.Network.GetRecordAsync(gateUri, Ct))!.Value.GetProperty("value");
        Assert.Equal([earlier, reply], gate.GetProperty("hiddenReplies").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal("app.bsky.feed.threadgate#mentionRule", gate.GetProperty("allow")[0].GetProperty("$type").GetString());

        await connector.ModerateAsync(new ModerationRequest(channel.Call, ModerationAction.Unhide, target with { RootPostId = null }, Abusive), Ct);

        gate = (await channel.Network.GetRecordAsync(gateUri, Ct))!.Value.GetProperty("value");
        Assert.Equal([earlier], gate.GetProperty("hiddenReplies").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(1, gate.GetProperty("allow").GetArrayLength());
    }

    [Fact]
    public async Task Hide_ReplyInSomeoneElsesThread_RejectedAndNoThreadgate()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("inboxelse", Ct);
        var other = await channel.Network.CreateAccountAsync("other", Ct);
        var member = await channel.Network.CreateAccountAsync("member", Ct);
        var theirPost = await channel.Network.CreatePostAsync(other, "A post of someone else's", ct: Ct);
        await channel.Network.WaitForAppViewPostAsync(theirPost, ct: Ct);
        var reply = await channel.Network.CreatePostAsync(member, "A reply in their thread", theirPost, Ct);
        var target = new InboxTarget(reply, InboundKind.Reply, member.Did);

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            Connector(channel).ModerateAsync(new ModerationRequest(channel.Call, ModerationAction.Hide, target, Abusive), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("threads it started", error.Message, StringComparison.Ordinal);
        Assert.Empty(await channel.Network.ListRecordsAsync(channel.Account.Did, Threadgate, Ct));
    }

    [Fact]
    public async Task BlockThenUnblock_Author_BlockRecordMadeOnceThenDeleted()
    {
        var (channel, member, _, reply) = await ThreadAsync("inboxblk", Ct);
        var item = await ItemAsync(channel, reply);
        var connector = Connector(channel);

        var blocked = await connector.ModerateAsync(new ModerationRequest(channel.Call, ModerationAction.Block, Target(item), Abusive), Ct);
        var blockedAgain = await connector.ModerateAsync(new ModerationRequest(channel.Call, ModerationAction.Block, Target(item), Abusive), Ct);

        var record = Assert.Single(await channel.Network.ListRecordsAsync(channel.Account.Did, Block, Ct));
        Assert.Equal(record.GetProperty("uri").GetString(), blocked.PlatformReference);
        Assert.Equal(blocked.PlatformReference, blockedAgain.PlatformReference);
        Assert.Equal(member.Did, record.GetProperty("value").GetProperty("subject").GetString());

        // Without the reference (a block made before Signpost kept one), the author is found by listing.
        await connector.ModerateAsync(new ModerationRequest(channel.Call, ModerationAction.Unblock, Target(item), Abusive), Ct);
        await connector.ModerateAsync(new ModerationRequest(channel.Call, ModerationAction.Unblock, Target(item), Abusive, blocked.PlatformReference), Ct);

        Assert.Empty(await channel.Network.ListRecordsAsync(channel.Account.Did, Block, Ct));
    }

    [Fact]
    public async Task Unblock_BlockMadeInTheBlueskyApp_DeletesItToo()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("inboxunb", Ct);
        var member = await channel.Network.CreateAccountAsync("member", Ct);
        await channel.Network.CreateRecordAsync(channel.Account, Block, new JsonObject
        {
            ["$type"] = Block,
            ["subject"] = member.Did,
            ["createdAt"] = "2026-01-05T09:00:00.000Z",
        }, Ct);
        var target = new InboxTarget("", InboundKind.Comment, member.Did);

        await Connector(channel).ModerateAsync(new ModerationRequest(channel.Call, ModerationAction.Unblock, target, Abusive), Ct);

        Assert.Empty(await channel.Network.ListRecordsAsync(channel.Account.Did, Block, Ct));
    }

    [Fact]
    public async Task Report_AbusiveReply_OzoneHasTheReportWithTheHouseRule()
    {
        var (channel, _, _, reply) = await ThreadAsync("inboxrpt", Ct);
        var item = await ItemAsync(channel, reply);

        var reported = await Connector(channel).ModerateAsync(new ModerationRequest(channel.Call, ModerationAction.Report, Target(item), Abusive), Ct);

        Assert.NotNull(reported.PlatformReference);
        var report = Assert.Single(await channel.Network.OzoneReportsAsync(reply, Ct));
        Assert.Equal(reported.PlatformReference, report.GetProperty("id").GetRawText());
        Assert.Equal(Abusive, report.GetProperty("event").GetProperty("comment").GetString());
        Assert.Equal("com.atproto.moderation.defs#reasonRude", report.GetProperty("event").GetProperty("reportType").GetString());
        Assert.Equal(channel.Account.Did, report.GetProperty("createdBy").GetString());
        Assert.Equal(reply, report.GetProperty("subject").GetProperty("uri").GetString());
    }

    [Fact]
    public async Task Report_PostDeleted_ReportsTheAccount()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("inboxrpa", Ct);
        var member = await channel.Network.CreateAccountAsync("member", Ct);
        var gone = $"at://{member.Did}/app.bsky.feed.post/3kabcdefghij2";
        var target = new InboxTarget(gone, InboundKind.Mention, member.Did);

        await Connector(channel).ModerateAsync(new ModerationRequest(channel.Call, ModerationAction.Report, target, "Advertises or sells products or services, or is spam"), Ct);

        var report = Assert.Single(await channel.Network.OzoneReportsAsync(member.Did, Ct));
        Assert.Equal("com.atproto.moderation.defs#reasonSpam", report.GetProperty("event").GetProperty("reportType").GetString());
        Assert.Equal(member.Did, report.GetProperty("subject").GetProperty("did").GetString());
    }

    [Fact]
    public async Task Delete_AnotherAccountsPost_NotSupportedAndRefused()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("inboxdel", Ct);
        var connector = Connector(channel);
        var target = new InboxTarget($"at://{channel.Account.Did}/app.bsky.feed.post/3kabcdefghij2", InboundKind.Reply, "did:plc:someoneelse");

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            connector.ModerateAsync(new ModerationRequest(channel.Call, ModerationAction.Delete, target, Abusive), Ct));

        Assert.False(connector.Supports(ModerationAction.Delete, InboundKind.Reply));
        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("delete other people's posts", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ModerationAction.Hide, InboundKind.Reply, true)]
    [InlineData(ModerationAction.Unhide, InboundKind.Comment, true)]
    [InlineData(ModerationAction.Hide, InboundKind.Mention, false)]
    [InlineData(ModerationAction.Hide, InboundKind.Message, false)]
    [InlineData(ModerationAction.Delete, InboundKind.Comment, false)]
    [InlineData(ModerationAction.Delete, InboundKind.Mention, false)]
    [InlineData(ModerationAction.Block, InboundKind.Mention, true)]
    [InlineData(ModerationAction.Unblock, InboundKind.Reply, true)]
    [InlineData(ModerationAction.Report, InboundKind.Mention, true)]
    public void Supports_ActionAndKind_WhatBlueskyAllows(ModerationAction action, InboundKind kind, bool expected)
    {
        var connector = new BlueskyInboxConnector(BlueskyTestChannel.CreateConnector(new Uri("http://127.0.0.1:9")), new PlatformOptions());

        Assert.Equal(expected, connector.Supports(action, kind));
    }

    [Theory]
    [InlineData(Abusive, "reasonRude")]
    [InlineData("Discriminatory about a protected characteristic (age, disability, gender identity, race, religion or belief, sex or sexual orientation)", "reasonRude")]
    [InlineData("Swearing or offensive language", "reasonRude")]
    [InlineData("Advertises or sells products or services, or is spam", "reasonSpam")]
    [InlineData("Off topic, repeated or meant to disrupt", "reasonSpam")]
    [InlineData("Spreads false health information that could cause harm (000 §3.4)", "reasonMisleading")]
    [InlineData("Uses our name, brand or imagery without permission (004 Appendix B)", "reasonMisleading")]
    [InlineData("Breaks the law or could affect legal proceedings", "reasonViolation")]
    [InlineData("Shares someone's personal or confidential information", "reasonOther")]
    [InlineData("Puts someone at risk of harm (000 §6.1)", "reasonOther")]
    public void ReasonType_HouseRule_MatchingModerationReason(string rule, string expected)
    {
        Assert.Equal("com.atproto.moderation.defs#" + expected, BlueskyInboxConnector.ReasonType(rule));
    }

    /// <summary>A channel with a post of its own and a member of the public's reply to it, which the AppView has.</summary>
    private static async Task<(BlueskyTestChannel Channel, BlueskyTestAccount Member, string OurPost, string Reply)> ThreadAsync(string name, CancellationToken ct)
    {
        var channel = await BlueskyTestChannel.ConnectAsync(name, ct);
        var member = await channel.Network.CreateAccountAsync("member", ct);
        var ourPost = await PublishAsync(channel, "Our A&E is very busy today: please use NHS 111 online unless it is an emergency.", ct);
        var reply = await ReplyAsync(channel.Network, member, ourPost, "You lot are useless idiots", ct);
        return (channel, member, ourPost, reply);
    }

    /// <summary>The reply as the poller brings it in, the way the inbox hands it to the connector.</summary>
    private static async Task<InboundItem> ItemAsync(BlueskyTestChannel channel, string uri)
    {
        var page = await PollUntilAsync(Poller(channel), channel.Call, null, [uri], Ct);
        return page.Items.Single(i => i.PlatformId == uri);
    }

    private static async Task PutThreadgateAsync(BlueskyTestChannel channel, string rkey, JsonObject record)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(channel.Network.Pds, "/xrpc/com.atproto.repo.putRecord"))
        {
            Content = new StringContent(new JsonObject
            {
                ["repo"] = channel.Account.Did,
                ["collection"] = Threadgate,
                ["rkey"] = rkey,
                ["record"] = record,
            }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", channel.Account.AccessJwt);
        using var response = await http.SendAsync(request, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}
