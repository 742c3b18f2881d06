using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.PolicySettings;
using Signpost.Core.Validation;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Policy.Triage;

namespace Signpost.Core.Features.Inbox;

/// <summary>What one ingest stored.</summary>
/// <param name="Stored">The messages stored now, in the order they were given.</param>
/// <param name="Repeated">Items that were already stored (or repeated within the batch) and were left as they were.</param>
public sealed record InboxIngestResult(IReadOnlyList<InboxMessage> Stored, int Repeated);

/// <summary>
/// Stores what the public sends, once per channel and platform id however often it arrives
/// (webhook retries, overlapping polls, two nodes), triaged on arrival (ADR 0011). Webhooks,
/// pollers, the Sandbox inbound API and the demo all come through here.
/// </summary>
public sealed partial class InboxIngestor(
    AppDbContext db, AuditTrail audit, PolicyEngineCache engines, InboxArrivalSignal signal, TimeProvider time, ILogger<InboxIngestor> logger)
{
    /// <summary>The longest text kept; longer texts are cut (no platform Signpost reads allows more).</summary>
    public const int MaxTextLength = 20_000;

    private const int MaxPlatformIdLength = 300;
    private const int MaxAttempts = 3;

    private static readonly JsonSerializerOptions ReasonJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Stores each item not yet stored for the channel, with its author, thread and the publication it
    /// answers, triaged with the organisation's policy engine, in one transaction with one audit event;
    /// returns what was new. When it returns, the new messages are durably stored.
    /// </summary>
    /// <param name="source">Where the items came from, for the audit trail: "webhook:meta", "poll", "sandbox".</param>
    public Task<InboxIngestResult> IngestAsync(Guid channelId, IReadOnlyList<InboundItem> items, string source, CancellationToken ct) =>
        IngestAsync(channelId, items, source, [], ct);

    /// <summary>As <see cref="IngestAsync(Guid, IReadOnlyList{InboundItem}, string, CancellationToken)"/>, saving <paramref name="alsoRecord"/> (a credential read) with a batch that stores something.</summary>
    public async Task<InboxIngestResult> IngestAsync(Guid channelId, IReadOnlyList<InboundItem> items, string source, IReadOnlyList<AuditRecord> alsoRecord, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(alsoRecord);
        var unique = Distinct(items, out var repeatedInBatch);
        if (unique.Count == 0)
        {
            return new InboxIngestResult([], repeatedInBatch);
        }

        var channel = await db.Channels.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(c => c.Id == channelId, ct)
            ?? throw new NotFoundException("Channel", channelId);
        var organisation = await db.Organisations.IgnoreQueryFilters().AsNoTracking().FirstAsync(o => o.Id == channel.OrganisationId, ct);
        var triage = engines.For(organisation).Triage;
        var targetMinutes = await db.InboxSettings.IgnoreQueryFilters().Where(s => s.OrganisationId == channel.OrganisationId)
            .Select(s => (int?)s.ResponseTargetMinutes).FirstOrDefaultAsync(ct) ?? 120;

        // Triage is pure and costs CPU only: do it before taking the lock that serialises writers.
        var receivedAt = time.GetUtcNow();
        var platform = NetworkNames.PolicyPlatform(channel.Network);
        var triaged = new TriageResult[unique.Count];
        for (var i = 0; i < unique.Count; i++)
        {
            triaged[i] = triage.Triage(new InboundMessage
            {
                Id = unique[i].PlatformId,
                Platform = platform,
                Kind = KindOf(unique[i].Kind),
                Text = unique[i].Text ?? "",
                ReceivedAt = receivedAt,
            });
        }

        // 004 §6.4.1: a first response within two working hours (the organisation's target) of receipt.
        var dueAt = triage.WorkingHours.AddWorkingTime(receivedAt, TimeSpan.FromMinutes(Math.Max(1, targetMinutes)));

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var stored = await StoreAsync(channel, unique, triaged, receivedAt, dueAt, source, alsoRecord, ct);
                if (stored.Count > 0)
                {
                    signal.Notify();
                }

                return new InboxIngestResult(stored, repeatedInBatch + unique.Count - stored.Count);
            }
            catch (Exception e) when (attempt < MaxAttempts && (e is DbUpdateException || e is Npgsql.PostgresException { SqlState: "23505" }))
            {
                // Another writer stored some of these first (a unique index settled it): look again.
                LogRetry(logger, channelId, attempt, e);
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<List<InboxMessage>> StoreAsync(
        Channels.Channel channel, List<InboundItem> items, TriageResult[] triaged, DateTimeOffset receivedAt, DateTimeOffset dueAt,
        string source, IReadOnlyList<AuditRecord> alsoRecord, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // Writers to one organisation's audit chain are serialised by its lock; taking it first means
        // the look-up below sees every message another ingest for this channel committed.
        await audit.LockChainsAsync([channel.OrganisationId], ct);

        var ids = items.Select(i => i.PlatformId).ToList();
        var existing = await db.InboxMessages.IgnoreQueryFilters()
            .Where(m => m.ChannelId == channel.Id && ids.Contains(m.PlatformId))
            .Select(m => m.PlatformId)
            .ToListAsync(ct);
        var seen = existing.ToHashSet(StringComparer.Ordinal);
        var fresh = new List<(InboundItem Item, TriageResult Triage)>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (!seen.Contains(items[i].PlatformId))
            {
                fresh.Add((items[i], triaged[i]));
            }
        }

        if (fresh.Count == 0)
        {
            return [];
        }

        var authorIds = fresh.Select(f => Cut(f.Item.Author.PlatformId, MaxPlatformIdLength)).Distinct(StringComparer.Ordinal).ToList();
        var authors = (await db.PublicAuthors.IgnoreQueryFilters().AsNoTracking()
                .Where(a => a.ChannelId == channel.Id && authorIds.Contains(a.PlatformId))
                .ToListAsync(ct))
            .ToDictionary(a => a.PlatformId, StringComparer.Ordinal);
        var seenAgain = authors.Values.Select(a => a.Id).ToList();
        var newAuthors = new List<PublicAuthor>();
        var renamed = new HashSet<Guid>();

        var answered = fresh.SelectMany(f => new[] { f.Item.InReplyToId, f.Item.RootPostId })
            .Where(id => !string.IsNullOrEmpty(id)).Select(id => id!).Distinct(StringComparer.Ordinal).ToList();
        var publications = answered.Count == 0
            ? []
            : (await db.Publications.IgnoreQueryFilters()
                .Where(p => p.ChannelId == channel.Id && p.PlatformPostId != null && answered.Contains(p.PlatformPostId))
                .Select(p => new { p.Id, p.PlatformPostId })
                .ToListAsync(ct))
            .ToDictionary(p => p.PlatformPostId!, p => p.Id, StringComparer.Ordinal);

        var stored = new List<InboxMessage>(fresh.Count);
        foreach (var (item, result) in fresh)
        {
            var authorId = Cut(item.Author.PlatformId, MaxPlatformIdLength);
            var handle = Cut(string.IsNullOrWhiteSpace(item.Author.Handle) ? authorId : item.Author.Handle, 300);
            var displayName = item.Author.DisplayName is { } name ? Cut(name, 300) : null;
            if (!authors.TryGetValue(authorId, out var author))
            {
                author = new PublicAuthor
                {
                    Id = Guid.CreateVersion7(receivedAt),
                    OrganisationId = channel.OrganisationId,
                    ChannelId = channel.Id,
                    Network = channel.Network,
                    PlatformId = authorId,
                    Handle = handle,
                    DisplayName = displayName,
                    FirstSeenAt = receivedAt,
                    LastSeenAt = receivedAt,
                    UpdatedAt = receivedAt,
                };
                newAuthors.Add(author);
                authors[authorId] = author;
            }
            else if (!renamed.Contains(author.Id) && (author.Handle != handle || (displayName is not null && author.DisplayName != displayName)))
            {
                // People change their handle and name: keep the latest, as the platform shows it.
                db.PublicAuthors.Attach(author);
                author.Handle = handle;
                author.DisplayName = displayName ?? author.DisplayName;
                author.UpdatedAt = receivedAt;
                renamed.Add(author.Id);
            }

            Guid? publicationId = null;
            if (item.RootPostId is { Length: > 0 } root && publications.TryGetValue(root, out var byRoot))
            {
                publicationId = byRoot;
            }
            else if (item.InReplyToId is { Length: > 0 } parent && publications.TryGetValue(parent, out var byParent))
            {
                publicationId = byParent;
            }

            var message = new InboxMessage
            {
                Id = Guid.CreateVersion7(receivedAt),
                OrganisationId = channel.OrganisationId,
                ChannelId = channel.Id,
                Network = channel.Network,
                PlatformId = item.PlatformId,
                Kind = item.Kind,
                Text = Cut(item.Text ?? "", MaxTextLength),
                AuthorId = author.Id,
                InReplyToPlatformId = CutOrNull(item.InReplyToId, MaxPlatformIdLength),
                RootPlatformId = CutOrNull(item.RootPostId ?? (item.Kind is InboundKind.Comment ? item.InReplyToId : null), MaxPlatformIdLength),
                ConversationId = CutOrNull(item.ConversationId, MaxPlatformIdLength),
                Url = item.Url is { } url && url.OriginalString.Length <= 1000 ? url.OriginalString : null,
                PublicationId = publicationId,
                SentAt = item.CreatedAt == default ? receivedAt : item.CreatedAt,
                ReceivedAt = receivedAt,
                LabelBits = InboxLabels.ToBits(result.Labels),
                Priority = result.Priority,
                OutOfHours = result.OutOfHours,
                TriageReasonsJson = JsonSerializer.Serialize(result.Reasons, ReasonJson),
                Status = InboxStatus.New,
                ResponseDueAt = dueAt,
                Visibility = InboxVisibility.Visible,
                UpdatedAt = receivedAt,
            };
            stored.Add(message);
        }

        if (seenAgain.Count > 0)
        {
            await db.PublicAuthors.IgnoreQueryFilters().Where(a => seenAgain.Contains(a.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.LastSeenAt, receivedAt), ct);
        }

        if (db.Database.IsNpgsql())
        {
            // PostgreSQL: binary COPY in the same transaction, many times faster than row inserts.
            await InboxBulkCopy.WriteAsync(db, newAuthors, stored, ct);
        }
        else
        {
            db.PublicAuthors.AddRange(newAuthors);
            db.InboxMessages.AddRange(stored);
        }

        var urgent = stored.Count(m => m.Priority == TriagePriority.Urgent);
        var summary = stored.Count == 1
            ? $"Received a {KindWord(stored[0].Kind)} on {channel.Name}"
            : $"Received {stored.Count} messages on {channel.Name}";
        var record = new AuditRecord(AuditEventCode.InboxMessagesReceived, Actor.System, channel.OrganisationId, summary, "Channel", channel.Id.ToString(),
            new { source, count = stored.Count, urgent, first = stored[0].Id, last = stored[^1].Id });
        await audit.SaveChangesAsync([record, .. alsoRecord], ct);
        await transaction.CommitAsync(ct);
        return stored;
    }

    /// <summary>The items with a usable platform id, the first of each id only.</summary>
    private static List<InboundItem> Distinct(IReadOnlyList<InboundItem> items, out int repeated)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = new List<InboundItem>(items.Count);
        repeated = 0;
        foreach (var item in items)
        {
            if (item is null || string.IsNullOrEmpty(item.PlatformId) || item.PlatformId.Length > MaxPlatformIdLength || item.Author is null
                || string.IsNullOrEmpty(item.Author.PlatformId))
            {
                // Not something a platform sends: a connector would have to be wrong. It cannot be stored once without an id.
                repeated++;
                continue;
            }

            if (seen.Add(item.PlatformId))
            {
                unique.Add(item);
            }
            else
            {
                repeated++;
            }
        }

        return unique;
    }

    internal static InboundMessageKind KindOf(InboundKind kind) => kind switch
    {
        InboundKind.Comment => InboundMessageKind.Comment,
        InboundKind.Message => InboundMessageKind.Message,
        InboundKind.Mention => InboundMessageKind.Mention,
        InboundKind.Reply => InboundMessageKind.Reply,
        _ => InboundMessageKind.Other,
    };

    private static string KindWord(InboundKind kind) => kind switch
    {
        InboundKind.Comment => "comment",
        InboundKind.Message => "direct message",
        InboundKind.Mention => "mention",
        InboundKind.Reply => "reply",
        _ => "message",
    };

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];

    private static string? CutOrNull(string? value, int max) => string.IsNullOrEmpty(value) ? null : Cut(value, max);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest for channel {ChannelId} met a concurrent ingest (attempt {Attempt}); looking again")]
    private static partial void LogRetry(ILogger logger, Guid channelId, int attempt, Exception e);
}
