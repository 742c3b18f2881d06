using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Inbox;
using Signpost.Platforms.Meta;

namespace Signpost.Platforms.Tests.Facebook;

/// <summary>
/// The Meta webhook receiver against the Graph API Webhooks documentation: the verification
/// handshake, X-Hub-Signature-256 over the raw body, and Page feed, Messenger and Instagram payloads
/// (written from the documented shapes, with Riverside's ids).
/// </summary>
public sealed class MetaWebhookTests
{
    private const string AppSecret = "riverside-meta-app-secret";
    private const string VerifyToken = "meatyhamhock";
    private const string PageId = "448242228374517";
    private const string PostId = PageId + "_122131676912594941";
    private const string InstagramId = "17841474524784050";
    private const string MediaId = "18172143295349192";

    private static readonly MetaWebhookReceiver Receiver = Build(AppSecret, VerifyToken);

    [Fact]
    public void Handshake_RightVerifyToken_EchoesTheChallengeAsPlainText()
    {
        var outcome = Receiver.Receive(Get(("hub.mode", "subscribe"), ("hub.challenge", "1158201444"), ("hub.verify_token", VerifyToken)));

        var handshake = Assert.IsType<WebhookOutcome.Handshake>(outcome);
        Assert.Equal("text/plain", handshake.ContentType);
        Assert.Equal("1158201444", handshake.Body);
    }

    [Theory]
    [InlineData("meatyhamhocks")]
    [InlineData("MEATYHAMHOCK")]
    [InlineData("")]
    public void Handshake_WrongVerifyToken_Refused403(string token)
    {
        var outcome = Receiver.Receive(Get(("hub.mode", "subscribe"), ("hub.challenge", "1158201444"), ("hub.verify_token", token)));

        Assert.Equal(403, Assert.IsType<WebhookOutcome.Refused>(outcome).StatusCode);
    }

    [Fact]
    public void Handshake_NoVerifyTokenSentOrConfigured_Refused403()
    {
        var withoutToken = Receiver.Receive(Get(("hub.mode", "subscribe"), ("hub.challenge", "1158201444")));
        var notConfigured = Build(AppSecret, verifyToken: null).Receive(Get(("hub.mode", "subscribe"), ("hub.challenge", "1"), ("hub.verify_token", VerifyToken)));

        Assert.Equal(403, Assert.IsType<WebhookOutcome.Refused>(withoutToken).StatusCode);
        Assert.Equal(403, Assert.IsType<WebhookOutcome.Refused>(notConfigured).StatusCode);
    }

    [Fact]
    public void Handshake_ChallengeThatIsNotAToken_MalformedAndNotEchoed()
    {
        var outcome = Receiver.Receive(Get(("hub.mode", "subscribe"), ("hub.challenge", "<script>alert(1)</script>"), ("hub.verify_token", VerifyToken)));

        Assert.IsType<WebhookOutcome.Malformed>(outcome);
    }

    [Fact]
    public void Signature_PublishedVectors_Match()
    {
        // SIGNATURE_SCHEMES.md: HMAC-SHA256("secret", "test"), and the Meta-style vector over a body
        // that keeps Meta's \u00e9 escape as sent.
        const string body = """{"object":"page","entry":[{"id":"0","time":0,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","message":"caf\u00e9"}}]}]}""";

        Assert.Equal("sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914", MetaWebhookReceiver.Signature("secret", "test"u8));
        Assert.Equal("sha256=89ca68ece094c6092014fd1a29a2ca278fd65e2d95d44fd979758db8ac3cf3f9", MetaWebhookReceiver.Signature("appsecret", Encoding.ASCII.GetBytes(body)));
    }

    [Fact]
    public void Post_PublishedVectorSignature_AcceptedThenShapeChecked()
    {
        const string body = """{"object":"page","entry":[{"id":"0","time":0,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","message":"caf\u00e9"}}]}]}""";
        var receiver = Build("appsecret", VerifyToken);

        var outcome = receiver.Receive(Post(body, "sha256=89ca68ece094c6092014fd1a29a2ca278fd65e2d95d44fd979758db8ac3cf3f9"));

        // The signature passes; the synthetic comment has no comment_id or post_id, so it is not a documented comment.
        Assert.IsType<WebhookOutcome.Malformed>(outcome);
    }

    [Fact]
    public void Post_PageFeedCommentFromThePublic_OneFacebookComment()
    {
        var outcome = Receiver.Receive(Signed(FeedComment("122131676912594941_1213590066982748", "1029384756", "Sam Patel", "Is the walk-in centre open on Sunday?")));

        var item = Single(outcome, Network.Facebook);
        Assert.Equal("122131676912594941_1213590066982748", item.PlatformId);
        Assert.Equal(InboundKind.Comment, item.Kind);
        Assert.Equal("Is the walk-in centre open on Sunday?", item.Text);
        Assert.Equal(new InboundAuthor("1029384756", "Sam Patel", "Sam Patel"), item.Author);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1742667604), item.CreatedAt);
        Assert.Equal(PageId, item.AccountId);
        Assert.Equal(PostId, item.RootPostId);
        Assert.Equal(PostId, item.InReplyToId);
        Assert.Null(item.ConversationId);
    }

    [Fact]
    public void Post_ReplyToAComment_AnswersTheParentComment()
    {
        var outcome = Receiver.Receive(Signed(FeedComment("122131676912594941_2", "1029384756", "Sam Patel", "Thanks", parentId: "122131676912594941_542072878449250")));

        var item = Single(outcome, Network.Facebook);
        Assert.Equal("122131676912594941_542072878449250", item.InReplyToId);
        Assert.Equal(PostId, item.RootPostId);
    }

    [Fact]
    public void Post_CommentByThePageItself_Skipped()
    {
        var outcome = Receiver.Receive(Signed(FeedComment("122131676912594941_3", PageId, "NHS Riverside ICB", "Our reply")));

        Assert.Empty(Assert.IsType<WebhookOutcome.Events>(outcome).Items);
    }

    [Fact]
    public void Post_ReactionsAndEdits_Ignored()
    {
        var body = $$"""
            {"object":"page","entry":[{"id":"{{PageId}}","time":1478440417,"changes":[
              {"field":"feed","value":{"parent_id":"{{PostId}}","sender_id":1029384756,"item":"reaction","verb":"add","created_time":1478440417,"post_id":"{{PostId}}"} },
              {"field":"feed","value":{"item":"comment","verb":"edited","comment_id":"1_2","post_id":"{{PostId}}","message":"edited","from":{"id":"1029384756","name":"Sam Patel"} } }
            ]}]}
            """;

        Assert.Empty(Assert.IsType<WebhookOutcome.Events>(Receiver.Receive(Signed(body))).Items);
    }

    [Fact]
    public void Post_MessengerMessage_MessageToAnswerBySenderPsid()
    {
        var body = $$"""
            {"object":"page","entry":[{"id":"{{PageId}}","time":1732440000123,"messaging":[
              {"sender":{"id":"6543210987654321"},"recipient":{"id":"{{PageId}}"},"timestamp":1732440000000,"message":{"mid":"m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM","text":"I need to change my appointment"} }
            ]}]}
            """;

        var item = Single(Receiver.Receive(Signed(body)), Network.Facebook);

        Assert.Equal("m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM", item.PlatformId);
        Assert.Equal(InboundKind.Message, item.Kind);
        Assert.Equal("I need to change my appointment", item.Text);
        Assert.Equal("6543210987654321", item.ConversationId);
        Assert.Equal("6543210987654321", item.Author.PlatformId);
        Assert.Equal(PageId, item.AccountId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1732440000000), item.CreatedAt);
    }

    [Fact]
    public void Post_EchoOfThePagesOwnMessage_Skipped()
    {
        var body = $$"""
            {"object":"page","entry":[{"id":"{{PageId}}","time":1732440000123,"messaging":[
              {"sender":{"id":"{{PageId}}"},"recipient":{"id":"6543210987654321"},"timestamp":1732440000000,"message":{"mid":"m_echo","is_echo":true,"app_id":1234567890123,"text":"Thanks for your message"} },
              {"sender":{"id":"6543210987654321"},"recipient":{"id":"{{PageId}}"},"timestamp":1732440000001,"read":{"watermark":1732440000000} }
            ]}]}
            """;

        Assert.Empty(Assert.IsType<WebhookOutcome.Events>(Receiver.Receive(Signed(body))).Items);
    }

    [Fact]
    public void Post_InstagramCommentAndReply_InstagramComments()
    {
        var body = $$"""
            {"object":"instagram","entry":[{"id":"{{InstagramId}}","time":1755779280,"changes":[
              {"field":"comments","value":{"from":{"id":"2105722729836161","username":"riverside_parent"},"media":{"id":"{{MediaId}}","media_product_type":"FEED"},"id":"17919697626119712","text":"Where is the clinic?"} },
              {"field":"comments","value":{"from":{"id":"2105722729836162","username":"another_parent"},"media":{"id":"{{MediaId}}","media_product_type":"FEED"},"id":"17919697626119713","parent_id":"17919697626119712","text":"Same question"} }
            ]}]}
            """;

        var items = Assert.IsType<WebhookOutcome.Events>(Receiver.Receive(Signed(body))).Items;

        Assert.Equal(2, items.Count);
        Assert.All(items, e => Assert.Equal(Network.Instagram, e.Network));
        var comment = items[0].Item;
        Assert.Equal("17919697626119712", comment.PlatformId);
        Assert.Equal(InboundKind.Comment, comment.Kind);
        Assert.Equal("Where is the clinic?", comment.Text);
        Assert.Equal(new InboundAuthor("2105722729836161", "riverside_parent"), comment.Author);
        Assert.Equal(InstagramId, comment.AccountId);
        Assert.Equal(MediaId, comment.InReplyToId);
        Assert.Equal(MediaId, comment.RootPostId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1755779280), comment.CreatedAt);
        Assert.Equal("17919697626119712", items[1].Item.InReplyToId);
    }

    [Fact]
    public void Post_InstagramCommentInBusinessLoginShape_Read()
    {
        // The Business Login for Instagram examples put field and value on the entry.
        var body = $$"""
            {"object":"instagram","entry":[{"id":"{{InstagramId}}","time":1755779280,"field":"comments",
              "value":{"id":"17919697626119714","from":{"id":"2105722729836161","username":"riverside_parent"},"text":"Thank you","media":{"id":"{{MediaId}}","media_product_type":"REELS"} } }]}
            """;

        Assert.Equal("17919697626119714", Single(Receiver.Receive(Signed(body)), Network.Instagram).PlatformId);
    }

    [Fact]
    public void Post_InstagramCommentByTheAccountItself_Skipped()
    {
        var body = $$"""
            {"object":"instagram","entry":[{"id":"{{InstagramId}}","time":1755779280,"changes":[
              {"field":"comments","value":{"from":{"id":"{{InstagramId}}","username":"nhsriverside","self_ig_scoped_id":"2105722729836161"},"media":{"id":"{{MediaId}}","media_product_type":"FEED"},"id":"17919697626119715","text":"Our answer"} }
            ]}]}
            """;

        Assert.Empty(Assert.IsType<WebhookOutcome.Events>(Receiver.Receive(Signed(body))).Items);
    }

    [Fact]
    public void Post_InstagramMention_MentionOfTheCommentOnTheMedia()
    {
        var body = $$"""
            {"object":"instagram","entry":[{"id":"{{InstagramId}}","time":1755779290,"changes":[
              {"field":"mentions","value":{"media_id":"17887498072083520","comment_id":"17894227972186120"} }
            ]}]}
            """;

        var item = Single(Receiver.Receive(Signed(body)), Network.Instagram);

        Assert.Equal(InboundKind.Mention, item.Kind);
        Assert.Equal("17894227972186120", item.PlatformId);
        Assert.Equal("17887498072083520", item.RootPostId);
        Assert.Equal(InstagramId, item.AccountId);
        Assert.Equal(("", Signpost.Platforms.Instagram.InstagramInboxConnector.UnreadMentionAuthor), (item.Text, item.Author));
        Assert.NotEmpty(item.Author.PlatformId);
    }

    [Fact]
    public void Post_InstagramDirectMessage_MessageBySenderIgsid()
    {
        var body = $$"""
            {"object":"instagram","entry":[{"id":"{{InstagramId}}","time":1755779300000,"messaging":[
              {"sender":{"id":"1234567890123456"},"recipient":{"id":"{{InstagramId}}"},"timestamp":1755779299000,"message":{"mid":"aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx","text":"Hello, can you help?"} },
              {"sender":{"id":"{{InstagramId}}"},"recipient":{"id":"1234567890123456"},"timestamp":1755779299500,"message":{"mid":"aWdfZAG1echo","text":"Yes","is_echo":true} }
            ]}]}
            """;

        var item = Single(Receiver.Receive(Signed(body)), Network.Instagram);

        Assert.Equal(InboundKind.Message, item.Kind);
        Assert.Equal("1234567890123456", item.ConversationId);
        Assert.Equal("Hello, can you help?", item.Text);
        Assert.Equal(InstagramId, item.AccountId);
    }

    [Fact]
    public void Post_ScriptInText_KeptVerbatimAsPlainText()
    {
        // Meta escapes "<" as \u003C in what it signs: the signature is over those bytes, the text is what was typed.
        const string escaped = "\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E &amp; <b>bold</b>";
        var outcome = Receiver.Receive(Signed(FeedComment("1_4", "1029384756", "Sam Patel", null, rawMessage: escaped)));

        Assert.Equal("<script>alert(1)</script> &amp; <b>bold</b>", Single(outcome, Network.Facebook).Text);
    }

    [Fact]
    public void Post_BodyChangedAfterSigning_Refused401()
    {
        var body = FeedComment("1_5", "1029384756", "Sam Patel", "Original");
        var signature = MetaWebhookReceiver.Signature(AppSecret, Encoding.UTF8.GetBytes(body));

        var outcome = Receiver.Receive(Post(body.Replace("Original", "Forged", StringComparison.Ordinal), signature));

        Assert.Equal(401, Assert.IsType<WebhookOutcome.Refused>(outcome).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=not-hex")]
    [InlineData("sha1=0329a06b62cd16b33eb6792be8c60b158d89a2ee")]
    [InlineData("0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914")]
    public void Post_MissingOrUnreadableSignature_Refused401(string? header)
    {
        var outcome = Receiver.Receive(Post(FeedComment("1_6", "1029384756", "Sam Patel", "Hello"), header));

        Assert.Equal(401, Assert.IsType<WebhookOutcome.Refused>(outcome).StatusCode);
    }

    [Fact]
    public void Post_SignedWithAnotherSecret_Refused401()
    {
        var body = FeedComment("1_7", "1029384756", "Sam Patel", "Hello");

        var outcome = Receiver.Receive(Post(body, MetaWebhookReceiver.Signature("someone-elses-secret", Encoding.UTF8.GetBytes(body))));

        Assert.Equal(401, Assert.IsType<WebhookOutcome.Refused>(outcome).StatusCode);
    }

    [Fact]
    public void Post_NoAppSecretConfigured_NotConfiguredAndRefused()
    {
        var receiver = Build(appSecret: null, VerifyToken);
        var body = FeedComment("1_8", "1029384756", "Sam Patel", "Hello");

        Assert.False(receiver.IsConfigured);
        Assert.IsType<WebhookOutcome.Refused>(receiver.Receive(Post(body, MetaWebhookReceiver.Signature("", Encoding.UTF8.GetBytes(body)))));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"object\":\"page\",\"entry\":[")]
    [InlineData("[{\"object\":\"page\",\"entry\":[]}]")]
    [InlineData("{\"entry\":[]}")]
    [InlineData("{\"object\":\"page\"}")]
    [InlineData("{\"object\":\"page\",\"entry\":{}}")]
    [InlineData("{\"object\":\"page\",\"entry\":[\"x\"]}")]
    [InlineData("{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"feed\",\"value\":\"comment\"}]}]}")]
    [InlineData("{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"messaging\":{}}]}")]
    [InlineData("{\"object\":\"instagram\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"comments\",\"value\":{\"text\":\"no id\"} }]}]}")]
    public void Post_NotTheDocumentedShape_Malformed(string body)
    {
        Assert.IsType<WebhookOutcome.Malformed>(Receiver.Receive(Signed(body)));
    }

    [Fact]
    public void Registration_AddSignpostPlatforms_ReceiverAndConnectorsRegistered()
    {
        var services = new ServiceCollection().AddSignpostPlatforms(new ConfigurationBuilder().Build());

        Assert.Contains(services, d => d.ServiceType == typeof(IWebhookReceiver) && d.ImplementationType == typeof(MetaWebhookReceiver));
        Assert.Contains(services, d => d.ServiceType == typeof(IInboxConnector) && d.ImplementationType == typeof(Signpost.Platforms.Facebook.FacebookInboxConnector));
        Assert.Contains(services, d => d.ServiceType == typeof(IInboxConnector) && d.ImplementationType == typeof(Signpost.Platforms.Instagram.InstagramInboxConnector));
        Assert.Equal("meta", Receiver.Name);
        Assert.True(Receiver.IsConfigured);
    }

    internal static MetaWebhookReceiver Build(string? appSecret, string? verifyToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platforms:Facebook:ClientSecret"] = appSecret,
            ["Platforms:Facebook:WebhookVerifyToken"] = verifyToken,
        }).Build();
        using var provider = new ServiceCollection().AddSignpostPlatforms(configuration).BuildServiceProvider();
        return new MetaWebhookReceiver(provider.GetRequiredService<PlatformOptions>());
    }

    private static InboundItem Single(WebhookOutcome outcome, Network network)
    {
        var item = Assert.Single(Assert.IsType<WebhookOutcome.Events>(outcome).Items);
        Assert.Equal(network, item.Network);
        return item.Item;
    }

    /// <summary>A Page feed "comment add" shaped as Webhooks for Pages documents it.</summary>
    private static string FeedComment(string commentId, string fromId, string fromName, string? message, string? parentId = null, string? rawMessage = null) => $$"""
        {"entry":[{"id":"{{PageId}}","time":1742667607,"changes":[{"value":{
          "from":{"id":"{{fromId}}","name":"{{fromName}}"},
          "post":{"status_type":"mobile_status_update","is_published":true,"updated_time":"2025-03-22T18:20:04+0000","promotion_status":"inactive","id":"{{PostId}}"},
          "message":{{(rawMessage is null ? System.Text.Json.JsonSerializer.Serialize(message) : "\"" + rawMessage + "\"")}},
          "post_id":"{{PostId}}","comment_id":"{{commentId}}","created_time":1742667604,"item":"comment",
          "parent_id":"{{parentId ?? PostId}}","verb":"add"},"field":"feed"}]}],"object":"page"}
        """;

    private static WebhookRequest Get(params (string Key, string Value)[] query) =>
        new("GET", query.ToDictionary(q => q.Key, q => q.Value), new Dictionary<string, string>(), ReadOnlyMemory<byte>.Empty);

    private static WebhookRequest Signed(string body) =>
        Post(body, MetaWebhookReceiver.Signature(AppSecret, Encoding.UTF8.GetBytes(body)));

    private static WebhookRequest Post(string body, string? signature)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" };
        if (signature is not null)
        {
            headers["X-Hub-Signature-256"] = signature;
        }

        return new WebhookRequest("POST", new Dictionary<string, string>(), headers, Encoding.UTF8.GetBytes(body));
    }
}
