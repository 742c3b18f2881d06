using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Signpost.Platforms.Inbox;

namespace Signpost.Platforms.Meta;

/// <summary>
/// Meta's webhooks for Facebook Pages and Instagram at <c>/webhooks/meta</c> (Graph API "Webhooks",
/// Getting Started; Webhooks for Pages; Webhooks for Instagram; Messenger Platform webhook events).
/// <para>
/// Verification: <c>GET ?hub.mode=subscribe&amp;hub.challenge=…&amp;hub.verify_token=…</c>; the
/// challenge is echoed as text when the verify token equals <c>Platforms:Facebook:WebhookVerifyToken</c>,
/// otherwise 403. Events: <c>POST</c> with <c>X-Hub-Signature-256: sha256=&lt;lowercase hex
/// HMAC-SHA256(app secret, raw body)&gt;</c>; the app secret is the Meta app's
/// (<c>Platforms:Facebook:ClientSecret</c>, or <c>Platforms:Instagram:ClientSecret</c> when Instagram
/// is registered under its own app).
/// </para>
/// <para>
/// Kept: Page feed comments (<c>field</c> "feed", <c>item</c> "comment", <c>verb</c> "add") not written
/// by the Page itself; Instagram comments and @mentions; Messenger and Instagram direct messages
/// that are not echoes of the account's own. Everything else (reactions, edits, read receipts) is
/// signed and valid but not a message from the public, so it is ignored.
/// </para>
/// </summary>
public sealed class MetaWebhookReceiver : IWebhookReceiver
{
    /// <summary>The longest hub.challenge echoed: Meta sends an integer.</summary>
    private const int MaxChallengeLength = 128;

    private readonly byte[][] _appSecrets;
    private readonly byte[]? _verifyToken;

    public MetaWebhookReceiver(PlatformOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var facebook = options.For(Network.Facebook);
        var instagram = options.For(Network.Instagram);
        _appSecrets = new[] { facebook.ClientSecret, instagram.ClientSecret }
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Distinct(StringComparer.Ordinal)
            .Select(s => Encoding.UTF8.GetBytes(s!))
            .ToArray();
        var token = string.IsNullOrWhiteSpace(facebook.WebhookVerifyToken) ? instagram.WebhookVerifyToken : facebook.WebhookVerifyToken;
        _verifyToken = string.IsNullOrWhiteSpace(token) ? null : Encoding.UTF8.GetBytes(token);
    }

    public string Name => "meta";

    /// <summary>True when the app secret is set (events can be verified); the handshake also needs the verify token.</summary>
    public bool IsConfigured => _appSecrets.Length > 0;

    /// <summary>The header value Meta sends for <paramref name="body"/>: <c>sha256=</c> and the lowercase hex HMAC-SHA256 keyed with the app secret.</summary>
    public static string Signature(string appSecret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    public WebhookOutcome Receive(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            return Handshake(request);
        }

        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return new WebhookOutcome.Malformed("Meta sends webhook events by POST.");
        }

        if (!SignatureMatches(Header(request.Headers, "X-Hub-Signature-256"), request.Body.Span))
        {
            return new WebhookOutcome.Refused(401, "The X-Hub-Signature-256 header is missing or does not match the body.");
        }

        return Parse(request.Body);
    }

    /// <summary>A header by name, without regard to case, whatever comparer the dictionary was built with.</summary>
    private static string? Header(IReadOnlyDictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var value)
            ? value
            : headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private WebhookOutcome Handshake(WebhookRequest request)
    {
        var mode = request.Query.GetValueOrDefault("hub.mode");
        var challenge = request.Query.GetValueOrDefault("hub.challenge");
        var token = request.Query.GetValueOrDefault("hub.verify_token");
        if (_verifyToken is null || token is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), _verifyToken))
        {
            return new WebhookOutcome.Refused(403, "The verify token is missing or does not match.");
        }

        if (mode != "subscribe" || string.IsNullOrEmpty(challenge) || challenge.Length > MaxChallengeLength
            || !challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return new WebhookOutcome.Malformed("A verification request has hub.mode=subscribe and a hub.challenge to echo.");
        }

        return new WebhookOutcome.Handshake("text/plain", challenge);
    }

    private bool SignatureMatches(string? header, ReadOnlySpan<byte> body)
    {
        const string prefix = "sha256=";
        if (_appSecrets.Length == 0 || header is null || !header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(prefix.Length).Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var matches = false;
        foreach (var secret in _appSecrets)
        {
            // Every secret is tried, so the time taken does not say which one matched.
            matches |= CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(secret, body), given);
        }

        return matches;
    }

    private static WebhookOutcome Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("object", out var objectName) || objectName.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
            {
                return new WebhookOutcome.Malformed("A Meta event is a JSON object with \"object\" and an \"entry\" array.");
            }

            var network = objectName.GetString() switch
            {
                "page" => Network.Facebook,
                "instagram" => Network.Instagram,
                _ => (Network?)null,
            };
            if (network is null)
            {
                // Signed by Meta but for an object Signpost does not subscribe to (WhatsApp, users).
                return new WebhookOutcome.Events([]);
            }

            var events = new List<WebhookEvent>();
            foreach (var entry in entries.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object || GraphApi.String(entry, "id") is not { Length: > 0 } accountId)
                {
                    return new WebhookOutcome.Malformed("Each entry is an object with the id of the Page or Instagram account.");
                }

                var sentAt = Time(entry, "time");
                foreach (var change in Changes(entry))
                {
                    if (change.ValueKind != JsonValueKind.Object)
                    {
                        return new WebhookOutcome.Malformed("Each change is an object with \"field\" and \"value\".");
                    }

                    var item = network == Network.Facebook
                        ? PageFeedComment(change, accountId)
                        : InstagramChange(change, accountId, sentAt);
                    if (item is ItemResult.Bad bad)
                    {
                        return new WebhookOutcome.Malformed(bad.Reason);
                    }

                    if (item is ItemResult.Found found)
                    {
                        events.Add(new WebhookEvent(network.Value, found.Item));
                    }
                }

                if (entry.TryGetProperty("messaging", out var messaging))
                {
                    if (messaging.ValueKind != JsonValueKind.Array)
                    {
                        return new WebhookOutcome.Malformed("\"messaging\" is an array of events.");
                    }

                    foreach (var message in messaging.EnumerateArray())
                    {
                        var item = Message(message, accountId);
                        if (item is ItemResult.Bad bad)
                        {
                            return new WebhookOutcome.Malformed(bad.Reason);
                        }

                        if (item is ItemResult.Found found)
                        {
                            events.Add(new WebhookEvent(network.Value, found.Item));
                        }
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
    /// <c>entry[].changes[]</c>; Business Login for Instagram examples put one change's
    /// <c>field</c> and <c>value</c> on the entry itself, which is read the same way.
    /// </summary>
    private static List<JsonElement> Changes(JsonElement entry)
    {
        if (entry.TryGetProperty("changes", out var changes))
        {
            return changes.ValueKind == JsonValueKind.Array ? [.. changes.EnumerateArray()] : [changes];
        }

        return entry.TryGetProperty("field", out _) && entry.TryGetProperty("value", out _) ? [entry] : [];
    }

    /// <summary>Webhooks for Pages, field "feed": a new comment on one of the Page's posts, or a reply to a comment.</summary>
    private static ItemResult PageFeedComment(JsonElement change, string pageId)
    {
        if (GraphApi.String(change, "field") != "feed")
        {
            return ItemResult.Skipped;
        }

        if (!change.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object)
        {
            return new ItemResult.Bad("A feed change has a \"value\" object.");
        }

        if (GraphApi.String(value, "item") != "comment" || GraphApi.String(value, "verb") != "add")
        {
            // Reactions, posts, edits, removals, hides: not a new message from the public.
            return ItemResult.Skipped;
        }

        var commentId = GraphApi.String(value, "comment_id");
        var postId = GraphApi.String(value, "post_id");
        if (string.IsNullOrEmpty(commentId) || string.IsNullOrEmpty(postId))
        {
            return new ItemResult.Bad("A feed comment has comment_id and post_id.");
        }

        var from = value.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
        var fromId = GraphApi.String(from, "id");
        if (fromId == pageId)
        {
            // The Page's own comment (a reply Signpost or a person sent as the Page).
            return ItemResult.Skipped;
        }

        var name = GraphApi.String(from, "name");
        var author = new InboundAuthor(fromId ?? "", name ?? fromId ?? "Facebook user", name);
        var parentId = GraphApi.String(value, "parent_id");
        return new ItemResult.Found(new InboundItem(
            commentId,
            InboundKind.Comment,
            GraphApi.String(value, "message") ?? "",
            author,
            Time(value, "created_time") ?? DateTimeOffset.UnixEpoch,
            InReplyToId: string.IsNullOrEmpty(parentId) ? postId : parentId,
            RootPostId: postId,
            AccountId: pageId));
    }

    /// <summary>Webhooks for Instagram: "comments" (and "live_comments") and "mentions".</summary>
    private static ItemResult InstagramChange(JsonElement change, string accountId, DateTimeOffset? sentAt)
    {
        var field = GraphApi.String(change, "field");
        if (field is not ("comments" or "live_comments" or "mentions"))
        {
            return ItemResult.Skipped;
        }

        if (!change.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object)
        {
            return new ItemResult.Bad($"An Instagram {field} change has a \"value\" object.");
        }

        if (field == "mentions")
        {
            // Only ids: {"media_id", "comment_id"} for a comment, {"media_id"} for a caption. The text
            // is read after storage with InstagramInboxConnector.CompleteMentionAsync (mentioned_comment /
            // mentioned_media); until then the author is a stand-in, so that it is stored at once.
            var mediaId = GraphApi.String(value, "media_id");
            if (string.IsNullOrEmpty(mediaId))
            {
                return new ItemResult.Bad("An Instagram mention has a media_id.");
            }

            var mentionCommentId = GraphApi.String(value, "comment_id");
            return new ItemResult.Found(new InboundItem(
                string.IsNullOrEmpty(mentionCommentId) ? mediaId : mentionCommentId,
                InboundKind.Mention,
                "",
                Instagram.InstagramInboxConnector.UnreadMentionAuthor,
                sentAt ?? DateTimeOffset.UnixEpoch,
                InReplyToId: string.IsNullOrEmpty(mentionCommentId) ? null : mediaId,
                RootPostId: mediaId,
                AccountId: accountId));
        }

        var commentId = GraphApi.String(value, "id");
        var from = value.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
        var fromId = GraphApi.String(from, "id");
        var media = value.TryGetProperty("media", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var mediaOfComment = GraphApi.String(media, "id");
        if (string.IsNullOrEmpty(commentId) || string.IsNullOrEmpty(fromId))
        {
            return new ItemResult.Bad("An Instagram comment has an id and from.id.");
        }

        if (fromId == accountId)
        {
            // The account's own comment or reply.
            return ItemResult.Skipped;
        }

        var parentId = GraphApi.String(value, "parent_id");
        var username = GraphApi.String(from, "username");
        return new ItemResult.Found(new InboundItem(
            commentId,
            InboundKind.Comment,
            GraphApi.String(value, "text") ?? "",
            new InboundAuthor(fromId, username ?? fromId),
            sentAt ?? DateTimeOffset.UnixEpoch,
            InReplyToId: string.IsNullOrEmpty(parentId) ? mediaOfComment : parentId,
            RootPostId: mediaOfComment,
            AccountId: accountId));
    }

    /// <summary>
    /// Messenger Platform (and Messenger API for Instagram) "messages": <c>{sender, recipient,
    /// timestamp, message: {mid, text, is_echo}}</c>. Echoes of the account's own messages, and
    /// events without a message (delivery, read, postback), are skipped.
    /// </summary>
    private static ItemResult Message(JsonElement messaging, string accountId)
    {
        if (messaging.ValueKind != JsonValueKind.Object)
        {
            return new ItemResult.Bad("Each messaging event is an object.");
        }

        if (!messaging.TryGetProperty("message", out var message))
        {
            return ItemResult.Skipped;
        }

        var senderId = messaging.TryGetProperty("sender", out var sender) ? GraphApi.String(sender, "id") : null;
        var mid = GraphApi.String(message, "mid");
        if (message.ValueKind != JsonValueKind.Object || string.IsNullOrEmpty(senderId) || string.IsNullOrEmpty(mid))
        {
            return new ItemResult.Bad("A message event has sender.id and message.mid.");
        }

        var isEcho = message.TryGetProperty("is_echo", out var echo) && echo.ValueKind == JsonValueKind.True;
        if (isEcho || senderId == accountId)
        {
            return ItemResult.Skipped;
        }

        return new ItemResult.Found(new InboundItem(
            mid,
            InboundKind.Message,
            GraphApi.String(message, "text") ?? "",
            new InboundAuthor(senderId, senderId),
            Time(messaging, "timestamp") ?? DateTimeOffset.UnixEpoch,
            ConversationId: senderId,
            AccountId: accountId));
    }

    /// <summary>
    /// A time Meta gives as Unix seconds (feed created_time, Instagram entry time), Unix milliseconds
    /// (messaging timestamp, Messenger entry time) or an ISO 8601 string.
    /// </summary>
    private static DateTimeOffset? Time(JsonElement element, string property)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed.ToUniversalTime();
        }

        if (GraphApi.Number(element, property) is not { } number || number <= 0)
        {
            return null;
        }

        // Seconds until the year 5138; anything larger is milliseconds.
        return number > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(number) : DateTimeOffset.FromUnixTimeSeconds(number);
    }

    private abstract record ItemResult
    {
        public static readonly ItemResult Skipped = new None();

        public sealed record Found(InboundItem Item) : ItemResult;

        public sealed record Bad(string Reason) : ItemResult;

        private sealed record None : ItemResult;
    }
}
