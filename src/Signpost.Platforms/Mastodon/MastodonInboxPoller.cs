using System.Globalization;
using Signpost.Platforms.Inbox;

namespace Signpost.Platforms.Mastodon;

/// <summary>
/// Mentions of the channel's account, from its notifications (Notifications API, "Get all
/// notifications", <c>types[]=mention</c>; OAuth scope <c>read:notifications</c>). A mention that
/// answers a status is a reply; one with <c>visibility</c> "direct" is a private message (a private
/// mention, seen only by the accounts it names); the rest are mentions. Mastodon has no webhooks for
/// an ordinary account, so Signpost asks.
/// <para>
/// The cursor is the newest notification id seen. The first poll takes the most recent page only; the
/// next ones ask with <c>min_id</c> ("results immediately newer than this ID"), page after page, so
/// that a burst larger than a page is read in full instead of leaving a gap as <c>since_id</c> would.
/// </para>
/// </summary>
internal sealed class MastodonInboxPoller(MastodonInboxCalls calls) : IInboxPoller
{
    /// <summary>Notifications per page (the API's maximum is 80 since Mastodon 4.1, 30 before; 40 suits both).</summary>
    internal int PageSize { get; set; } = 40;

    /// <summary>Pages read in one poll after a cursor; the rest wait for the next poll.</summary>
    internal int MaxPages { get; set; } = 5;

    /// <summary>Replies whose thread is looked up in one poll (one call each, under the instance's 300 calls in 5 minutes).</summary>
    internal int MaxThreadLookups { get; set; } = 40;

    public Network Network => Network.Mastodon;

    public async Task<InboundPage> PollAsync(ChannelCall call, string? cursor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var instance = calls.Instance(call);
        var token = MastodonInboxCalls.Token(call);

        var notifications = new List<MastodonNotification>();
        var newest = string.IsNullOrWhiteSpace(cursor) ? null : cursor.Trim();
        var pages = newest is null ? 1 : MaxPages;
        for (var page = 0; page < pages; page++)
        {
            var batch = await PageAsync(instance, token, newest, ct);
            notifications.AddRange(batch);
            var batchNewest = batch.Select(n => n.Id).Max(Comparer<string>.Create(MastodonInboxText.CompareIds));
            if (batchNewest is null || MastodonInboxText.CompareIds(batchNewest, newest) <= 0)
            {
                break;
            }

            newest = batchNewest;
            if (batch.Count < PageSize)
            {
                break;
            }
        }

        var items = notifications
            .Where(n => n.Type == "mention" && n.Status is not null)
            .OrderBy(n => n.Id, Comparer<string>.Create(MastodonInboxText.CompareIds))
            .Select(n => Item(n.Status!, n.Account, instance, n.CreatedAt))
            .Where(i => i is not null && i.Author.PlatformId != call.Account.AccountId)
            .Select(i => i!)
            .DistinctBy(i => i.PlatformId)
            .ToList();
        await AddThreadRootsAsync(instance, token, items, ct);
        return new InboundPage(items, newest);
    }

    /// <summary>
    /// A status names only the status it answers, not the first post of its thread: Statuses API, "Get
    /// parent and child statuses in context", gives its ancestors, oldest first. Best effort: a thread
    /// that cannot be read (deleted parent, limits, lost access) leaves the root unknown rather than
    /// holding back the mentions, and after a refusal no more lookups are made in this poll.
    /// </summary>
    private async Task AddThreadRootsAsync(Uri instance, string token, List<InboundItem> items, CancellationToken ct)
    {
        var lookups = 0;
        for (var i = 0; i < items.Count && lookups < MaxThreadLookups; i++)
        {
            if (items[i].InReplyToId is null)
            {
                continue;
            }

            lookups++;
            try
            {
                using var request = MastodonInboxCalls.Authorized(HttpMethod.Get, new Uri(instance, $"api/v1/statuses/{Uri.EscapeDataString(items[i].PlatformId)}/context"), token);
                using var response = await calls.SendAsync(request, mayHaveTakenEffect: false, ct);
                var context = await MastodonApi.ReadAsync<MastodonContext>(response, ct);
                if (context.Ancestors is [var first, ..] && first.Id is { } root)
                {
                    items[i] = items[i] with { RootPostId = root };
                }
            }
            catch (PlatformException e) when (e.Kind is PlatformErrorKind.Rejected)
            {
                // This thread cannot be read (its parent was deleted or is not visible): the others may be.
            }
            catch (PlatformException)
            {
                return;
            }
        }
    }

    private async Task<List<MastodonNotification>> PageAsync(Uri instance, string token, string? after, CancellationToken ct)
    {
        // include_filtered (Mastodon 4.3): also what the account's notification policy filters away
        // (by default, private mentions from people it does not follow), which an NHS team must still see.
        var query = $"api/v1/notifications?types[]=mention&include_filtered=true&limit={PageSize.ToString(CultureInfo.InvariantCulture)}";
        if (after is not null)
        {
            query += "&min_id=" + Uri.EscapeDataString(after);
        }

        using var request = MastodonInboxCalls.Authorized(HttpMethod.Get, new Uri(instance, query), token);
        using var response = await calls.SendAsync(request, mayHaveTakenEffect: false, ct);
        return await MastodonApi.ReadAsync<List<MastodonNotification>>(response, ct);
    }

    /// <summary>A mention's status as an inbound item; null when the status has no author to answer.</summary>
    internal static InboundItem? Item(MastodonInboxStatus status, MastodonInboxAccount? notifier, Uri instance, DateTimeOffset? notifiedAt)
    {
        var account = status.Account ?? notifier;
        if (account is null)
        {
            return null;
        }

        var direct = string.Equals(status.Visibility, "direct", StringComparison.OrdinalIgnoreCase);
        var kind = direct ? InboundKind.Message : status.InReplyToId is not null ? InboundKind.Reply : InboundKind.Mention;
        var author = new InboundAuthor(account.Id, MastodonInboxText.FullHandle(account, instance), string.IsNullOrWhiteSpace(account.DisplayName) ? null : account.DisplayName);
        Uri.TryCreate(status.Url ?? status.Uri, UriKind.Absolute, out var url);
        return new InboundItem(
            status.Id,
            kind,
            MastodonInboxText.StatusText(status),
            author,
            status.CreatedAt ?? notifiedAt ?? DateTimeOffset.UnixEpoch,
            InReplyToId: status.InReplyToId,
            Url: url,

            // A private conversation on Mastodon is a thread of direct statuses with one person: answered by mentioning them.
            ConversationId: direct ? account.Id : null);
    }
}
