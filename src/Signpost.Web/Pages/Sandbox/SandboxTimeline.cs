using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;

namespace Signpost.Web.Pages.Sandbox;

public sealed record SandboxMediaView(Guid Id, string ContentType, string? AltText, bool HasCaptions)
{
    public bool IsVideo => ContentType.StartsWith("video/", StringComparison.OrdinalIgnoreCase);
}

public sealed record SandboxPostView(Guid Id, string Text, DateTimeOffset CreatedAt, DateTimeOffset? DeletedAt, Guid? ReplyToId, DateTimeOffset? HiddenAt, IReadOnlyList<SandboxMediaView> Media)
{
    public string Path(string handle) => $"/sandbox/{Uri.EscapeDataString(handle)}/{Id:N}";
}

/// <summary>A reply in a post's thread, with who wrote it.</summary>
public sealed record SandboxReplyView(string Handle, string DisplayName, SandboxPostView Post);

/// <summary>
/// Reads the Sandbox's posts as its public pages show them (no media bytes). Direct messages are
/// private between the two accounts and never shown; replies hidden by the thread's owner are shown
/// marked as hidden, as the platforms do behind "hidden replies".
/// </summary>
public static class SandboxTimeline
{
    /// <summary>The newest posts shown on an account's page.</summary>
    public const int PageSize = 50;

    /// <summary>The only types the Sandbox serves back, so that an upload is never served as HTML or SVG.</summary>
    public static readonly IReadOnlySet<string> ServableContentTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4", "video/webm", "video/quicktime",
    };

    public static Task<List<SandboxPostView>> PostsAsync(AppDbContext db, Guid accountId, Guid? postId, CancellationToken ct) =>
        db.SandboxPosts.AsNoTracking()
            .Where(p => p.AccountId == accountId && p.RecipientAccountId == null && (postId == null || p.Id == postId))
            .OrderByDescending(p => p.CreatedAt)
            .Take(PageSize)
            .Select(p => new SandboxPostView(p.Id, p.Text, p.CreatedAt, p.DeletedAt, p.ReplyToId, p.HiddenAt,
                p.Media.OrderBy(m => m.Position).Select(m => new SandboxMediaView(m.Id, m.ContentType, m.AltText, m.Captions != null)).ToList()))
            .ToListAsync(ct);

    /// <summary>The public replies to a post, oldest first (direct messages are never replies in public).</summary>
    public static async Task<List<SandboxReplyView>> RepliesAsync(AppDbContext db, Guid postId, CancellationToken ct)
    {
        var replies = await db.SandboxPosts.AsNoTracking()
            .Where(p => p.ReplyToId == postId && p.RecipientAccountId == null)
            .OrderBy(p => p.Sequence)
            .Take(PageSize)
            .Join(db.SandboxAccounts, p => p.AccountId, a => a.Id, (p, a) => new
            {
                a.Handle,
                a.DisplayName,
                View = new SandboxPostView(p.Id, p.Text, p.CreatedAt, p.DeletedAt, p.ReplyToId, p.HiddenAt,
                    p.Media.OrderBy(m => m.Position).Select(m => new SandboxMediaView(m.Id, m.ContentType, m.AltText, m.Captions != null)).ToList()),
            })
            .ToListAsync(ct);
        return [.. replies.Select(r => new SandboxReplyView(r.Handle, r.DisplayName, r.View))];
    }
}

/// <summary>One post as the Sandbox shows it, on an account's page or on its own.</summary>
public sealed record SandboxPostDisplay(string Handle, string DisplayName, SandboxPostView Post, bool LinkToPost);
