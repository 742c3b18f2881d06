using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Approvals;

/// <summary>A post waiting for the signed-in manager's approval.</summary>
public sealed record AwaitingApproval(Guid Id, string Title, string AuthorName, DateTimeOffset? SubmittedAt, DateTimeOffset? ScheduledFor, string Channels, int Given, int Needed);

/// <summary>
/// The approvals queue (000 §1.3, 004 §5.5). For a communications manager: the submitted posts they
/// may approve (not their own, and not a version they already approved). For a communications
/// officer, who does not approve: every post waiting for approval, to follow them.
/// </summary>
[RequireRoles(OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager)]
public sealed class IndexModel(AppDbContext db) : SignpostPageModel
{
    public IReadOnlyList<AwaitingApproval> Posts { get; private set; } = [];

    public bool IsManager => OrganisationContext.Has(OrganisationRoles.CommunicationsManager);

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var organisationId = OrganisationContext.OrganisationId;
        var me = OrganisationContext.UserId;
        var manager = IsManager;
        var posts = await db.Posts.AsNoTracking()
            .Where(p => p.OrganisationId == organisationId && p.State == PostState.Submitted
                && (!manager || (p.AuthorUserId != me && !p.Approvals.Any(a => a.ApproverUserId == me && a.PostVersion == p.Version))))
            .OrderBy(p => p.SubmittedAt)
            .Select(p => new
            {
                p.Id,
                p.Title,
                p.AuthorName,
                p.SubmittedAt,
                p.ScheduledFor,
                Given = p.Approvals.Where(a => a.PostVersion == p.Version).Select(a => a.ApproverUserId).Distinct().Count(),
            })
            .ToListAsync(ct);
        var ids = posts.Select(p => p.Id).ToList();
        var channels = await db.Publications.AsNoTracking().Where(p => ids.Contains(p.PostId) && p.State != PublicationState.Cancelled)
            .Join(db.Channels, p => p.ChannelId, c => c.Id, (p, c) => new { p.PostId, c.Name, c.ApprovalsRequired })
            .ToListAsync(ct);
        Posts = [.. posts.Select(p =>
        {
            var mine = channels.Where(c => c.PostId == p.Id).ToList();
            return new AwaitingApproval(p.Id, p.Title, p.AuthorName, p.SubmittedAt, p.ScheduledFor, string.Join(", ", mine.Select(c => c.Name).Order()),
                p.Given, Math.Max(1, mine.Select(c => c.ApprovalsRequired).DefaultIfEmpty(1).Max()));
        })];
    }
}
