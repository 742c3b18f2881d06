using Signpost.Platforms.Inbox;
using Signpost.Platforms.Mastodon;
using Signpost.Platforms.Tests.Fakes;

namespace Signpost.Platforms.Tests.Mastodon;

/// <summary>
/// The Mastodon inbox against an instance that answers as the documentation says: mentions polled
/// from notifications, replies in the thread, block, unblock and report, and what refusals mean.
/// </summary>
public sealed class MastodonInboxTests : IAsyncLifetime
{
    private const string Member = "110000000000000042";
    private const string RemoteMember = "110000000000000077";

    private FakeMastodonInstance _mastodon = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _mastodon = await FakeMastodonInstance.StartAsync();

    public async ValueTask DisposeAsync() => await _mastodon.DisposeAsync();

    [Fact]
    public async Task Poll_FirstPoll_MostRecentMentionsOnlyOldestFirstWithKindsAndCursor()
    {
        // Notifications API: newest first.
        MapNotifications(_ => Page(
            MastodonPayloads.Notification("900003", MastodonPayloads.PublicStatus("113600000000000003", "<p>Can I get a flu jab at the hub?</p>", Member, "carol", "Carol Hughes", visibility: "direct")),
            MastodonPayloads.Notification("900002", MastodonPayloads.PublicStatus("113600000000000002", "<p>Thanks for this</p>", RemoteMember, "dev@mastodon.example", inReplyToId: "113520000000000001")),
            MastodonPayloads.Notification("900001", MastodonPayloads.PublicStatus("113600000000000001", "<p>Well done @riversideicb</p>", Member, "carol", "Carol Hughes"))));
        _mastodon.Server.MapJson("GET", "/api/v1/statuses/{id}/context", MastodonPayloads.Context(
            MastodonPayloads.Status("113510000000000001", "<p>Flu clinics this week: a thread</p>"),
            MastodonPayloads.Status("113520000000000001", "<p>Saturday at the hub</p>", inReplyToId: "113510000000000001")));

        var page = await _mastodon.InboxPoller().PollAsync(_mastodon.Call, cursor: null, Ct);

        var sent = Assert.Single(_mastodon.Server.RequestsTo("GET", "/api/v1/notifications"));
        Assert.Equal("mention", sent.Query["types[]"]);
        Assert.Equal("40", sent.Query["limit"]);
        Assert.Equal("true", sent.Query["include_filtered"]);
        Assert.False(sent.Query.ContainsKey("min_id"));
        Assert.False(sent.Query.ContainsKey("since_id"));
        Assert.Equal("Bearer channel-token", sent.Header("Authorization"));
        Assert.Equal("900003", page.Cursor);

        Assert.Equal(["113600000000000001", "113600000000000002", "113600000000000003"], page.Items.Select(i => i.PlatformId));
        var mention = page.Items[0];
        Assert.Equal(InboundKind.Mention, mention.Kind);
        Assert.Equal("Well done @riversideicb", mention.Text);
        Assert.Equal(new InboundAuthor(Member, $"carol@{_mastodon.Instance.Host}", "Carol Hughes"), mention.Author);
        Assert.Null(mention.InReplyToId);
        Assert.Null(mention.ConversationId);
        Assert.Equal(new Uri("https://social.example.nhs.uk/@carol/113600000000000001"), mention.Url);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 45, 0, TimeSpan.Zero), mention.CreatedAt);

        var reply = page.Items[1];
        Assert.Equal(InboundKind.Reply, reply.Kind);
        Assert.Equal("113520000000000001", reply.InReplyToId);
        Assert.Equal("113510000000000001", reply.RootPostId);
        Assert.Equal("/api/v1/statuses/113600000000000002/context", Assert.Single(_mastodon.Server.RequestsTo("GET", "/api/v1/statuses/{id}/context")).Path);
        Assert.Null(mention.RootPostId);
        Assert.Equal("dev@mastodon.example", reply.Author.Handle);
        Assert.Null(reply.Author.DisplayName);

        var message = page.Items[2];
        Assert.Equal(InboundKind.Message, message.Kind);
        Assert.Equal(Member, message.ConversationId);
    }

    [Fact]
    public async Task Poll_WithCursor_AsksImmediatelyNewerWithMinIdAndReadsFullPagesToTheEnd()
    {
        var poller = _mastodon.InboxPoller();
        poller.PageSize = 2;
        MapNotifications(r => r.Query.GetValueOrDefault("min_id") switch
        {
            "900010" => Page(Mention("900012", "113600000000000012"), Mention("900011", "113600000000000011")),
            "900012" => Page(Mention("900013", "113600000000000013")),
            _ => Page(),
        });

        var page = await poller.PollAsync(_mastodon.Call, "900010", Ct);

        Assert.Equal(["900010", "900012"], _mastodon.Server.RequestsTo("GET", "/api/v1/notifications").Select(r => r.Query["min_id"]));
        Assert.Equal(["113600000000000011", "113600000000000012", "113600000000000013"], page.Items.Select(i => i.PlatformId));
        Assert.Equal("900013", page.Cursor);
    }

    [Fact]
    public async Task Poll_ThreadLookupRateLimited_RepliesStillArriveWithoutTheirRootAndNoMoreLookups()
    {
        MapNotifications(_ => Page(
            MastodonPayloads.Notification("900042", MastodonPayloads.PublicStatus("113600000000000042", "<p>two</p>", Member, "carol", inReplyToId: "113520000000000001")),
            MastodonPayloads.Notification("900041", MastodonPayloads.PublicStatus("113600000000000041", "<p>one</p>", Member, "carol", inReplyToId: "113520000000000001"))));
        _mastodon.Server.MapJson("GET", "/api/v1/statuses/{id}/context", MastodonPayloads.Context(MastodonPayloads.Status("113510000000000001", "<p>root</p>")));
        _mastodon.Server.FailNext(1, ApiFault.RateLimited(new Dictionary<string, string> { ["X-RateLimit-Reset"] = "2026-11-24T10:05:00.000000Z" }), "GET", "/api/v1/statuses/{id}/context");

        var page = await _mastodon.InboxPoller().PollAsync(_mastodon.Call, "900040", Ct);

        Assert.Equal(["113600000000000041", "113600000000000042"], page.Items.Select(i => i.PlatformId));
        Assert.All(page.Items, i => Assert.Null(i.RootPostId));
        Assert.Single(_mastodon.Server.RequestsTo("GET", "/api/v1/statuses/{id}/context"));
        Assert.Equal("900042", page.Cursor);
    }

    [Fact]
    public async Task Poll_NothingNew_KeepsTheCursor()
    {
        MapNotifications(_ => Page());

        var page = await _mastodon.InboxPoller().PollAsync(_mastodon.Call, "900010", Ct);

        Assert.Empty(page.Items);
        Assert.Equal("900010", page.Cursor);
    }

    [Fact]
    public async Task Poll_OtherNotificationTypesAndOurOwnStatus_Skipped()
    {
        MapNotifications(_ => Page(
            MastodonPayloads.Notification("900022", MastodonPayloads.PublicStatus("113600000000000022", "<p>liked</p>", Member, "carol"), type: "favourite"),
            MastodonPayloads.Notification("900021", MastodonPayloads.PublicStatus("113600000000000021", "<p>note to self @riversideicb</p>", MastodonPayloads.AccountId, "riversideicb"))));

        var page = await _mastodon.InboxPoller().PollAsync(_mastodon.Call, null, Ct);

        Assert.Empty(page.Items);
        Assert.Equal("900022", page.Cursor);
    }

    [Fact]
    public async Task Poll_HtmlAndScriptTypedInAStatus_PlainTextExactlyAsTyped()
    {
        // What a person typed is escaped in content; links, mentions and paragraphs are markup the instance added.
        const string Content = "<p><span class=\"h-card\"><a href=\"https://social.example.nhs.uk/@riversideicb\" class=\"u-url mention\">@<span>riversideicb</span></a></span> "
            + "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;<br>see <a href=\"https://www.nhs.uk/conditions/flu/\" rel=\"nofollow noopener\" target=\"_blank\">"
            + "<span class=\"invisible\">https://www.</span><span class=\"ellipsis\">nhs.uk/conditions/fl</span><span class=\"invisible\">u/</span></a></p><p>second paragraph</p>";
        MapNotifications(_ => Page(MastodonPayloads.Notification("900031",
            MastodonPayloads.PublicStatus("113600000000000031", Content, Member, "carol", spoilerText: "<i>CW</i> flu"))));

        var page = await _mastodon.InboxPoller().PollAsync(_mastodon.Call, null, Ct);

        Assert.Equal(
            "<i>CW</i> flu\n\n@riversideicb <script>alert(\"hi\")</script> & <b>bold</b>\nsee https://www.nhs.uk/conditions/flu/\n\nsecond paragraph",
            Assert.Single(page.Items).Text);
    }

    [Theory]
    [InlineData(401, PlatformErrorKind.AuthLost)]
    [InlineData(403, PlatformErrorKind.AuthLost)]
    [InlineData(404, PlatformErrorKind.Rejected)]
    [InlineData(500, PlatformErrorKind.Retryable)]
    [InlineData(503, PlatformErrorKind.Retryable)]
    public async Task Poll_Refused_ClassifiedLikePublishing(int status, PlatformErrorKind kind)
    {
        MapNotifications(_ => Page());
        _mastodon.Server.FailNext(1, ApiFault.Status(status, """{"error":"This action is outside the authorized scopes"}"""), "GET", "/api/v1/notifications");

        var error = await Assert.ThrowsAsync<PlatformException>(() => _mastodon.InboxPoller().PollAsync(_mastodon.Call, "900010", Ct));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
    }

    [Fact]
    public async Task Poll_RateLimited_WaitsUntilTheResetTime()
    {
        MapNotifications(_ => Page());
        _mastodon.Server.FailNext(1, ApiFault.RateLimited(new Dictionary<string, string>
        {
            ["X-RateLimit-Limit"] = "300",
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset"] = "2026-11-24T10:05:00.000000Z",
        }, MastodonPayloads.TooManyRequests), "GET", "/api/v1/notifications");

        var error = await Assert.ThrowsAsync<PlatformException>(() => _mastodon.InboxPoller().PollAsync(_mastodon.Call, null, Ct));

        Assert.Equal(PlatformErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), error.RetryAfter);
    }

    [Fact]
    public async Task Reply_ToAnUnlistedMention_StatusInTheThreadMentioningTheAuthorUnlistedWithIdempotencyKey()
    {
        _mastodon.Server.MapJson("GET", "/api/v1/statuses/{id}",
            MastodonPayloads.PublicStatus("113600000000000002", "<p>Where is the hub?</p>", RemoteMember, "dev@mastodon.example", visibility: "unlisted"));
        var target = new InboxTarget("113600000000000002", InboundKind.Mention, RemoteMember, AuthorHandle: "dev@mastodon.example");

        var result = await _mastodon.InboxConnector().ReplyAsync(new ReplyRequest(_mastodon.Call, target, "The hub is at 4 Mill Lane.", "inbox-reply-51"), Ct);

        var sent = Assert.Single(_mastodon.Server.RequestsTo("POST", "/api/v1/statuses"));
        Assert.Equal("@dev@mastodon.example The hub is at 4 Mill Lane.", sent.Form["status"]);
        Assert.Equal("113600000000000002", sent.Form["in_reply_to_id"]);
        Assert.Equal("unlisted", sent.Form["visibility"]);
        Assert.Equal("inbox-reply-51", sent.Header("Idempotency-Key"));
        Assert.Equal("Bearer channel-token", sent.Header("Authorization"));
        Assert.Equal("113520000000000001", result.PlatformPostId);
        Assert.NotNull(result.Url);
    }

    [Fact]
    public async Task Reply_ToAPrivateMessage_DirectWithoutLookingUpTheStatus()
    {
        var target = new InboxTarget("113600000000000003", InboundKind.Message, Member, ConversationId: Member, AuthorHandle: "carol@social.example.nhs.uk");

        await _mastodon.InboxConnector().ReplyAsync(new ReplyRequest(_mastodon.Call, target, "@carol@social.example.nhs.uk Please call NHS 111.", "inbox-reply-52"), Ct);

        Assert.Empty(_mastodon.Server.RequestsTo("GET", "/api/v1/statuses/{id}"));
        var sent = Assert.Single(_mastodon.Server.RequestsTo("POST", "/api/v1/statuses"));
        Assert.Equal("direct", sent.Form["visibility"]);
        Assert.Equal("@carol@social.example.nhs.uk Please call NHS 111.", sent.Form["status"]);
    }

    [Fact]
    public async Task Reply_NoHandleKnown_MentionsTheStatusAuthorAndFollowsAPublicThread()
    {
        _mastodon.Server.MapJson("GET", "/api/v1/statuses/{id}", MastodonPayloads.PublicStatus("113600000000000001", "<p>hello</p>", Member, "carol"));
        var target = new InboxTarget("113600000000000001", InboundKind.Reply, Member);

        await _mastodon.InboxConnector().ReplyAsync(new ReplyRequest(_mastodon.Call, target, "Thank you!", "inbox-reply-53"), Ct);

        var sent = Assert.Single(_mastodon.Server.RequestsTo("POST", "/api/v1/statuses"));
        Assert.Equal($"@carol@{_mastodon.Instance.Host} Thank you!", sent.Form["status"]);
        Assert.Equal("public", sent.Form["visibility"]);
    }

    [Fact]
    public async Task Reply_MessageDeleted_RejectedAndNothingPosted()
    {
        _mastodon.Server.MapJson("GET", "/api/v1/statuses/{id}", MastodonPayloads.RecordNotFound, status: 404);
        var target = new InboxTarget("113600000000000009", InboundKind.Mention, Member);

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            _mastodon.InboxConnector().ReplyAsync(new ReplyRequest(_mastodon.Call, target, "Thanks", "inbox-reply-54"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Empty(_mastodon.Server.RequestsTo("POST", "/api/v1/statuses"));
    }

    [Fact]
    public async Task Reply_TooLongForTheInstance_RejectedWithMastodonsMessage()
    {
        _mastodon.Server.MapJson("POST", "/api/v1/statuses", MastodonPayloads.TooLong, status: 422);
        var target = new InboxTarget("113600000000000003", InboundKind.Message, Member, AuthorHandle: "carol");

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            _mastodon.InboxConnector().ReplyAsync(new ReplyRequest(_mastodon.Call, target, new string('a', 600), "inbox-reply-55"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("character limit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, PlatformErrorKind.AuthLost)]
    [InlineData(403, PlatformErrorKind.AuthLost)]
    [InlineData(429, PlatformErrorKind.RateLimited)]
    [InlineData(500, PlatformErrorKind.Retryable)]
    public async Task Reply_Refused_ClassifiedLikePublishing(int status, PlatformErrorKind kind)
    {
        _mastodon.Server.FailNext(1, ApiFault.Status(status, """{"error":"Refused"}"""), "POST", "/api/v1/statuses");
        var target = new InboxTarget("113600000000000003", InboundKind.Message, Member, AuthorHandle: "carol");

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            _mastodon.InboxConnector().ReplyAsync(new ReplyRequest(_mastodon.Call, target, "Thanks", "inbox-reply-56"), Ct));

        Assert.Equal(kind, error.Kind);
    }

    [Fact]
    public async Task Reply_NoAnswerInTime_OutcomeUnknownForTheCallerToRepeatWithTheSameKey()
    {
        _mastodon.Server.FailNext(1, ApiFault.SlowerThan(FakeMastodonInstance.Timeout * 5), "POST", "/api/v1/statuses");
        var target = new InboxTarget("113600000000000003", InboundKind.Message, Member, AuthorHandle: "carol");

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            _mastodon.InboxConnector().ReplyAsync(new ReplyRequest(_mastodon.Call, target, "Thanks", "inbox-reply-57"), Ct));

        Assert.Equal(PlatformErrorKind.OutcomeUnknown, error.Kind);
    }

    [Fact]
    public async Task Block_ThenUnblock_PostsToTheAccountsBlockAndUnblock()
    {
        _mastodon.Server.MapJson("POST", "/api/v1/accounts/{id}/block", MastodonPayloads.Relationship(Member, blocking: true));
        _mastodon.Server.MapJson("POST", "/api/v1/accounts/{id}/unblock", MastodonPayloads.Relationship(Member, blocking: false));
        var connector = _mastodon.InboxConnector();
        var target = new InboxTarget("113600000000000001", InboundKind.Mention, Member);

        await connector.ModerateAsync(new ModerationRequest(_mastodon.Call, ModerationAction.Block, target, "abusive"), Ct);
        await connector.ModerateAsync(new ModerationRequest(_mastodon.Call, ModerationAction.Unblock, target, "abusive"), Ct);

        var block = Assert.Single(_mastodon.Server.RequestsTo("POST", "/api/v1/accounts/{id}/block"));
        Assert.Equal($"/api/v1/accounts/{Member}/block", block.Path);
        Assert.Equal("Bearer channel-token", block.Header("Authorization"));
        Assert.Equal($"/api/v1/accounts/{Member}/unblock", Assert.Single(_mastodon.Server.RequestsTo("POST", "/api/v1/accounts/{id}/unblock")).Path);
    }

    [Fact]
    public async Task Unblock_AccountGone_NotAnError()
    {
        var target = new InboxTarget("113600000000000001", InboundKind.Mention, Member);

        var result = await _mastodon.InboxConnector().ModerateAsync(new ModerationRequest(_mastodon.Call, ModerationAction.Unblock, target, "abusive"), Ct);

        Assert.Null(result.PlatformReference);
        Assert.Single(_mastodon.Server.RequestsTo("POST", "/api/v1/accounts/{id}/unblock"));
    }

    [Fact]
    public async Task Block_WithoutTheBlocksScope_AuthLostSoThePersonReconnects()
    {
        _mastodon.Server.MapJson("POST", "/api/v1/accounts/{id}/block", """{"error":"This action is outside the authorized scopes"}""", status: 403);
        var target = new InboxTarget("113600000000000001", InboundKind.Mention, Member);

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            _mastodon.InboxConnector().ModerateAsync(new ModerationRequest(_mastodon.Call, ModerationAction.Block, target, "abusive"), Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
    }

    [Theory]
    [InlineData("Abusive, threatening, harassing or obscene", "other")]
    [InlineData("spam", "spam")]
    [InlineData("Advertises or sells products or services, or is spam", "spam")]
    public async Task Report_FilesReportWithStatusReasonAndCategory_KeepsTheReportId(string reason, string category)
    {
        _mastodon.Server.Map("POST", "/api/v1/reports", r => DocumentedResponse.Json(
            MastodonPayloads.Report("48914", r.Form["category"], r.Form["comment"], r.Form["status_ids[]"], r.Form["account_id"])));
        var target = new InboxTarget("113600000000000002", InboundKind.Reply, RemoteMember);

        var result = await _mastodon.InboxConnector().ModerateAsync(new ModerationRequest(_mastodon.Call, ModerationAction.Report, target, reason), Ct);

        var sent = Assert.Single(_mastodon.Server.RequestsTo("POST", "/api/v1/reports"));
        Assert.Equal(RemoteMember, sent.Form["account_id"]);
        Assert.Equal("113600000000000002", sent.Form["status_ids[]"]);
        Assert.Equal(reason, sent.Form["comment"]);
        Assert.Equal(category, sent.Form["category"]);
        Assert.Equal("true", sent.Form["forward"]);
        Assert.Equal("48914", result.PlatformReference);
    }

    [Theory]
    [InlineData(ModerationAction.Hide)]
    [InlineData(ModerationAction.Unhide)]
    [InlineData(ModerationAction.Delete)]
    public async Task HideOrDelete_NotSupportedOnMastodon_RejectedWithoutCallingTheInstance(ModerationAction action)
    {
        var connector = _mastodon.InboxConnector();
        var target = new InboxTarget("113600000000000002", InboundKind.Reply, RemoteMember);

        Assert.False(connector.Supports(action, InboundKind.Reply));
        var error = await Assert.ThrowsAsync<PlatformException>(() => connector.ModerateAsync(new ModerationRequest(_mastodon.Call, action, target, "abusive"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Empty(_mastodon.Server.Requests);
        Assert.True(connector.Supports(ModerationAction.Block, InboundKind.Message));
        Assert.True(connector.Supports(ModerationAction.Report, InboundKind.Mention));
    }

    [Fact]
    public void AddSignpostPlatforms_RegistersTheMastodonPollerAndConnectorForTheInbox()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddSignpostPlatforms();

        Assert.Contains(services, d => d.ServiceType == typeof(IInboxPoller) && d.ImplementationType == typeof(MastodonInboxPoller));
        Assert.Contains(services, d => d.ServiceType == typeof(IInboxConnector) && d.ImplementationType == typeof(MastodonInboxConnector));
        Assert.Equal(Network.Mastodon, _mastodon.InboxPoller().Network);
        Assert.Equal(Network.Mastodon, _mastodon.InboxConnector().Network);
    }

    private void MapNotifications(Func<RecordedRequest, string> page) =>
        _mastodon.Server.Map("GET", "/api/v1/notifications", r => DocumentedResponse.Json(page(r)));

    private static string Page(params string[] notifications) => "[" + string.Join(",", notifications) + "]";

    private static string Mention(string notificationId, string statusId) =>
        MastodonPayloads.Notification(notificationId, MastodonPayloads.PublicStatus(statusId, "<p>@riversideicb hello</p>", Member, "carol"));
}
