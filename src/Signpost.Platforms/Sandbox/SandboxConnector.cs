namespace Signpost.Platforms.Sandbox;

/// <summary>The connector for the Sandbox network: a token per account, idempotent publishes.</summary>
public sealed class SandboxConnector(ISandboxNetwork network) : IPlatformConnector
{
    public Network Network => Network.Sandbox;

    public PlatformLimits Limits { get; } = new(MaxTextLength: 5_000, MaxImages: 4, MaxVideos: 1, MaxImageBytes: 10 * 1024 * 1024, MaxVideoBytes: 100 * 1024 * 1024);

    public bool HasIdempotency => true;

    public ConnectionMethod ConnectionMethod => ConnectionMethod.Credentials;

    public async Task<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var account = await network.VerifyAsync(request.Handle.Trim().TrimStart('@'), request.Secret.Trim(), ct);
        return new ConnectResult(account, new PlatformCredential { AccessToken = request.Secret.Trim() }, account.Handle);
    }

    public Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return network.PublishAsync(request.Call.Account.AccountId, Token(request.Call), request, ct);
    }

    public Task DeleteAsync(ChannelCall call, string platformPostId, CancellationToken ct) =>
        network.DeleteAsync(call.Account.AccountId, Token(call), platformPostId, ct);

    public Task<PostStatus> FetchStatusAsync(ChannelCall call, string platformPostId, CancellationToken ct) =>
        network.FetchStatusAsync(call.Account.AccountId, Token(call), platformPostId, ct);

    public Task<PublishResult?> FindPublishedAsync(PublishRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return network.FindByIdempotencyKeyAsync(request.Call.Account.AccountId, Token(request.Call), request.IdempotencyKey, ct);
    }

    private static string Token(ChannelCall call) =>
        call.Credential.AccessToken ?? throw new PlatformException(PlatformErrorKind.AuthLost, "The Sandbox channel has no token. Reconnect the channel.");
}
