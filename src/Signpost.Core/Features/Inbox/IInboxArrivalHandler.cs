using Signpost.Core.Features.Channels;

namespace Signpost.Core.Features.Inbox;

/// <summary>
/// A step that runs once for every newly stored message, after it has been stored and triaged, in
/// the background (never inside the webhook request): blocked words (moderation), urgent alerts and
/// paging (escalation), the out-of-hours automatic reply (workflow). The arrival processor calls the
/// handlers in <see cref="Order"/> and marks the message processed when all of them have succeeded.
/// A handler must be idempotent: after a crash the processor runs it again for the same message, so
/// it checks what it already did (a page row, a moderation record, a reply row) before acting.
/// A handler that throws is retried on a later pass; the processor logs the failure and shows it on
/// the channel (Channel.InboxError) and never drops the message.
/// </summary>
public interface IInboxArrivalHandler
{
    /// <summary>Lower runs first. Instagram mentions read 50, moderation 100, escalation 200, automatic reply 300.</summary>
    int Order { get; }

    /// <summary>Handles one message. The message, channel and author are tracked by the scope's AppDbContext; save with AuditTrail.</summary>
    Task HandleAsync(InboxArrival arrival, CancellationToken ct);
}

/// <summary>A newly stored message with its channel and author, loaded in the handler's scope.</summary>
public sealed record InboxArrival(InboxMessage Message, Channel Channel, PublicAuthor Author);
