using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Signpost.Platforms.Bluesky;
using Signpost.Platforms.Inbox;
using Signpost.Tests.Shared;

namespace Signpost.Platforms.Tests.Bluesky;

/// <summary>The Bluesky inbox's poller and connector for a test channel, and a member of the public who writes to it.</summary>
internal static class InboxTestSupport
{
    public static BlueskyInboxPoller Poller(BlueskyTestChannel channel) => new(channel.Connector);

    /// <summary>The inbox connector as the app builds it, with reports going to the test network's Ozone.</summary>
    public static BlueskyInboxConnector Connector(BlueskyTestChannel channel)
    {
        var options = new PlatformOptions();
        options.For(Signpost.Platforms.Network.Bluesky).ModerationServiceDid = BlueskyTestNetwork.OzoneDid;
        return new BlueskyInboxConnector(channel.Connector, options);
    }

    /// <summary>Publishes a post as the channel and waits until the AppView has it (a reply indexed before its parent gives no notification).</summary>
    public static async Task<string> PublishAsync(BlueskyTestChannel channel, string text, CancellationToken ct)
    {
        var published = await channel.Connector.PublishAsync(channel.Post(text), ct);
        await channel.Network.WaitForAppViewPostAsync(published.PlatformPostId, ct: ct);
        return published.PlatformPostId;
    }

    /// <summary>A reply by someone else, waited for on the AppView so that a reply to it can follow.</summary>
    public static async Task<string> ReplyAsync(BlueskyTestNetwork network, BlueskyTestAccount author, string parentUri, string text, CancellationToken ct)
    {
        var uri = await network.CreatePostAsync(author, text, parentUri, ct);
        await network.WaitForAppViewPostAsync(uri, ct: ct);
        return uri;
    }

    /// <summary>A post that mentions <paramref name="mentioned"/> with a mention facet (as the Bluesky app writes it).</summary>
    public static Task<string> MentionAsync(BlueskyTestNetwork network, BlueskyTestAccount author, BlueskyTestAccount mentioned, string before, string after, CancellationToken ct)
    {
        var mention = "@" + mentioned.Handle;
        var text = before + mention + after;
        var start = Encoding.UTF8.GetByteCount(before);
        var record = Post(text);
        record["facets"] = new JsonArray(new JsonObject
        {
            ["index"] = new JsonObject { ["byteStart"] = start, ["byteEnd"] = start + Encoding.UTF8.GetByteCount(mention) },
            ["features"] = new JsonArray(new JsonObject { ["$type"] = "app.bsky.richtext.facet#mention", ["did"] = mentioned.Did }),
        });
        return network.CreateRecordAsync(author, "app.bsky.feed.post", record, ct);
    }

    /// <summary>A post that quotes <paramref name="quotedUri"/> (app.bsky.embed.record).</summary>
    public static async Task<string> QuoteAsync(BlueskyTestNetwork network, BlueskyTestAccount author, string quotedUri, string text, CancellationToken ct)
    {
        var quoted = await network.GetRecordAsync(quotedUri, ct) ?? throw new InvalidOperationException($"No record at {quotedUri}.");
        var record = Post(text);
        record["embed"] = new JsonObject
        {
            ["$type"] = "app.bsky.embed.record",
            ["record"] = new JsonObject { ["uri"] = quotedUri, ["cid"] = quoted.GetProperty("cid").GetString() },
        };
        return await network.CreateRecordAsync(author, "app.bsky.feed.post", record, ct);
    }

    private static JsonObject Post(string text) => new()
    {
        ["$type"] = "app.bsky.feed.post",
        ["text"] = text,
        ["createdAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Polls (from <paramref name="cursor"/>) until the page holds every one of <paramref name="uris"/>:
    /// the AppView makes the notification a moment after the post. The last page is returned.
    /// </summary>
    public static async Task<InboundPage> PollUntilAsync(BlueskyInboxPoller poller, ChannelCall call, string? cursor, IReadOnlyCollection<string> uris, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var page = await poller.PollAsync(call, cursor, ct);
            if (uris.All(u => page.Items.Any(i => i.PlatformId == u)))
            {
                return page;
            }

            if (stopwatch.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException($"The notifications did not show {string.Join(", ", uris)} within 20 s (they showed {string.Join(", ", page.Items.Select(i => i.PlatformId))}).");
            }

            await Task.Delay(150, ct);
        }
    }

    public static InboxTarget Target(InboundItem item) =>
        new(item.PlatformId, item.Kind, item.Author.PlatformId, item.RootPostId, item.InReplyToId, AuthorHandle: item.Author.Handle);
}
