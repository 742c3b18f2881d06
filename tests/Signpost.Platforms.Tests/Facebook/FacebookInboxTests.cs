using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Facebook;
using Signpost.Platforms.Inbox;
using Signpost.Platforms.Tests.Fakes;
using static Signpost.Platforms.Tests.Facebook.GraphTestHost;

namespace Signpost.Platforms.Tests.Facebook;

/// <summary>Replies and moderation on a Facebook Page against a local Graph API answering as Meta documents.</summary>
public sealed class FacebookInboxTests : IAsyncLifetime
{
    private const string PostId = PageId + "_987654321";
    private const string CommentId = "987654321_1213590066982748";
    private const string AuthorId = "1029384756";
    private const string Psid = "6543210987654321";

    private static readonly ChannelCall Call = new(new PlatformAccount(PageId, "NHS Riverside ICB"), new PlatformCredential { AccessToken = PageToken });

    private static readonly InboxTarget Comment = new(CommentId, InboundKind.Comment, AuthorId, RootPostId: PostId, InReplyToId: PostId);

    private static readonly InboxTarget Message = new("m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM", InboundKind.Message, Psid, ConversationId: Psid);

    private DocumentedApiServer _server = null!;
    private ServiceProvider _services = null!;
    private FacebookInboxConnector _connector = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await DocumentedApiServer.StartAsync();
        _services = Services(_server);
        _connector = new FacebookInboxConnector(_services.GetRequiredService<IHttpClientFactory>(), _services.GetRequiredService<PlatformOptions>());
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Reply_Comment_PostsToTheCommentsEdgeAsThePage()
    {
        _server.MapJson("POST", "/v25.0/{id}/comments", """{"id":"987654321_1213590066982999"}""");

        var result = await _connector.ReplyAsync(new ReplyRequest(Call, Comment, "Please call NHS 111 for advice.", "reply-1"), Ct);

        var sent = Assert.Single(_server.RequestsTo("POST", "/v25.0/{id}/comments"));
        Assert.Equal($"/v25.0/{CommentId}/comments", sent.Path);
        Assert.Equal("Please call NHS 111 for advice.", sent.Form["message"]);
        Assert.Equal($"Bearer {PageToken}", sent.Header("Authorization"));
        Assert.Equal(Proof(PageToken), sent.Query["appsecret_proof"]);
        Assert.Equal("987654321_1213590066982999", result.PlatformPostId);
    }

    [Fact]
    public async Task Reply_Message_SendApiResponseToTheSender()
    {
        _server.MapJson("POST", "/v25.0/{page}/messages", $$"""{"recipient_id":"{{Psid}}","message_id":"m_AG5Hz2Uq7tuwNEhXfYYKj8mJEMreply"}""");

        var result = await _connector.ReplyAsync(new ReplyRequest(Call, Message, "We are open 8am to 8pm.", "reply-2"), Ct);

        var sent = Assert.Single(_server.RequestsTo("POST", "/v25.0/{page}/messages"));
        Assert.Equal($"/v25.0/{PageId}/messages", sent.Path);
        Assert.Equal("RESPONSE", sent.Form["messaging_type"]);
        Assert.Equal(Psid, JsonDocument.Parse(sent.Form["recipient"]).RootElement.GetProperty("id").GetString());
        Assert.Equal("We are open 8am to 8pm.", JsonDocument.Parse(sent.Form["message"]).RootElement.GetProperty("text").GetString());
        Assert.Equal("m_AG5Hz2Uq7tuwNEhXfYYKj8mJEMreply", result.PlatformPostId);
    }

    [Theory]
    [InlineData(ModerationAction.Hide, "true")]
    [InlineData(ModerationAction.Unhide, "false")]
    public async Task Moderate_HideOrUnhide_SetsIsHiddenOnTheComment(ModerationAction action, string hidden)
    {
        _server.MapJson("POST", "/v25.0/{id}", """{"success":true}""");

        await _connector.ModerateAsync(new ModerationRequest(Call, action, Comment, "abuse"), Ct);

        var sent = Assert.Single(_server.RequestsTo("POST", "/v25.0/{id}"));
        Assert.Equal($"/v25.0/{CommentId}", sent.Path);
        Assert.Equal(hidden, sent.Form["is_hidden"]);
    }

    [Fact]
    public async Task Moderate_Delete_DeletesTheComment()
    {
        _server.MapJson("DELETE", "/v25.0/{id}", """{"success":true}""");

        await _connector.ModerateAsync(new ModerationRequest(Call, ModerationAction.Delete, Comment, "abuse"), Ct);

        Assert.Equal($"/v25.0/{CommentId}", Assert.Single(_server.RequestsTo("DELETE", "/v25.0/{id}")).Path);
    }

    [Fact]
    public async Task Moderate_DeleteACommentAlreadyGone_NotAnError()
    {
        _server.MapJson("DELETE", "/v25.0/{id}", ObjectGone(CommentId), status: 400);

        var result = await _connector.ModerateAsync(new ModerationRequest(Call, ModerationAction.Delete, Comment, "abuse"), Ct);

        Assert.Null(result.PlatformReference);
    }

    [Fact]
    public async Task Moderate_BlockCommentAuthor_PostsUserToThePagesBlockedEdge()
    {
        _server.MapJson("POST", "/v25.0/{page}/blocked", $$"""{"{{AuthorId}}":true}""");

        await _connector.ModerateAsync(new ModerationRequest(Call, ModerationAction.Block, Comment, "abuse"), Ct);

        var sent = Assert.Single(_server.RequestsTo("POST", "/v25.0/{page}/blocked"));
        Assert.Equal($"/v25.0/{PageId}/blocked", sent.Path);
        Assert.Equal(AuthorId, sent.Form["user"]);
    }

    [Fact]
    public async Task Moderate_BlockMessageSender_BlocksByPsid()
    {
        _server.MapJson("POST", "/v25.0/{page}/blocked", $$"""{"{{Psid}}":true}""");

        await _connector.ModerateAsync(new ModerationRequest(Call, ModerationAction.Block, Message, "abuse"), Ct);

        Assert.Equal(Psid, Assert.Single(_server.RequestsTo("POST", "/v25.0/{page}/blocked")).Form["psid"]);
    }

    [Fact]
    public async Task Moderate_Unblock_DeletesFromTheBlockedEdgeWithTheUser()
    {
        _server.MapJson("DELETE", "/v25.0/{page}/blocked", """{"success":true}""");

        await _connector.ModerateAsync(new ModerationRequest(Call, ModerationAction.Unblock, Comment, "appeal upheld"), Ct);

        var sent = Assert.Single(_server.RequestsTo("DELETE", "/v25.0/{page}/blocked"));
        Assert.Equal($"/v25.0/{PageId}/blocked", sent.Path);
        Assert.Equal(AuthorId, sent.Query["user"]);
        Assert.Equal(Proof(PageToken), sent.Query["appsecret_proof"]);
        Assert.Equal($"Bearer {PageToken}", sent.Header("Authorization"));
    }

    [Fact]
    public async Task Moderate_Report_NotSupportedAndNothingSent()
    {
        var error = await Assert.ThrowsAsync<PlatformException>(() => _connector.ModerateAsync(new ModerationRequest(Call, ModerationAction.Report, Comment, "safeguarding"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void Supports_PerActionAndKind_WhatTheGraphApiOffers()
    {
        Assert.True(_connector.Supports(ModerationAction.Hide, InboundKind.Comment));
        Assert.True(_connector.Supports(ModerationAction.Unhide, InboundKind.Comment));
        Assert.True(_connector.Supports(ModerationAction.Delete, InboundKind.Comment));
        Assert.True(_connector.Supports(ModerationAction.Block, InboundKind.Comment));
        Assert.True(_connector.Supports(ModerationAction.Unblock, InboundKind.Message));
        Assert.False(_connector.Supports(ModerationAction.Hide, InboundKind.Message));
        Assert.False(_connector.Supports(ModerationAction.Delete, InboundKind.Message));
        Assert.False(_connector.Supports(ModerationAction.Report, InboundKind.Comment));
        Assert.False(_connector.Supports(ModerationAction.Report, InboundKind.Message));
        Assert.Equal(Network.Facebook, _connector.Network);
    }

    [Fact]
    public async Task Reply_TokenRevoked_AuthLost()
    {
        _server.MapJson("POST", "/v25.0/{id}/comments", TokenRevoked, status: 400);

        var error = await Assert.ThrowsAsync<PlatformException>(() => _connector.ReplyAsync(new ReplyRequest(Call, Comment, "Hello", "reply-3"), Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
    }

    [Fact]
    public async Task Moderate_HideRefusedByGraph_Rejected()
    {
        _server.MapJson("POST", "/v25.0/{id}", """{"error":{"message":"(#200) Permissions error","type":"OAuthException","code":200,"fbtrace_id":"AbC1"}}""", status: 403);

        var error = await Assert.ThrowsAsync<PlatformException>(() => _connector.ModerateAsync(new ModerationRequest(Call, ModerationAction.Hide, Comment, "abuse"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("Permissions error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moderate_UnblockRateLimited_RateLimitedWithTheUsageWait()
    {
        _server.MapJson("DELETE", "/v25.0/{page}/blocked", PageRateLimited, status: 400, headers: BusinessUseCaseUsage(PageId, "pages", 20));

        var error = await Assert.ThrowsAsync<PlatformException>(() => _connector.ModerateAsync(new ModerationRequest(Call, ModerationAction.Unblock, Comment, "appeal"), Ct));

        Assert.Equal(PlatformErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromMinutes(20), error.RetryAfter);
    }
}
