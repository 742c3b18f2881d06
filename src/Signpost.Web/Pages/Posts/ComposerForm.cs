using Signpost.Core.Features.Posts;
using Signpost.Core.Validation;

namespace Signpost.Web.Pages.Posts;

/// <summary>The composer's form, as typed.</summary>
public sealed class ComposerForm
{
    public const string WhenApproved = "approved";
    public const string WhenAt = "at";

    public string? Title { get; set; }
    public string? Text { get; set; }
    public List<Guid>? ChannelIds { get; set; }

    /// <summary>Each channel's own text, keyed by the channel's id.</summary>
    public Dictionary<string, string?>? Variants { get; set; }

    public List<Guid>? MediaIds { get; set; }
    public Guid? CampaignId { get; set; }

    /// <summary>"approved": as soon as it is approved; "at": at the date and time below.</summary>
    public string? When { get; set; } = WhenApproved;

    public string? Day { get; set; }
    public string? Month { get; set; }
    public string? Year { get; set; }
    public string? Time { get; set; }

    /// <summary>"bst" or "gmt", asked only for the repeated hour when the clocks go back.</summary>
    public string? Clock { get; set; }

    /// <summary>The version the person started from (editing only).</summary>
    public int Version { get; set; }

    public LondonDateTimeInput WhenInput => new(Day, Month, Year, Time, Clock);

    public bool IsScheduledAt => When == WhenAt;

    public string? VariantFor(Guid channelId) => Variants?.GetValueOrDefault(channelId.ToString());

    /// <summary>
    /// The options for PostService, or the time's field errors (Day, Time, Clock). Only the chosen
    /// channels' own texts are kept.
    /// </summary>
    public SavePostOptions ToOptions(Guid? contentRequestId = null)
    {
        DateTimeOffset? scheduledFor = IsScheduledAt ? PostTimes.Read(WhenInput) : null;
        return ToOptions(scheduledFor, contentRequestId);
    }

    /// <summary>The options with the time given (for checks as the person types, when the time may be half-written).</summary>
    public SavePostOptions ToOptions(DateTimeOffset? scheduledFor, Guid? contentRequestId = null)
    {
        var channels = (ChannelIds ?? []).Distinct().ToList();
        var variants = channels.ToDictionary(id => id, VariantFor);
        return new SavePostOptions(Title, Text, channels, variants, MediaIds ?? [], scheduledFor, CampaignId, contentRequestId);
    }

    /// <summary>The time typed, or null when it is "as soon as approved" or not a time yet.</summary>
    public DateTimeOffset? TryScheduledFor()
    {
        if (!IsScheduledAt)
        {
            return null;
        }

        try
        {
            return PostTimes.Read(WhenInput);
        }
        catch (InvalidRequestException)
        {
            return null;
        }
    }

    public static ComposerForm From(Post post)
    {
        ArgumentNullException.ThrowIfNull(post);
        var form = new ComposerForm
        {
            Title = post.Title,
            Text = post.Text,
            ChannelIds = [.. PostService.Active(post).Select(p => p.ChannelId)],
            Variants = PostService.Active(post).Where(p => p.Text is not null).ToDictionary(p => p.ChannelId.ToString(), p => p.Text),
            MediaIds = [.. post.Media.OrderBy(m => m.Position).Select(m => m.MediaItemId)],
            CampaignId = post.CampaignId,
            Version = post.Version,
            When = post.ScheduledFor is null ? WhenApproved : WhenAt,
        };
        if (post.ScheduledFor is { } at)
        {
            var input = PostTimes.ToInput(at);
            (form.Day, form.Month, form.Year, form.Time, form.Clock) = (input.Day, input.Month, input.Year, input.Time, input.Clock);
        }

        return form;
    }
}
