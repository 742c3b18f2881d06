using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Notifications;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;

namespace Signpost.Core.Features.Inbox;

/// <summary>
/// Moderation with the house rules (000 §3.4, 004 Appendix B): hide, unhide, delete, block,
/// unblock and report, carried out on the platform through the network's <see cref="IInboxConnector"/>
/// and recorded whatever happened there (done, failed with the platform's error, or not something
/// the platform lets an account do). Strikes count against the author; at the organisation's
/// threshold a block is proposed to the managers. Criticism is never removed for being critical
/// (003 §3.2.6, <see cref="CriticismPolicy"/>).
/// </summary>
public sealed partial class ModerationService(
    AppDbContext db,
    AuditTrail audit,
    ChannelCredentials credentials,
    InboxConnectorRegistry connectors,
    NotificationService notifications,
    TimeProvider time,
    ILogger<ModerationService> logger)
{
    public const int NoteMaxLength = 2000;

    /// <summary>
    /// Carries out one action on a message (block and unblock act on its author) and returns the
    /// saved record. Throws <see cref="InvalidRequestException"/> for a reason that is not a house
    /// rule, an action that does not fit the message's state, or a missing note; <see cref="ModerationRefusedException"/>
    /// when the criticism policy forbids the actor; <see cref="NotFoundException"/> for a message
    /// outside the scope. In those cases nothing is changed and the platform is not called. A
    /// platform refusal or failure is not thrown: it is the record's <see cref="ModerationOutcome.Failed"/>.
    /// </summary>
    public async Task<ModerationRecord> ApplyAsync(Guid messageId, ModerationAction action, string reasonCode, string? note, Actor actor, CancellationToken ct = default) =>
        await ApplyAsync(messageId, action, reasonCode, note, actor, automatic: false, ct);

    /// <summary>As <see cref="ApplyAsync(Guid, ModerationAction, string, string?, Actor, CancellationToken)"/>, marked as done by a rule rather than a person.</summary>
    /// <param name="beforeSave">Adds what else belongs in the same save (a notification), with its audit records.</param>
    internal async Task<ModerationRecord> ApplyAsync(Guid messageId, ModerationAction action, string reasonCode, string? note, Actor actor, bool automatic, CancellationToken ct, Func<ModerationRecord, List<AuditRecord>, Task>? beforeSave = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var message = await db.InboxMessages.FirstOrDefaultAsync(m => m.Id == messageId, ct) ?? throw new NotFoundException("Message", messageId);
        var author = await db.PublicAuthors.FirstAsync(a => a.Id == message.AuthorId, ct);
        return await ApplyCoreAsync(message, author, action, reasonCode, note, actor, automatic, ct, beforeSave);
    }

    /// <summary>Blocks a public author from the organisation's account on their channel's platform (000 §3.4).</summary>
    public Task<ModerationRecord> BlockAuthorAsync(Guid authorId, string reasonCode, string? note, Actor actor, CancellationToken ct = default) =>
        ApplyToAuthorAsync(authorId, ModerationAction.Block, reasonCode, note, actor, ct);

    /// <summary>Lifts a block, using what the platform returned when the author was blocked.</summary>
    public Task<ModerationRecord> UnblockAuthorAsync(Guid authorId, string? reasonCode, string? note, Actor actor, CancellationToken ct = default) =>
        ApplyToAuthorAsync(authorId, ModerationAction.Unblock, reasonCode ?? "", note, actor, ct);

    private async Task<ModerationRecord> ApplyToAuthorAsync(Guid authorId, ModerationAction action, string reasonCode, string? note, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var author = await db.PublicAuthors.FirstOrDefaultAsync(a => a.Id == authorId, ct) ?? throw new NotFoundException("Author", authorId);
        return await ApplyCoreAsync(null, author, action, reasonCode, note, actor, automatic: false, ct);
    }

    /// <summary>
    /// The actions that make sense for the message now (not hidden twice, not unblocked when not
    /// blocked), whether the platform can do them or not.
    /// </summary>
    public static IReadOnlyList<ModerationAction> ActionsFor(InboxMessage message, PublicAuthor author)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(author);
        var actions = new List<ModerationAction>();
        if (message.Visibility == InboxVisibility.Visible)
        {
            actions.Add(ModerationAction.Hide);
        }

        if (message.Visibility == InboxVisibility.Hidden)
        {
            actions.Add(ModerationAction.Unhide);
        }

        if (message.Visibility != InboxVisibility.Deleted)
        {
            actions.Add(ModerationAction.Delete);
        }

        actions.Add(author.Blocked ? ModerationAction.Unblock : ModerationAction.Block);
        actions.Add(ModerationAction.Report);
        return actions;
    }

    /// <summary>Whether the network's connector can do the action to this kind of message.</summary>
    public bool PlatformSupports(Network network, ModerationAction action, InboundKind kind) =>
        connectors.ConnectorFor(network)?.Supports(action, kind) ?? false;

    /// <summary>Whether the actor holds the communications manager role in the organisation.</summary>
    public async Task<bool> IsManagerAsync(Guid organisationId, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.UserId is not { } userId)
        {
            return false;
        }

        var roles = await db.Memberships.IgnoreQueryFilters()
            .Where(m => m.OrganisationId == organisationId && m.UserId == userId)
            .Select(m => m.Roles).FirstOrDefaultAsync(ct);
        return (roles & OrganisationRoles.CommunicationsManager) != 0;
    }

    private async Task<ModerationRecord> ApplyCoreAsync(InboxMessage? message, PublicAuthor author, ModerationAction action, string reasonCode, string? note, Actor actor, bool automatic, CancellationToken ct, Func<ModerationRecord, List<AuditRecord>, Task>? beforeSave = null)
    {
        var now = time.GetUtcNow();
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        var reason = await ValidateAsync(message, author, action, reasonCode, note, actor, ct);
        var channel = await db.Channels.FirstAsync(c => c.Id == author.ChannelId, ct);
        var record = new ModerationRecord
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = author.OrganisationId,
            MessageId = message?.Id,
            AuthorId = author.Id,
            Action = action,
            ReasonCode = reason.Code,
            Note = note,
            UserId = actor.UserId,
            ActorName = actor.Name,
            Automatic = automatic,
            CreatedAt = now,
        };
        var records = new List<AuditRecord>();
        var connector = connectors.ConnectorFor(channel.Network);
        var kind = message?.Kind ?? InboundKind.Comment;
        if (connector is null || !connector.Supports(action, kind))
        {
            record.Outcome = ModerationOutcome.NotSupported;
            record.Error = NotSupportedText(channel.Network, action, kind);
        }
        else
        {
            var reference = await ReferenceToUndoAsync(message, author, action, ct);
            try
            {
                var credential = credentials.Unprotect(channel);
                records.Add(ChannelCredentials.ReadRecord(channel, $"{Verb(action)} a message on {NetworkNames.DisplayName(channel.Network)}", actor));
                var target = await TargetAsync(message, author, ct);
                var result = await connector.ModerateAsync(new ModerationRequest(new ChannelCall(channel.ToAccount(), credential), action, target, reason.Text, reference), ct);
                record.Outcome = ModerationOutcome.Done;
                record.PlatformReference = result.PlatformReference;
                if (result.RenewedCredential is { } renewed)
                {
                    StoreRenewedCredential(channel, renewed, actor, records, now);
                }
            }
            catch (PlatformException e)
            {
                record.Outcome = ModerationOutcome.Failed;
                record.Error = Shorten(e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogUnexpected(logger, action, author.Id, e);
                record.Outcome = ModerationOutcome.Failed;
                record.Error = Shorten($"An unexpected error while calling {NetworkNames.DisplayName(channel.Network)}: {e.Message}");
            }
        }

        db.ModerationRecords.Add(record);
        var slug = await db.Organisations.IgnoreQueryFilters().Where(o => o.Id == author.OrganisationId).Select(o => o.Slug).FirstAsync(ct);
        records.Add(AuditFor(record, channel, author, reason, automatic));
        if (record.Outcome == ModerationOutcome.Done)
        {
            await ApplyDoneAsync(record, message, author, reason, actor, slug, records, now, ct);
        }

        if (beforeSave is not null)
        {
            await beforeSave(record, records);
        }

        await audit.SaveChangesAsync(records, ct);
        return record;
    }

    private async Task<HouseRuleReason> ValidateAsync(InboxMessage? message, PublicAuthor author, ModerationAction action, string reasonCode, string? note, Actor actor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var state = StateError(message, author, action);
        if (state is not null)
        {
            errors.Add("Action", state);
        }

        var reversal = action is ModerationAction.Unhide or ModerationAction.Unblock;
        var reason = HouseRuleReasons.Find(reasonCode);
        if (reason is null && reversal && string.IsNullOrWhiteSpace(reasonCode))
        {
            // Undoing an action rests on the reason the action was taken for.
            reason = HouseRuleReasons.Find(await OriginalReasonAsync(message, author, action, ct));
        }

        if (reason is null)
        {
            errors.Add("Reason", string.IsNullOrWhiteSpace(reasonCode)
                ? "Choose the house rule the message breaks"
                : "Choose a reason from the house rules");
        }

        errors.MaxLength("Note", note, NoteMaxLength, "The note");
        if (reversal && note is null)
        {
            errors.Add("Note", action == ModerationAction.Unhide
                ? "Write why the message is shown again"
                : "Write why the block is lifted");
        }

        if (message is not null && CriticismPolicy.Restricts(action) && CriticismPolicy.Protects(message))
        {
            // 003 §3.2.6: criticism is never removed for being critical; a manager decides, in writing.
            if (!await IsManagerAsync(author.OrganisationId, actor, ct))
            {
                throw new ModerationRefusedException(
                    $"Only a communications manager can {Verb(action)} a message that criticises us. Tell a manager if you think it breaks the house rules.",
                    CriticismPolicy.Text, CriticismPolicy.Source);
            }

            if (note is null)
            {
                errors.Add("Note", $"Write why this criticism is being {Past(action)}: the policy says criticism is never removed for being critical ({CriticismPolicy.Source})");
            }
        }

        errors.ThrowIfAny();
        return reason!;
    }

    private static string? StateError(InboxMessage? message, PublicAuthor author, ModerationAction action) => action switch
    {
        ModerationAction.Hide when message is null => "Choose a message to hide",
        ModerationAction.Hide when message.Visibility == InboxVisibility.Hidden => "This message is already hidden",
        ModerationAction.Hide when message.Visibility == InboxVisibility.Deleted => "This message has been deleted",
        ModerationAction.Unhide when message is null => "Choose a message to show again",
        ModerationAction.Unhide when message.Visibility != InboxVisibility.Hidden => "This message is not hidden",
        ModerationAction.Delete when message is null => "Choose a message to delete",
        ModerationAction.Delete when message.Visibility == InboxVisibility.Deleted => "This message has already been deleted",
        ModerationAction.Report when message is null => "Choose a message to report",
        ModerationAction.Block when author.Blocked => "This author is already blocked",
        ModerationAction.Unblock when !author.Blocked => "This author is not blocked",
        _ => null,
    };

    private async Task<string?> OriginalReasonAsync(InboxMessage? message, PublicAuthor author, ModerationAction action, CancellationToken ct)
    {
        var original = action == ModerationAction.Unhide ? ModerationAction.Hide : ModerationAction.Block;
        var query = db.ModerationRecords.Where(r => r.AuthorId == author.Id && r.Action == original && r.Outcome == ModerationOutcome.Done);
        if (action == ModerationAction.Unhide && message is not null)
        {
            query = query.Where(r => r.MessageId == message.Id);
        }

        return await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(r => r.ReasonCode).FirstOrDefaultAsync(ct);
    }

    private async Task<string?> ReferenceToUndoAsync(InboxMessage? message, PublicAuthor author, ModerationAction action, CancellationToken ct)
    {
        switch (action)
        {
            case ModerationAction.Unblock:
                return author.BlockReference;
            case ModerationAction.Unhide when message is not null:
                return await db.ModerationRecords
                    .Where(r => r.MessageId == message.Id && r.Action == ModerationAction.Hide && r.Outcome == ModerationOutcome.Done)
                    .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
                    .Select(r => r.PlatformReference).FirstOrDefaultAsync(ct);
            default:
                return null;
        }
    }

    private async Task<InboxTarget> TargetAsync(InboxMessage? message, PublicAuthor author, CancellationToken ct)
    {
        // An action on the author alone (block from the author's page) names their latest message,
        // for platforms that block through a message (a Facebook comment's author).
        message ??= await db.InboxMessages.AsNoTracking().Where(m => m.AuthorId == author.Id)
            .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id).FirstOrDefaultAsync(ct);
        return message is null
            ? new InboxTarget("", InboundKind.Comment, author.PlatformId, AuthorHandle: author.Handle)
            : new InboxTarget(message.PlatformId, message.Kind, author.PlatformId, message.RootPlatformId, message.InReplyToPlatformId, message.ConversationId, author.Handle);
    }

    private async Task ApplyDoneAsync(ModerationRecord record, InboxMessage? message, PublicAuthor author, HouseRuleReason reason, Actor actor, string slug, List<AuditRecord> records, DateTimeOffset now, CancellationToken ct)
    {
        switch (record.Action)
        {
            case ModerationAction.Hide:
                SetVisibility(message!, InboxVisibility.Hidden, now);
                break;
            case ModerationAction.Unhide:
                SetVisibility(message!, InboxVisibility.Visible, now);
                break;
            case ModerationAction.Delete:
                SetVisibility(message!, InboxVisibility.Deleted, now);
                break;
            case ModerationAction.Block:
                author.Blocked = true;
                author.BlockedAt = now;
                author.BlockReference = record.PlatformReference;
                author.BlockProposed = false;
                author.UpdatedAt = now;
                break;
            case ModerationAction.Unblock:
                author.Blocked = false;
                author.BlockedAt = null;
                author.BlockReference = null;
                author.UpdatedAt = now;
                break;
            case ModerationAction.Report:
            default:
                break;
        }

        if (message is not null && reason.Strike && record.Action is ModerationAction.Hide or ModerationAction.Delete or ModerationAction.Report)
        {
            await AddStrikeAsync(record, message, author, reason, actor, slug, records, now, ct);
        }
    }

    private static void SetVisibility(InboxMessage message, InboxVisibility visibility, DateTimeOffset now)
    {
        message.Visibility = visibility;
        message.UpdatedAt = now;
        message.Version++;
    }

    private async Task AddStrikeAsync(ModerationRecord record, InboxMessage message, PublicAuthor author, HouseRuleReason reason, Actor actor, string slug, List<AuditRecord> records, DateTimeOffset now, CancellationToken ct)
    {
        // One strike per message, however many actions it took (unique AuthorId + MessageId).
        if (await db.AuthorStrikes.AnyAsync(s => s.AuthorId == author.Id && s.MessageId == message.Id, ct))
        {
            return;
        }

        db.AuthorStrikes.Add(new AuthorStrike
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = author.OrganisationId,
            AuthorId = author.Id,
            MessageId = message.Id,
            ReasonCode = reason.Code,
            UserId = actor.UserId,
            ActorName = actor.Name,
            CreatedAt = now,
        });
        author.Strikes = await db.AuthorStrikes.CountAsync(s => s.AuthorId == author.Id, ct) + 1;
        author.UpdatedAt = now;
        records.Add(new AuditRecord(AuditEventCode.StrikeRecorded, actor, author.OrganisationId,
            $"Strike {author.Strikes} against @{author.Handle}: {reason.Text}", "PublicAuthor", author.Id.ToString(),
            new { messageId = message.Id, reason = reason.Code, strikes = author.Strikes, moderationId = record.Id }));

        var threshold = await StrikeThresholdAsync(author.OrganisationId, ct);
        if (author.Strikes >= threshold && !author.Blocked && !author.BlockProposed)
        {
            // 000 §3.4: we block users who frequently post abusive, offensive, defamatory or discriminatory material.
            author.BlockProposed = true;
            records.Add(new AuditRecord(AuditEventCode.BlockProposed, actor, author.OrganisationId,
                $"Proposed blocking @{author.Handle}: {author.Strikes} strikes (the threshold is {threshold})", "PublicAuthor", author.Id.ToString(),
                new { strikes = author.Strikes, threshold }));
            var managers = await notifications.PeopleWithRolesAsync(author.OrganisationId, OrganisationRoles.CommunicationsManager, ct);
            await notifications.NotifyAsync(author.OrganisationId, managers, new NotificationMessage("block-proposed",
                $"Block @{author.Handle}? They have {author.Strikes} strikes",
                $"@{author.Handle} has broken the house rules {author.Strikes} times (the threshold is {threshold}). Decide whether to block them, or dismiss the proposal.",
                $"/o/{slug}/inbox/authors/{author.Id}"), ct: ct);
        }
    }

    /// <summary>The organisation's strike threshold (3 unless the inbox settings say otherwise).</summary>
    public async Task<int> StrikeThresholdAsync(Guid organisationId, CancellationToken ct = default)
    {
        var threshold = await db.InboxSettings.IgnoreQueryFilters().Where(s => s.OrganisationId == organisationId).Select(s => (int?)s.StrikeThreshold).FirstOrDefaultAsync(ct);
        return threshold is > 0 ? threshold.Value : new InboxSettings().StrikeThreshold;
    }

    /// <summary>Removes a strike (for example after the message was shown again), with the reason in a note. Managers only.</summary>
    public async Task RemoveStrikeAsync(Guid strikeId, string? note, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var strike = await db.AuthorStrikes.FirstOrDefaultAsync(s => s.Id == strikeId, ct) ?? throw new NotFoundException("Strike", strikeId);
        var author = await db.PublicAuthors.FirstAsync(a => a.Id == strike.AuthorId, ct);
        await RequireManagerAsync(author.OrganisationId, actor, "remove a strike", ct);
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        var errors = new ValidationErrors();
        errors.Required("Note", note, "Write why the strike is removed");
        errors.MaxLength("Note", note, NoteMaxLength, "The note");
        errors.ThrowIfAny();

        var now = time.GetUtcNow();
        db.AuthorStrikes.Remove(strike);
        author.Strikes = Math.Max(0, await db.AuthorStrikes.CountAsync(s => s.AuthorId == author.Id, ct) - 1);
        var threshold = await StrikeThresholdAsync(author.OrganisationId, ct);
        var proposalWithdrawn = author.BlockProposed && author.Strikes < threshold;
        if (proposalWithdrawn)
        {
            author.BlockProposed = false;
        }

        author.UpdatedAt = now;
        var reason = HouseRuleReasons.Find(strike.ReasonCode)?.Text ?? strike.ReasonCode;
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.StrikeRemoved, actor, author.OrganisationId,
            $"Removed a strike against @{author.Handle} ({reason}); {author.Strikes} left", "PublicAuthor", author.Id.ToString(),
            new { strikeId, messageId = strike.MessageId, reason = strike.ReasonCode, note, strikes = author.Strikes, proposalWithdrawn }), ct);
    }

    /// <summary>Dismisses a proposed block: the author stays unblocked. A later strike proposes it again. Managers only.</summary>
    public async Task DismissBlockProposalAsync(Guid authorId, string? note, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var author = await db.PublicAuthors.FirstOrDefaultAsync(a => a.Id == authorId, ct) ?? throw new NotFoundException("Author", authorId);
        await RequireManagerAsync(author.OrganisationId, actor, "dismiss a proposed block", ct);
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        var errors = new ValidationErrors();
        errors.MaxLength("Note", note, NoteMaxLength, "The note");
        if (!author.BlockProposed)
        {
            errors.Add("", "No block is proposed for this author");
        }

        errors.ThrowIfAny();
        author.BlockProposed = false;
        author.UpdatedAt = time.GetUtcNow();
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.BlockProposalDismissed, actor, author.OrganisationId,
            $"Dismissed the proposal to block @{author.Handle} ({author.Strikes} strikes)", "PublicAuthor", author.Id.ToString(),
            new { note, strikes = author.Strikes }), ct);
    }

    private async Task RequireManagerAsync(Guid organisationId, Actor actor, string what, CancellationToken ct)
    {
        if (!await IsManagerAsync(organisationId, actor, ct))
        {
            throw new InvalidRequestException("", $"Only a communications manager can {what}");
        }
    }

    private void StoreRenewedCredential(Channel channel, PlatformCredential renewed, Actor actor, List<AuditRecord> records, DateTimeOffset now)
    {
        channel.CredentialCiphertext = credentials.Protect(renewed);
        channel.CredentialUpdatedAt = now;
        if (renewed.ExpiresAt is { } expires && expires != channel.CredentialExpiresAt)
        {
            channel.CredentialExpiresAt = expires;
            channel.ExpiryWarningSentAt = null;
        }

        records.Add(new AuditRecord(AuditEventCode.ChannelCredentialRenewed, actor, channel.OrganisationId,
            $"Renewed the session or token of {channel.Name}", "Channel", channel.Id.ToString(), new { expiresAt = channel.CredentialExpiresAt }));
    }

    private static AuditRecord AuditFor(ModerationRecord record, Channel channel, PublicAuthor author, HouseRuleReason reason, bool automatic)
    {
        var network = NetworkNames.DisplayName(channel.Network);
        var what = record.MessageId is null ? $"@{author.Handle}" : $"a message from @{author.Handle}";
        var (code, summary) = record.Outcome switch
        {
            ModerationOutcome.Failed => (AuditEventCode.ModerationFailed, $"Could not {Verb(record.Action)} {what} on {network}: {record.Error}"),
            ModerationOutcome.NotSupported => (AuditEventCode.ModerationNotSupported, $"Decided to {Verb(record.Action)} {what}; {network} does not let Signpost do it"),
            _ => (CodeFor(record.Action, automatic), $"{Capitalised(Past(record.Action))} {what} on {network} ({reason.Text})"),
        };
        var actor = new Actor(record.UserId, record.ActorName);
        return new AuditRecord(code, actor, record.OrganisationId, summary, "ModerationRecord", record.Id.ToString(), new
        {
            action = record.Action.ToString(),
            outcome = record.Outcome.ToString(),
            reason = record.ReasonCode,
            note = record.Note,
            messageId = record.MessageId,
            authorId = record.AuthorId,
            channelId = channel.Id,
            record.PlatformReference,
            error = record.Error,
            automatic,
        });
    }

    private static AuditEventCode CodeFor(ModerationAction action, bool automatic) => action switch
    {
        ModerationAction.Hide => automatic ? AuditEventCode.MessageAutoHidden : AuditEventCode.MessageHidden,
        ModerationAction.Unhide => AuditEventCode.MessageUnhidden,
        ModerationAction.Delete => AuditEventCode.MessageDeleted,
        ModerationAction.Block => AuditEventCode.AuthorBlocked,
        ModerationAction.Unblock => AuditEventCode.AuthorUnblocked,
        ModerationAction.Report => AuditEventCode.MessageReported,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>Why Signpost did not do it, in the words shown to the team.</summary>
    public static string NotSupportedText(Network network, ModerationAction action, InboundKind kind)
    {
        var name = NetworkNames.DisplayName(network);
        var thing = action switch
        {
            ModerationAction.Block => "block people",
            ModerationAction.Unblock => "unblock people",
            ModerationAction.Unhide => $"show {KindPlural(kind)} again",
            _ => $"{Verb(action)} {KindPlural(kind)}",
        };
        return $"{name} does not let an account {thing} through Signpost. The decision is recorded here: do it on {name} itself.";
    }

    public static string KindPlural(InboundKind kind) => kind switch
    {
        InboundKind.Comment => "comments",
        InboundKind.Message => "direct messages",
        InboundKind.Mention => "mentions",
        InboundKind.Reply => "replies",
        _ => "messages",
    };

    /// <summary>"hide", "unhide", "delete", "block", "unblock", "report".</summary>
    public static string Verb(ModerationAction action) => action switch
    {
        ModerationAction.Hide => "hide",
        ModerationAction.Unhide => "show again",
        ModerationAction.Delete => "delete",
        ModerationAction.Block => "block",
        ModerationAction.Unblock => "unblock",
        ModerationAction.Report => "report",
        _ => action.ToString().ToLowerInvariant(),
    };

    /// <summary>"hidden", "shown again", "deleted", "blocked", "unblocked", "reported".</summary>
    public static string Past(ModerationAction action) => action switch
    {
        ModerationAction.Hide => "hidden",
        ModerationAction.Unhide => "shown again",
        ModerationAction.Delete => "deleted",
        ModerationAction.Block => "blocked",
        ModerationAction.Unblock => "unblocked",
        ModerationAction.Report => "reported",
        _ => action.ToString().ToLowerInvariant(),
    };

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Shorten(string text) => text.Length <= 1000 ? text : text[..997] + "...";

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error while carrying out {Action} for author {AuthorId}")]
    private static partial void LogUnexpected(ILogger logger, ModerationAction action, Guid authorId, Exception exception);
}
