using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Inbox;
using Signpost.Platforms.LinkedIn;
using Signpost.Platforms.Tests.Facebook;
using Signpost.Platforms.Tests.Fakes;

namespace Signpost.Platforms.Tests.LinkedIn;

/// <summary>
/// The LinkedIn Page inbox against a server that answers as the Posts, Comments and Organization
/// Social Action Notifications APIs document: comments polled from recent posts, answers in threads,
/// deletion as the organisation, and what refusals mean.
/// </summary>
public sealed class LinkedInInboxTests : IAsyncLifetime
{
    private const string Organisation = "urn:li:organization:2414183";
    private const string Token = "AQV-linkedin-access-token";
    private const string Post = "urn:li:share:7263001234567890123";
    private const string OlderPost = "urn:li:share:7262000000000000001";
    private const string Activity = "urn:li:activity:7263001234567890999";
    private const string Member = "urn:li:person:Ylpq-RobP9";
    private const string OtherMember = "urn:li:person:aBc-dEf12";

    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly ChannelCall Call = new(new PlatformAccount(Organisation, "nhs-riverside"), new PlatformCredential { AccessToken = Token });

    private static readonly string FirstComment = CommentUrn("7263100000000000001");
    private static readonly string OurComment = CommentUrn("7263100000000000002");

    private DocumentedApiServer _server = null!;
    private ServiceProvider _services = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await DocumentedApiServer.StartAsync();
        var values = new Dictionary<string, string?>
        {
            ["Platforms:LinkedIn:ApiBaseUrl"] = _server.BaseUrl.AbsoluteUri,
            ["Platforms:LinkedIn:Timeout"] = TimeSpan.FromSeconds(2).ToString("c", CultureInfo.InvariantCulture),
        };
        var services = new ServiceCollection().AddSignpostPlatforms(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddSingleton<TimeProvider>(new FixedClock(Now));
        _services = services.BuildServiceProvider();

        _server.MapJson("GET", "/rest/posts", Elements(PostJson(Post), PostJson(OlderPost)));
        _server.MapJson("GET", "/rest/organizationalEntityNotifications", Elements());
        _server.Map("GET", "/rest/socialActions/{target}/comments", r => DocumentedResponse.Json(r.RouteValues["target"] switch
        {
            Post => Elements(
                Comment("7263100000000000001", Member, "Is the <script>alert(1)</script> clinic open on Saturday? & where?", Now.AddMinutes(-50), replies: 1),
                Comment("7263100000000000002", Organisation, "Thanks everyone for coming", Now.AddMinutes(-40), replies: 1)),
            var t when t == FirstComment => Elements(Comment("7263100000000000003", Organisation, "Yes, 9 to 12.", Now.AddMinutes(-30), parent: FirstComment)),
            var t when t == OurComment => Elements(Comment("7263100000000000004", OtherMember, "It was great", Now.AddMinutes(-20), parent: OurComment)),
            _ => Elements(),
        }));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Poll_FirstPoll_CommentsAndRepliesOnRecentPostsLeavingOutTheOrganisationsOwn()
    {
        var page = await Poller().PollAsync(Call, cursor: null, Ct);

        var posts = Assert.Single(_server.RequestsTo("GET", "/rest/posts"));
        Assert.Equal("author", posts.Query["q"]);
        Assert.Equal(Organisation, posts.Query["author"]);
        Assert.Equal($"Bearer {Token}", posts.Header("Authorization"));
        Assert.Equal(LinkedInApi.Version, posts.Header("LinkedIn-Version"));
        Assert.Equal("2.0.0", posts.Header("X-Restli-Protocol-Version"));
        Assert.Equal([Post, FirstComment, OurComment, OlderPost], _server.RequestsTo("GET", "/rest/socialActions/{target}/comments").Select(r => r.RouteValues["target"]));

        Assert.Equal([FirstComment, CommentUrn("7263100000000000004")], page.Items.Select(i => i.PlatformId));
        var comment = page.Items[0];
        Assert.Equal(InboundKind.Comment, comment.Kind);
        Assert.Equal("Is the <script>alert(1)</script> clinic open on Saturday? & where?", comment.Text);
        Assert.Equal(new InboundAuthor(Member, Member), comment.Author);
        Assert.Equal(Post, comment.InReplyToId);
        Assert.Equal(Post, comment.RootPostId);
        Assert.Equal(Now.AddMinutes(-50), comment.CreatedAt);
        Assert.Equal($"https://www.linkedin.com/feed/update/{Post}/?commentUrn={Uri.EscapeDataString(FirstComment)}", comment.Url!.AbsoluteUri);

        var reply = page.Items[1];
        Assert.Equal(InboundKind.Reply, reply.Kind);
        Assert.Equal(OurComment, reply.InReplyToId);
        Assert.Equal(Post, reply.RootPostId);
        Assert.Equal(OtherMember, reply.Author.PlatformId);

        Assert.Equal(Ms(Now.AddMinutes(-20)), page.Cursor);
        var notifications = Assert.Single(_server.RequestsTo("GET", "/rest/organizationalEntityNotifications"));
        Assert.Equal("criteria", notifications.Query["q"]);
        Assert.Equal(Organisation, notifications.Query["organizationalEntity"]);
        Assert.Equal("List(SHARE_MENTION)", notifications.Query["actions"]);
        Assert.False(notifications.Query.ContainsKey("timeRange"));
    }

    [Fact]
    public async Task Poll_WithCursor_OnlyWhatIsAtLeastAsNewAndMentionsSinceThen()
    {
        var cursor = Ms(Now.AddMinutes(-25));

        var page = await Poller().PollAsync(Call, cursor, Ct);

        Assert.Equal([CommentUrn("7263100000000000004")], page.Items.Select(i => i.PlatformId));
        Assert.Equal(Ms(Now.AddMinutes(-20)), page.Cursor);
        var notifications = Assert.Single(_server.RequestsTo("GET", "/rest/organizationalEntityNotifications"));
        Assert.Equal($"(start:{cursor},end:{Ms(Now)})", notifications.Query["timeRange"]);
    }

    [Fact]
    public async Task Poll_NothingNew_KeepsTheCursor()
    {
        var cursor = Ms(Now.AddMinutes(-5));

        var page = await Poller().PollAsync(Call, cursor, Ct);

        Assert.Empty(page.Items);
        Assert.Equal(cursor, page.Cursor);
    }

    [Fact]
    public async Task Poll_PostThatMentionsTheOrganisation_AMentionInPlainText()
    {
        const string Mentioning = "urn:li:share:7263555555555555555";
        _server.MapJson("GET", "/rest/organizationalEntityNotifications", Elements($$"""
            {"action":"SHARE_MENTION","organizationalEntity":"{{Organisation}}","generatedActivity":"{{Mentioning}}","sourcePost":"{{Mentioning}}","lastModifiedAt":{{Ms(Now.AddMinutes(-10))}}}
            """, $$"""
            {"action":"COMMENT","organizationalEntity":"{{Organisation}}","generatedActivity":"{{FirstComment}}","sourcePost":"{{Post}}","lastModifiedAt":{{Ms(Now.AddMinutes(-50))}}}
            """));
        _server.MapJson("GET", "/rest/posts/{urn}", $$"""
            {"id":"{{Mentioning}}","author":"{{OtherMember}}","commentary":"Great work @[NHS Riverside ICB]({{Organisation}}) on the \\(new\\) clinic {hashtag|\\#|flu} <b>today</b>","visibility":"PUBLIC","lifecycleState":"PUBLISHED","createdAt":{{Ms(Now.AddMinutes(-11))}},"publishedAt":{{Ms(Now.AddMinutes(-11))}}}
            """);

        var page = await Poller().PollAsync(Call, Ms(Now.AddMinutes(-15)), Ct);

        var mention = Assert.Single(page.Items);
        Assert.Equal(Mentioning, Assert.Single(_server.RequestsTo("GET", "/rest/posts/{urn}")).RouteValues["urn"]);
        Assert.Equal(InboundKind.Mention, mention.Kind);
        Assert.Equal(Mentioning, mention.PlatformId);
        Assert.Equal("Great work @NHS Riverside ICB on the (new) clinic #flu <b>today</b>", mention.Text);
        Assert.Equal(OtherMember, mention.Author.PlatformId);
        Assert.Equal(Mentioning, mention.RootPostId);
        Assert.Null(mention.InReplyToId);
        Assert.Equal(Ms(Now.AddMinutes(-11)), page.Cursor);
    }

    [Fact]
    public async Task Poll_MentionLinkedInWillNotShowOrNotificationsRefused_CommentsStillArrive()
    {
        _server.MapJson("GET", "/rest/organizationalEntityNotifications", Elements($$"""
            {"action":"SHARE_MENTION","organizationalEntity":"{{Organisation}}","generatedActivity":"urn:li:share:1","lastModifiedAt":{{Ms(Now.AddMinutes(-10))}}}
            """));
        _server.MapJson("GET", "/rest/posts/{urn}", """{"message":"Not enough permissions to access: posts.GET.20260501","serviceErrorCode":100,"status":403}""", status: 403);

        var first = await Poller().PollAsync(Call, null, Ct);
        _server.FailNext(1, ApiFault.Status(403, """{"message":"Not enough permissions to access: organizationalEntityNotifications.FINDER-criteria.20260501","serviceErrorCode":100,"status":403}"""),
            "GET", "/rest/organizationalEntityNotifications");
        var second = await Poller().PollAsync(Call, null, Ct);

        Assert.Equal(2, first.Items.Count);
        Assert.Equal(2, second.Items.Count);
    }

    [Theory]
    [InlineData(401, PlatformErrorKind.AuthLost)]
    [InlineData(403, PlatformErrorKind.Rejected)]
    [InlineData(404, PlatformErrorKind.Rejected)]
    [InlineData(429, PlatformErrorKind.RateLimited)]
    [InlineData(500, PlatformErrorKind.Retryable)]
    [InlineData(504, PlatformErrorKind.OutcomeUnknown)]
    public async Task Poll_Refused_ClassifiedLikePublishing(int status, PlatformErrorKind kind)
    {
        _server.FailNext(1, ApiFault.Status(status, $$"""{"message":"Refused","serviceErrorCode":65600,"status":{{status}}}"""), "GET", "/rest/posts");

        var error = await Assert.ThrowsAsync<PlatformException>(() => Poller().PollAsync(Call, null, Ct));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
        if (kind == PlatformErrorKind.RateLimited)
        {
            Assert.Equal(LinkedInApi.DefaultRateLimitWait, error.RetryAfter);
        }
    }

    [Fact]
    public async Task Reply_ToAComment_ACommentInItsThreadAsTheOrganisation()
    {
        MapCreate();
        var target = new InboxTarget(FirstComment, InboundKind.Comment, Member, RootPostId: Post, InReplyToId: Post);

        var result = await Connector().ReplyAsync(new ReplyRequest(Call, target, "Yes: 9am to 12 noon. #flu (walk in)", "inbox-reply-61"), Ct);

        var sent = Assert.Single(_server.RequestsTo("POST", "/rest/socialActions/{target}/comments"));
        Assert.Equal(FirstComment, sent.RouteValues["target"]);
        Assert.Equal($"Bearer {Token}", sent.Header("Authorization"));
        Assert.Equal(LinkedInApi.Version, sent.Header("LinkedIn-Version"));
        Assert.Equal("2.0.0", sent.Header("X-Restli-Protocol-Version"));
        var body = sent.Json();
        Assert.Equal(Organisation, body.GetProperty("actor").GetString());
        Assert.Equal(Activity, body.GetProperty("object").GetString());
        Assert.Equal("Yes: 9am to 12 noon. #flu (walk in)", body.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal(FirstComment, body.GetProperty("parentComment").GetString());
        Assert.Equal(CommentUrn("7263100000000000099"), result.PlatformPostId);
        Assert.StartsWith($"https://www.linkedin.com/feed/update/{Post}/", result.Url!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_ToAReply_InTheSameThreadAsTheCommentItIsUnder()
    {
        MapCreate();
        var target = new InboxTarget(CommentUrn("7263100000000000004"), InboundKind.Reply, OtherMember, RootPostId: Post, InReplyToId: OurComment);

        await Connector().ReplyAsync(new ReplyRequest(Call, target, "Thank you!", "inbox-reply-62"), Ct);

        var sent = Assert.Single(_server.RequestsTo("POST", "/rest/socialActions/{target}/comments"));
        Assert.Equal(OurComment, sent.RouteValues["target"]);
        Assert.Equal(OurComment, sent.Json().GetProperty("parentComment").GetString());
    }

    [Fact]
    public async Task Reply_ToAMention_ATopLevelCommentOnTheirPost()
    {
        const string Mentioning = "urn:li:share:7263555555555555555";
        _server.Map("POST", "/rest/socialActions/{target}/comments", _ => DocumentedResponse.Empty(201, new Dictionary<string, string> { ["x-restli-id"] = "7263100000000000100" }));
        var target = new InboxTarget(Mentioning, InboundKind.Mention, OtherMember, RootPostId: Mentioning);

        var result = await Connector().ReplyAsync(new ReplyRequest(Call, target, "Thank you for coming.", "inbox-reply-63"), Ct);

        var sent = Assert.Single(_server.RequestsTo("POST", "/rest/socialActions/{target}/comments"));
        Assert.Equal(Mentioning, sent.RouteValues["target"]);
        var body = sent.Json();
        Assert.Equal(Mentioning, body.GetProperty("object").GetString());
        Assert.False(body.TryGetProperty("parentComment", out _));
        Assert.Equal($"urn:li:comment:({Mentioning},7263100000000000100)", result.PlatformPostId);
    }

    [Theory]
    [InlineData(401, PlatformErrorKind.AuthLost)]
    [InlineData(403, PlatformErrorKind.Rejected)]
    [InlineData(429, PlatformErrorKind.RateLimited)]
    [InlineData(500, PlatformErrorKind.Retryable)]
    public async Task Reply_Refused_ClassifiedLikePublishing(int status, PlatformErrorKind kind)
    {
        MapCreate();
        _server.FailNext(1, ApiFault.Status(status, $$"""{"message":"Comment create refused","status":{{status}}}"""), "POST", "/rest/socialActions/{target}/comments");
        var target = new InboxTarget(FirstComment, InboundKind.Comment, Member, RootPostId: Post);

        var error = await Assert.ThrowsAsync<PlatformException>(() => Connector().ReplyAsync(new ReplyRequest(Call, target, "Yes", "inbox-reply-65"), Ct));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
    }

    [Fact]
    public async Task Reply_NoAnswerInTime_OutcomeUnknown()
    {
        MapCreate();
        _server.FailNext(1, ApiFault.SlowerThan(TimeSpan.FromSeconds(10)), "POST", "/rest/socialActions/{target}/comments");
        var target = new InboxTarget(FirstComment, InboundKind.Comment, Member, RootPostId: Post);

        var error = await Assert.ThrowsAsync<PlatformException>(() => Connector().ReplyAsync(new ReplyRequest(Call, target, "Yes", "inbox-reply-64"), Ct));

        Assert.Equal(PlatformErrorKind.OutcomeUnknown, error.Kind);
    }

    [Fact]
    public async Task Delete_ACommentOnOurPost_DeletesAsTheOrganisation()
    {
        _server.Map("DELETE", "/rest/socialActions/{target}/comments/{id}", _ => DocumentedResponse.Empty(204));
        var target = new InboxTarget(FirstComment, InboundKind.Comment, Member, RootPostId: Post, InReplyToId: Post);

        await Connector().ModerateAsync(new ModerationRequest(Call, ModerationAction.Delete, target, "abusive"), Ct);

        var sent = Assert.Single(_server.RequestsTo("DELETE", "/rest/socialActions/{target}/comments/{id}"));
        Assert.Equal(Post, sent.RouteValues["target"]);
        Assert.Equal("7263100000000000001", sent.RouteValues["id"]);
        Assert.Equal(Organisation, sent.Query["actor"]);
        Assert.Equal("DELETE", sent.Header("X-RestLi-Method"));
        Assert.Equal(LinkedInApi.Version, sent.Header("LinkedIn-Version"));
    }

    [Fact]
    public async Task Delete_AReplyAlreadyGone_DeletedUnderItsCommentAndNotAnError()
    {
        _server.MapJson("DELETE", "/rest/socialActions/{target}/comments/{id}", """{"message":"Not found","status":404}""", status: 404);
        var target = new InboxTarget(CommentUrn("7263100000000000004"), InboundKind.Reply, OtherMember, RootPostId: Post, InReplyToId: OurComment);

        await Connector().ModerateAsync(new ModerationRequest(Call, ModerationAction.Delete, target, "abusive"), Ct);

        var sent = Assert.Single(_server.RequestsTo("DELETE", "/rest/socialActions/{target}/comments/{id}"));
        Assert.Equal(OurComment, sent.RouteValues["target"]);
        Assert.Equal("7263100000000000004", sent.RouteValues["id"]);
    }

    [Fact]
    public async Task Delete_NoLongerAnAdministrator_Rejected()
    {
        _server.MapJson("DELETE", "/rest/socialActions/{target}/comments/{id}", """{"message":"Not enough permissions to access: socialActions.comments.DELETE","serviceErrorCode":100,"status":403}""", status: 403);
        var target = new InboxTarget(FirstComment, InboundKind.Comment, Member, RootPostId: Post);

        var error = await Assert.ThrowsAsync<PlatformException>(() => Connector().ModerateAsync(new ModerationRequest(Call, ModerationAction.Delete, target, "abusive"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("Not enough permissions", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ModerationAction.Hide, InboundKind.Comment)]
    [InlineData(ModerationAction.Block, InboundKind.Comment)]
    [InlineData(ModerationAction.Report, InboundKind.Reply)]
    [InlineData(ModerationAction.Delete, InboundKind.Mention)]
    public async Task Moderate_NotOfferedByLinkedIn_RejectedWithoutCallingIt(ModerationAction action, InboundKind kind)
    {
        var connector = Connector();
        var target = new InboxTarget(FirstComment, kind, Member, RootPostId: Post);

        Assert.False(connector.Supports(action, kind));
        var error = await Assert.ThrowsAsync<PlatformException>(() => connector.ModerateAsync(new ModerationRequest(Call, action, target, "abusive"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Empty(_server.Requests);
        Assert.True(connector.Supports(ModerationAction.Delete, InboundKind.Reply));
    }

    [Fact]
    public void AddSignpostPlatforms_RegistersTheLinkedInPollerAndConnectorForTheInbox()
    {
        var services = new ServiceCollection().AddSignpostPlatforms();

        Assert.Contains(services, d => d.ServiceType == typeof(IInboxPoller) && d.ImplementationType == typeof(LinkedInInboxPoller));
        Assert.Contains(services, d => d.ServiceType == typeof(IInboxConnector) && d.ImplementationType == typeof(LinkedInInboxConnector));
        Assert.Equal(Network.LinkedIn, Poller().Network);
        Assert.Equal(Network.LinkedIn, Connector().Network);
    }

    /// <summary>Built from the application's registrations (LinkedInInboxServices); the other networks' inbox classes need Core.</summary>
    private LinkedInInboxPoller Poller() => ActivatorUtilities.CreateInstance<LinkedInInboxPoller>(_services);

    private LinkedInInboxConnector Connector() => ActivatorUtilities.CreateInstance<LinkedInInboxConnector>(_services);

    /// <summary>Create a Comment: 201, the comment in the body, its id in x-restli-id.</summary>
    private void MapCreate() =>
        _server.Map("POST", "/rest/socialActions/{target}/comments", r =>
        {
            var body = r.Json();
            var parent = body.TryGetProperty("parentComment", out var p) ? p.GetString() : null;
            return DocumentedResponse.Json(
                Comment("7263100000000000099", body.GetProperty("actor").GetString()!, body.GetProperty("message").GetProperty("text").GetString()!, Now, parent: parent),
                201,
                new Dictionary<string, string> { ["x-restli-id"] = "7263100000000000099" });
        });

    private static string CommentUrn(string id) => $"urn:li:comment:({Activity},{id})";

    private static string Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private static string Elements(params string[] elements) =>
        $$"""{"paging":{"start":0,"count":{{elements.Length}},"links":[]},"elements":[{{string.Join(",", elements)}}]}""";

    private static string PostJson(string urn) => $$"""
        {"id":"{{urn}}","author":"{{Organisation}}","commentary":"Flu clinic on Saturday","visibility":"PUBLIC","lifecycleState":"PUBLISHED","createdAt":{{Ms(Now.AddDays(-1))}},"lastModifiedAt":{{Ms(Now.AddDays(-1))}}}
        """;

    /// <summary>A Comment as the Comments API returns it (commentUrn, actor, created, message, object, summaries).</summary>
    private static string Comment(string id, string actor, string text, DateTimeOffset created, int replies = 0, string? parent = null) => $$"""
        {
          "id": "{{id}}",
          "commentUrn": "{{CommentUrn(id)}}",
          "$URN": "{{CommentUrn(id)}}",
          "actor": "{{actor}}",
          "agent": "urn:li:person:Ylpq-RobP9",
          "created": { "actor": "{{actor}}", "time": {{Ms(created)}} },
          "lastModified": { "actor": "{{actor}}", "time": {{Ms(created)}} },
          "message": { "attributes": [], "text": {{JsonSerializer.Serialize(text)}} },
          "object": "{{Activity}}",
          {{(parent is null ? "" : $"\"parentComment\": \"{parent}\",")}}
          "likesSummary": { "selectedLikes": [], "aggregatedTotalLikes": 0, "likedByCurrentUser": false, "totalLikes": 0 },
          "commentsSummary": { "selectedComments": [], "aggregatedTotalComments": {{replies}}, "totalFirstLevelComments": {{replies}} }
        }
        """;
}
