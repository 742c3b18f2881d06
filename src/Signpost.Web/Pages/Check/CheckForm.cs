using System.Globalization;
using Signpost.Policy;

namespace Signpost.Web.Pages.Check;

/// <summary>One attachment slot: what it is, its alt text, and for a video whether it has captions.</summary>
public sealed class MediaInput
{
    /// <summary>"" (nothing attached), "image", "gif" or "video".</summary>
    public string? Kind { get; set; }

    public string? Alt { get; set; }
    public bool Captions { get; set; }
}

/// <summary>The "Check a post" form, as typed.</summary>
public sealed class CheckForm
{
    /// <summary>The most attachments the page offers: X and Bluesky take four images.</summary>
    public const int MediaSlots = 4;

    public const int MaxTextLength = 100_000;

    public static IReadOnlyList<(Platform Platform, string Value, string Text)> PlatformOptions { get; } =
    [
        (Platform.Facebook, "facebook", "Facebook"),
        (Platform.Instagram, "instagram", "Instagram"),
        (Platform.X, "x", "X (formerly Twitter)"),
        (Platform.LinkedIn, "linkedin", "LinkedIn"),
        (Platform.YouTube, "youtube", "YouTube"),
        (Platform.TikTok, "tiktok", "TikTok"),
        (Platform.Nextdoor, "nextdoor", "Nextdoor"),
        (Platform.Threads, "threads", "Threads"),
        (Platform.Mastodon, "mastodon", "Mastodon"),
        (Platform.Bluesky, "bluesky", "Bluesky"),
    ];

    public static IReadOnlyList<(string Value, string Text)> AccountOptions { get; } =
    [
        ("corporate", "The organisation's main (corporate) account"),
        ("departmental", "A department's or service's account"),
        ("personal", "A member of staff's own account"),
    ];

    public static IReadOnlyList<(string Value, string Text)> TextKindOptions { get; } =
    [
        ("post", "A post"),
        ("profile", "A profile or bio"),
        ("blog", "A blog post"),
    ];

    public static IReadOnlyList<(string Value, string Text)> MediaKindOptions { get; } =
    [
        ("", "Nothing"),
        ("image", "An image"),
        ("gif", "A GIF"),
        ("video", "A video"),
    ];

    public string? Text { get; set; }
    public List<string>? Platforms { get; set; }
    public string? Account { get; set; } = "corporate";
    public string? TextKind { get; set; } = "post";
    public string? Handle { get; set; }
    public List<MediaInput>? Media { get; set; }
    public string? ScheduledDay { get; set; }
    public string? ScheduledMonth { get; set; }
    public string? ScheduledYear { get; set; }

    /// <summary>The four attachment slots, filled or not, for the page.</summary>
    public IReadOnlyList<MediaInput> MediaSlotsForPage() =>
        [.. Enumerable.Range(0, MediaSlots).Select(i => Media is not null && i < Media.Count ? Media[i] ?? new MediaInput() : new MediaInput())];

    /// <summary>The platforms chosen, in the order of the page; unknown values are ignored.</summary>
    public IReadOnlyList<Platform> ChosenPlatforms() =>
        [.. PlatformOptions.Where(p => (Platforms ?? []).Contains(p.Value, StringComparer.OrdinalIgnoreCase)).Select(p => p.Platform)];

    /// <summary>
    /// One post per chosen platform (or one with no platform when none is chosen), or the problems
    /// with the form, keyed by field name.
    /// </summary>
    public (IReadOnlyList<Post> Posts, List<(string Field, string Message)> Errors) ToPosts()
    {
        var errors = new List<(string, string)>();
        var text = (Text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add((nameof(Text), "Enter the text of the post"));
        }
        else if (text.Length > MaxTextLength)
        {
            errors.Add((nameof(Text), $"The text must be {MaxTextLength:N0} characters or fewer"));
        }

        var scheduledFor = ReadDate(errors);
        var media = (Media ?? []).Take(MediaSlots)
            .Where(m => m is not null && !string.IsNullOrEmpty(m.Kind))
            .Select(m => new MediaItem
            {
                Kind = m.Kind switch { "gif" => MediaKind.Gif, "video" => MediaKind.Video, _ => MediaKind.Image },
                Alt = m.Kind == "video" ? null : m.Alt ?? "",
                Captions = m.Kind == "video" ? m.Captions : null,
            })
            .ToList();
        var post = new Post
        {
            Text = text,
            Account = Account switch { "departmental" => AccountKind.Departmental, "personal" => AccountKind.Personal, _ => AccountKind.Corporate },
            TextKind = TextKind switch { "profile" => PostTextKind.Profile, "blog" => PostTextKind.Blog, _ => PostTextKind.Post },
            Handle = string.IsNullOrWhiteSpace(Handle) ? null : Handle.Trim(),
            Media = media,
            ScheduledFor = scheduledFor,
        };
        var platforms = ChosenPlatforms();
        IReadOnlyList<Post> posts = platforms.Count == 0 ? [post] : [.. platforms.Select(p => post with { Platform = p })];
        return (posts, errors);
    }

    private DateTimeOffset? ReadDate(List<(string, string)> errors)
    {
        var parts = new[] { ScheduledDay, ScheduledMonth, ScheduledYear }.Select(p => p?.Trim() ?? "").ToArray();
        if (parts.All(p => p.Length == 0))
        {
            return null;
        }

        if (parts.Any(p => p.Length == 0))
        {
            errors.Add((nameof(ScheduledDay), "The date the post goes out must include a day, month and year"));
            return null;
        }

        if (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && year is >= 2000 and <= 2100 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            // Midday UTC is the same calendar day in the UK all year round.
            return new DateTimeOffset(year, month, day, 12, 0, 0, TimeSpan.Zero);
        }

        errors.Add((nameof(ScheduledDay), "The date the post goes out must be a real date, like 25 3 2027"));
        return null;
    }
}
