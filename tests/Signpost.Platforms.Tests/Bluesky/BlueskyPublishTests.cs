using System.Text;
using System.Text.Json;
using Signpost.Tests.Shared;

namespace Signpost.Platforms.Tests.Bluesky;

/// <summary>Publishing through the connector to the real Bluesky servers, read back without the connector.</summary>
public sealed class BlueskyPublishTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publish_MentionLinkAndHashtagAfterEmoji_StoresFacetsAtUtf8ByteOffsets()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("facets", Ct);
        var partner = await channel.Network.CreateAccountAsync("partner", Ct);
        var text = $"🎉 Café Noël reopens — thanks @{partner.Handle}! Book: https://www.nhs.uk/flu-jab #FluJab";

        var result = await channel.Connector.PublishAsync(channel.Post(text), Ct);

        var stored = (await channel.Network.GetRecordAsync(result.PlatformPostId, Ct))!.Value.GetProperty("value");
        Assert.Equal(text, stored.GetProperty("text").GetString());
        var bytes = Encoding.UTF8.GetBytes(text);
        var facets = stored.GetProperty("facets").EnumerateArray().Select(f =>
        {
            var start = f.GetProperty("index").GetProperty("byteStart").GetInt32();
            var end = f.GetProperty("index").GetProperty("byteEnd").GetInt32();
            return (Slice: Encoding.UTF8.GetString(bytes, start, end - start), Feature: f.GetProperty("features")[0]);
        }).ToList();
        Assert.Equal(3, facets.Count);
        Assert.Equal("@" + partner.Handle, facets[0].Slice);
        Assert.Equal("app.bsky.richtext.facet#mention", facets[0].Feature.GetProperty("$type").GetString());
        Assert.Equal(partner.Did, facets[0].Feature.GetProperty("did").GetString());
        Assert.Equal("https://www.nhs.uk/flu-jab", facets[1].Slice);
        Assert.Equal("https://www.nhs.uk/flu-jab", facets[1].Feature.GetProperty("uri").GetString());
        Assert.Equal("#FluJab", facets[2].Slice);
        Assert.Equal("FluJab", facets[2].Feature.GetProperty("tag").GetString());
        Assert.Equal(["en-GB"], stored.GetProperty("langs").EnumerateArray().Select(l => l.GetString()));
        Assert.True(DateTimeOffset.TryParse(stored.GetProperty("createdAt").GetString(), out _));
    }

    [Fact]
    public async Task Publish_MentionOfUnknownHandle_StaysPlainText()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("nobody", Ct);

        var result = await channel.Connector.PublishAsync(channel.Post("Thanks @nobody-here-at-all.test for the photos"), Ct);

        var stored = (await channel.Network.GetRecordAsync(result.PlatformPostId, Ct))!.Value.GetProperty("value");
        Assert.False(stored.TryGetProperty("facets", out _));
        Assert.Equal("Thanks @nobody-here-at-all.test for the photos", stored.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Publish_TwoImagesWithAltText_AltTextInRecordAndInAppView()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("images", Ct);
        string[] alt = ["The Riverside vaccination hub entrance, with a blue NHS sign.", "A short queue of people waiting outside in the sun."];
        MediaUpload[] media =
        [
            new("hub.png", "image/png", TestImages.Png(40, 20), alt[0]),
            new("queue.png", "image/png", TestImages.Png(10, 30), alt[1]),
        ];

        var result = await channel.Connector.PublishAsync(channel.Post("Our flu jab hub is open today.", media: media), Ct);

        Assert.Equal(alt, await channel.Network.GetRecordAltTextsAsync(result.PlatformPostId, Ct));
        Assert.Equal(alt, await channel.Network.GetAppViewAltTextsAsync(result.PlatformPostId, Ct));
        var images = (await channel.Network.GetRecordAsync(result.PlatformPostId, Ct))!.Value.GetProperty("value").GetProperty("embed").GetProperty("images");
        Assert.Equal(40, images[0].GetProperty("aspectRatio").GetProperty("width").GetInt32());
        Assert.Equal(30, images[1].GetProperty("aspectRatio").GetProperty("height").GetInt32());
        Assert.Equal("image/png", images[0].GetProperty("image").GetProperty("mimeType").GetString());
    }

    [Fact]
    public async Task Publish_VideoWithCaptionsAndAltText_StoresVideoEmbed()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("video", Ct);
        byte[] mp4 = [0, 0, 0, 0x18, .. "ftypmp42"u8, 0, 0, 0, 0, .. "mp42isom"u8, 0, 0, 0, 8, .. "free"u8];
        var video = new MediaUpload("tour.mp4", "video/mp4", mp4, "A walk through the new minor injuries unit.", "WEBVTT\n\n00:00.000 --> 00:02.000\nWelcome to the unit.\n");

        var result = await channel.Connector.PublishAsync(channel.Post("A tour of the new unit.", media: [video]), Ct);

        var embed = (await channel.Network.GetRecordAsync(result.PlatformPostId, Ct))!.Value.GetProperty("value").GetProperty("embed");
        Assert.Equal("app.bsky.embed.video", embed.GetProperty("$type").GetString());
        Assert.Equal("video/mp4", embed.GetProperty("video").GetProperty("mimeType").GetString());
        Assert.Equal(video.AltText, embed.GetProperty("alt").GetString());
        var caption = Assert.Single(embed.GetProperty("captions").EnumerateArray());
        Assert.Equal("en-GB", caption.GetProperty("lang").GetString());
        Assert.Equal("text/vtt", caption.GetProperty("file").GetProperty("mimeType").GetString());
    }

    [Fact]
    public async Task Publish_ReplyToAReply_KeepsTheThreadRootAndAnswersTheParent()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("reply", Ct);
        var resident = await channel.Network.CreateAccountAsync("resident", Ct);
        var question = await channel.Network.CreatePostAsync(resident, "Is the walk-in centre open on Sunday?", ct: Ct);

        var answer = await channel.Connector.PublishAsync(channel.Post("Yes, 8am to 8pm.", replyTo: question), Ct);
        var followUp = await channel.Connector.PublishAsync(channel.Post("And the pharmacy next door opens at 10am.", replyTo: answer.PlatformPostId), Ct);

        var questionCid = (await channel.Network.GetRecordAsync(question, Ct))!.Value.GetProperty("cid").GetString();
        var first = (await channel.Network.GetRecordAsync(answer.PlatformPostId, Ct))!.Value.GetProperty("value").GetProperty("reply");
        Assert.Equal(question, first.GetProperty("root").GetProperty("uri").GetString());
        Assert.Equal(questionCid, first.GetProperty("root").GetProperty("cid").GetString());
        Assert.Equal(question, first.GetProperty("parent").GetProperty("uri").GetString());
        var second = (await channel.Network.GetRecordAsync(followUp.PlatformPostId, Ct))!.Value.GetProperty("value").GetProperty("reply");
        Assert.Equal(question, second.GetProperty("root").GetProperty("uri").GetString());
        Assert.Equal(answer.PlatformPostId, second.GetProperty("parent").GetProperty("uri").GetString());
        var thread = await channel.Network.WaitForAppViewPostAsync(followUp.PlatformPostId, ct: Ct);
        Assert.Equal(answer.PlatformPostId, thread.GetProperty("record").GetProperty("reply").GetProperty("parent").GetProperty("uri").GetString());
    }

    [Fact]
    public async Task Publish_SameIdempotencyKeyTwice_MakesOneRecord()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("once", Ct);
        var request = channel.Post("Blood donation session at the town hall on Friday.", key: "publication-7f3c-bluesky");

        var first = await channel.Connector.PublishAsync(request, Ct);
        var second = await channel.Connector.PublishAsync(request, Ct);

        Assert.Equal(first.PlatformPostId, second.PlatformPostId);
        var posts = await channel.Network.ListPostsAsync(channel.Account.Did, Ct);
        Assert.Single(posts);
        Assert.EndsWith("/app.bsky.feed.post/" + Signpost.Platforms.Bluesky.RecordKey.For("publication-7f3c-bluesky"), first.PlatformPostId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_SameIdempotencyKeyConcurrently_MakesOneRecord()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("race", Ct);
        var request = channel.Post("Clinic closed for staff training on Wednesday afternoon.", media:
            [new("sign.png", "image/png", TestImages.Png(8, 8), "A closed sign on a clinic door.")]);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => channel.Connector.PublishAsync(request, Ct)));

        Assert.Single(results.Select(r => r.PlatformPostId).Distinct());
        Assert.Single(await channel.Network.ListPostsAsync(channel.Account.Did, Ct));
    }

    [Fact]
    public async Task FindPublished_AfterPublish_ReturnsThePostAndNullForAnotherKey()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("find", Ct);
        var request = channel.Post("Minor injuries unit waiting time: about 40 minutes.");
        var published = await channel.Connector.PublishAsync(request, Ct);

        var found = await channel.Connector.FindPublishedAsync(request, Ct);
        var notFound = await channel.Connector.FindPublishedAsync(channel.Post("Minor injuries unit waiting time: about 40 minutes."), Ct);

        Assert.Equal(published.PlatformPostId, found?.PlatformPostId);
        Assert.Equal(published.Url, found?.Url);
        Assert.Null(notFound);
    }

    [Fact]
    public async Task FetchStatus_PublishedPost_ExistsWithWebAppUrl()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("status", Ct);
        var published = await channel.Connector.PublishAsync(channel.Post("Our new opening hours start on Monday."), Ct);

        var status = await channel.Connector.FetchStatusAsync(channel.Call, published.PlatformPostId, Ct);

        var rkey = BlueskyTestNetwork.ParseAtUri(published.PlatformPostId).RecordKey;
        Assert.True(status.Exists);
        Assert.Equal(new Uri($"https://bsky.app/profile/{channel.Account.Handle}/post/{rkey}"), status.Url);
        Assert.Equal(status.Url, published.Url);
    }

    [Fact]
    public async Task Delete_PublishedPost_RecordIsGoneAndStatusSaysSo()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("delete", Ct);
        var published = await channel.Connector.PublishAsync(channel.Post("Posted by mistake."), Ct);

        await channel.Connector.DeleteAsync(channel.Call, published.PlatformPostId, Ct);

        Assert.Null(await channel.Network.GetRecordAsync(published.PlatformPostId, Ct));
        Assert.False((await channel.Connector.FetchStatusAsync(channel.Call, published.PlatformPostId, Ct)).Exists);
    }

    [Fact]
    public async Task Delete_PostAlreadyGone_DoesNotThrow()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("gone", Ct);
        var published = await channel.Connector.PublishAsync(channel.Post("Posted by mistake twice."), Ct);
        await channel.Connector.DeleteAsync(channel.Call, published.PlatformPostId, Ct);

        var repeat = await Record.ExceptionAsync(() => channel.Connector.DeleteAsync(channel.Call, published.PlatformPostId, Ct));

        Assert.Null(repeat);
        Assert.Empty(await channel.Network.ListPostsAsync(channel.Account.Did, Ct));
    }
}
