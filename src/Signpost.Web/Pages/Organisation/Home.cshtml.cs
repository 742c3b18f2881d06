using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Users;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Organisation;

/// <summary>The organisation's home: what the person can do here, given their roles.</summary>
public sealed class HomeModel(AppDbContext db) : SignpostPageModel
{
    public string? TeamName { get; private set; }
    public int MemberCount { get; private set; }
    public int TeamCount { get; private set; }
    public IReadOnlyList<(string Title, string Href, string Description)> Tasks { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var me = await db.Memberships.AsNoTracking().Include(m => m.Team)
            .FirstAsync(m => m.UserId == OrganisationContext.UserId && m.OrganisationId == OrganisationContext.OrganisationId, ct);
        TeamName = me.Team?.Name;
        MemberCount = await db.Memberships.CountAsync(m => m.OrganisationId == OrganisationContext.OrganisationId, ct);
        TeamCount = await db.Teams.CountAsync(ct);

        var o = OrganisationPath;
        var tasks = new List<(string, string, string)>
        {
            ("Check a post", $"{o}/check", "Check a post against the social media policy before it goes out, with fixes you can use in one click."),
        };
        if (OrganisationContext.Has(OrganisationRoles.CommunicationsManager))
        {
            var userId = OrganisationContext.UserId;
            var waiting = await db.Posts.CountAsync(p => p.State == PostState.Submitted && p.AuthorUserId != userId && !p.Approvals.Any(a => a.ApproverUserId == userId && a.PostVersion == p.Version), ct);
            tasks.Insert(0, ($"Posts awaiting your approval ({waiting})", $"{o}/approvals", "Posts other people wrote, waiting for a communications manager to approve them (000 §1.3)."));
        }

        if (OrganisationContext.Has(OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator))
        {
            tasks.Add(("Public house rules", $"{o}/house-rules", "The rules the public are asked to follow on your channels, which moderation decisions cite (004 Appendix B)."));
            tasks.Add(("Policy settings", $"{o}/settings", "Published numbers and addresses, acronyms and jargon, pre-election periods, limits and working hours, which the checks and triage read."));
        }

        if (OrganisationContext.Has(OrganisationRoles.Auditor | OrganisationRoles.Administrator))
        {
            tasks.Add(("Audit trail", $"{o}/audit", "Every change in Signpost, tamper-evident, with a CSV export for the Audit Committee."));
        }

        if (OrganisationContext.Has(OrganisationRoles.Administrator))
        {
            tasks.Add(("Administration", $"{o}/admin", "The organisation's details, teams, and who can do what."));
        }

        tasks.Add(("Your profile", "/profile", "Your password, two-factor authentication and API tokens."));
        Tasks = tasks;
    }
}
