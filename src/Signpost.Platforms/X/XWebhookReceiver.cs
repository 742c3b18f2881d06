using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Signpost.Platforms.Inbox;

namespace Signpost.Platforms.X;

/// <summary>
/// X's Account Activity webhooks (X API v2 Webhooks) at <c>/webhooks/x</c>.
/// <para>
/// Challenge-Response Check: <c>GET ?crc_token=…</c> is answered with
/// <c>{"response_token":"sha256=&lt;base64 HMAC-SHA256(consumer secret, crc_token)&gt;"}</c>. Events:
/// <c>POST</c> with <c>x-twitter-webhooks-signature: sha256=&lt;base64 HMAC-SHA256(consumer secret,
/// raw body)&gt;</c>, compared in constant time. The consumer secret (API key secret) is
/// <c>Platforms:X:ConsumerSecret</c>.
/// </para>
/// <para>
/// Kept: <c>tweet_create_events</c> that reply to or @mention the subscribed user
/// (<c>for_user_id</c>) and were not written by it; <c>direct_message_events</c> of type
/// <c>message_create</c> not sent by it. Likes, follows, deletes, typing and read receipts are ignored.
/// </para>
/// </summary>
public sealed class XWebhookReceiver : IWebhookReceiver
{
    private const string SignatureHeader = "x-twitter-webhooks-signature";

    private readonly byte[]? _consumerSecret;

    public XWebhookReceiver(PlatformOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var secret = options.For(Network.X).ConsumerSecret;
        _consumerSecret = string.IsNullOrWhiteSpace(secret) ? null : Encoding.UTF8.GetBytes(secret);
    }

    public string Name => "x";

    public bool IsConfigured => _consumerSecret is not null;

    /// <summary><c>sha256=</c> and the base64 HMAC-SHA256 of <paramref name="message"/> keyed with the consumer secret: the CRC answer and the signature header.</summary>
    public static string Signature(string consumerSecret, ReadOnlySpan<byte> message) =>
        "sha256=" + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(consumerSecret), message));

    public WebhookOutcome Receive(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_consumerSecret is null)
        {
            return new WebhookOutcome.Refused(401, "Signpost has no X consumer secret to check the request with.");
        }

        if (string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            if (request.Query.GetValueOrDefault("crc_token") is not { Length: > 0 } crcToken)
            {
                return new WebhookOutcome.Malformed("A Challenge-Response Check has a crc_token.");
            }

            // Base64 has only [A-Za-z0-9+/=]: written as is, so no JSON escaping changes "+" or "/".
            var token = "sha256=" + Convert.ToBase64String(HMACSHA256.HashData(_consumerSecret, Encoding.UTF8.GetBytes(crcToken)));
            return new WebhookOutcome.Handshake("application/json", $$"""{"response_token":"{{token}}"}""");
        }

        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return new WebhookOutcome.Malformed("X sends webhook events by POST.");
        }

        if (!SignatureMatches(Header(request.Headers, SignatureHeader), request.Body.Span))
        {
            return new WebhookOutcome.Refused(401, "The x-twitter-webhooks-signature header is missing or does not match the body.");
        }

        return Parse(request.Body);
    }

    private static string? Header(IReadOnlyDictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var value)
            ? value
            : headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private bool SignatureMatches(string? header, ReadOnlySpan<byte> body)
    {
        const string prefix = "sha256=";
        if (header is null || !header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = new byte[32];
        if (!Convert.TryFromBase64String(header[prefix.Length..].Trim(), given, out var written) || written != given.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_consumerSecret, body), given);
    }

    private static WebhookOutcome Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new WebhookOutcome.Malformed("An Account Activity event is a JSON object.");
            }

            var hasTweets = root.TryGetProperty("tweet_create_events", out var tweets);
            var hasMessages = root.TryGetProperty("direct_message_events", out var messages);
            if (!hasTweets && !hasMessages)
            {
                // Likes, follows, blocks, deletes, typing, read receipts, user_event: nothing to store.
                return new WebhookOutcome.Events([]);
            }

            if (String(root, "for_user_id") is not { Length: > 0 } forUserId
                || (hasTweets && tweets.ValueKind != JsonValueKind.Array)
                || (hasMessages && messages.ValueKind != JsonValueKind.Array))
            {
                return new WebhookOutcome.Malformed("An Account Activity event has for_user_id and arrays of events.");
            }

            var events = new List<WebhookEvent>();
            if (hasTweets)
            {
                foreach (var tweet in tweets.EnumerateArray())
                {
                    switch (Tweet(tweet, forUserId))
                    {
                        case ItemResult.Bad bad:
                            return new WebhookOutcome.Malformed(bad.Reason);
                        case ItemResult.Found found:
                            events.Add(new WebhookEvent(Network.X, found.Item));
                            break;
                    }
                }
            }

            if (hasMessages)
            {
                var users = root.TryGetProperty("users", out var u) && u.ValueKind == JsonValueKind.Object ? u : default;
                foreach (var message in messages.EnumerateArray())
                {
                    switch (DirectMessage(message, forUserId, users))
                    {
                        case ItemResult.Bad bad:
                            return new WebhookOutcome.Malformed(bad.Reason);
                        case ItemResult.Found found:
                            events.Add(new WebhookEvent(Network.X, found.Item));
                            break;
                    }
                }
            }

            return new WebhookOutcome.Events(events);
        }
        catch (JsonException)
        {
            return new WebhookOutcome.Malformed("The body is not JSON.");
        }
    }

    /// <summary>
    /// A v1.1 Tweet object (the payload of tweet_create_events): a reply to the user
    /// (<c>in_reply_to_user_id_str</c>) is a <see cref="InboundKind.Reply"/>; one that @mentions it
    /// otherwise is a <see cref="InboundKind.Mention"/>. Its own posts and retweets are skipped.
    /// </summary>
    private static ItemResult Tweet(JsonElement tweet, string forUserId)
    {
        if (tweet.ValueKind != JsonValueKind.Object)
        {
            return new ItemResult.Bad("Each tweet_create_events item is a Tweet object.");
        }

        var id = String(tweet, "id_str");
        var user = tweet.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.Object ? u : default;
        var userId = String(user, "id_str");
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(userId))
        {
            return new ItemResult.Bad("A Tweet has id_str and user.id_str.");
        }

        if (userId == forUserId || tweet.TryGetProperty("retweeted_status", out _))
        {
            return ItemResult.Skipped;
        }

        var extended = tweet.TryGetProperty("extended_tweet", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
        var isReply = String(tweet, "in_reply_to_user_id_str") == forUserId;
        var mentions = Mentions(tweet).Concat(Mentions(extended)).Contains(forUserId);
        if (!isReply && !mentions)
        {
            return ItemResult.Skipped;
        }

        var text = String(extended, "full_text") ?? String(tweet, "text") ?? "";
        var handle = String(user, "screen_name") ?? userId;
        return new ItemResult.Found(new InboundItem(
            id,
            isReply ? InboundKind.Reply : InboundKind.Mention,
            Unescape(text),
            new InboundAuthor(userId, handle, String(user, "name")),
            TweetTime(tweet),
            InReplyToId: String(tweet, "in_reply_to_status_id_str"),
            Url: new Uri($"https://x.com/{Uri.EscapeDataString(handle)}/status/{Uri.EscapeDataString(id)}"),
            AccountId: forUserId));
    }

    /// <summary>direct_message_events, type message_create: the sender is the conversation to answer.</summary>
    private static ItemResult DirectMessage(JsonElement message, string forUserId, JsonElement users)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return new ItemResult.Bad("Each direct_message_events item is an object.");
        }

        if (String(message, "type") != "message_create")
        {
            return ItemResult.Skipped;
        }

        var id = String(message, "id");
        var create = message.TryGetProperty("message_create", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var senderId = String(create, "sender_id");
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(senderId))
        {
            return new ItemResult.Bad("A message_create event has an id and message_create.sender_id.");
        }

        if (senderId == forUserId)
        {
            // Sent by the account itself (from Signpost or the X app).
            return ItemResult.Skipped;
        }

        var data = create.TryGetProperty("message_data", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
        var sender = users.ValueKind == JsonValueKind.Object && users.TryGetProperty(senderId, out var s) ? s : default;
        var created = long.TryParse(String(message, "created_timestamp"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.UnixEpoch;
        return new ItemResult.Found(new InboundItem(
            id,
            InboundKind.Message,
            String(data, "text") ?? "",
            new InboundAuthor(senderId, String(sender, "screen_name") ?? senderId, String(sender, "name")),
            created,
            ConversationId: senderId,
            AccountId: forUserId));
    }

    private static IEnumerable<string> Mentions(JsonElement tweet)
    {
        if (tweet.ValueKind == JsonValueKind.Object
            && tweet.TryGetProperty("entities", out var entities) && entities.ValueKind == JsonValueKind.Object
            && entities.TryGetProperty("user_mentions", out var mentions) && mentions.ValueKind == JsonValueKind.Array)
        {
            foreach (var mention in mentions.EnumerateArray())
            {
                if (String(mention, "id_str") is { } id)
                {
                    yield return id;
                }
            }
        }
    }

    /// <summary>timestamp_ms when the event has it, else created_at ("Mon May 19 14:01:46 +0000 2025").</summary>
    private static DateTimeOffset TweetTime(JsonElement tweet)
    {
        if (long.TryParse(String(tweet, "timestamp_ms"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        return DateTimeOffset.TryParseExact(String(tweet, "created_at"), "ddd MMM dd HH:mm:ss zzz yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
            ? created.ToUniversalTime()
            : DateTimeOffset.UnixEpoch;
    }

    /// <summary>
    /// The v1.1 Tweet text escapes exactly three characters (&amp;, &lt;, &gt;); undone here so that
    /// the text is what the person typed, kept as plain text (shown encoded, never as markup).
    /// </summary>
    private static string Unescape(string text) =>
        text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private abstract record ItemResult
    {
        public static readonly ItemResult Skipped = new None();

        public sealed record Found(InboundItem Item) : ItemResult;

        public sealed record Bad(string Reason) : ItemResult;

        private sealed record None : ItemResult;
    }
}
