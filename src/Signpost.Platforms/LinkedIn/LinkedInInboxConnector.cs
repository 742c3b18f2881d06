using Signpost.Platforms.Inbox;

namespace Signpost.Platforms.LinkedIn;

/// <summary>
/// Answers and moderation on a LinkedIn Page (Comments API). The organisation answers a comment with
/// a comment of its own in that comment's thread (<c>parentComment</c>; LinkedIn nests one level, so
/// an answer to a reply goes in the same thread), and answers a post that mentions it with a comment
/// on that post. It may delete comments on its own posts (<c>DELETE …/comments/{id}?actor=</c> the
/// organisation). LinkedIn offers organisations no way to hide a comment, block a member or report
/// one through the API: those are not supported, and Signpost records them as such.
/// </summary>
internal sealed class LinkedInInboxConnector(IHttpClientFactory httpFactory, PlatformOptions options) : IInboxConnector
{
    private readonly NetworkOptions _options = options.For(Network.LinkedIn);

    public Network Network => Network.LinkedIn;

    /// <summary>Delete, for comments and replies on the organisation's own posts; nothing else.</summary>
    public bool Supports(ModerationAction action, InboundKind kind) =>
        action == ModerationAction.Delete && kind is InboundKind.Comment or InboundKind.Reply;

    /// <summary>
    /// Comments API, "Create a Comment": <c>POST /rest/socialActions/{target}/comments</c> with the
    /// organisation as <c>actor</c>, the post (or the thread's activity) as <c>object</c>, the text as
    /// <c>message.text</c>, and <c>parentComment</c> for an answer in a comment's thread. LinkedIn has
    /// no idempotency key: a lost answer is an unknown outcome for the caller to check.
    /// </summary>
    public async Task<PublishResult> ReplyAsync(ReplyRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = request.Target;
        var organisation = request.Call.Account.AccountId;

        // The comment whose thread the answer goes in: the comment itself, or for a reply the comment it is under.
        var parent = target.Kind switch
        {
            InboundKind.Reply when LinkedInInboxText.IsCommentUrn(target.InReplyToId) => target.InReplyToId,
            _ when LinkedInInboxText.IsCommentUrn(target.PlatformId) => target.PlatformId,
            _ => null,
        };
        var post = target.RootPostId ?? (parent is null ? target.PlatformId : null);
        var thread = parent is null ? null : LinkedInInboxText.SplitCommentUrn(parent)!.Value.Thread;
        var objectUrn = thread ?? post
            ?? throw new PlatformException(PlatformErrorKind.Rejected, "Signpost does not know which LinkedIn post this comment is on, so it cannot answer it.");

        var body = new Dictionary<string, object>
        {
            ["actor"] = organisation,
            ["object"] = objectUrn,
            ["message"] = new { text = request.Text },
        };
        if (parent is not null)
        {
            body["parentComment"] = parent;
        }

        var created = await Api().PostJsonAsync($"rest/socialActions/{LinkedInApi.Encode(parent ?? objectUrn)}/comments", Token(request.Call), body, mayHaveTakenEffect: true, ct);
        var urn = LinkedInApi.String(created.Body, "commentUrn")
            ?? LinkedInApi.String(created.Body, "$URN")
            ?? (created.RestliId is { } id
                ? LinkedInInboxText.IsCommentUrn(id) ? id : $"urn:li:comment:({thread ?? objectUrn},{id})"
                : LinkedInApi.String(created.Body, "id") is { } bodyId ? $"urn:li:comment:({thread ?? objectUrn},{bodyId})" : null)
            ?? throw new PlatformException(PlatformErrorKind.OutcomeUnknown, "LinkedIn accepted the comment but did not say its id.");
        return new PublishResult(urn, LinkedInInboxText.CommentUrl(post ?? objectUrn, urn));
    }

    /// <summary>
    /// Comments API, "Delete a Comment": <c>DELETE /rest/socialActions/{post or parent comment}/comments/{id}?actor=</c>
    /// the organisation, which may remove comments on its own posts. A comment already gone is not an error.
    /// </summary>
    public async Task<ModerationResult> ModerateAsync(ModerationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = request.Target;
        if (!Supports(request.Action, target.Kind))
        {
            throw new PlatformException(PlatformErrorKind.Rejected, request.Action == ModerationAction.Delete
                ? "LinkedIn lets an organisation delete comments on its own posts only."
                : "LinkedIn does not let an organisation hide comments, block members or report them through its API. Use LinkedIn's own page to report or block.");
        }

        var comment = LinkedInInboxText.SplitCommentUrn(target.PlatformId)
            ?? throw new PlatformException(PlatformErrorKind.Rejected, "This is not a LinkedIn comment Signpost can delete.");
        var container = target.Kind == InboundKind.Reply && LinkedInInboxText.IsCommentUrn(target.InReplyToId)
            ? target.InReplyToId!
            : target.RootPostId ?? comment.Thread;
        await Api().DeleteAsync(
            $"rest/socialActions/{LinkedInApi.Encode(container)}/comments/{Uri.EscapeDataString(comment.CommentId)}?actor={LinkedInApi.Encode(request.Call.Account.AccountId)}",
            Token(request.Call), ct);
        return new ModerationResult(null);
    }

    internal static string Token(ChannelCall call) =>
        call.Credential.AccessToken ?? throw new PlatformException(PlatformErrorKind.AuthLost, "The LinkedIn channel has no access token. Reconnect the channel.");

    private LinkedInApi Api() => new(httpFactory.CreateClient(nameof(Network.LinkedIn)), _options.ApiBaseUrl);
}
