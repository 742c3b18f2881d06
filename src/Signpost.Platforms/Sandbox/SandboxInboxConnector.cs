using Signpost.Platforms.Inbox;

namespace Signpost.Platforms.Sandbox;

/// <summary>
/// The Sandbox's inbox side: polled by its sequence number, and every moderation action supported
/// (hide and unhide a reply, delete it, block and unblock its author, report it), so that the whole
/// inbox can be tried with no platform account.
/// </summary>
public sealed class SandboxInboxConnector(ISandboxNetwork network) : IInboxPoller, IInboxConnector
{
    public Network Network => Network.Sandbox;

    public Task<InboundPage> PollAsync(ChannelCall call, string? cursor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        return network.InboxAsync(call.Account.AccountId, Token(call), cursor, ct);
    }

    public bool Supports(ModerationAction action, InboundKind kind) => Enum.IsDefined(action);

    public Task<PublishResult> ReplyAsync(ReplyRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return network.ReplyAsync(request.Call.Account.AccountId, Token(request.Call), request.Target, request.Text, request.IdempotencyKey, ct);
    }

    public Task<ModerationResult> ModerateAsync(ModerationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return network.ModerateAsync(request.Call.Account.AccountId, Token(request.Call), request.Action, request.Target, request.Reason, request.PlatformReference, ct);
    }

    private static string Token(ChannelCall call) =>
        call.Credential.AccessToken ?? throw new PlatformException(PlatformErrorKind.AuthLost, "The Sandbox channel has no token. Reconnect the channel.");
}
