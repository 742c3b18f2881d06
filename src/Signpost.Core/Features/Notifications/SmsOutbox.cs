using Signpost.Core.Data;
using Signpost.Core.Features.Inbox;

namespace Signpost.Core.Features.Notifications;

/// <summary>
/// Queues text messages in the outbox (<see cref="OutboxSms"/>): the caller saves them in the same
/// transaction as the change they are about, with its audit event, and <see cref="SmsOutboxSender"/>
/// sends them through GOV.UK Notify.
/// </summary>
public sealed class SmsOutbox(AppDbContext db, TimeProvider time, SmsOptions options)
{
    /// <summary>Notify's limit for one text message's content is 918 characters (six parts).</summary>
    public const int MaxLength = 918;

    public bool IsConfigured => options.IsConfigured;

    public string? NotConfiguredReason => options.NotConfiguredReason;

    /// <summary>Adds a text message for <paramref name="phoneNumber"/>; returns null (nothing queued) when Notify is not set up.</summary>
    public OutboxSms? Queue(Guid? organisationId, string phoneNumber, string body, string reference)
    {
        if (!options.IsConfigured)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var sms = new OutboxSms
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            PhoneNumber = phoneNumber,
            Body = body.Length <= MaxLength ? body : body[..(MaxLength - 1)] + "…",
            Reference = reference,
            CreatedAt = now,
            SendAfter = now,
        };
        db.OutboxTextMessages.Add(sms);
        return sms;
    }
}
