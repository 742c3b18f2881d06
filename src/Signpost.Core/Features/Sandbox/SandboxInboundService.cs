using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Validation;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;

namespace Signpost.Core.Features.Sandbox;

/// <summary>What a simulated member of the public should send to a Sandbox channel.</summary>
/// <param name="Kind">"comment", "reply", "message" or "mention".</param>
/// <param name="Text">What they write.</param>
/// <param name="Author">Their handle on the Sandbox; a made-up member of the public when empty.</param>
/// <param name="InReplyTo">The Sandbox id of the post they answer (a comment answers the channel's latest post when empty).</param>
/// <param name="DisplayName">Their name, for a new account.</param>
public sealed record SandboxInboundOptions(string? Kind, string? Text, string? Author = null, string? InReplyTo = null, string? DisplayName = null);

/// <summary>The post the member of the public made, and the inbox message it became.</summary>
public sealed record SandboxInboundResult(Guid PostId, Guid MessageId, string AuthorHandle);

/// <summary>
/// The public side of the Sandbox network (capability 20, issue 5): simulated members of the public
/// comment on the organisation's Sandbox posts, reply in its threads, message it and mention it, so
/// that the inbox can be tried and trained on with no platform account. What they send is on the
/// network at once and stored in the inbox at once (the poller would find it too; it is stored once).
/// </summary>
public sealed partial class SandboxInboundService(AppDbContext db, InboxIngestor ingestor, SandboxNetwork network, TimeProvider time)
{
    public const int MaxTextLength = 5_000;

    /// <summary>Made-up members of the public, used when no author is given.</summary>
    public static IReadOnlyList<(string Handle, string DisplayName)> People { get; } =
    [
        ("sam.k", "Sam Kowalski"), ("jo.bennett", "Jo Bennett"), ("riverside.mum", "Leanne Hughes"), ("dave.p58", "Dave Price"),
        ("amira.h", "Amira Hassan"), ("gwen.t", "Gwen Thomas"), ("keith.allotment", "Keith Morris"), ("priya.n", "Priya Nair"),
        ("tomfromtown", "Tom Fletcher"), ("bargains4u", "Bargains 4 U"), ("ellie.r", "Ellie Roberts"), ("mo.ali", "Mohammed Ali"),
    ];

    public static IReadOnlyList<(string Value, string Text)> Kinds { get; } =
    [
        ("comment", "A comment on one of the channel's posts"),
        ("reply", "A reply in a thread below one of its posts"),
        ("message", "A direct message to the account"),
        ("mention", "A post that mentions the account"),
    ];

    /// <summary>Makes a member of the public send something to the channel's Sandbox account and stores it in the inbox.</summary>
    public async Task<SandboxInboundResult> SendAsync(Guid organisationId, Guid channelId, SandboxInboundOptions options, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(actor);
        var channel = await db.Channels.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == channelId && c.OrganisationId == organisationId && c.Network == Network.Sandbox, ct)
            ?? throw new NotFoundException("Sandbox channel", channelId);
        var ours = Guid.TryParse(channel.AccountId, out var accountId)
            ? await db.SandboxAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct)
            : null;
        if (ours is null)
        {
            throw new NotFoundException("Sandbox account", channelId);
        }

        var errors = new ValidationErrors();
        var kind = (options.Kind ?? "").Trim().ToLowerInvariant() switch
        {
            "comment" => InboundKind.Comment,
            "reply" => InboundKind.Reply,
            "message" => InboundKind.Message,
            "mention" => InboundKind.Mention,
            _ => (InboundKind?)null,
        };
        if (kind is null)
        {
            errors.Add("Kind", "Select what the member of the public sends: a comment, a reply, a message or a mention");
        }

        var text = options.Text ?? "";
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add("Text", "Enter what the member of the public writes");
        }
        else if (text.Length > MaxTextLength)
        {
            errors.Add("Text", $"What they write must be {MaxTextLength:N0} characters or fewer");
        }

        var handle = (options.Author ?? "").Trim().TrimStart('@').ToLowerInvariant();
        if (handle.Length > 0 && !HandlePattern().IsMatch(handle))
        {
            errors.Add("Author", "The handle must be 3 to 30 lowercase letters, numbers, dots or hyphens, starting with a letter or number");
        }

        SandboxPost? parent = null;
        if (kind is InboundKind.Comment or InboundKind.Reply || !string.IsNullOrWhiteSpace(options.InReplyTo))
        {
            parent = await FindParentAsync(ours, kind, options.InReplyTo, errors, ct);
        }

        errors.ThrowIfAny();

        var author = await PublicAccountAsync(handle, options.DisplayName, errors, ct);
        if (await db.SandboxBlocks.AnyAsync(b => b.AccountId == ours.Id && b.BlockedAccountId == author.Id, ct))
        {
            errors.Add("Author", $"@{ours.Handle} has blocked @{author.Handle} on the Sandbox, so they cannot reply to it, message it or mention it");
        }

        errors.ThrowIfAny();
        if (kind == InboundKind.Mention && !text.Contains('@' + ours.Handle, StringComparison.OrdinalIgnoreCase))
        {
            text = $"@{ours.Handle} {text}";
        }

        var post = new SandboxPost
        {
            Id = Guid.CreateVersion7(),
            AccountId = author.Id,
            Text = text,
            ReplyToId = kind == InboundKind.Mention ? null : parent?.Id,
            RecipientAccountId = kind == InboundKind.Message ? ours.Id : null,
            CreatedAt = time.GetUtcNow(),
            Sequence = await SandboxNetwork.NextSequenceAsync(db, ct),
        };
        db.SandboxPosts.Add(post);
        await db.SaveChangesAsync(ct);

        var items = await network.InboxItemsAsync(db, ours, [post], ct);
        var item = items.FirstOrDefault()
            ?? throw new InvalidRequestException("InReplyTo", "That post is not in one of the channel's threads, so the channel would not be told about this reply");
        var record = new AuditRecord(AuditEventCode.SandboxInboundCreated, actor, organisationId,
            $"Made @{author.Handle} send a {item.Kind.ToString().ToLowerInvariant()} to {channel.Name} on the Sandbox", "Channel", channel.Id.ToString(),
            new { kind = item.Kind.ToString(), author = author.Handle, post = post.Id });
        var result = await ingestor.IngestAsync(channel.Id, [item], "sandbox", [record], ct);
        var messageId = result.Stored.Count > 0
            ? result.Stored[0].Id
            : await db.InboxMessages.IgnoreQueryFilters().Where(m => m.ChannelId == channel.Id && m.PlatformId == item.PlatformId).Select(m => m.Id).FirstAsync(ct);
        return new SandboxInboundResult(post.Id, messageId, author.Handle);
    }

    private async Task<SandboxPost?> FindParentAsync(SandboxAccount ours, InboundKind? kind, string? inReplyTo, ValidationErrors errors, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(inReplyTo))
        {
            if (kind == InboundKind.Reply)
            {
                errors.Add("InReplyTo", "Enter the Sandbox id of the comment or reply this answers");
                return null;
            }

            // A comment answers the channel's latest post.
            var latest = await db.SandboxPosts.AsNoTracking()
                .Where(p => p.AccountId == ours.Id && p.ReplyToId == null && p.RecipientAccountId == null && p.DeletedAt == null)
                .OrderByDescending(p => p.Sequence).ThenByDescending(p => p.CreatedAt)
                .FirstOrDefaultAsync(ct);
            if (latest is null)
            {
                errors.Add("Kind", $"@{ours.Handle} has not posted anything on the Sandbox yet: publish a post first, or send a message or a mention");
            }

            return latest;
        }

        var parent = SandboxNetwork.ParseId(inReplyTo.Trim()) is { } id ? await db.SandboxPosts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) : null;
        if (parent is null || parent.DeletedAt is not null)
        {
            errors.Add("InReplyTo", "There is no Sandbox post with that id");
            return null;
        }

        if (kind == InboundKind.Comment && (parent.AccountId != ours.Id || parent.ReplyToId is not null))
        {
            errors.Add("InReplyTo", $"A comment answers one of @{ours.Handle}'s own posts: choose a reply to answer someone else");
        }
        else if (kind == InboundKind.Reply && parent.AccountId != ours.Id && !await SandboxNetwork.IsInAccountsThreadAsync(db, ours.Id, parent, ct))
        {
            errors.Add("InReplyTo", $"That post is not in one of @{ours.Handle}'s threads: a reply answers a comment or reply below one of its posts");
        }

        return parent;
    }

    /// <summary>A member of the public's account: found by handle or made (never an organisation's account).</summary>
    private async Task<SandboxAccount> PublicAccountAsync(string handle, string? displayName, ValidationErrors errors, CancellationToken ct)
    {
        string name;
        if (handle.Length == 0)
        {
            var person = People[RandomNumberGenerator.GetInt32(People.Count)];
            handle = person.Handle;
            name = person.DisplayName;
        }
        else
        {
            name = string.IsNullOrWhiteSpace(displayName)
                ? People.FirstOrDefault(p => p.Handle == handle).DisplayName ?? handle
                : displayName.Trim();
        }

        var existing = await db.SandboxAccounts.FirstOrDefaultAsync(a => a.Handle == handle, ct);
        if (existing is not null)
        {
            if (existing.CreatedByOrganisationId is not null)
            {
                errors.Add("Author", $"@{handle} is an organisation's Sandbox account: choose a handle for a member of the public");
                errors.ThrowIfAny();
            }

            return existing;
        }

        var account = new SandboxAccount
        {
            Id = Guid.CreateVersion7(),
            Handle = handle,
            DisplayName = name.Length > 200 ? name[..200] : name,

            // A member of the public has no token Signpost knows: nobody can connect the account.
            TokenHash = SandboxNetwork.HashToken(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            CreatedAt = time.GetUtcNow(),
        };
        db.SandboxAccounts.Add(account);
        try
        {
            await db.SaveChangesAsync(ct);
            return account;
        }
        catch (DbUpdateException)
        {
            // Made by another request at the same moment: use it.
            db.Entry(account).State = EntityState.Detached;
            return await db.SandboxAccounts.FirstAsync(a => a.Handle == handle, ct);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{2,29}$", RegexOptions.CultureInvariant)]
    private static partial Regex HandlePattern();
}
