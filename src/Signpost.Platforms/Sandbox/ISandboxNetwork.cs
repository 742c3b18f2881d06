using Signpost.Platforms.Inbox;

namespace Signpost.Platforms.Sandbox;

/// <summary>
/// The Sandbox network itself. It lives in Signpost's database (so that every node sees the same
/// network) and is implemented in Signpost.Core; the connector talks to it through this contract
/// exactly as other connectors talk to a platform's API, with the same errors.
/// </summary>
public interface ISandboxNetwork
{
    /// <summary>Checks an account's token; throws <see cref="PlatformException"/> (AuthLost) when it is wrong or revoked.</summary>
    Task<PlatformAccount> VerifyAsync(string handle, string token, CancellationToken ct);

    /// <summary>
    /// Publishes a post. A repeat with the same idempotency key returns the first post and creates
    /// nothing. Throws the fault the account was told to produce, if any.
    /// </summary>
    Task<PublishResult> PublishAsync(string accountId, string token, PublishRequest request, CancellationToken ct);

    Task DeleteAsync(string accountId, string token, string postId, CancellationToken ct);

    Task<PostStatus> FetchStatusAsync(string accountId, string token, string postId, CancellationToken ct);

    /// <summary>The post made with this idempotency key, if any.</summary>
    Task<PublishResult?> FindByIdempotencyKeyAsync(string accountId, string token, string idempotencyKey, CancellationToken ct);

    /// <summary>
    /// The account's notifications after <paramref name="cursor"/> (the network's sequence number):
    /// comments and replies in its threads, direct messages to it and posts that mention it, oldest
    /// first. With no cursor, the most recent page only. Items may repeat a few already seen.
    /// </summary>
    Task<InboundPage> InboxAsync(string accountId, string token, string? cursor, CancellationToken ct);

    /// <summary>Answers a comment in its thread, or a direct message in the conversation; idempotent by key.</summary>
    Task<PublishResult> ReplyAsync(string accountId, string token, InboxTarget target, string text, string idempotencyKey, CancellationToken ct);

    /// <summary>Hides, unhides or deletes a post in the account's threads, blocks or unblocks its author, or reports it.</summary>
    Task<ModerationResult> ModerateAsync(string accountId, string token, ModerationAction action, InboxTarget target, string reason, string? platformReference, CancellationToken ct);
}
