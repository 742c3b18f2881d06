using Signpost.Core.Features.Posts;

namespace Signpost.Core.Features.Calendar;

/// <summary>A post's state in words, as the calendar, the feed and the media library show it.</summary>
public static class PostStateText
{
    public static string Describe(PostState state) => state switch
    {
        PostState.Draft => "Draft",
        PostState.Submitted => "Waiting for approval",
        PostState.ChangesRequested => "Changes requested",
        PostState.Approved => "Approved",
        PostState.Scheduled => "Scheduled",
        PostState.Publishing => "Publishing",
        PostState.Published => "Published",
        PostState.Failed => "Failed",
        PostState.Cancelled => "Cancelled",
        _ => state.ToString(),
    };
}
