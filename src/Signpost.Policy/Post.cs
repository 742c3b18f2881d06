using System.Text.Json.Serialization;

namespace Signpost.Policy;

/// <summary>The networks Signpost knows (RULES.md, command-line contract).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Platform>))]
public enum Platform
{
    [JsonStringEnumMemberName("facebook")] Facebook,
    [JsonStringEnumMemberName("instagram")] Instagram,
    [JsonStringEnumMemberName("x")] X,
    [JsonStringEnumMemberName("linkedin")] LinkedIn,
    [JsonStringEnumMemberName("youtube")] YouTube,
    [JsonStringEnumMemberName("tiktok")] TikTok,
    [JsonStringEnumMemberName("nextdoor")] Nextdoor,
    [JsonStringEnumMemberName("threads")] Threads,
    [JsonStringEnumMemberName("mastodon")] Mastodon,
    [JsonStringEnumMemberName("bluesky")] Bluesky,
}

/// <summary>Whose account the post goes out from (004 §6.7–6.8).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AccountKind>))]
public enum AccountKind
{
    [JsonStringEnumMemberName("corporate")] Corporate,
    [JsonStringEnumMemberName("departmental")] Departmental,
    [JsonStringEnumMemberName("personal")] Personal,
}

[JsonConverter(typeof(JsonStringEnumConverter<MediaKind>))]
public enum MediaKind
{
    [JsonStringEnumMemberName("image")] Image,
    [JsonStringEnumMemberName("gif")] Gif,
    [JsonStringEnumMemberName("video")] Video,
}

/// <summary>What the consent register says about a piece of media for this use (000 §5.0).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConsentState>))]
public enum ConsentState
{
    /// <summary>No consent is needed (no identifiable person) or a record covers this use.</summary>
    [JsonStringEnumMemberName("covered")] Covered,
    [JsonStringEnumMemberName("missing")] Missing,
    [JsonStringEnumMemberName("not_covered")] NotCovered,
    [JsonStringEnumMemberName("withdrawn")] Withdrawn,
    [JsonStringEnumMemberName("expired")] Expired,
}

public sealed record MediaItem
{
    public MediaKind Kind { get; init; } = MediaKind.Image;

    /// <summary>Alt text for an image or GIF.</summary>
    public string? Alt { get; init; }

    /// <summary>Whether a video has captions; null when not known.</summary>
    public bool? Captions { get; init; }

    /// <summary>The file name, used to spot alt text that is only a file name.</summary>
    public string? FileName { get; init; }

    /// <summary>The consent register's answer for this use; null when the caller did not look it up.</summary>
    public ConsentState? Consent { get; init; }
}

/// <summary>An outbound post, or a profile or blog text, to be checked against the policy.</summary>
public sealed record Post
{
    public string Text { get; init; } = "";

    /// <summary>Null: no platform rules apply.</summary>
    public Platform? Platform { get; init; }

    public AccountKind Account { get; init; } = AccountKind.Corporate;

    public IReadOnlyList<MediaItem> Media { get; init; } = [];

    /// <summary>When the post would go out; null means now. Read by date rules (pre-election).</summary>
    public DateTimeOffset? ScheduledFor { get; init; }

    /// <summary>The account's handle, for the ACCOUNT-* handle rules; null when not known.</summary>
    public string? Handle { get; init; }

    /// <summary>What the text is: a post (default), a profile bio or a blog (ACCOUNT-DISCLAIMER).</summary>
    public PostTextKind TextKind { get; init; } = PostTextKind.Post;
}

[JsonConverter(typeof(JsonStringEnumConverter<PostTextKind>))]
public enum PostTextKind
{
    [JsonStringEnumMemberName("post")] Post,
    [JsonStringEnumMemberName("profile")] Profile,
    [JsonStringEnumMemberName("blog")] Blog,
}
