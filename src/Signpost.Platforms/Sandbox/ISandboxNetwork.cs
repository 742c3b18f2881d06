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
}
