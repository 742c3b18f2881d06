using Signpost.Policy.Settings;

namespace Signpost.Policy.Platforms;

/// <summary>How a platform counts the length of a post.</summary>
public enum LengthCounting
{
    /// <summary>UTF-16 code units, as the platform's web composer (JavaScript string length) counts.</summary>
    Utf16,

    /// <summary>twitter-text v3: weighted code points, links 23, emoji 2 (X).</summary>
    XWeighted,

    /// <summary>Grapheme clusters, plus a limit in UTF-8 bytes (Bluesky).</summary>
    Graphemes,

    /// <summary>Grapheme clusters, links 23, and "@user@instance" counted as "@user" (Mastodon).</summary>
    MastodonCharacters,

    /// <summary>Characters, with emoji counted as their UTF-8 bytes (Threads).</summary>
    ThreadsCharacters,
}

/// <summary>
/// What a platform accepts in one post. Null means the platform sets no limit that Signpost
/// checks. <see cref="MaxImages"/> counts images and GIFs; <see cref="MaxMedia"/> counts every
/// item of a carousel.
/// </summary>
public sealed record PlatformLimit
{
    public required Platform Platform { get; init; }
    public int? MaxLength { get; init; }
    public int? MaxUtf8Bytes { get; init; }
    public LengthCounting Counting { get; init; } = LengthCounting.Utf16;
    public int? MaxImages { get; init; }
    public int? MaxMedia { get; init; }
    public int? MaxHashtags { get; init; }

    /// <summary>A post needs at least one image or video (Instagram).</summary>
    public bool NeedsMedia { get; init; }

    /// <summary>Links in the text are made clickable (not in Instagram captions).</summary>
    public bool LinksClickable { get; init; } = true;

    /// <summary>The weight of one link where the platform replaces links by a fixed-length one.</summary>
    public int? LinkLength { get; init; }

    /// <summary>
    /// The built-in limits, with settings.PlatformLimits (keyed by the platform's JSON name, e.g.
    /// "mastodon") applied: MaxLength replaces the length limit, MaxImages the image or carousel limit.
    /// </summary>
    public static PlatformLimit For(Platform platform, OrganisationSettings settings)
    {
        var limit = Defaults(platform);
        foreach (var (name, value) in settings.PlatformLimits)
        {
            if (!string.Equals(name, JsonName(platform), StringComparison.OrdinalIgnoreCase)
                && !string.Equals(name, platform.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (value.MaxLength is { } maxLength)
            {
                limit = limit with { MaxLength = maxLength };
            }

            if (value.MaxImages is { } maxImages)
            {
                limit = limit.MaxMedia is not null ? limit with { MaxMedia = maxImages } : limit with { MaxImages = maxImages };
            }
        }

        return limit;
    }

    /// <summary>The documented limits of each platform; each number says where it comes from.</summary>
    public static PlatformLimit Defaults(Platform platform) => platform switch
    {
        // twitter-text config/v3.json: maxWeightedTweetLength 280, transformedURLLength 23; 4 images per post.
        Platform.X => new() { Platform = platform, MaxLength = 280, Counting = LengthCounting.XWeighted, LinkLength = 23, MaxImages = 4 },

        // atproto lexicon app.bsky.feed.post: text maxGraphemes 300, maxLength 3000 (UTF-8 bytes);
        // app.bsky.embed.images: at most 4 images.
        Platform.Bluesky => new() { Platform = platform, MaxLength = 300, MaxUtf8Bytes = 3000, Counting = LengthCounting.Graphemes, MaxImages = 4 },

        // Mastodon instance configuration (statuses.max_characters 500, characters_reserved_per_url
        // 23, max_media_attachments 4) on the default server build; other servers override it.
        Platform.Mastodon => new() { Platform = platform, MaxLength = 500, Counting = LengthCounting.MastodonCharacters, LinkLength = 23, MaxImages = 4 },

        // Threads API "Posts": text posts limited to 500 characters, emoji counted as UTF-8 bytes;
        // carousels of 2 to 20 items.
        Platform.Threads => new() { Platform = platform, MaxLength = 500, Counting = LengthCounting.ThreadsCharacters, MaxMedia = 20 },

        // Instagram Graph API content publishing: caption 2,200 characters, at most 30 hashtags,
        // carousels of up to 10 items, every post needs an image or a video; links in captions
        // are not clickable.
        Platform.Instagram => new() { Platform = platform, MaxLength = 2200, MaxHashtags = 30, MaxMedia = 10, NeedsMedia = true, LinksClickable = false },

        // Facebook Pages: 63,206 characters per post (widely documented composer limit).
        Platform.Facebook => new() { Platform = platform, MaxLength = 63206 },

        // LinkedIn Posts API: commentary up to 3,000 characters; multi-image posts of up to 20 images.
        Platform.LinkedIn => new() { Platform = platform, MaxLength = 3000, MaxImages = 20 },

        // YouTube Data API videos.snippet.description: at most 5,000 characters (community posts have
        // no public API limit, so the description limit applies).
        Platform.YouTube => new() { Platform = platform, MaxLength = 5000 },

        // TikTok Content Posting API: caption (title) up to 2,200 characters; photo posts of up to 35 images.
        Platform.TikTok => new() { Platform = platform, MaxLength = 2200, MaxMedia = 35 },

        // Nextdoor publishes no post length or image limit for business posts: set one in
        // settings.PlatformLimits if a deployment needs it.
        _ => new() { Platform = platform },
    };

    private static string JsonName(Platform platform) => platform switch
    {
        Platform.X => "x",
        Platform.LinkedIn => "linkedin",
        Platform.YouTube => "youtube",
        Platform.TikTok => "tiktok",
        _ => platform.ToString().ToLowerInvariant(),
    };
}
