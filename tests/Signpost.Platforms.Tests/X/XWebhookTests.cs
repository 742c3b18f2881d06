using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Inbox;
using Signpost.Platforms.X;

namespace Signpost.Platforms.Tests.X;

/// <summary>
/// The X Account Activity webhook receiver against X's webhook documentation: the CRC answer, the
/// x-twitter-webhooks-signature over the raw body, and tweet_create_events / direct_message_events
/// payloads (written from the documented shapes, with Riverside's ids).
/// </summary>
public sealed class XWebhookTests
{
    private const string ConsumerSecret = "riverside-consumer-secret";
    private const string ForUserId = XPayloads.UserId;
    private const string PublicUserId = "3001969357";
    private const string OurPostId = "1924465506158878979";

    private static readonly XWebhookReceiver Receiver = Build(ConsumerSecret);

    [Fact]
    public void Crc_PublishedVector_ExactResponseToken()
    {
        // SIGNATURE_SCHEMES.md: the worked CRC example from X's documentation.
        var receiver = Build("z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu");

        var outcome = receiver.Receive(Get(("crc_token", "9b4507b3-9040-4669-9ca3-6b94edb50553")));

        var handshake = Assert.IsType<WebhookOutcome.Handshake>(outcome);
        Assert.Equal("application/json", handshake.ContentType);
        Assert.Equal("""{"response_token":"sha256=Cytd4Sq+NvEcV3MMrXxWJGJx5A+y/lXzzU2Maartkx8="}""", handshake.Body);
    }

    [Fact]
    public void Crc_NoToken_Malformed()
    {
        Assert.IsType<WebhookOutcome.Malformed>(Receiver.Receive(Get()));
    }

    [Fact]
    public void Post_ReplyToOurPost_ReplyForTheSubscribedUser()
    {
        var outcome = Receiver.Receive(Signed(Tweets(Tweet("1924470000000000001", PublicUserId, "furiouscamper", "@NHSRiversideICB is the clinic open today?", inReplyTo: OurPostId, inReplyToUser: ForUserId, mentions: [ForUserId]))));

        var item = Single(outcome);
        Assert.Equal("1924470000000000001", item.PlatformId);
        Assert.Equal(InboundKind.Reply, item.Kind);
        Assert.Equal("@NHSRiversideICB is the clinic open today?", item.Text);
        Assert.Equal(new InboundAuthor(PublicUserId, "furiouscamper", "Jordan Brinks"), item.Author);
        Assert.Equal(OurPostId, item.InReplyToId);
        Assert.Equal(ForUserId, item.AccountId);
        Assert.Equal(new Uri("https://x.com/furiouscamper/status/1924470000000000001"), item.Url);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1747663306000), item.CreatedAt);
    }

    [Fact]
    public void Post_MentionOutsideOurThreads_Mention()
    {
        var outcome = Receiver.Receive(Signed(Tweets(Tweet("1924470000000000002", PublicUserId, "furiouscamper", "Thanks @NHSRiversideICB for the flu jab", mentions: [ForUserId]))));

        var item = Single(outcome);
        Assert.Equal(InboundKind.Mention, item.Kind);
        Assert.Null(item.InReplyToId);
    }

    [Fact]
    public void Post_TruncatedTweet_FullTextFromExtendedTweet()
    {
        var tweet = $$"""
            {"created_at":"Mon May 19 14:01:46 +0000 2025","id":1924465506158879000,"id_str":"1924470000000000003",
             "text":"@NHSRiversideICB A long question about… https://t.co/bzbEKj8cd8","truncated":true,
             "user":{"id":3001969357,"id_str":"{{PublicUserId}}","name":"Jordan Brinks","screen_name":"furiouscamper"},
             "extended_tweet":{"full_text":"@NHSRiversideICB A long question about the new opening hours at the Riverside walk-in centre","entities":{"user_mentions":[{"screen_name":"NHSRiversideICB","id_str":"{{ForUserId}}","indices":[0,16]}]} },
             "entities":{"user_mentions":[],"urls":[]} }
            """;

        var item = Single(Receiver.Receive(Signed(Tweets(tweet))));

        Assert.Equal("@NHSRiversideICB A long question about the new opening hours at the Riverside walk-in centre", item.Text);
        Assert.Equal(new DateTimeOffset(2025, 5, 19, 14, 1, 46, TimeSpan.Zero), item.CreatedAt);
    }

    [Fact]
    public void Post_OwnPostsRetweetsAndUnrelatedPosts_Skipped()
    {
        var own = Tweet("1924470000000000004", ForUserId, XPayloads.Username, "@furiouscamper yes, 8am to 8pm", inReplyTo: "1924470000000000001", inReplyToUser: PublicUserId, mentions: [PublicUserId]);
        var retweet = Tweet("1924470000000000005", PublicUserId, "furiouscamper", "RT @NHSRiversideICB: Flu jabs", mentions: [ForUserId], retweet: true);
        var unrelated = Tweet("1924470000000000006", PublicUserId, "furiouscamper", "Nice weather", inReplyTo: "99", inReplyToUser: "98");

        var outcome = Receiver.Receive(Signed(Tweets(own, retweet, unrelated)));

        Assert.Empty(Assert.IsType<WebhookOutcome.Events>(outcome).Items);
    }

    [Fact]
    public void Post_DirectMessageFromThePublic_MessageToAnswerBySender()
    {
        var outcome = Receiver.Receive(Signed(DirectMessages(
            DirectMessage("954491830116155396", PublicUserId, ForUserId, "Hello World!"),
            DirectMessage("954491830116155397", ForUserId, PublicUserId, "Our answer"))));

        var item = Single(outcome);
        Assert.Equal("954491830116155396", item.PlatformId);
        Assert.Equal(InboundKind.Message, item.Kind);
        Assert.Equal("Hello World!", item.Text);
        Assert.Equal(PublicUserId, item.ConversationId);
        Assert.Equal(new InboundAuthor(PublicUserId, "furiouscamper", "Jordan Brinks"), item.Author);
        Assert.Equal(ForUserId, item.AccountId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1516403560557), item.CreatedAt);
    }

    [Fact]
    public void Post_ScriptInText_PlainTextAsTyped()
    {
        // X escapes &, < and > in Tweet text; the person typed "<script>" and that is what is kept, as text.
        var tweet = Tweet("1924470000000000007", PublicUserId, "furiouscamper", "@NHSRiversideICB &lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &quot;", mentions: [ForUserId]);
        var dm = DirectMessage("954491830116155398", PublicUserId, ForUserId, "<img src=x onerror=alert(1)>");

        var tweetItem = Single(Receiver.Receive(Signed(Tweets(tweet))));
        var dmItem = Single(Receiver.Receive(Signed(DirectMessages(dm))));

        Assert.Equal("@NHSRiversideICB <script>alert(1)</script> &amp; &quot;", tweetItem.Text);
        Assert.Equal("<img src=x onerror=alert(1)>", dmItem.Text);
    }

    [Fact]
    public void Post_OtherAccountActivity_NoEvents()
    {
        var body = $$"""
            {"for_user_id":"{{ForUserId}}","favorite_events":[{"id":"a7ba59eab0bfcba386f7acedac279542","created_at":"Mon Mar 26 16:33:26 +0000 2018","timestamp_ms":1522082006140,"favorited_status":{"id_str":"{{OurPostId}}"},"user":{"id_str":"{{PublicUserId}}"} }]}
            """;
        const string revoke = """{"user_event":{"revoke":{"date_time":"2018-05-24T09:48:12+00:00","target":{"app_id":"13090192"},"source":{"user_id":"63046977"}}}}""";

        Assert.Empty(Assert.IsType<WebhookOutcome.Events>(Receiver.Receive(Signed(body))).Items);
        Assert.Empty(Assert.IsType<WebhookOutcome.Events>(Receiver.Receive(Signed(revoke))).Items);
    }

    [Fact]
    public void Post_BodyChangedAfterSigning_Refused401()
    {
        var body = DirectMessages(DirectMessage("954491830116155399", PublicUserId, ForUserId, "Original"));
        var signature = XWebhookReceiver.Signature(ConsumerSecret, Encoding.UTF8.GetBytes(body));

        var outcome = Receiver.Receive(Post(body.Replace("Original", "Forged", StringComparison.Ordinal), signature));

        Assert.Equal(401, Assert.IsType<WebhookOutcome.Refused>(outcome).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=***")]
    [InlineData("sha256=Cytd4Sq+NvEcV3MMrXxWJGJx5A+y/lXzzU2Maartkx8=")]
    [InlineData("sha1=Cytd4Sq+NvEcV3MMrXxWJGJx5A+y")]
    public void Post_MissingOrWrongSignature_Refused401(string? header)
    {
        var outcome = Receiver.Receive(Post(DirectMessages(DirectMessage("1", PublicUserId, ForUserId, "Hello")), header));

        Assert.Equal(401, Assert.IsType<WebhookOutcome.Refused>(outcome).StatusCode);
    }

    [Fact]
    public void Post_SignedWithAnotherSecret_Refused401()
    {
        var body = DirectMessages(DirectMessage("1", PublicUserId, ForUserId, "Hello"));

        var outcome = Receiver.Receive(Post(body, XWebhookReceiver.Signature("someone-elses-secret", Encoding.UTF8.GetBytes(body))));

        Assert.Equal(401, Assert.IsType<WebhookOutcome.Refused>(outcome).StatusCode);
    }

    [Fact]
    public void Post_HeaderNameInAnyCase_Accepted()
    {
        var body = DirectMessages(DirectMessage("2", PublicUserId, ForUserId, "Hello"));

        // An ordinal (case-sensitive) dictionary with the header as X writes it.
        var request = new WebhookRequest("POST", new Dictionary<string, string>(), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["X-Twitter-Webhooks-Signature"] = XWebhookReceiver.Signature(ConsumerSecret, Encoding.UTF8.GetBytes(body)),
        }, Encoding.UTF8.GetBytes(body));

        Assert.Single(Assert.IsType<WebhookOutcome.Events>(Receiver.Receive(request)).Items);
    }

    [Fact]
    public void Receive_NoConsumerSecret_NotConfiguredAndRefused()
    {
        var receiver = Build(consumerSecret: null);

        Assert.False(receiver.IsConfigured);
        Assert.Equal(401, Assert.IsType<WebhookOutcome.Refused>(receiver.Receive(Get(("crc_token", "abc")))).StatusCode);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"tweet_create_events\":[]}")]
    [InlineData("{\"for_user_id\":\"1\",\"tweet_create_events\":{}}")]
    [InlineData("{\"for_user_id\":\"1\",\"tweet_create_events\":[\"x\"]}")]
    [InlineData("{\"for_user_id\":\"1\",\"tweet_create_events\":[{\"text\":\"no ids\"}]}")]
    [InlineData("{\"for_user_id\":\"1\",\"direct_message_events\":[{\"type\":\"message_create\",\"id\":\"5\"}]}")]
    public void Post_NotTheDocumentedShape_Malformed(string body)
    {
        Assert.IsType<WebhookOutcome.Malformed>(Receiver.Receive(Signed(body)));
    }

    [Fact]
    public void Registration_AddSignpostPlatforms_ReceiverAndConnectorResolve()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Platforms:X:ConsumerSecret"] = ConsumerSecret }).Build();
        var services = new ServiceCollection().AddSignpostPlatforms(configuration);
        using var provider = services.BuildServiceProvider();

        // Only X's registrations are built: the Sandbox's need Signpost.Core.
        var receiver = services.Single(d => d.ServiceType == typeof(IWebhookReceiver) && d.ImplementationType == typeof(XWebhookReceiver));
        var connector = services.Single(d => d.ServiceType == typeof(IInboxConnector) && d.ImplementationFactory?.Method.DeclaringType?.Namespace == typeof(XInboxConnector).Namespace);

        Assert.IsType<XWebhookReceiver>(ActivatorUtilities.CreateInstance(provider, receiver.ImplementationType!));
        Assert.IsType<XInboxConnector>(connector.ImplementationFactory!(provider));
    }

    private static XWebhookReceiver Build(string? consumerSecret)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Platforms:X:ConsumerSecret"] = consumerSecret }).Build();
        using var provider = new ServiceCollection().AddSignpostPlatforms(configuration).BuildServiceProvider();
        return new XWebhookReceiver(provider.GetRequiredService<PlatformOptions>());
    }

    private static InboundItem Single(WebhookOutcome outcome)
    {
        var item = Assert.Single(Assert.IsType<WebhookOutcome.Events>(outcome).Items);
        Assert.Equal(Network.X, item.Network);
        return item.Item;
    }

    private static string Tweets(params string[] tweets) => $$"""{"for_user_id":"{{ForUserId}}","user_has_blocked":false,"tweet_create_events":[{{string.Join(",", tweets)}}]}""";

    /// <summary>A v1.1 Tweet object as tweet_create_events carries it.</summary>
    private static string Tweet(string id, string userId, string screenName, string text, string? inReplyTo = null, string? inReplyToUser = null, string[]? mentions = null, bool retweet = false) => $$"""
        {"created_at":"Mon May 19 14:01:46 +0000 2025","id":{{id}},"id_str":"{{id}}","text":{{System.Text.Json.JsonSerializer.Serialize(text)}},
         "in_reply_to_status_id":{{inReplyTo ?? "null"}},"in_reply_to_status_id_str":{{(inReplyTo is null ? "null" : $"\"{inReplyTo}\"")}},
         "in_reply_to_user_id_str":{{(inReplyToUser is null ? "null" : $"\"{inReplyToUser}\"")}},
         "user":{"id":{{userId}},"id_str":"{{userId}}","name":"{{(userId == ForUserId ? "NHS Riverside ICB" : "Jordan Brinks")}}","screen_name":"{{screenName}}"},
         {{(retweet ? $"\"retweeted_status\":{{\"id_str\":\"{OurPostId}\"}}," : "")}}
         "entities":{"hashtags":[],"urls":[],"symbols":[],"user_mentions":[{{string.Join(",", (mentions ?? []).Select(m => $"{{\"id_str\":\"{m}\",\"screen_name\":\"someone\",\"indices\":[0,16]}}"))}}]},
         "timestamp_ms":"1747663306000"}
        """;

    private static string DirectMessages(params string[] events) => $$"""
        {"for_user_id":"{{ForUserId}}","direct_message_events":[{{string.Join(",", events)}}],
         "apps":{"13090192":{"id":"13090192","name":"FuriousCamperTestApp1","url":"https://x.com/furiouscamper"} },
         "users":{
           "{{PublicUserId}}":{"id":"{{PublicUserId}}","created_timestamp":"1422556069340","name":"Jordan Brinks","screen_name":"furiouscamper","protected":false,"verified":false},
           "{{ForUserId}}":{"id":"{{ForUserId}}","created_timestamp":"1448312972328","name":"NHS Riverside ICB","screen_name":"{{XPayloads.Username}}","protected":false,"verified":false} } }
        """;

    private static string DirectMessage(string id, string senderId, string recipientId, string text) => $$"""
        {"type":"message_create","id":"{{id}}","created_timestamp":"1516403560557","message_create":{"target":{"recipient_id":"{{recipientId}}"},"sender_id":"{{senderId}}","source_app_id":"13090192",
         "message_data":{"text":{{System.Text.Json.JsonSerializer.Serialize(text)}},"entities":{"hashtags":[],"symbols":[],"user_mentions":[],"urls":[]} } } }
        """;

    private static WebhookRequest Get(params (string Key, string Value)[] query) =>
        new("GET", query.ToDictionary(q => q.Key, q => q.Value), new Dictionary<string, string>(), ReadOnlyMemory<byte>.Empty);

    private static WebhookRequest Signed(string body) =>
        Post(body, XWebhookReceiver.Signature(ConsumerSecret, Encoding.UTF8.GetBytes(body)));

    private static WebhookRequest Post(string body, string? signature)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (signature is not null)
        {
            headers["x-twitter-webhooks-signature"] = signature;
        }

        return new WebhookRequest("POST", new Dictionary<string, string>(), headers, Encoding.UTF8.GetBytes(body));
    }
}
