using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Safeguarding;

public sealed record ReferralRow(Guid Id, DateTimeOffset CreatedAt, string ReferredByName, string WhoIsAtRisk, bool ImmediateDanger, SafeguardingStatus Status, string? LeadName);

/// <summary>The safeguarding leads' queue of referrals (000 §6.1), open ones first; only the leads see it.</summary>
[RequireRoles(OrganisationRoles.SafeguardingLead)]
public sealed class IndexModel(AppDbContext db) : SignpostPageModel
{
    /// <summary>"open" (default: new, in progress, referred on), or one status, or "all".</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Filter { get; set; }

    public IReadOnlyList<ReferralRow> Referrals { get; private set; } = [];
    public IReadOnlyDictionary<SafeguardingStatus, int> Counts { get; private set; } = new Dictionary<SafeguardingStatus, int>();

    public SafeguardingStatus? Status => Enum.TryParse<SafeguardingStatus>(Filter, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;

    public bool All => string.Equals(Filter, "all", StringComparison.OrdinalIgnoreCase);

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var counts = await db.SafeguardingReferrals.AsNoTracking().GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        Counts = counts.ToDictionary(c => c.Key, c => c.Count);
        var query = db.SafeguardingReferrals.AsNoTracking();
        if (Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }
        else if (!All)
        {
            query = query.Where(r => r.Status != SafeguardingStatus.Closed);
        }

        var rows = await query
            .OrderByDescending(r => r.ImmediateDanger).ThenByDescending(r => r.CreatedAt)
            .Take(500)
            .Select(r => new { r.Id, r.CreatedAt, r.ReferredByName, r.WhoIsAtRisk, r.ImmediateDanger, r.Status, r.LeadUserId })
            .ToListAsync(ct);
        var leadIds = rows.Where(r => r.LeadUserId != null).Select(r => r.LeadUserId!.Value).Distinct().ToList();
        var leads = await db.Users.Where(u => leadIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        Referrals = [.. rows
            .OrderBy(r => r.Status == SafeguardingStatus.New ? 0 : 1)
            .Select(r => new ReferralRow(r.Id, r.CreatedAt, r.ReferredByName, r.WhoIsAtRisk, r.ImmediateDanger, r.Status, r.LeadUserId is { } id && leads.TryGetValue(id, out var n) ? n : null))];
    }
}
