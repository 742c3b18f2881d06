using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.PolicySettings;
using Signpost.Core.Validation;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Policy;

namespace Signpost.Core.Features.Inbox;

/// <summary>A reply a person wants to send.</summary>
/// <param name="AcceptWarnings">The person has read the policy's warnings and sends anyway (errors always stop it).</param>
public sealed record SendReplyOptions(string? Text, Guid? SavedReplyId = null, bool AcceptWarnings = false);

/// <summary>What happened to a reply: stopped by the policy (with the findings to show), or saved and sent or failed.</summary>
public sealed record ReplyOutcome(IReadOnlyList<Finding> Findings, InboxReply? Reply)
{
    /// <summary>An error finding stopped it: nothing was saved or sent.</summary>
    public bool Blocked => Reply is null && Findings.Any(f => f.Severity == Severity.Error);

    /// <summary>Warnings to accept before it is sent: nothing was saved or sent.</summary>
    public bool NeedsAcceptance => Reply is null && !Blocked;
}

/// <summary>
/// Replies to the public through the platform (issue 5, 004 §6.3–6.5): from a saved reply or free
/// text, checked by the policy engine first. A reply is stored before it is sent, so that nothing
/// the person wrote is lost; it is sent with its own id as the idempotency key; a failure is stored
/// and shown with a retry. The first sent reply stops the first-response clock (004 §6.4.1).
/// </summary>
public sealed partial class InboxReplyService(
    AppDbContext db,
    AuditTrail audit,
    TimeProvider time,
    PolicyEngineCache engines,
    InboxConnectorRegistry registry,
    ChannelCredentials credentials,
    ChannelService channels,
    SavedReplyService savedReplies,
    ILogger<InboxReplyService> logger)
{
    public const int TextMaxLength = 5000;
    public const string AutomaticReplyName = "Automatic reply";

    /// <summary>The policy's findings for a reply on the message's platform.</summary>
    public IReadOnlyList<Finding> Check(Organisation organisation, Channel channel, string text)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        ArgumentNullException.ThrowIfNull(channel);
        return engines.For(organisation).Policy.Check(new Post
        {
            Text = text,
            Platform = NetworkNames.PolicyPlatform(channel.Network),
            Handle = channel.Handle,
            Account = channel.AccountKind,
        });
    }

    /// <summary>
    /// Checks and sends a reply. Errors stop it, and warnings stop it until accepted; either way nothing
    /// is saved and the findings come back to be shown in place. Otherwise the reply is saved, then
    /// sent (audited InboxReplySent or InboxReplyFailed); a failure is returned in the reply's state.
    /// </summary>
    public async Task<ReplyOutcome> ReplyAsync(Organisation organisation, Guid messageId, SendReplyOptions options, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(actor);
        var message = await db.InboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId && m.OrganisationId == organisation.Id, ct)
            ?? throw new NotFoundException("Message", messageId);
        var text = string.IsNullOrWhiteSpace(options.Text) ? null : options.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var errors = new ValidationErrors();
        errors.Required("Text", text, "Enter your reply");
        errors.MaxLength("Text", text, TextMaxLength, "Reply");
        if (options.SavedReplyId is { } savedId && !await db.SavedReplies.AnyAsync(r => r.Id == savedId && r.OrganisationId == organisation.Id, ct))
        {
            errors.Add("SavedReplyId", "Select a saved reply from the list");
        }

        errors.ThrowIfAny();
        var channel = await db.Channels.AsNoTracking().FirstAsync(c => c.Id == message.ChannelId, ct);
        var findings = Check(organisation, channel, text!);
        if (findings.Any(f => f.Severity == Severity.Error) || (!options.AcceptWarnings && findings.Any(f => f.Severity == Severity.Warning)))
        {
            return new ReplyOutcome(findings, null);
        }

        var reply = new InboxReply
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisation.Id,
            MessageId = message.Id,
            UserId = actor.UserId,
            AuthorName = actor.Name,
            Text = text!,
            SavedReplyId = options.SavedReplyId,
            State = InboxReplyState.Sending,
            CreatedAt = time.GetUtcNow(),
        };
        db.InboxReplies.Add(reply);

        // The reply is kept before the platform is called; the credential read is recorded with it (004 §6.10.1).
        await audit.SaveChangesAsync(ChannelCredentials.ReadRecord(channel, "reply to a message", actor), ct);
        await SendAsync(reply, message, channel, actor, stopsClock: true, ct);
        return new ReplyOutcome(findings, reply);
    }

    /// <summary>Sends a failed reply again with the same idempotency key (its id).</summary>
    public async Task<InboxReply> RetryAsync(Guid organisationId, Guid replyId, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var reply = await db.InboxReplies.FirstOrDefaultAsync(r => r.Id == replyId && r.OrganisationId == organisationId, ct)
            ?? throw new NotFoundException("Reply", replyId);
        if (reply.State == InboxReplyState.Sent)
        {
            throw new InvalidRequestException("", "This reply has already been sent.");
        }

        // A reply left "sending" by a stopped process may be retried after a minute; the platform
        // sees the same idempotency key.
        if (reply.State == InboxReplyState.Sending && reply.CreatedAt > time.GetUtcNow().AddMinutes(-1))
        {
            throw new InvalidRequestException("", "This reply is being sent. Wait a minute, then reload the page.");
        }

        var message = await db.InboxMessages.AsNoTracking().FirstAsync(m => m.Id == reply.MessageId, ct);
        var channel = await db.Channels.AsNoTracking().FirstAsync(c => c.Id == message.ChannelId, ct);
        reply.State = InboxReplyState.Sending;
        reply.Error = null;
        await audit.SaveChangesAsync(ChannelCredentials.ReadRecord(channel, "send a reply again", actor), ct);
        await SendAsync(reply, message, channel, actor, stopsClock: !reply.Automatic, ct);
        return reply;
    }

    /// <summary>
    /// 004 §6.4.2: the out-of-hours automatic reply to a direct message. Stored as a reply by
    /// "Automatic reply" and sent; it does not stop the first-response clock (a person answers the
    /// next working day, §6.4.3). Returns the reply, or null when the channel has no connector.
    /// </summary>
    public async Task<InboxReply?> SendAutomaticReplyAsync(InboxMessage message, Channel channel, string text, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(channel);
        var reply = new InboxReply
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = message.OrganisationId,
            MessageId = message.Id,
            AuthorName = AutomaticReplyName,
            Text = text,
            Automatic = true,
            State = InboxReplyState.Sending,
            CreatedAt = time.GetUtcNow(),
        };
        db.InboxReplies.Add(reply);
        await audit.SaveChangesAsync(ChannelCredentials.ReadRecord(channel, "send the out-of-hours automatic reply", Actor.System), ct);
        await SendAsync(reply, message, channel, Actor.System, stopsClock: false, ct);
        return reply;
    }

    private async Task SendAsync(InboxReply reply, InboxMessage message, Channel channel, Actor actor, bool stopsClock, CancellationToken ct)
    {
        PublishResult? result = null;
        string? problem = null;
        var connector = registry.ConnectorFor(channel.Network);
        if (connector is null)
        {
            problem = $"Signpost cannot reply on {NetworkNames.DisplayName(channel.Network)}: reply on the platform itself, then mark the message as replied.";
        }
        else
        {
            try
            {
                var author = await db.PublicAuthors.AsNoTracking().IgnoreQueryFilters().Where(a => a.Id == message.AuthorId).Select(a => new { a.PlatformId, a.Handle }).FirstAsync(ct);
                var call = new ChannelCall(channel.ToAccount(), credentials.Unprotect(channel));
                var target = new InboxTarget(message.PlatformId, message.Kind, author.PlatformId, message.RootPlatformId, message.InReplyToPlatformId, message.ConversationId, author.Handle);
                result = await connector.ReplyAsync(new ReplyRequest(call, target, reply.Text, reply.Id.ToString("N")), ct);
            }
            catch (PlatformException e)
            {
                problem = e.Message;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogUnexpected(logger, reply.Id, e);
                problem = $"An unexpected error while sending: {e.Message}. It may have reached the platform: check there before sending it again.";
            }
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await audit.LockChainsAsync([message.OrganisationId], ct);
        AuditRecord record;
        if (result is not null)
        {
            reply.State = InboxReplyState.Sent;
            reply.PlatformId = result.PlatformPostId;
            reply.Url = result.Url?.ToString();
            reply.SentAt = now;
            reply.Error = null;
            if (stopsClock)
            {
                // The first reply stops the clock (004 §6.4.1); the message is now replied.
                await db.InboxMessages.Where(m => m.Id == message.Id)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.FirstRespondedAt, m => m.FirstRespondedAt ?? now)
                        .SetProperty(m => m.Status, InboxStatus.Replied)
                        .SetProperty(m => m.Version, m => m.Version + 1)
                        .SetProperty(m => m.UpdatedAt, now), ct);
            }

            record = new AuditRecord(reply.Automatic ? AuditEventCode.InboxAutoReplySent : AuditEventCode.InboxReplySent, actor, message.OrganisationId,
                reply.Automatic ? $"Sent the out-of-hours automatic reply on {channel.Name}" : $"Replied to a message on {channel.Name}", "InboxMessage", message.Id.ToString(),
                new { replyId = reply.Id, reply.PlatformId, reply.Url, reply.SavedReplyId, reply.Text });
        }
        else
        {
            reply.State = InboxReplyState.Failed;
            reply.Error = problem!.Length > 2000 ? problem[..2000] : problem;
            record = new AuditRecord(AuditEventCode.InboxReplyFailed, actor, message.OrganisationId,
                $"A reply on {channel.Name} could not be sent", "InboxMessage", message.Id.ToString(), new { replyId = reply.Id, error = reply.Error, reply.Automatic });
        }

        await audit.SaveChangesAsync(record, ct);
        await transaction.CommitAsync(ct);

        if (result?.RenewedCredential is { } renewed)
        {
            await channels.SaveRenewedCredentialAsync(channel.Id, renewed, Actor.System, ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reply {ReplyId} failed with an unexpected error")]
    private static partial void LogUnexpected(ILogger logger, Guid replyId, Exception error);

    /// <summary>The saved replies, those suited to the message's labels first (a medical question gets the GP / NHS 111 / 999 one).</summary>
    public Task<IReadOnlyList<SavedReply>> SuggestionsAsync(Guid organisationId, int labelBits, CancellationToken ct = default) =>
        savedReplies.ForMessageAsync(organisationId, labelBits, ct);
}
