using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Inbox;
using Signpost.Platforms.Instagram;
using Signpost.Platforms.Tests.Fakes;
using static Signpost.Platforms.Tests.Facebook.GraphTestHost;

namespace Signpost.Platforms.Tests.Instagram;

/// <summary>Replies and moderation on an Instagram professional account against a local Graph API answering as Meta documents.</summary>
public sealed class InstagramInboxTests : IAsyncLifetime
{
    private const string InstagramId = "17841474524784050";
    private const string MediaId = "18172143295349192";
    private const string CommentId = "17919697626119712";
    private const string Igsid = "1234567890123456";
    private const string LinkedPageToken = "EAAB-page-token-linked";

    private static readonly ChannelCall Call = new(
        new PlatformAccount(InstagramId, "nhsriverside"),
        new PlatformCredential { AccessToken = UserToken, Extra = new Dictionary<string, string> { ["page_id"] = PageId } });

    private static readonly InboxTarget Comment = new(CommentId, InboundKind.Comment, "2105722729836161", RootPostId: MediaId, InReplyToId: MediaId);

    private DocumentedApiServer _server = null!;
    private ServiceProvider _services = null!;
    private InstagramInboxConnector _connector = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await DocumentedApiServer.StartAsync();
        _services = Services(_server);
        _connector = new InstagramInboxConnector(_services.GetRequiredService<IHttpClientFactory>(), _services.GetRequiredService<PlatformOptions>());
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Reply_Comment_PostsToTheRepliesEdge()
    {
        _server.MapJson("POST", "/v25.0/{id}/replies", """{"id":"17919697626119799"}""");

        var result = await _connector.ReplyAsync(new ReplyRequest(Call, Comment, "Our clinics are listed at nhs.uk.", "reply-1"), Ct);

        var sent = Assert.Single(_server.RequestsTo("POST", "/v25.0/{id}/replies"));
        Assert.Equal($"/v25.0/{CommentId}/replies", sent.Path);
        Assert.Equal("Our clinics are listed at nhs.uk.", sent.Form["message"]);
        Assert.Equal($"Bearer {UserToken}", sent.Header("Authorization"));
        Assert.Equal(Proof(UserToken), sent.Query["appsecret_proof"]);
        Assert.Equal("17919697626119799", result.PlatformPostId);
    }

    [Fact]
    public async Task Reply_CommentMention_PostsToTheAccountsMentionsEdge()
    {
        _server.MapJson("POST", "/v25.0/{id}/mentions", """{"id":"17919697626119800"}""");
        var mention = new InboxTarget("17894227972186120", InboundKind.Mention, "", RootPostId: "17887498072083520", InReplyToId: "17887498072083520");

        var result = await _connector.ReplyAsync(new ReplyRequest(Call, mention, "Thank you!", "reply-2"), Ct);

        var sent = Assert.Single(_server.RequestsTo("POST", "/v25.0/{id}/mentions"));
        Assert.Equal($"/v25.0/{InstagramId}/mentions", sent.Path);
        Assert.Equal("17887498072083520", sent.Form["media_id"]);
        Assert.Equal("17894227972186120", sent.Form["comment_id"]);
        Assert.Equal("Thank you!", sent.Form["message"]);
        Assert.Equal("17919697626119800", result.PlatformPostId);
    }

    [Fact]
    public async Task Reply_Message_SentFromTheLinkedPageWithItsToken()
    {
        _server.MapJson("GET", "/v25.0/{id}", $$"""{"access_token":"{{LinkedPageToken}}","id":"{{PageId}}"}""");
        _server.MapJson("POST", "/v25.0/{id}/messages", $$"""{"recipient_id":"{{Igsid}}","message_id":"aWdfZAG1faXRlbToxOklHTWVzc2FnZAreply"}""");
        var message = new InboxTarget("aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx", InboundKind.Message, Igsid, ConversationId: Igsid);

        var result = await _connector.ReplyAsync(new ReplyRequest(Call, message, "Please call NHS 111.", "reply-3"), Ct);

        var lookup = Assert.Single(_server.RequestsTo("GET", "/v25.0/{id}"));
        Assert.Equal($"/v25.0/{PageId}", lookup.Path);
        Assert.Equal("access_token", lookup.Query["fields"]);
        Assert.Equal($"Bearer {UserToken}", lookup.Header("Authorization"));
        var sent = Assert.Single(_server.RequestsTo("POST", "/v25.0/{id}/messages"));
        Assert.Equal($"/v25.0/{PageId}/messages", sent.Path);
        Assert.Equal($"Bearer {LinkedPageToken}", sent.Header("Authorization"));
        Assert.Equal(Igsid, JsonDocument.Parse(sent.Form["recipient"]).RootElement.GetProperty("id").GetString());
        Assert.Equal("Please call NHS 111.", JsonDocument.Parse(sent.Form["message"]).RootElement.GetProperty("text").GetString());
        Assert.Equal("aWdfZAG1faXRlbToxOklHTWVzc2FnZAreply", result.PlatformPostId);
    }

    [Fact]
    public async Task Reply_MessageWithoutALinkedPage_AuthLostAndNothingSent()
    {
        var call = Call with { Credential = new PlatformCredential { AccessToken = UserToken } };
        var message = new InboxTarget("mid", InboundKind.Message, Igsid, ConversationId: Igsid);

        var error = await Assert.ThrowsAsync<PlatformException>(() => _connector.ReplyAsync(new ReplyRequest(call, message, "Hello", "reply-4"), Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData(ModerationAction.Hide, "true")]
    [InlineData(ModerationAction.Unhide, "false")]
    public async Task Moderate_HideOrUnhide_SetsHideOnTheComment(ModerationAction action, string hide)
    {
        _server.MapJson("POST", "/v25.0/{id}", """{"success":true}""");

        await _connector.ModerateAsync(new ModerationRequest(Call, action, Comment, "abuse"), Ct);

        var sent = Assert.Single(_server.RequestsTo("POST", "/v25.0/{id}"));
        Assert.Equal($"/v25.0/{CommentId}", sent.Path);
        Assert.Equal(hide, sent.Form["hide"]);
    }

    [Fact]
    public async Task Moderate_Delete_DeletesTheComment()
    {
        _server.MapJson("DELETE", "/v25.0/{id}", """{"success":true}""");

        await _connector.ModerateAsync(new ModerationRequest(Call, ModerationAction.Delete, Comment, "spam"), Ct);

        Assert.Equal($"/v25.0/{CommentId}", Assert.Single(_server.RequestsTo("DELETE", "/v25.0/{id}")).Path);
    }

    [Theory]
    [InlineData(ModerationAction.Block)]
    [InlineData(ModerationAction.Unblock)]
    [InlineData(ModerationAction.Report)]
    public async Task Moderate_NotOfferedByInstagram_RejectedAndNothingSent(ModerationAction action)
    {
        var error = await Assert.ThrowsAsync<PlatformException>(() => _connector.ModerateAsync(new ModerationRequest(Call, action, Comment, "abuse"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.False(_connector.Supports(action, InboundKind.Comment));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void Supports_PerActionAndKind_CommentsOnly()
    {
        Assert.True(_connector.Supports(ModerationAction.Hide, InboundKind.Comment));
        Assert.True(_connector.Supports(ModerationAction.Delete, InboundKind.Comment));
        Assert.False(_connector.Supports(ModerationAction.Hide, InboundKind.Message));
        Assert.False(_connector.Supports(ModerationAction.Hide, InboundKind.Mention));
        Assert.Equal(Network.Instagram, _connector.Network);
    }

    [Fact]
    public async Task Moderate_HideThrottled_RateLimited()
    {
        _server.MapJson("POST", "/v25.0/{id}", """{"error":{"message":"(#80002) There have been too many calls to this Instagram account.","type":"OAuthException","code":80002,"fbtrace_id":"AxY2"}}""", status: 400,
            headers: BusinessUseCaseUsage(InstagramId, "instagram", 30));

        var error = await Assert.ThrowsAsync<PlatformException>(() => _connector.ModerateAsync(new ModerationRequest(Call, ModerationAction.Hide, Comment, "abuse"), Ct));

        Assert.Equal(PlatformErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromMinutes(30), error.RetryAfter);
    }

    [Fact]
    public async Task CompleteMention_CommentMention_TextAndTimeFromMentionedComment()
    {
        _server.MapJson("GET", "/v25.0/{id}", """{"mentioned_comment":{"id":"17894227972186120","text":"@nhsriverside <b>thank you</b> for the jab","timestamp":"2026-11-24T08:30:00+0000","username":"jab_thanks"},"id":"17841474524784050"}""");
        var mention = new InboundItem("17894227972186120", InboundKind.Mention, "", InstagramInboxConnector.UnreadMentionAuthor, DateTimeOffset.UnixEpoch, InReplyToId: "17887498072083520", RootPostId: "17887498072083520", AccountId: InstagramId);

        var completed = await _connector.CompleteMentionAsync(Call, mention, Ct);

        var sent = Assert.Single(_server.RequestsTo("GET", "/v25.0/{id}"));
        Assert.Equal($"/v25.0/{InstagramId}", sent.Path);
        Assert.Equal("mentioned_comment.comment_id(17894227972186120){id,text,timestamp,username}", sent.Query["fields"]);
        Assert.Equal(Proof(UserToken), sent.Query["appsecret_proof"]);
        Assert.Equal(new InboundAuthor("jab_thanks", "jab_thanks"), completed.Author);
        Assert.Equal("@nhsriverside <b>thank you</b> for the jab", completed.Text);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 30, 0, TimeSpan.Zero), completed.CreatedAt);
        Assert.Equal("17894227972186120", completed.PlatformId);
    }

    [Fact]
    public async Task CompleteMention_CaptionMention_CaptionAndUsernameFromMentionedMedia()
    {
        _server.MapJson("GET", "/v25.0/{id}", """{"mentioned_media":{"id":"17887498072083520","caption":"Great care from @nhsriverside today","timestamp":"2026-11-24T08:31:00+0000","username":"riverside_parent"},"id":"17841474524784050"}""");
        var mention = new InboundItem("17887498072083520", InboundKind.Mention, "", InstagramInboxConnector.UnreadMentionAuthor, DateTimeOffset.UnixEpoch, RootPostId: "17887498072083520", AccountId: InstagramId);

        var completed = await _connector.CompleteMentionAsync(Call, mention, Ct);

        Assert.Equal("mentioned_media.media_id(17887498072083520){id,caption,timestamp,username}", Assert.Single(_server.Requests).Query["fields"]);
        Assert.Equal("Great care from @nhsriverside today", completed.Text);
        Assert.Equal(new InboundAuthor("riverside_parent", "riverside_parent"), completed.Author);
    }

    [Fact]
    public async Task CompleteMention_CommentGone_ThrowsWithInstagramsReason()
    {
        _server.MapJson("GET", "/v25.0/{id}", ObjectGone("17894227972186121"), status: 400);
        var mention = new InboundItem("17894227972186121", InboundKind.Mention, "", InstagramInboxConnector.UnreadMentionAuthor, DateTimeOffset.UnixEpoch, InReplyToId: "17887498072083520", RootPostId: "17887498072083520", AccountId: InstagramId);

        var error = await Assert.ThrowsAsync<PlatformException>(() => _connector.CompleteMentionAsync(Call, mention, Ct));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteMention_AlreadyRead_NoRequest()
    {
        var mention = new InboundItem("17894227972186122", InboundKind.Mention, "Already here", new InboundAuthor("someone", "someone"), DateTimeOffset.UnixEpoch, AccountId: InstagramId);

        var completed = await _connector.CompleteMentionAsync(Call, mention, Ct);

        Assert.Same(mention, completed);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Reply_TokenRevoked_AuthLost()
    {
        _server.MapJson("POST", "/v25.0/{id}/replies", TokenRevoked, status: 400);

        var error = await Assert.ThrowsAsync<PlatformException>(() => _connector.ReplyAsync(new ReplyRequest(Call, Comment, "Hello", "reply-5"), Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
    }
}
