using System.Text.Json;
using Signpost.Platforms.Inbox;
using Signpost.Platforms.Meta;

namespace Signpost.Platforms.Instagram;

/// <summary>
/// Answers and moderates what the public sends an Instagram professional account (Instagram Graph
/// API with Facebook Login, the channel's user token): comment replies (<c>POST
/// /{ig-comment-id}/replies</c>), replies to @mentions (<c>POST /{ig-user-id}/mentions</c>), hiding
/// (<c>POST /{ig-comment-id}</c> hide) and deleting (<c>DELETE /{ig-comment-id}</c>) comments on the
/// account's media, and direct messages through the Messenger API for Instagram (<c>POST
/// /{page-id}/messages</c> with the linked Page's access token). Instagram's API has no block or report.
/// Needs instagram_manage_comments and instagram_manage_messages.
/// </summary>
public sealed class InstagramInboxConnector : IInboxConnector
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly string? _clientSecret;
    private readonly Uri? _apiBaseUrl;

    public InstagramInboxConnector(IHttpClientFactory httpClientFactory, PlatformOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        var instagram = options.For(Network.Instagram);
        var facebook = options.For(Network.Facebook);

        // The Meta app is Facebook's unless Instagram has its own settings (as InstagramConnector).
        _clientSecret = string.IsNullOrWhiteSpace(instagram.ClientSecret) ? facebook.ClientSecret : instagram.ClientSecret;
        _apiBaseUrl = instagram.ApiBaseUrl ?? facebook.ApiBaseUrl;
    }

    /// <summary>
    /// The author a mention is stored with before it has been read from Instagram (the webhook
    /// carries no author); <see cref="CompleteMentionAsync"/> gives the real one.
    /// </summary>
    public static InboundAuthor UnreadMentionAuthor { get; } = new("instagram:mention-not-yet-read", "mention not yet read from Instagram");

    public Network Network => Network.Instagram;

    /// <summary>Hide, unhide and delete work on comments on the account's own media; nothing else is offered.</summary>
    public bool Supports(ModerationAction action, InboundKind kind) =>
        action is ModerationAction.Hide or ModerationAction.Unhide or ModerationAction.Delete
        && kind is InboundKind.Comment or InboundKind.Reply;

    public async Task<PublishResult> ReplyAsync(ReplyRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var graph = Graph();
        var token = Token(request.Call);
        var target = request.Target;
        JsonElement created;
        switch (target.Kind)
        {
            case InboundKind.Message:
                return await SendMessageAsync(graph, request, token, ct);

            case InboundKind.Mention:
                // IG User Mentions: media_id, and comment_id when the mention is in a comment rather than a caption.
                var mediaId = target.RootPostId ?? target.InReplyToId ?? target.PlatformId;
                var form = new List<KeyValuePair<string, string>> { new("media_id", mediaId), new("message", request.Text) };
                if (target.PlatformId != mediaId)
                {
                    form.Add(new("comment_id", target.PlatformId));
                }

                created = await graph.PostFormAsync($"{Uri.EscapeDataString(request.Call.Account.AccountId)}/mentions", token, form, mayHaveTakenEffect: true, ct);
                break;

            default:
                created = await graph.PostFormAsync($"{Uri.EscapeDataString(target.PlatformId)}/replies", token, [new("message", request.Text)], mayHaveTakenEffect: true, ct);
                break;
        }

        return new PublishResult(
            GraphApi.String(created, "id") ?? throw new PlatformException(PlatformErrorKind.OutcomeUnknown, "Instagram answered without the reply's id."),
            null);
    }

    public async Task<ModerationResult> ModerateAsync(ModerationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Supports(request.Action, request.Target.Kind))
        {
            throw new PlatformException(PlatformErrorKind.Rejected,
                $"Instagram does not let an account {request.Action.ToString().ToLowerInvariant()} this kind of message through its API.");
        }

        var graph = Graph();
        var token = Token(request.Call);
        var comment = Uri.EscapeDataString(request.Target.PlatformId);
        if (request.Action == ModerationAction.Delete)
        {
            // A comment that is already gone is not an error.
            await graph.DeleteAsync(comment, token, ct);
        }
        else
        {
            var answer = await graph.PostFormAsync(comment, token, [new("hide", request.Action == ModerationAction.Hide ? "true" : "false")], mayHaveTakenEffect: false, ct);
            if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.False)
            {
                throw new PlatformException(PlatformErrorKind.Rejected, "Instagram did not make the change.");
            }
        }

        return new ModerationResult(null);
    }

    /// <summary>
    /// Fills in an @mention from the webhook, which carries only ids: the comment's text and time
    /// (<c>GET /{ig-user-id}?fields=mentioned_comment.comment_id({id}){id,text,timestamp,username}</c>), or the
    /// caption's for a mention in a caption (<c>mentioned_media.media_id({id}){id,caption,timestamp,username}</c>),
    /// with the username as the author. Items that are not mentions, or that already have text and an
    /// author, are returned unchanged. Throws <see cref="PlatformException"/> when Instagram cannot be read.
    /// </summary>
    public async Task<InboundItem> CompleteMentionAsync(ChannelCall call, InboundItem mention, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(mention);
        if (mention.Kind != InboundKind.Mention || (mention.Text.Length > 0 && mention.Author != UnreadMentionAuthor))
        {
            return mention;
        }

        var inCaption = mention.RootPostId is null || mention.PlatformId == mention.RootPostId;
        var field = inCaption
            ? $"mentioned_media.media_id({mention.PlatformId}){{id,caption,timestamp,username}}"
            : $"mentioned_comment.comment_id({mention.PlatformId}){{id,text,timestamp,username}}";
        var answer = await Graph().GetAsync(Uri.EscapeDataString(call.Account.AccountId), Token(call), new Dictionary<string, string> { ["fields"] = field }, ct);
        if (!answer.TryGetProperty(inCaption ? "mentioned_media" : "mentioned_comment", out var found) || found.ValueKind != JsonValueKind.Object)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "Instagram did not return the post or comment that mentions the account.");
        }

        var text = GraphApi.String(found, inCaption ? "caption" : "text") ?? "";
        var created = DateTimeOffset.TryParse(GraphApi.String(found, "timestamp"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : mention.CreatedAt;
        // Instagram names the person by username only (no id for someone else's media or comment):
        // the username is their id in Signpost's author register for this account.
        var username = GraphApi.String(found, "username");
        var author = username is { Length: > 0 } ? new InboundAuthor(username, username) : new InboundAuthor("instagram:unnamed", "unnamed Instagram user");
        return mention with { Text = text, CreatedAt = created, Author = author };
    }

    /// <summary>
    /// Instagram Messaging, "Send a Message": <c>POST /{page-id}/messages</c> with
    /// <c>recipient={"id": IGSID}</c> and <c>message={"text": …}</c>, sent with the Page access token
    /// read from <c>GET /{page-id}?fields=access_token</c> with the channel's user token.
    /// </summary>
    private static async Task<PublishResult> SendMessageAsync(GraphApi graph, ReplyRequest request, string userToken, CancellationToken ct)
    {
        var pageId = request.Call.Credential.Extra.GetValueOrDefault("page_id");
        if (string.IsNullOrWhiteSpace(pageId))
        {
            throw new PlatformException(PlatformErrorKind.AuthLost, "Signpost does not know the Facebook Page linked to this Instagram account. Reconnect the channel.");
        }

        var page = await graph.GetAsync(Uri.EscapeDataString(pageId), userToken, new Dictionary<string, string> { ["fields"] = "access_token" }, ct);
        var pageToken = GraphApi.String(page, "access_token")
            ?? throw new PlatformException(PlatformErrorKind.AuthLost, "Facebook gave no Page access token for the Page linked to this Instagram account. Reconnect the channel with a person who can message as the Page.");
        var recipient = request.Target.ConversationId ?? request.Target.AuthorPlatformId;
        var sent = await graph.PostFormAsync($"{Uri.EscapeDataString(pageId)}/messages", pageToken,
        [
            new("recipient", JsonSerializer.Serialize(new { id = recipient })),
            new("message", JsonSerializer.Serialize(new { text = request.Text })),
        ], mayHaveTakenEffect: true, ct);
        return new PublishResult(
            GraphApi.String(sent, "message_id") ?? throw new PlatformException(PlatformErrorKind.OutcomeUnknown, "Instagram answered without the message's id."),
            null);
    }

    private static string Token(ChannelCall call) =>
        call?.Credential.AccessToken ?? throw new PlatformException(PlatformErrorKind.AuthLost, "The Instagram channel has no access token. Reconnect the channel.");

    private GraphApi Graph() => new(_httpClientFactory.CreateClient(nameof(Network.Instagram)), _apiBaseUrl, _clientSecret, "Instagram");
}
