using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.PolicySettings;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Platforms.Instagram;
using Signpost.Policy.Triage;

namespace Signpost.Core.Features.Inbox;

/// <summary>
/// Instagram @mentions arrive by webhook with ids only (no text, no author). They are stored at once
/// (ADR 0011: the webhook is acknowledged only once stored, and Instagram is never called first);
/// this first arrival step then reads the mention from Instagram, gives the message its text, time
/// and author (found or added in the author register as ingestion does) and triages it again, so
/// that the later steps (blocked words, escalation, automatic reply) see the real message.
/// When Instagram cannot be read, the message says so in place of the text and the step fails, so
/// that the processor tries again on a later pass; a mention is never left silently empty.
/// </summary>
public sealed class InstagramMentionCompleter(
    AppDbContext db, AuditTrail audit, InboxConnectorRegistry connectors, ChannelCredentials credentials, PolicyEngineCache engines, TimeProvider time)
    : IInboxArrivalHandler
{
    /// <summary>How the text of a mention that could not be read starts.</summary>
    public const string UnreadPrefix = "Could not read this mention from Instagram: ";

    private static readonly JsonSerializerOptions ReasonJson = new(JsonSerializerDefaults.Web);

    private static Actor Actor { get; } = Actor.Anonymous("Signpost (Instagram mentions)");

    /// <summary>Before every other step: they need the text.</summary>
    public int Order => 50;

    public async Task HandleAsync(InboxArrival arrival, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(arrival);
        var message = arrival.Message;
        var channel = arrival.Channel;
        if (message.Network != Network.Instagram || message.Kind != InboundKind.Mention
            || arrival.Author.PlatformId != InstagramInboxConnector.UnreadMentionAuthor.PlatformId
            || connectors.ConnectorFor(Network.Instagram) is not InstagramInboxConnector instagram)
        {
            return;
        }

        var stored = new InboundItem(message.PlatformId, InboundKind.Mention, "", InstagramInboxConnector.UnreadMentionAuthor, message.SentAt,
            message.InReplyToPlatformId, message.RootPlatformId, AccountId: channel.AccountId);
        InboundItem read;
        try
        {
            read = await instagram.CompleteMentionAsync(new ChannelCall(channel.ToAccount(), credentials.Unprotect(channel)), stored, ct);
        }
        catch (PlatformException e)
        {
            var reason = e.Message.TrimEnd('.', ' ');
            var shown = $"{UnreadPrefix}{reason}; open it on Instagram.";
            if (shown.Length > InboxIngestor.MaxTextLength)
            {
                shown = shown[..InboxIngestor.MaxTextLength];
            }

            // Not triaged: the words are Signpost's, not the public's. Saved now so that the inbox shows it
            // while the processor waits to try again (the exception leaves the message unprocessed).
            var now = time.GetUtcNow();
            await db.InboxMessages.IgnoreQueryFilters().Where(m => m.Id == message.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Text, shown).SetProperty(m => m.UpdatedAt, now), ct);
            message.Text = shown;
            throw new InvalidOperationException($"Instagram did not give the text of a mention: {reason}.", e);
        }

        await ApplyAsync(arrival, read, ct);
    }

    private async Task ApplyAsync(InboxArrival arrival, InboundItem read, CancellationToken ct)
    {
        var message = arrival.Message;
        var channel = arrival.Channel;
        var now = time.GetUtcNow();
        var authorId = Cut(read.Author.PlatformId, 300);
        var author = await db.PublicAuthors.IgnoreQueryFilters().FirstOrDefaultAsync(a => a.ChannelId == channel.Id && a.PlatformId == authorId, ct);
        if (author is null)
        {
            author = new PublicAuthor
            {
                Id = Guid.CreateVersion7(now),
                OrganisationId = channel.OrganisationId,
                ChannelId = channel.Id,
                Network = channel.Network,
                PlatformId = authorId,
                Handle = Cut(string.IsNullOrWhiteSpace(read.Author.Handle) ? authorId : read.Author.Handle, 300),
                DisplayName = read.Author.DisplayName is { } name ? Cut(name, 300) : null,
                FirstSeenAt = message.ReceivedAt,
                LastSeenAt = message.ReceivedAt,
                UpdatedAt = now,
            };
            db.PublicAuthors.Add(author);
        }
        else if (author.LastSeenAt < message.ReceivedAt)
        {
            author.LastSeenAt = message.ReceivedAt;
            author.UpdatedAt = now;
        }

        // Triaged as ingestion does, on the real text and at the time it was received.
        var organisation = await db.Organisations.IgnoreQueryFilters().AsNoTracking().FirstAsync(o => o.Id == channel.OrganisationId, ct);
        var result = engines.For(organisation).Triage.Triage(new InboundMessage
        {
            Id = message.PlatformId,
            Platform = NetworkNames.PolicyPlatform(channel.Network),
            Kind = InboxIngestor.KindOf(message.Kind),
            Text = read.Text,
            ReceivedAt = message.ReceivedAt,
        });

        message.Text = Cut(read.Text, InboxIngestor.MaxTextLength);
        message.SentAt = read.CreatedAt == default ? message.SentAt : read.CreatedAt;
        message.AuthorId = author.Id;
        message.LabelBits = InboxLabels.ToBits(result.Labels);
        message.Priority = result.Priority;
        message.OutOfHours = result.OutOfHours;
        message.TriageReasonsJson = JsonSerializer.Serialize(result.Reasons, ReasonJson);
        message.UpdatedAt = now;
        await audit.SaveChangesAsync(ChannelCredentials.ReadRecord(channel, "read an Instagram mention", Actor), ct);
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
