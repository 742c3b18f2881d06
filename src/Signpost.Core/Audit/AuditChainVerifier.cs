using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;

namespace Signpost.Core.Audit;

/// <summary>The result of checking one chain.</summary>
public sealed record AuditChainReport(Guid ChainId, long EventsChecked, long? BrokenAtSequence, string? Problem)
{
    public bool IsIntact => Problem is null;
}

/// <summary>
/// Walks a chain from its first event and reports the first broken link: an edited event (its
/// hash no longer matches), a deleted event (a gap, or a previous-hash that does not match), or
/// deleted newest events (the chain ends before its recorded head).
/// </summary>
public sealed class AuditChainVerifier(AppDbContext db)
{
    private const int BatchSize = 2000;

    public async Task<IReadOnlyList<AuditChainReport>> VerifyAllAsync(CancellationToken cancellationToken = default)
    {
        var chains = await db.AuditChainHeads.AsNoTracking().Select(h => h.ChainId)
            .Union(db.AuditEvents.AsNoTracking().Select(e => e.ChainId))
            .ToListAsync(cancellationToken);
        var reports = new List<AuditChainReport>();
        foreach (var chain in chains.Distinct().Order())
        {
            reports.Add(await VerifyAsync(chain, cancellationToken));
        }

        return reports;
    }

    public async Task<AuditChainReport> VerifyAsync(Guid chainId, CancellationToken cancellationToken = default)
    {
        var head = await db.AuditChainHeads.AsNoTracking().FirstOrDefaultAsync(h => h.ChainId == chainId, cancellationToken);
        long expectedSequence = 1;
        var previousHash = AuditHash.Genesis;
        long checkedCount = 0;

        while (true)
        {
            var from = expectedSequence;
            var batch = await db.AuditEvents.AsNoTracking()
                .Where(e => e.ChainId == chainId && e.Sequence >= from)
                .OrderBy(e => e.Sequence)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            foreach (var e in batch)
            {
                if (e.Sequence != expectedSequence)
                {
                    return new(chainId, checkedCount, expectedSequence,
                        $"Event {expectedSequence} is missing: the chain goes from {expectedSequence - 1} to {e.Sequence}.");
                }

                if (e.PreviousHash != previousHash)
                {
                    return new(chainId, checkedCount, e.Sequence,
                        $"Event {e.Sequence} does not follow event {e.Sequence - 1}: an event before it was changed or removed.");
                }

                if (AuditHash.Compute(e) != e.Hash)
                {
                    return new(chainId, checkedCount, e.Sequence,
                        $"Event {e.Sequence} ({e.Code}) has been changed since it was recorded.");
                }

                previousHash = e.Hash;
                expectedSequence++;
                checkedCount++;
            }

            if (batch.Count < BatchSize)
            {
                break;
            }
        }

        if (head is null && checkedCount > 0)
        {
            return new(chainId, checkedCount, expectedSequence,
                "The chain's recorded end is missing: events after the last one shown may have been removed.");
        }

        if (head is not null && (head.LastSequence != expectedSequence - 1 || head.LastHash != previousHash))
        {
            return new(chainId, checkedCount, expectedSequence,
                head.LastSequence > expectedSequence - 1
                    ? $"The chain ends at event {expectedSequence - 1} but {head.LastSequence} were recorded: the newest events were removed."
                    : $"The chain's recorded end (event {head.LastSequence}) does not match its last event.");
        }

        return new(chainId, checkedCount, null, null);
    }
}
