using System.Globalization;
using System.Text.Json;
using Signpost.Platforms.Inbox;

namespace Signpost.Platforms.LinkedIn;

/// <summary>
/// Comments and replies on the organisation's recent posts, and posts that mention it. LinkedIn has
/// no comment webhook an app can rely on before Standard Tier, so Signpost asks:
/// <list type="number">
/// <item>the organisation's recent posts (Posts API, <c>GET /rest/posts?q=author</c>);</item>
/// <item>each post's comments (Comments API, <c>GET /rest/socialActions/{postUrn}/comments</c>), and the
/// replies under a comment that has any (the same call with the comment's URN); comments the
/// organisation wrote itself are left out;</item>
/// <item>posts that mention the organisation (Organization Social Action Notifications, pull:
/// <c>GET /rest/organizationalEntityNotifications?q=criteria&amp;actions=List(SHARE_MENTION)</c>, which
/// the connection's <c>rw_organization_admin</c> allows), each read from the Posts API.</item>
/// </list>
/// The cursor is the newest creation time seen (epoch milliseconds, as LinkedIn writes times); a poll
/// reports what is at least that new, and Signpost stores each comment once.
/// </summary>
internal sealed class LinkedInInboxPoller(IHttpClientFactory httpFactory, PlatformOptions options, TimeProvider? time = null) : IInboxPoller
{
    private readonly NetworkOptions _options = options.For(Network.LinkedIn);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>How many of the organisation's latest posts are looked at for comments (each costs a call, under LinkedIn's daily limits).</summary>
    internal int PostsToScan { get; set; } = 10;

    /// <summary>Comments asked for per post or comment (one page).</summary>
    internal int CommentsPerPage { get; set; } = 100;

    public Network Network => Network.LinkedIn;

    public async Task<InboundPage> PollAsync(ChannelCall call, string? cursor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var api = new LinkedInApi(httpFactory.CreateClient(nameof(Network.LinkedIn)), _options.ApiBaseUrl);
        var token = LinkedInInboxConnector.Token(call);
        var organisation = call.Account.AccountId;
        long? since = long.TryParse(cursor, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : null;

        var items = new List<(InboundItem Item, long Time)>();
        var posts = await api.GetAsync(
            $"rest/posts?author={LinkedInApi.Encode(organisation)}&q=author&count={PostsToScan.ToString(CultureInfo.InvariantCulture)}&sortBy=CREATED", token, ct);
        foreach (var postUrn in LinkedInApi.Elements(posts.Body).Select(p => LinkedInApi.String(p, "id")).OfType<string>())
        {
            foreach (var comment in await CommentsAsync(api, token, postUrn, ct))
            {
                AddComment(items, comment, postUrn, parent: null, organisation, since);
                var summary = comment.TryGetProperty("commentsSummary", out var s) ? s : default;
                var replies = LinkedInApi.Number(summary, "aggregatedTotalComments") ?? LinkedInApi.Number(summary, "totalFirstLevelComments") ?? 0;
                if (replies > 0 && CommentUrn(comment) is { } commentUrn)
                {
                    foreach (var reply in await CommentsAsync(api, token, commentUrn, ct))
                    {
                        AddComment(items, reply, postUrn, commentUrn, organisation, since);
                    }
                }
            }
        }

        await AddMentionsAsync(api, token, organisation, since, items, ct);

        var ordered = items.OrderBy(i => i.Time).ThenBy(i => i.Item.PlatformId, StringComparer.Ordinal).DistinctBy(i => i.Item.PlatformId).ToList();
        var newest = ordered.Count == 0 ? since : Math.Max(since ?? 0, ordered[^1].Time);
        return new InboundPage([.. ordered.Select(i => i.Item)], newest?.ToString(CultureInfo.InvariantCulture));
    }

    private async Task<IReadOnlyList<JsonElement>> CommentsAsync(LinkedInApi api, string token, string targetUrn, CancellationToken ct)
    {
        // A post or comment deleted between the two calls has no comments to read.
        var answer = await api.GetOrNullWhenGoneAsync(
            $"rest/socialActions/{LinkedInApi.Encode(targetUrn)}/comments?start=0&count={CommentsPerPage.ToString(CultureInfo.InvariantCulture)}", token, ct);
        return answer is null ? [] : [.. LinkedInApi.Elements(answer.Body)];
    }

    /// <summary>A comment (or, with <paramref name="parent"/>, a reply) by someone other than the organisation, when new enough.</summary>
    private static void AddComment(List<(InboundItem, long)> items, JsonElement comment, string postUrn, string? parent, string organisation, long? since)
    {
        var actor = LinkedInApi.String(comment, "actor");
        var urn = CommentUrn(comment);
        var created = comment.TryGetProperty("created", out var c) ? LinkedInApi.Number(c, "time") : null;
        if (actor is null || urn is null || created is not { } at || string.Equals(actor, organisation, StringComparison.Ordinal) || at < since)
        {
            return;
        }

        parent ??= LinkedInApi.String(comment, "parentComment");
        var text = comment.TryGetProperty("message", out var message) ? LinkedInApi.String(message, "text") ?? "" : "";
        items.Add((new InboundItem(
            urn,
            parent is null ? InboundKind.Comment : InboundKind.Reply,
            text,
            new InboundAuthor(actor, actor),
            DateTimeOffset.FromUnixTimeMilliseconds(at),
            InReplyToId: parent ?? postUrn,
            RootPostId: postUrn,
            Url: LinkedInInboxText.CommentUrl(postUrn, urn)), at));
    }

    /// <summary>
    /// Posts that mention the organisation. Best effort: a notification whose post LinkedIn will not
    /// show (deleted, or not visible to the organisation) is left out, and a refusal of the
    /// notifications call itself does not stop the comments from arriving; lost access, limits and
    /// server errors still stop the poll as they would for comments.
    /// </summary>
    private async Task AddMentionsAsync(LinkedInApi api, string token, string organisation, long? since, List<(InboundItem, long)> items, CancellationToken ct)
    {
        var query = $"rest/organizationalEntityNotifications?q=criteria&organizationalEntity={LinkedInApi.Encode(organisation)}&actions=List(SHARE_MENTION)&count=20";
        if (since is { } start)
        {
            var end = _time.GetUtcNow().ToUnixTimeMilliseconds();
            query += string.Create(CultureInfo.InvariantCulture, $"&timeRange=(start:{start},end:{Math.Max(start, end)})");
        }

        LinkedInAnswer notifications;
        try
        {
            notifications = await api.GetAsync(query, token, ct);
        }
        catch (PlatformException e) when (e.Kind == PlatformErrorKind.Rejected)
        {
            return;
        }

        foreach (var notification in LinkedInApi.Elements(notifications.Body))
        {
            var postUrn = LinkedInApi.String(notification, "generatedActivity") ?? LinkedInApi.String(notification, "sourcePost");
            if (LinkedInApi.String(notification, "action") != "SHARE_MENTION" || postUrn is null)
            {
                continue;
            }

            LinkedInAnswer? post;
            try
            {
                post = await api.GetOrNullWhenGoneAsync($"rest/posts/{LinkedInApi.Encode(postUrn)}", token, ct);
            }
            catch (PlatformException e) when (e.Kind == PlatformErrorKind.Rejected)
            {
                continue;
            }

            var author = post is null ? null : LinkedInApi.String(post.Body, "author");
            if (post is null || author is null || string.Equals(author, organisation, StringComparison.Ordinal))
            {
                continue;
            }

            var at = LinkedInApi.Number(post.Body, "publishedAt") ?? LinkedInApi.Number(post.Body, "createdAt") ?? LinkedInApi.Number(notification, "lastModifiedAt") ?? 0;
            if (at < since)
            {
                continue;
            }

            items.Add((new InboundItem(
                postUrn,
                InboundKind.Mention,
                LinkedInInboxText.FromLittle(LinkedInApi.String(post.Body, "commentary")),
                new InboundAuthor(author, author),
                DateTimeOffset.FromUnixTimeMilliseconds(at),
                RootPostId: postUrn,
                Url: LinkedInConnector.PostUrl(postUrn)), at));
        }
    }

    private static string? CommentUrn(JsonElement comment) =>
        LinkedInApi.String(comment, "commentUrn") ?? LinkedInApi.String(comment, "$URN");
}
