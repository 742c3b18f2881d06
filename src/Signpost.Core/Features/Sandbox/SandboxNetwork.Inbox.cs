using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Data;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;

namespace Signpost.Core.Features.Sandbox;

/// <summary>The Sandbox network's inbox side: notifications by sequence number, replies, and moderation by the account owner.</summary>
public sealed partial class SandboxNetwork
{
    /// <summary>The most notifications one poll returns.</summary>
    public const int InboxPageSize = 200;

    /// <summary>
    /// Sequence numbers are taken as the highest so far plus one, so two posts made at the same moment
    /// may share one or commit out of order: each poll looks this far back again (the inbox stores
    /// each item once, so a repeat costs nothing).
    /// </summary>
    private const long SequenceOverlap = 50;

    /// <summary>How far up a thread the network looks for its first post.</summary>
    private const int MaxThreadDepth = 30;

    public async Task<InboundPage> InboxAsync(string accountId, string token, string? cursor, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var account = await AuthoriseAsync(db, accountId, token, ct);
        var query = db.SandboxPosts.AsNoTracking().Where(p => p.AccountId != account.Id && p.DeletedAt == null);
        List<SandboxPost> posts;
        if (long.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var after))
        {
            var from = after - SequenceOverlap;
            posts = await query.Where(p => p.Sequence > from).OrderBy(p => p.Sequence).Take(InboxPageSize * 5).ToListAsync(ct);
        }
        else
        {
            // A newly connected account: the most recent page only, not all of its history.
            posts = await query.OrderByDescending(p => p.Sequence).Take(InboxPageSize * 5).ToListAsync(ct);
            posts.Reverse();
            after = 0;
        }

        var items = await InboxItemsAsync(db, account, posts, ct);
        if (items.Count > InboxPageSize)
        {
            // Keep the oldest page and resume after its last item next time.
            var last = items[InboxPageSize - 1];
            items = items[..InboxPageSize];
            var lastSequence = posts.First(p => p.Id.ToString("N") == last.PlatformId).Sequence;
            return new InboundPage(items, lastSequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var next = posts.Count == 0 ? Math.Max(after, 0) : Math.Max(after, posts[^1].Sequence);
        return new InboundPage(items, next.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<PublishResult> ReplyAsync(string accountId, string token, InboxTarget target, string text, string idempotencyKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var account = await AuthoriseAsync(db, accountId, token, ct);
        var fault = await TakeFaultAsync(db, account, ct);
        ThrowFault(fault, account);
        if (string.IsNullOrWhiteSpace(text) || text.Length > 5_000)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "The Sandbox refused the reply (422): it must have between 1 and 5,000 characters.", statusCode: 422);
        }

        var existing = await db.SandboxPosts.AsNoTracking().SingleOrDefaultAsync(p => p.AccountId == account.Id && p.IdempotencyKey == idempotencyKey, ct);
        if (existing is not null)
        {
            return Result(account, existing);
        }

        var parent = ParseId(target.PlatformId) is { } parentId ? await db.SandboxPosts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == parentId, ct) : null;
        if (parent is null || parent.DeletedAt is not null)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "The Sandbox refused the reply (404): the message it answers is not there any more.", statusCode: 404);
        }

        var post = new SandboxPost
        {
            Id = Guid.CreateVersion7(),
            AccountId = account.Id,
            IdempotencyKey = idempotencyKey,
            Text = text,
            ReplyToId = parent.Id,

            // A direct message is answered in the conversation, to its sender only.
            RecipientAccountId = target.Kind == InboundKind.Message ? parent.AccountId : null,
            CreatedAt = time.GetUtcNow(),
            Sequence = await NextSequenceAsync(db, ct),
        };
        db.SandboxPosts.Add(post);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var winner = await db.SandboxPosts.AsNoTracking().SingleAsync(p => p.AccountId == account.Id && p.IdempotencyKey == idempotencyKey, ct);
            return Result(account, winner);
        }

        return Result(account, post);
    }

    public async Task<ModerationResult> ModerateAsync(string accountId, string token, ModerationAction action, InboxTarget target, string reason, string? platformReference, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var account = await AuthoriseAsync(db, accountId, token, ct);
        var now = time.GetUtcNow();
        var post = ParseId(target.PlatformId) is { } postId ? await db.SandboxPosts.FirstOrDefaultAsync(p => p.Id == postId, ct) : null;
        var subject = ParseId(target.AuthorPlatformId) ?? post?.AccountId;
        switch (action)
        {
            case ModerationAction.Hide:
            case ModerationAction.Unhide:
            case ModerationAction.Delete:
                {
                    if (post is null)
                    {
                        throw new PlatformException(PlatformErrorKind.Rejected, "The Sandbox could not find that message (404).", statusCode: 404);
                    }

                    if (!await IsInAccountsThreadAsync(db, account.Id, post, ct))
                    {
                        throw new PlatformException(PlatformErrorKind.Rejected,
                            "The Sandbox refused (403): an account can only hide or delete replies in its own threads and messages sent to it.", statusCode: 403);
                    }

                    if (action == ModerationAction.Hide)
                    {
                        post.HiddenAt ??= now;
                    }
                    else if (action == ModerationAction.Unhide)
                    {
                        post.HiddenAt = null;
                    }
                    else
                    {
                        post.DeletedAt ??= now;
                    }

                    await db.SaveChangesAsync(ct);
                    return new ModerationResult(null);
                }

            case ModerationAction.Block:
                {
                    if (subject is not { } blocked || blocked == account.Id || !await db.SandboxAccounts.AnyAsync(a => a.Id == blocked, ct))
                    {
                        throw new PlatformException(PlatformErrorKind.Rejected, "The Sandbox could not find that account (404).", statusCode: 404);
                    }

                    var existing = await db.SandboxBlocks.AsNoTracking().FirstOrDefaultAsync(b => b.AccountId == account.Id && b.BlockedAccountId == blocked, ct);
                    if (existing is not null)
                    {
                        return new ModerationResult(existing.Id.ToString("N"));
                    }

                    var block = new SandboxBlock { Id = Guid.CreateVersion7(), AccountId = account.Id, BlockedAccountId = blocked, CreatedAt = now };
                    db.SandboxBlocks.Add(block);
                    try
                    {
                        await db.SaveChangesAsync(ct);
                    }
                    catch (DbUpdateException)
                    {
                        db.ChangeTracker.Clear();
                        block = await db.SandboxBlocks.AsNoTracking().SingleAsync(b => b.AccountId == account.Id && b.BlockedAccountId == blocked, ct);
                    }

                    return new ModerationResult(block.Id.ToString("N"));
                }

            case ModerationAction.Unblock:
                {
                    // Undoing a block already undone is not an error.
                    await db.SandboxBlocks.Where(b => b.AccountId == account.Id && b.BlockedAccountId == subject).ExecuteDeleteAsync(ct);
                    return new ModerationResult(null);
                }

            case ModerationAction.Report:
                {
                    if (subject is not { } reported)
                    {
                        throw new PlatformException(PlatformErrorKind.Rejected, "The Sandbox could not find that account (404).", statusCode: 404);
                    }

                    var report = new SandboxReport
                    {
                        Id = Guid.CreateVersion7(),
                        ReporterAccountId = account.Id,
                        SubjectAccountId = reported,
                        PostId = post?.Id,
                        Reason = string.IsNullOrWhiteSpace(reason) ? "No reason given" : reason.Length > 2000 ? reason[..2000] : reason,
                        CreatedAt = now,
                    };
                    db.SandboxReports.Add(report);
                    await db.SaveChangesAsync(ct);
                    return new ModerationResult(report.Id.ToString("N"));
                }

            default:
                throw new PlatformException(PlatformErrorKind.Rejected, "The Sandbox does not know that action (400).", statusCode: 400);
        }
    }

    /// <summary>
    /// Turns posts into the account's notifications: a comment on its post, a reply further down one
    /// of its threads or to one of its replies, a direct message to it, or a post naming @handle.
    /// Other posts are not the account's business and are left out.
    /// </summary>
    internal async Task<List<InboundItem>> InboxItemsAsync(AppDbContext db, SandboxAccount account, IReadOnlyList<SandboxPost> posts, CancellationToken ct)
    {
        var known = posts.ToDictionary(p => p.Id);
        for (var depth = 0; depth < MaxThreadDepth; depth++)
        {
            var missing = known.Values.Where(p => p.ReplyToId is { } parent && !known.ContainsKey(parent)).Select(p => p.ReplyToId!.Value).Distinct().ToList();
            if (missing.Count == 0)
            {
                break;
            }

            foreach (var parent in await db.SandboxPosts.AsNoTracking().Where(p => missing.Contains(p.Id)).ToListAsync(ct))
            {
                known[parent.Id] = parent;
            }

            if (missing.All(id => !known.ContainsKey(id)))
            {
                break;
            }
        }

        var authorIds = posts.Select(p => p.AccountId).Distinct().ToList();
        var authors = await db.SandboxAccounts.AsNoTracking().Where(a => authorIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Handle, a.DisplayName }).ToDictionaryAsync(a => a.Id, ct);
        var mention = MentionPattern(account.Handle);
        var items = new List<InboundItem>();
        foreach (var post in posts)
        {
            if (post.AccountId == account.Id || post.DeletedAt is not null || !authors.TryGetValue(post.AccountId, out var author))
            {
                continue;
            }

            var parent = post.ReplyToId is { } parentId ? known.GetValueOrDefault(parentId) : null;
            var root = RootOf(post, known);
            InboundKind kind;
            if (post.RecipientAccountId is { } recipient)
            {
                if (recipient != account.Id)
                {
                    continue;
                }

                kind = InboundKind.Message;
            }
            else if (parent is not null && parent.AccountId == account.Id && parent.ReplyToId is null)
            {
                kind = InboundKind.Comment;
            }
            else if (parent is not null && (parent.AccountId == account.Id || root.AccountId == account.Id))
            {
                kind = InboundKind.Reply;
            }
            else if (mention.IsMatch(post.Text))
            {
                kind = InboundKind.Mention;
            }
            else
            {
                continue;
            }

            var isMessage = kind == InboundKind.Message;
            items.Add(new InboundItem(
                post.Id.ToString("N"),
                kind,
                post.Text,
                new InboundAuthor(author.Id.ToString(), author.Handle, author.DisplayName),
                post.CreatedAt,
                InReplyToId: parent?.Id.ToString("N"),
                RootPostId: parent is null ? null : root.Id.ToString("N"),
                Url: isMessage ? null : PostUrl(BaseUrl, author.Handle, post.Id),
                ConversationId: isMessage ? author.Id.ToString() : null));
        }

        return items;
    }

    /// <summary>Whether a post is a reply somewhere in one of the account's threads, answers one of its posts, or is a message to it.</summary>
    internal static async Task<bool> IsInAccountsThreadAsync(AppDbContext db, Guid accountId, SandboxPost post, CancellationToken ct)
    {
        if (post.RecipientAccountId == accountId)
        {
            return true;
        }

        var current = post;
        for (var depth = 0; depth < MaxThreadDepth && current.ReplyToId is { } parentId; depth++)
        {
            var parent = await db.SandboxPosts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == parentId, ct);
            if (parent is null)
            {
                return false;
            }

            if (parent.AccountId == accountId)
            {
                return true;
            }

            current = parent;
        }

        return false;
    }

    /// <summary>The next sequence number on the network (see <see cref="SequenceOverlap"/>).</summary>
    internal static async Task<long> NextSequenceAsync(AppDbContext db, CancellationToken ct) =>
        (await db.SandboxPosts.MaxAsync(p => (long?)p.Sequence, ct) ?? 0) + 1;

    internal static Guid? ParseId(string? id) => Guid.TryParse(id, out var parsed) ? parsed : null;

    private static SandboxPost RootOf(SandboxPost post, Dictionary<Guid, SandboxPost> known)
    {
        var current = post;
        for (var depth = 0; depth < MaxThreadDepth && current.ReplyToId is { } parentId && known.TryGetValue(parentId, out var parent); depth++)
        {
            current = parent;
        }

        return current;
    }

    private static Regex MentionPattern(string handle) =>
        new($@"(?<![\w.@])@{Regex.Escape(handle)}(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static void ThrowFault(SandboxFault fault, SandboxAccount account)
    {
        switch (fault)
        {
            case SandboxFault.ServerError:
                throw new PlatformException(PlatformErrorKind.Retryable, "The Sandbox had a server error (500).", statusCode: 500);
            case SandboxFault.RateLimit:
                throw new PlatformException(PlatformErrorKind.RateLimited,
                    $"The Sandbox is limiting requests; Signpost will try again in {PlatformHttp.Describe(TimeSpan.FromSeconds(account.RetryAfterSeconds))}.",
                    TimeSpan.FromSeconds(account.RetryAfterSeconds), 429);
            case SandboxFault.Reject:
                throw new PlatformException(PlatformErrorKind.Rejected, "The Sandbox refused the reply (422): it was told to reject the next post.", statusCode: 422);
        }
    }
}
