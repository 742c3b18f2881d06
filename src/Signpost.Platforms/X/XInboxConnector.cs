using System.Net;
using System.Net.Http.Json;
using Signpost.Platforms.Inbox;

namespace Signpost.Platforms.X;

/// <summary>
/// Answers and moderates on X (API v2) with the channel's OAuth 2.0 user token: replies
/// (<c>POST /2/tweets</c> with reply.in_reply_to_tweet_id), direct messages (<c>POST
/// /2/dm_conversations/with/{participant_id}/messages</c>, or <c>/2/dm_conversations/{id}/messages</c>
/// for a conversation id), and hiding replies in the account's own conversations (<c>PUT
/// /2/tweets/{id}/hidden</c>). Not offered: deleting others' posts and reporting (no API), and
/// blocking, which the current v2 documentation keeps to the Enterprise plan. Needs the scopes
/// tweet.moderate.write, dm.read and dm.write besides the publishing ones.
/// <para>
/// An expired access token is renewed with the refresh token before the call (and once after a
/// 401), like the publishing connector; the new pair is handed back in the result and to the
/// <see cref="IRenewedCredentialStore"/> when there is one.
/// </para>
/// </summary>
public sealed class XInboxConnector(IHttpClientFactory httpFactory, PlatformOptions options, XConnector x, TimeProvider? time = null, IRenewedCredentialStore? renewals = null) : IInboxConnector
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    private readonly IHttpClientFactory _httpFactory = httpFactory;
    private readonly XConnector _x = x;
    private readonly IRenewedCredentialStore? _renewals = renewals;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly NetworkOptions _options = (options ?? throw new ArgumentNullException(nameof(options))).For(Network.X);

    public Network Network => Network.X;

    /// <summary>Hide replies: only replies in a conversation the account started (a reply or comment under its post).</summary>
    public bool Supports(ModerationAction action, InboundKind kind) =>
        action is ModerationAction.Hide or ModerationAction.Unhide && kind is InboundKind.Reply or InboundKind.Comment;

    public async Task<PublishResult> ReplyAsync(ReplyRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var session = new Session(this, request.Call);
        var target = request.Target;
        if (target.Kind == InboundKind.Message)
        {
            // Manage Direct Messages: a conversation id ("123-456") is answered in that conversation,
            // a user id in the one-to-one conversation with that person.
            var conversation = target.ConversationId ?? target.AuthorPlatformId;
            var path = conversation.Contains('-', StringComparison.Ordinal)
                ? $"2/dm_conversations/{Uri.EscapeDataString(conversation)}/messages"
                : $"2/dm_conversations/with/{Uri.EscapeDataString(conversation)}/messages";
            using var sent = await session.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Api(path)) { Content = JsonContent.Create(new { text = request.Text }) }, mayHaveTakenEffect: true, ct);
            var dm = await XApi.ReadAsync<XEnvelope<XDmEvent>>(sent, ct);
            return new PublishResult(
                dm.Data?.DmEventId ?? throw new PlatformException(PlatformErrorKind.OutcomeUnknown, "X answered without the message's id.", statusCode: (int)sent.StatusCode),
                null,
                session.Renewed);
        }

        var body = new { text = request.Text, reply = new { in_reply_to_tweet_id = target.PlatformId } };
        using var response = await session.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Api("2/tweets")) { Content = JsonContent.Create(body) }, mayHaveTakenEffect: true, ct);
        var created = await XApi.ReadAsync<XEnvelope<XTweet>>(response, ct);
        var id = created.Data?.Id ?? throw new PlatformException(PlatformErrorKind.OutcomeUnknown, "X answered without the new post's id.", statusCode: (int)response.StatusCode);
        return new PublishResult(id, new Uri($"https://x.com/{Uri.EscapeDataString(request.Call.Account.Handle)}/status/{Uri.EscapeDataString(id)}"), session.Renewed);
    }

    public async Task<ModerationResult> ModerateAsync(ModerationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Supports(request.Action, request.Target.Kind))
        {
            throw new PlatformException(PlatformErrorKind.Rejected,
                request.Action is ModerationAction.Block or ModerationAction.Unblock
                    ? "X keeps blocking through its API to the Enterprise plan; block the account in the X app."
                    : $"X does not let an account {request.Action.ToString().ToLowerInvariant()} this kind of post through its API.");
        }

        // Hide replies: {"hidden": true|false}; repeating either is a success.
        var session = new Session(this, request.Call);
        var hidden = request.Action == ModerationAction.Hide;
        using var response = await session.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Put, Api($"2/tweets/{Uri.EscapeDataString(request.Target.PlatformId)}/hidden")) { Content = JsonContent.Create(new { hidden }) },
            mayHaveTakenEffect: false, ct);
        var answer = await XApi.ReadAsync<XEnvelope<XHidden>>(response, ct);
        if (answer.Data?.Hidden != hidden)
        {
            throw new PlatformException(PlatformErrorKind.Retryable, "X did not confirm the change; Signpost will try again.", statusCode: (int)response.StatusCode);
        }

        return new ModerationResult(null, session.Renewed);
    }

    private Uri Api(string relative) => new(_options.ApiBaseUrl ?? new Uri(XConnector.DefaultApiBaseUrl), relative);

    /// <summary>One call's credential, renewed before sending when expired and once after a 401 (as in <see cref="XConnector"/>).</summary>
    private sealed class Session(XInboxConnector owner, ChannelCall call)
    {
        private PlatformCredential _credential = call.Credential;

        public PlatformCredential? Renewed { get; private set; }

        private bool CanRenew => Renewed is null && _credential.RefreshToken is not null && owner._x.IsConfigured;

        public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, bool mayHaveTakenEffect, CancellationToken ct)
        {
            if (CanRenew && _credential.AccessTokenExpiresAt is { } expires && expires <= owner._time.GetUtcNow() + Skew)
            {
                await RenewAsync(ct);
            }

            var response = await SendOnceAsync(build, mayHaveTakenEffect, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized && CanRenew)
            {
                // A 401 means X refused before acting: sending again is safe.
                response.Dispose();
                await RenewAsync(ct);
                response = await SendOnceAsync(build, mayHaveTakenEffect, ct);
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                throw await XApi.ErrorAsync(response, owner._time.GetUtcNow(), ct);
            }
        }

        private async Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> build, bool mayHaveTakenEffect, CancellationToken ct)
        {
            using var request = build();
            request.Headers.Authorization = PlatformHttp.Bearer(_credential.AccessToken
                ?? throw new PlatformException(PlatformErrorKind.AuthLost, "The X channel has no access token. Reconnect the channel."));
            return await PlatformHttp.SendAsync(owner._httpFactory.CreateClient(nameof(Network.X)), request, XApi.Name, mayHaveTakenEffect, ct);
        }

        private async Task RenewAsync(CancellationToken ct)
        {
            _credential = await owner._x.RefreshAsync(call with { Credential = _credential }, ct);
            Renewed = _credential;
            if (owner._renewals is { } store)
            {
                await store.StoreAsync(call.Account, _credential, ct);
            }
        }
    }
}

/// <summary>POST /2/dm_conversations/…/messages answers <c>{"data": {"dm_conversation_id", "dm_event_id"}}</c>.</summary>
internal sealed record XDmEvent(string? DmConversationId, string? DmEventId);

/// <summary>PUT /2/tweets/:id/hidden answers <c>{"data": {"hidden": true}}</c>.</summary>
internal sealed record XHidden(bool Hidden);
