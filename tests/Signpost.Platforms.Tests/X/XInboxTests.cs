using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Inbox;
using Signpost.Platforms.Tests.Fakes;
using Signpost.Platforms.X;

namespace Signpost.Platforms.Tests.X;

/// <summary>Replies, direct messages and hidden replies on X against a local X API answering as docs.x.com documents.</summary>
public sealed class XInboxTests : IAsyncLifetime
{
    private const string ReplyId = "1924470000000000001";
    private const string PublicUserId = "3001969357";

    private static readonly InboxTarget Reply = new(ReplyId, InboundKind.Reply, PublicUserId, InReplyToId: "1924465506158878979", AuthorHandle: "furiouscamper");

    private DocumentedApiServer _server = null!;
    private ServiceProvider _services = null!;
    private FakeXApi.RecordingCredentialStore _store = null!;
    private XInboxConnector _connector = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await DocumentedApiServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platforms:X:ApiBaseUrl"] = _server.BaseUrl.ToString(),
            ["Platforms:X:Timeout"] = FakeXApi.Timeout.ToString(),
            ["Platforms:X:ClientId"] = FakeXApi.ClientId,
            ["Platforms:X:ClientSecret"] = FakeXApi.ClientSecret,
        }).Build();
        _services = new ServiceCollection().AddSignpostPlatforms(configuration).BuildServiceProvider();
        var http = _services.GetRequiredService<IHttpClientFactory>();
        var options = _services.GetRequiredService<PlatformOptions>();
        var clock = new FixedNow(FakeXApi.Now);
        _store = new FakeXApi.RecordingCredentialStore();
        _connector = new XInboxConnector(http, options, new XConnector(http, options, clock, _store), clock, _store);
        _server.MapJson("POST", "/2/oauth2/token", XPayloads.Token());
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Reply_Post_CreatesAReplyToThePost()
    {
        _server.Map("POST", "/2/tweets", r => DocumentedResponse.Json(XPayloads.Created("1924470000000000099", r.Json().GetProperty("text").GetString()!), 201));

        var result = await _connector.ReplyAsync(new ReplyRequest(FakeXApi.Call(), Reply, "@furiouscamper Yes, 8am to 8pm.", "reply-1"), Ct);

        var sent = Assert.Single(_server.RequestsTo("POST", "/2/tweets")).Json();
        Assert.Equal("@furiouscamper Yes, 8am to 8pm.", sent.GetProperty("text").GetString());
        Assert.Equal(ReplyId, sent.GetProperty("reply").GetProperty("in_reply_to_tweet_id").GetString());
        Assert.Equal("Bearer access-1", _server.Requests[0].Header("Authorization"));
        Assert.Equal("1924470000000000099", result.PlatformPostId);
        Assert.Equal(new Uri($"https://x.com/{XPayloads.Username}/status/1924470000000000099"), result.Url);
        Assert.Null(result.RenewedCredential);
    }

    [Fact]
    public async Task Reply_DirectMessageToAPerson_SentInTheirOneToOneConversation()
    {
        _server.MapJson("POST", "/2/dm_conversations/with/{participant}/messages", $$"""{"data":{"dm_conversation_id":"{{PublicUserId}}-{{XPayloads.UserId}}","dm_event_id":"1582838223641858048"} }""", status: 201);
        var message = new InboxTarget("954491830116155396", InboundKind.Message, PublicUserId, ConversationId: PublicUserId);

        var result = await _connector.ReplyAsync(new ReplyRequest(FakeXApi.Call(), message, "Please call NHS 111.", "reply-2"), Ct);

        var sent = Assert.Single(_server.RequestsTo("POST", "/2/dm_conversations/with/{participant}/messages"));
        Assert.Equal($"/2/dm_conversations/with/{PublicUserId}/messages", sent.Path);
        Assert.Equal("Please call NHS 111.", sent.Json().GetProperty("text").GetString());
        Assert.Equal("1582838223641858048", result.PlatformPostId);
    }

    [Fact]
    public async Task Reply_DirectMessageInAConversation_SentToThatConversation()
    {
        var conversation = $"{PublicUserId}-{XPayloads.UserId}";
        _server.MapJson("POST", "/2/dm_conversations/{id}/messages", $$"""{"data":{"dm_conversation_id":"{{conversation}}","dm_event_id":"1582838223641858049"} }""", status: 201);
        var message = new InboxTarget("954491830116155397", InboundKind.Message, PublicUserId, ConversationId: conversation);

        var result = await _connector.ReplyAsync(new ReplyRequest(FakeXApi.Call(), message, "Thank you", "reply-3"), Ct);

        Assert.Equal($"/2/dm_conversations/{conversation}/messages", Assert.Single(_server.RequestsTo("POST", "/2/dm_conversations/{id}/messages")).Path);
        Assert.Equal("1582838223641858049", result.PlatformPostId);
    }

    [Theory]
    [InlineData(ModerationAction.Hide, true)]
    [InlineData(ModerationAction.Unhide, false)]
    public async Task Moderate_HideOrUnhide_PutsHiddenOnTheReply(ModerationAction action, bool hidden)
    {
        _server.Map("PUT", "/2/tweets/{id}/hidden", r => DocumentedResponse.Json($$"""{"data":{"hidden":{{(r.Json().GetProperty("hidden").GetBoolean() ? "true" : "false")}}} }"""));

        await _connector.ModerateAsync(new ModerationRequest(FakeXApi.Call(), action, Reply, "abuse"), Ct);

        var sent = Assert.Single(_server.RequestsTo("PUT", "/2/tweets/{id}/hidden"));
        Assert.Equal($"/2/tweets/{ReplyId}/hidden", sent.Path);
        Assert.Equal(hidden, sent.Json().GetProperty("hidden").GetBoolean());
    }

    [Fact]
    public async Task Moderate_HideNotConfirmed_Retryable()
    {
        _server.MapJson("PUT", "/2/tweets/{id}/hidden", """{"data":{"hidden":false}}""");

        var error = await Assert.ThrowsAsync<PlatformException>(() => _connector.ModerateAsync(new ModerationRequest(FakeXApi.Call(), ModerationAction.Hide, Reply, "abuse"), Ct));

        Assert.Equal(PlatformErrorKind.Retryable, error.Kind);
    }

    [Theory]
    [InlineData(ModerationAction.Block)]
    [InlineData(ModerationAction.Unblock)]
    [InlineData(ModerationAction.Delete)]
    [InlineData(ModerationAction.Report)]
    public async Task Moderate_NotOfferedForAUserToken_RejectedAndNothingSent(ModerationAction action)
    {
        var error = await Assert.ThrowsAsync<PlatformException>(() => _connector.ModerateAsync(new ModerationRequest(FakeXApi.Call(), action, Reply, "abuse"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.False(_connector.Supports(action, InboundKind.Reply));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void Supports_HideOnlyRepliesInOurConversations()
    {
        Assert.True(_connector.Supports(ModerationAction.Hide, InboundKind.Reply));
        Assert.True(_connector.Supports(ModerationAction.Unhide, InboundKind.Reply));
        Assert.False(_connector.Supports(ModerationAction.Hide, InboundKind.Mention));
        Assert.False(_connector.Supports(ModerationAction.Hide, InboundKind.Message));
        Assert.Equal(Network.X, _connector.Network);
    }

    [Fact]
    public async Task Reply_AccessTokenExpired_RenewedFirstAndHandedBack()
    {
        _server.Map("POST", "/2/tweets", r => DocumentedResponse.Json(XPayloads.Created("1924470000000000100", r.Json().GetProperty("text").GetString()!), 201));

        var result = await _connector.ReplyAsync(new ReplyRequest(FakeXApi.Call(accessTokenExpiresAt: FakeXApi.Now.AddMinutes(-5)), Reply, "Hello", "reply-4"), Ct);

        Assert.Equal("Bearer access-2", Assert.Single(_server.RequestsTo("POST", "/2/tweets")).Header("Authorization"));
        Assert.Equal("access-2", result.RenewedCredential?.AccessToken);
        Assert.Equal("refresh-2", result.RenewedCredential?.RefreshToken);
        Assert.Equal("access-2", Assert.Single(_store.Stored).Credential.AccessToken);
    }

    [Fact]
    public async Task Moderate_HideInAConversationWeDidNotStart_Rejected()
    {
        _server.MapJson("PUT", "/2/tweets/{id}/hidden", """{"detail":"You cannot hide or unhide replies to a conversation that you don't own.","type":"about:blank","title":"Forbidden","status":403}""", status: 403);

        var error = await Assert.ThrowsAsync<PlatformException>(() => _connector.ModerateAsync(new ModerationRequest(FakeXApi.Call(), ModerationAction.Hide, Reply, "abuse"), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("don't own", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_RateLimited_RateLimitedUntilTheReset()
    {
        var reset = FakeXApi.Now.AddMinutes(15).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        _server.FailNext(1, ApiFault.RateLimited(new Dictionary<string, string> { ["x-rate-limit-remaining"] = "0", ["x-rate-limit-reset"] = reset }, XPayloads.TooManyRequests), "POST", "/2/tweets");

        var error = await Assert.ThrowsAsync<PlatformException>(() => _connector.ReplyAsync(new ReplyRequest(FakeXApi.Call(), Reply, "Hello", "reply-5"), Ct));

        Assert.Equal(PlatformErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromMinutes(15), error.RetryAfter);
    }

    private sealed class FixedNow(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
