using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;

namespace Signpost.Core.Audit;

/// <summary>
/// The one way to save a change: the change and its audit events are written in the same database
/// transaction, and each event is linked into its organisation's hash chain. AppDbContext refuses
/// a save that changes data without an audit event, so nothing can be written around this.
/// </summary>
public sealed class AuditTrail(AppDbContext db, TimeProvider time)
{
    /// <summary>Saves the context's pending changes together with the given events.</summary>
    public async Task SaveChangesAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0)
        {
            throw new ArgumentException("A change needs at least one audit event.", nameof(records));
        }

        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var transaction = ownTransaction ? await db.Database.BeginTransactionAsync(cancellationToken) : null;

        var now = AuditHash.TruncateToMicroseconds(time.GetUtcNow());
        foreach (var chain in records.GroupBy(r => r.OrganisationId ?? Guid.Empty))
        {
            await LockChainAsync(chain.Key, cancellationToken);

            // Read the head under the lock. A head this context loaded in an earlier save may be
            // stale (another unit of work has moved the chain on since), so it is read again.
            var tracked = db.ChangeTracker.Entries<AuditChainHead>().FirstOrDefault(e => e.Entity.ChainId == chain.Key);
            if (tracked is { State: EntityState.Unchanged or EntityState.Modified })
            {
                await tracked.ReloadAsync(cancellationToken);
            }

            var head = tracked is { State: not EntityState.Detached } ? tracked.Entity
                : await db.AuditChainHeads.FirstOrDefaultAsync(h => h.ChainId == chain.Key, cancellationToken);
            if (head is null)
            {
                head = new AuditChainHead { ChainId = chain.Key, LastSequence = 0, LastHash = AuditHash.Genesis };
                db.AuditChainHeads.Add(head);
            }

            foreach (var record in chain)
            {
                var e = new AuditEvent
                {
                    ChainId = chain.Key,
                    OrganisationId = record.OrganisationId,
                    Sequence = head.LastSequence + 1,
                    Code = record.Code,
                    OccurredAt = now,
                    ActorUserId = record.Actor.UserId,
                    ActorName = record.Actor.Name,
                    SubjectType = record.SubjectType,
                    SubjectId = record.SubjectId,
                    Summary = record.Summary,
                    Changes = record.ChangesJsonText,
                    PreviousHash = head.LastHash,
                };
                e.Hash = AuditHash.Compute(e);
                db.AuditEvents.Add(e);
                head.LastSequence = e.Sequence;
                head.LastHash = e.Hash;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public Task SaveChangesAsync(AuditRecord record, CancellationToken cancellationToken = default) =>
        SaveChangesAsync([record], cancellationToken);

    /// <summary>
    /// Takes the chains' locks at the start of a transaction the caller opened, before it changes rows
    /// that other writers change under the same chain lock; this keeps every writer's lock order
    /// the same (chain, then rows) so that they cannot deadlock.
    /// </summary>
    public async Task LockChainsAsync(IEnumerable<Guid?> organisationIds, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Open a transaction before taking chain locks.");
        }

        foreach (var chainId in organisationIds.Select(id => id ?? Guid.Empty).Distinct().Order())
        {
            await LockChainAsync(chainId, cancellationToken);
        }
    }

    /// <summary>
    /// Serialises writers of one chain. PostgreSQL: a transaction-level advisory lock. SQLite:
    /// the transaction is already exclusive for writers (BEGIN IMMEDIATE).
    /// </summary>
    private async Task LockChainAsync(Guid chainId, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            var key = BitConverter.ToInt64(chainId.ToByteArray(), 0);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
        }
    }
}
