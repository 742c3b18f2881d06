using System.Globalization;
using System.Text.Json;
using Signpost.Platforms.Inbox;

namespace Signpost.Platforms.Bluesky;

/// <summary>
/// Replies, mentions and quotes of the channel's account, from its notifications
/// (app.bsky.notification.listNotifications through the account's PDS, which passes it to the
/// AppView; <c>reasons</c> reply, mention and quote; <c>priority</c> false so that an account set to
/// "priority notifications only" still gets everyone's). Bluesky has no webhooks, so Signpost asks.
/// The session is the publishing connector's, renewed the same way; a renewed session comes back in
/// <see cref="InboundPage.RenewedCredential"/>.
/// <para>
/// Notifications come newest first, each with an <c>indexedAt</c> time. The cursor is the newest
/// <c>indexedAt</c> seen. The first poll (no cursor) takes the most recent page only; the next ones
/// read page after page until they reach notifications older than the cursor, less
/// <see cref="Overlap"/> (the AppView may index two posts of the same second in either order).
/// Items near the cursor come again: Signpost stores each once. The AppView times a notification by
/// the earlier of the post's own <c>createdAt</c> and the time it indexed it, so a post whose author's
/// clock is behind by more than the overlap is not seen.
/// </para>
/// </summary>
internal sealed class BlueskyInboxPoller(BlueskyConnector connector) : IInboxPoller
{
    /// <summary>Notifications read again before the cursor, so that none indexed at about the same moment is skipped.</summary>
    internal TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Notifications per page (the lexicon's maximum is 100, its default 50).</summary>
    internal int PageSize { get; set; } = 50;

    /// <summary>Pages read in one poll after a cursor; the rest wait for the next poll.</summary>
    internal int MaxPages { get; set; } = 10;

    public Network Network => Network.Bluesky;

    public async Task<InboundPage> PollAsync(ChannelCall call, string? cursor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var session = connector.StartSession(call);
        var ours = call.Account.AccountId;
        var since = ParseCursor(cursor);
        var readFrom = since - Overlap;

        var notifications = new List<Notification>();
        DateTimeOffset? newest = since;
        string? page = null;
        for (var pages = 0; pages < (since is null ? 1 : MaxPages); pages++)
        {
            var answer = await ListAsync(session, page, ct);
            var batch = answer.TryGetProperty("notifications", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(Read).Where(n => n is not null).Select(n => n!).ToList()
                : [];
            foreach (var notification in batch)
            {
                if (newest is null || notification.IndexedAt > newest)
                {
                    newest = notification.IndexedAt;
                }
            }

            notifications.AddRange(readFrom is { } from ? batch.Where(n => n.IndexedAt >= from) : batch);
            page = BlueskyConnector.Text(answer, "cursor");
            if (page is null || batch.Count == 0 || (readFrom is { } limit && batch.Min(n => n.IndexedAt) < limit))
            {
                break;
            }
        }

        var items = notifications
            .OrderBy(n => n.IndexedAt).ThenBy(n => n.Uri, StringComparer.Ordinal)
            .DistinctBy(n => n.Uri)
            .Select(n => Item(n, ours))
            .Where(i => i is not null)
            .Select(i => i!)
            .ToList();
        return new InboundPage(items, newest is { } n ? FormatCursor(n) : cursor, session.Renewed ? session.Credential : null);
    }

    private async Task<JsonElement> ListAsync(BlueskyConnector.Session session, string? page, CancellationToken ct)
    {
        List<KeyValuePair<string, string>> parameters =
        [
            new("limit", PageSize.ToString(CultureInfo.InvariantCulture)),
            new("reasons", "reply"),
            new("reasons", "mention"),
            new("reasons", "quote"),
            new("priority", "false"),
        ];
        if (page is not null)
        {
            parameters.Add(new("cursor", page));
        }

        try
        {
            return await connector.AuthorisedAsync(session,
                token => connector.Xrpc.QueryAsync(session.Service, "app.bsky.notification.listNotifications", parameters, token, ct), ct);
        }
        catch (XrpcException e)
        {
            throw e.ToPlatformException("reading the account's notifications");
        }
    }

    /// <summary>One notification of the lexicon's #notification: uri, author (profileView), reason, reasonSubject, record, indexedAt.</summary>
    internal sealed record Notification(string Uri, string Reason, string? ReasonSubject, JsonElement Author, JsonElement Record, DateTimeOffset IndexedAt);

    private static Notification? Read(JsonElement element)
    {
        var uri = BlueskyConnector.Text(element, "uri");
        var reason = BlueskyConnector.Text(element, "reason");
        if (uri is null || reason is null || ParseTime(BlueskyConnector.Text(element, "indexedAt")) is not { } indexedAt ||
            !element.TryGetProperty("author", out var author) || !element.TryGetProperty("record", out var record))
        {
            return null;
        }

        return new Notification(uri, reason, BlueskyConnector.Text(element, "reasonSubject"), author, record, indexedAt);
    }

    /// <summary>
    /// A notification as an inbound item; null for other reasons, records that are not posts, and the
    /// account's own posts. A post in a thread that answers the account (reason reply, or a mention
    /// or quote whose parent or root is the account's) is a reply; the rest are mentions. A quote
    /// answers the post it quotes.
    /// </summary>
    internal static InboundItem? Item(Notification notification, string ours)
    {
        if (notification.Reason is not ("reply" or "mention" or "quote") ||
            (BlueskyConnector.Text(notification.Record, "$type") is { } type && type != BlueskyConnector.PostCollection))
        {
            return null;
        }

        var did = BlueskyConnector.Text(notification.Author, "did");
        if (did is null || did == ours)
        {
            return null;
        }

        string? parent = null, root = null;
        if (notification.Record.TryGetProperty("reply", out var reply) && reply.ValueKind == JsonValueKind.Object)
        {
            parent = reply.TryGetProperty("parent", out var p) ? BlueskyConnector.Text(p, "uri") : null;
            root = reply.TryGetProperty("root", out var r) ? BlueskyConnector.Text(r, "uri") : null;
        }

        var answersUs = notification.Reason == "reply" || IsOurs(parent, ours) || IsOurs(root, ours);
        var kind = parent is not null && answersUs ? InboundKind.Reply : InboundKind.Mention;
        var inReplyTo = parent ?? (notification.Reason == "quote" ? notification.ReasonSubject : null);

        var handle = BlueskyConnector.Text(notification.Author, "handle") is { Length: > 0 } h ? h : did;
        var displayName = BlueskyConnector.Text(notification.Author, "displayName") is { Length: > 0 } name ? name.Trim() : null;
        var createdAt = ParseTime(BlueskyConnector.Text(notification.Record, "createdAt")) ?? notification.IndexedAt;
        return new InboundItem(
            notification.Uri,
            kind,
            BlueskyConnector.Text(notification.Record, "text") ?? "",
            new InboundAuthor(did, handle, string.IsNullOrEmpty(displayName) ? null : displayName),
            createdAt,
            InReplyToId: inReplyTo,
            RootPostId: root);
    }

    private static bool IsOurs(string? uri, string ours) =>
        uri is not null && uri.StartsWith($"at://{ours}/", StringComparison.Ordinal);

    internal static DateTimeOffset? ParseCursor(string? cursor) => ParseTime(cursor);

    internal static string FormatCursor(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseTime(string? text) =>
        !string.IsNullOrWhiteSpace(text) && DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
}
