using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Posts;
using Signpost.Platforms;

namespace Signpost.Web.Pages.Posts;

/// <summary>How the post pages name states, colour their tags and write times.</summary>
public static class PostDisplay
{
    /// <summary>A post's state in words: the same words as the calendar, the feed and the media library.</summary>
    public static string StateName(PostState state) => Signpost.Core.Features.Calendar.PostStateText.Describe(state);

    /// <summary>NHS.UK tag colours; the words always say the state, so colour is never the only cue.</summary>
    public static string StateTag(PostState state) => state switch
    {
        PostState.Submitted => "nhsuk-tag--blue",
        PostState.ChangesRequested => "nhsuk-tag--orange",
        PostState.Approved => "nhsuk-tag--aqua-green",
        PostState.Scheduled => "nhsuk-tag--purple",
        PostState.Publishing => "nhsuk-tag--blue",
        PostState.Published => "nhsuk-tag--green",
        PostState.Failed => "nhsuk-tag--red",
        _ => "nhsuk-tag--grey",
    };

    public static string PublicationStateName(PublicationState state) => state switch
    {
        PublicationState.Pending => "Not published yet",
        PublicationState.Publishing => "Publishing",
        PublicationState.Published => "Published",
        PublicationState.Failed => "Failed",
        PublicationState.Unknown => "Outcome unknown",
        PublicationState.Cancelled => "Cancelled",
        _ => state.ToString(),
    };

    public static string PublicationStateTag(PublicationState state) => state switch
    {
        PublicationState.Published => "nhsuk-tag--green",
        PublicationState.Publishing => "nhsuk-tag--blue",
        PublicationState.Failed => "nhsuk-tag--red",
        PublicationState.Unknown => "nhsuk-tag--orange",
        _ => "nhsuk-tag--grey",
    };

    /// <summary>"24 November 2026, 7:30pm GMT".</summary>
    public static string Time(DateTimeOffset utc) => PostTimes.Format(utc);

    /// <summary>When the post goes out, in words.</summary>
    public static string When(Post post)
    {
        ArgumentNullException.ThrowIfNull(post);
        return post.ScheduledFor is { } at ? Time(at) : "As soon as it is approved";
    }

    /// <summary>"Riverside ICB on Bluesky (@riversideicb)".</summary>
    public static string ChannelLabel(Channel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return $"{channel.Name} ({NetworkNames.DisplayName(channel.Network)}, @{channel.Handle})";
    }

    /// <summary>A warning for a channel that will not publish until a person acts, or null.</summary>
    public static string? ChannelWarning(Channel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.Status switch
        {
            ChannelStatus.Paused => $"{channel.Name} is paused{(channel.StatusReason is { Length: > 0 } r ? ": " + r : "")}. The post waits until the channel is resumed.",
            ChannelStatus.Disconnected => $"{channel.Name} is disconnected{(channel.StatusReason is { Length: > 0 } r ? ": " + r : "")}. The post waits until someone reconnects it.",
            _ => null,
        };
    }

    /// <summary>The list page's filters: a name in the address, the words on the page, and the states it shows.</summary>
    public static IReadOnlyList<PostFilter> Filters { get; } =
    [
        new("all", "All posts", []),
        new("drafts", "Drafts", [PostState.Draft]),
        new("awaiting", "Waiting for approval", [PostState.Submitted]),
        new("changes", "Changes requested", [PostState.ChangesRequested]),
        new("scheduled", "Approved and scheduled", [PostState.Approved, PostState.Scheduled]),
        new("published", "Published", [PostState.Publishing, PostState.Published]),
        new("attention", "Failed or needs attention", [PostState.Failed]),
        new("cancelled", "Cancelled", [PostState.Cancelled]),
    ];
}

/// <summary>One filter of the posts list.</summary>
public sealed record PostFilter(string Key, string Name, IReadOnlyList<PostState> States);

/// <summary>
/// A London date and time for the form (prefix.Day, .Month, .Year, .Time and, only when the time
/// falls in the repeated hour of the autumn change, .Clock).
/// </summary>
public sealed record WhenFields(string Prefix, LondonDateTimeInput Value, bool ShowClock, string Legend)
{
    public string? Hint { get; init; } = "In UK time. For example, 24 11 2026 and 7:30pm.";
}
