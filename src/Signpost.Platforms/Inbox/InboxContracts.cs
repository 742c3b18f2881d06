namespace Signpost.Platforms.Inbox;

/// <summary>How a message reached the organisation's account (004 §6.3).</summary>
public enum InboundKind
{
    /// <summary>A comment on one of our posts (004 §6.3.2).</summary>
    Comment,

    /// <summary>A direct or private message (004 §6.3.1).</summary>
    Message,

    /// <summary>A post that tags or mentions our account (004 §6.3.3).</summary>
    Mention,

    /// <summary>A reply in a thread below one of our posts or comments.</summary>
    Reply,
}

/// <summary>Who sent a message, as the platform names them.</summary>
/// <param name="PlatformId">Stable id on the network (Bluesky DID, Mastodon account id, Facebook PSID or user id, X user id).</param>
/// <param name="Handle">The @handle or username; the display name when the platform has no handle.</param>
/// <param name="DisplayName">The name shown on the platform, when there is one.</param>
public sealed record InboundAuthor(string PlatformId, string Handle, string? DisplayName = null);

/// <summary>
/// One comment, message, mention or reply from the public, as the platform reports it. A connector
/// reports text exactly as sent (never HTML-decoded into markup; Mastodon's HTML is turned into plain text).
/// </summary>
/// <param name="PlatformId">Unique on the network for this account: comment id, message id, at:// URI, status id.</param>
/// <param name="Kind">Comment, message, mention or reply.</param>
/// <param name="Text">Plain text.</param>
/// <param name="Author">Who sent it.</param>
/// <param name="CreatedAt">When the platform says it was sent.</param>
/// <param name="InReplyToId">The platform id of the post or comment it answers, when it answers one.</param>
/// <param name="RootPostId">The platform id of the thread's first post (our post for a comment), when known.</param>
/// <param name="Url">Where a person can see it on the platform, when it has an address.</param>
/// <param name="ConversationId">For direct messages: the conversation or sender to answer (PSID, DM conversation id).</param>
/// <param name="AccountId">The account it was sent to (page id, Instagram account id, X user id): set by webhook receivers, which serve several accounts; pollers leave it null.</param>
public sealed record InboundItem(
    string PlatformId,
    InboundKind Kind,
    string Text,
    InboundAuthor Author,
    DateTimeOffset CreatedAt,
    string? InReplyToId = null,
    string? RootPostId = null,
    Uri? Url = null,
    string? ConversationId = null,
    string? AccountId = null);

/// <summary>What a poll found.</summary>
/// <param name="Items">New items, oldest first. May repeat items seen before: Signpost stores each once.</param>
/// <param name="Cursor">The value to pass to the next poll (null: start from the latest again).</param>
/// <param name="RenewedCredential">Set when the connector renewed a session or token on the way; Core stores it.</param>
public sealed record InboundPage(IReadOnlyList<InboundItem> Items, string? Cursor, PlatformCredential? RenewedCredential = null);

/// <summary>A network that Signpost asks for new messages (Bluesky and Mastodon notifications, LinkedIn comments, the Sandbox).</summary>
public interface IInboxPoller
{
    Network Network { get; }

    /// <summary>
    /// Items newer than <paramref name="cursor"/>; with no cursor, the most recent page only (a newly
    /// connected account does not pull in years of history). Throws <see cref="PlatformException"/>.
    /// </summary>
    Task<InboundPage> PollAsync(ChannelCall call, string? cursor, CancellationToken ct);
}

/// <summary>What can be done to a public message or its author (000 §3.4, 004 Appendix B).</summary>
public enum ModerationAction
{
    /// <summary>Hidden from others on the platform, kept (Facebook, Instagram, X hide reply, Bluesky threadgate).</summary>
    Hide,

    Unhide,

    /// <summary>Removed from the platform (only where the platform lets the account owner remove others' comments).</summary>
    Delete,

    /// <summary>The author can no longer interact with the account.</summary>
    Block,

    Unblock,

    /// <summary>Reported to the platform's moderation service.</summary>
    Report,
}

/// <summary>The message an action or reply is about.</summary>
/// <param name="PlatformId">The message's platform id.</param>
/// <param name="Kind">Comment, message, mention or reply.</param>
/// <param name="AuthorPlatformId">Its author's platform id (for block, unblock, report).</param>
/// <param name="RootPostId">The thread's first post (Bluesky threadgate, reply roots).</param>
/// <param name="InReplyToId">What it answers.</param>
/// <param name="ConversationId">For direct messages: the conversation or recipient.</param>
/// <param name="AuthorHandle">The author's handle, for platforms that address people by handle.</param>
public sealed record InboxTarget(
    string PlatformId,
    InboundKind Kind,
    string AuthorPlatformId,
    string? RootPostId = null,
    string? InReplyToId = null,
    string? ConversationId = null,
    string? AuthorHandle = null);

/// <summary>An answer from the organisation to a public message, posted on the platform.</summary>
/// <param name="IdempotencyKey">Stable for every attempt of this reply (Signpost's reply id).</param>
public sealed record ReplyRequest(ChannelCall Call, InboxTarget Target, string Text, string IdempotencyKey);

/// <param name="Reason">The house-rules reason, sent with a report where the platform takes one.</param>
/// <param name="PlatformReference">What an earlier action left on the platform and the reverse needs (a Bluesky block record URI for unblock).</param>
public sealed record ModerationRequest(ChannelCall Call, ModerationAction Action, InboxTarget Target, string Reason, string? PlatformReference = null);

/// <param name="PlatformReference">What to keep to reverse the action later (a block record URI, a report id).</param>
/// <param name="RenewedCredential">Set when the connector renewed a session or token on the way.</param>
public sealed record ModerationResult(string? PlatformReference, PlatformCredential? RenewedCredential = null);

/// <summary>
/// Answering and moderating what the public sends, on one network. Every method throws
/// <see cref="PlatformException"/> for a refusal or failure, like <see cref="IPlatformConnector"/>.
/// </summary>
public interface IInboxConnector
{
    Network Network { get; }

    /// <summary>Whether the network lets the account owner do <paramref name="action"/> to this kind of message (false: Signpost records it and says so).</summary>
    bool Supports(ModerationAction action, InboundKind kind);

    /// <summary>Posts a reply in the thread, or answers a direct message in its conversation.</summary>
    Task<PublishResult> ReplyAsync(ReplyRequest request, CancellationToken ct);

    /// <summary>Carries out one moderation action. Undoing something already undone is not an error.</summary>
    Task<ModerationResult> ModerateAsync(ModerationRequest request, CancellationToken ct);
}

/// <summary>An HTTP request a platform sent to Signpost's webhook address, as received.</summary>
/// <param name="Method">GET (handshakes) or POST (events).</param>
/// <param name="Query">Query string values.</param>
/// <param name="Headers">Headers, looked up without regard to case.</param>
/// <param name="Body">The raw body bytes: signatures are over these exact bytes, never re-serialised JSON.</param>
public sealed record WebhookRequest(string Method, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body);

/// <summary>What to do with a webhook request.</summary>
public abstract record WebhookOutcome
{
    private WebhookOutcome()
    {
    }

    /// <summary>A handshake (Meta verification, X CRC): answer at once with this body; nothing to store.</summary>
    public sealed record Handshake(string ContentType, string Body) : WebhookOutcome;

    /// <summary>The signature or verify token is missing or wrong: 401 (403 for a Meta verify token), nothing stored.</summary>
    public sealed record Refused(int StatusCode, string Reason) : WebhookOutcome;

    /// <summary>The body is not what the platform documents: 400, nothing stored.</summary>
    public sealed record Malformed(string Reason) : WebhookOutcome;

    /// <summary>Signed events. Each item names the account it was sent to (<see cref="InboundItem.AccountId"/>) and its network.</summary>
    public sealed record Events(IReadOnlyList<WebhookEvent> Items) : WebhookOutcome;
}

/// <summary>One inbound item from a webhook, with the network it is for (one Meta app serves Facebook and Instagram).</summary>
public sealed record WebhookEvent(Network Network, InboundItem Item);

/// <summary>
/// Receives a platform's webhook: answers its handshake, checks its signature over the raw body in
/// constant time, and turns the documented payload into inbound items (ignoring events that are not
/// messages from the public, such as our own posts or likes). Pure: no I/O, so the endpoint stores
/// the events durably before it answers 200.
/// </summary>
public interface IWebhookReceiver
{
    /// <summary>The path segment of Signpost's webhook address: /webhooks/{Name} ("meta", "x").</summary>
    string Name { get; }

    /// <summary>False when the deployment has not configured the secret this platform signs with.</summary>
    bool IsConfigured { get; }

    WebhookOutcome Receive(WebhookRequest request);
}
