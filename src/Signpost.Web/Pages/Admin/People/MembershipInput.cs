using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Users;

namespace Signpost.Web.Pages.Admin.People;

/// <summary>The roles and team fields shared by the add and change pages.</summary>
public static class MembershipFields
{
    public static OrganisationRoles Combine(IEnumerable<OrganisationRoles>? roles) =>
        (roles ?? []).Aggregate(OrganisationRoles.None, (all, r) => all | r);

    public static IReadOnlyList<(string Value, string Text, string? Hint, bool Checked)> RoleOptions(OrganisationRoles selected) =>
        [.. OrganisationRoleNames.All.Select(r => (r.ToString(), OrganisationRoleNames.DisplayName(r), (string?)Hints[r], selected.HasFlag(r)))];

    public static async Task<IReadOnlyList<(string Value, string Text)>> TeamOptionsAsync(AppDbContext db, CancellationToken ct)
    {
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct);
        return [("", "No team"), .. teams.Select(t => (t.Id.ToString(), t.Name))];
    }

    private static readonly Dictionary<OrganisationRoles, string> Hints = new()
    {
        [OrganisationRoles.CommunicationsOfficer] = "Drafts and schedules posts, works the inbox, moderates",
        [OrganisationRoles.CommunicationsManager] = "Approves posts, edits the house rules, replies in sensitive cases",
        [OrganisationRoles.DutyManager] = "On call for out-of-hours risks to patient safety or reputation",
        [OrganisationRoles.SafeguardingLead] = "Receives safeguarding referrals",
        [OrganisationRoles.InformationGovernanceLead] = "FOI, subject access, retention, app approvals",
        [OrganisationRoles.PeopleTeam] = "Investigates staff breaches of the policy",
        [OrganisationRoles.LineManager] = "Receives concerns about their staff",
        [OrganisationRoles.StaffMember] = "Asks for content and accounts, reports concerns",
        [OrganisationRoles.PatientExperience] = "Receives complaints and care concerns from the inbox",
        [OrganisationRoles.Auditor] = "Read-only: reports and the audit trail",
        [OrganisationRoles.Administrator] = "Organisation details, teams, people and roles",
    };
}
