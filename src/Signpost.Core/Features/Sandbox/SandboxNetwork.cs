using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Data;
using Signpost.Platforms;
using Signpost.Platforms.Sandbox;

namespace Signpost.Core.Features.Sandbox;

/// <summary>
/// The Sandbox network: a small social network inside Signpost's database that behaves like a real
/// one (tokens, posts with media and alt text, idempotent publishing, deletes) and can be told to
/// fail, rate-limit, reject or time out, so that a new installation can be tried and tested with no
/// platform account (capability 20). It keeps its own scope, as a remote platform would.
/// </summary>
public sealed partial class SandboxNetwork(IServiceScopeFactory scopes, TimeProvider time) : ISandboxNetwork
{
    /// <summary>How long a "timeout" fault holds a publish before the post appears and the call fails.</summary>
    public static TimeSpan TimeoutFaultDelay { get; set; } = TimeSpan.FromSeconds(2);

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Where a Sandbox post is shown inside Signpost.</summary>
    public static Uri PostUrl(Uri baseUrl, string handle, Guid postId) => new(baseUrl, $"/sandbox/{Uri.EscapeDataString(handle)}/{postId:N}");

    /// <summary>The base for the URLs the network hands back; set from Email:PublicBaseUrl.</summary>
    public Uri BaseUrl { get; set; } = new("http://localhost:5080");

    public async Task<PlatformAccount> VerifyAsync(string handle, string token, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var account = await db.SandboxAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Handle == handle, ct);
        if (account is null || account.TokenRevoked || account.TokenHash != HashToken(token))
        {
            throw new PlatformException(PlatformErrorKind.AuthLost, "The Sandbox did not accept that handle and token.", statusCode: 401);
        }

        return new PlatformAccount(account.Id.ToString(), account.Handle);
    }

    public async Task<PublishResult> PublishAsync(string accountId, string token, PublishRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var account = await AuthoriseAsync(db, accountId, token, ct);
        var fault = await TakeFaultAsync(db, account, ct);
        switch (fault)
        {
            case SandboxFault.ServerError:
                throw new PlatformException(PlatformErrorKind.Retryable, "The Sandbox had a server error (500).", statusCode: 500);
            case SandboxFault.RateLimit:
                throw new PlatformException(PlatformErrorKind.RateLimited,
                    $"The Sandbox is limiting requests; Signpost will try again in {PlatformHttp.Describe(TimeSpan.FromSeconds(account.RetryAfterSeconds))}.",
                    TimeSpan.FromSeconds(account.RetryAfterSeconds), 429);
            case SandboxFault.Reject:
                throw new PlatformException(PlatformErrorKind.Rejected, "The Sandbox refused the post (422): it was told to reject the next post.", statusCode: 422);
        }

        if (request.Text.Length > 5_000)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "The Sandbox refused the post (422): text longer than 5,000 characters.", statusCode: 422);
        }

        var existing = await db.SandboxPosts.SingleOrDefaultAsync(p => p.AccountId == account.Id && p.IdempotencyKey == request.IdempotencyKey, ct);
        if (existing is not null)
        {
            existing.RepeatCount++;
            await db.SaveChangesAsync(ct);
            return Result(account, existing);
        }

        var post = new SandboxPost
        {
            Id = Guid.CreateVersion7(),
            AccountId = account.Id,
            IdempotencyKey = request.IdempotencyKey,
            Text = request.Text,
            ReplyToId = Guid.TryParse(request.ReplyTo, out var replyTo) ? replyTo : null,
            CreatedAt = time.GetUtcNow(),
            Sequence = await NextSequenceAsync(db, ct),
        };
        var position = 0;
        foreach (var media in request.Media)
        {
            post.Media.Add(new SandboxMedia
            {
                Id = Guid.CreateVersion7(),
                PostId = post.Id,
                Position = position++,
                FileName = media.FileName,
                ContentType = media.ContentType,
                Bytes = media.Content.ToArray(),
                AltText = media.AltText,
                Captions = media.Captions,
            });
        }

        db.SandboxPosts.Add(post);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another call with the same key won the race: the network keeps one post per key.
            db.ChangeTracker.Clear();
            var winner = await db.SandboxPosts.AsNoTracking().SingleAsync(p => p.AccountId == account.Id && p.IdempotencyKey == request.IdempotencyKey, ct);
            return Result(account, winner);
        }

        if (fault == SandboxFault.Timeout)
        {
            // The post is made, but the answer never arrives in time: the caller cannot know.
            await Task.Delay(TimeoutFaultDelay, time, ct);
            throw new PlatformException(PlatformErrorKind.OutcomeUnknown, "The Sandbox did not answer in time.");
        }

        return Result(account, post);
    }

    public async Task DeleteAsync(string accountId, string token, string postId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var account = await AuthoriseAsync(db, accountId, token, ct);
        if (Guid.TryParse(postId, out var id))
        {
            var post = await db.SandboxPosts.SingleOrDefaultAsync(p => p.Id == id && p.AccountId == account.Id, ct);
            if (post is { DeletedAt: null })
            {
                post.DeletedAt = time.GetUtcNow();
                await db.SaveChangesAsync(ct);
            }
        }
    }

    public async Task<PostStatus> FetchStatusAsync(string accountId, string token, string postId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var account = await AuthoriseAsync(db, accountId, token, ct);
        var post = Guid.TryParse(postId, out var id)
            ? await db.SandboxPosts.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id && p.AccountId == account.Id, ct)
            : null;
        return post is { DeletedAt: null } ? new PostStatus(true, PostUrl(BaseUrl, account.Handle, post.Id)) : new PostStatus(false, null);
    }

    public async Task<PublishResult?> FindByIdempotencyKeyAsync(string accountId, string token, string idempotencyKey, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var account = await AuthoriseAsync(db, accountId, token, ct);
        var post = await db.SandboxPosts.AsNoTracking().SingleOrDefaultAsync(p => p.AccountId == account.Id && p.IdempotencyKey == idempotencyKey, ct);
        return post is null ? null : Result(account, post);
    }

    /// <summary>The account's most recent live post with exactly this text, as a client without idempotency keys would look for it.</summary>
    public async Task<PublishResult?> FindByTextAsync(string accountId, string token, string text, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var account = await AuthoriseAsync(db, accountId, token, ct);
        var post = await db.SandboxPosts.AsNoTracking()
            .Where(p => p.AccountId == account.Id && p.Text == text && p.DeletedAt == null)
            .OrderByDescending(p => p.CreatedAt)
            .FirstOrDefaultAsync(ct);
        return post is null ? null : Result(account, post);
    }

    private PublishResult Result(SandboxAccount account, SandboxPost post) =>
        new(post.Id.ToString("N"), PostUrl(BaseUrl, account.Handle, post.Id));

    private static async Task<SandboxAccount> AuthoriseAsync(AppDbContext db, string accountId, string token, CancellationToken ct)
    {
        var account = Guid.TryParse(accountId, out var id) ? await db.SandboxAccounts.SingleOrDefaultAsync(a => a.Id == id, ct) : null;
        if (account is null || account.TokenRevoked || account.TokenHash != HashToken(token))
        {
            throw new PlatformException(PlatformErrorKind.AuthLost,
                "The Sandbox no longer accepts Signpost's token for this account (401). Reconnect the channel.", statusCode: 401);
        }

        return account;
    }

    /// <summary>Uses up one call of the account's fault, if it has one; a count of 0 means every call.</summary>
    private static async Task<SandboxFault> TakeFaultAsync(AppDbContext db, SandboxAccount account, CancellationToken ct)
    {
        if (account.Fault == SandboxFault.None)
        {
            return SandboxFault.None;
        }

        var fault = account.Fault;
        if (account.FaultRemaining > 0)
        {
            // Conditional decrement in one statement (the right-hand sides read the old row), so that
            // concurrent calls use up the count exactly and the last one clears the fault.
            var taken = await db.SandboxAccounts
                .Where(a => a.Id == account.Id && a.FaultRemaining > 0)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.Fault, a => a.FaultRemaining == 1 ? SandboxFault.None : a.Fault)
                    .SetProperty(a => a.FaultRemaining, a => a.FaultRemaining - 1), ct);
            if (taken == 0)
            {
                return SandboxFault.None;
            }
        }

        return fault;
    }
}
