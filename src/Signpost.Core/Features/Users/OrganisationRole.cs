namespace Signpost.Core.Features.Users;

/// <summary>
/// The roles of PRODUCT.md, held per organisation. A membership can hold several. Stored as a bit
/// set; the numeric values are stored and must never change.
/// </summary>
[Flags]
public enum OrganisationRoles
{
    None = 0,

    /// <summary>Drafts and schedules posts, works the inbox, moderates.</summary>
    CommunicationsOfficer = 1 << 0,

    /// <summary>Approves posts, replies in sensitive cases (000 §1.3, 004 §5.4–5.5).</summary>
    CommunicationsManager = 1 << 1,

    /// <summary>On call for out-of-hours risks (004 §6.4.5).</summary>
    DutyManager = 1 << 2,

    /// <summary>Receives safeguarding referrals (000 §6.1).</summary>
    SafeguardingLead = 1 << 3,

    /// <summary>Approves apps on devices; FOI, SAR, retention (003 §3.2.5, §3.4).</summary>
    InformationGovernanceLead = 1 << 4,

    /// <summary>Investigates staff breaches (001 §5.1, §6.0).</summary>
    PeopleTeam = 1 << 5,

    /// <summary>Receives concerns about their staff (001 §5.1, 000 §2.1).</summary>
    LineManager = 1 << 6,

    /// <summary>Requests content and accounts, reports concerns (004 §6.1.3, §6.8).</summary>
    StaffMember = 1 << 7,

    /// <summary>Receives complaints and care concerns (004 §6.3.4, Appendix B).</summary>
    PatientExperience = 1 << 8,

    /// <summary>Read-only: reports and the audit trail (004 §5.6, §7).</summary>
    Auditor = 1 << 9,

    /// <summary>Organisations, users, roles, connections, settings.</summary>
    Administrator = 1 << 10,
}

public static class OrganisationRoleNames
{
    /// <summary>Every single role, in the order PRODUCT.md lists them.</summary>
    public static IReadOnlyList<OrganisationRoles> All { get; } =
    [
        OrganisationRoles.CommunicationsOfficer,
        OrganisationRoles.CommunicationsManager,
        OrganisationRoles.DutyManager,
        OrganisationRoles.SafeguardingLead,
        OrganisationRoles.InformationGovernanceLead,
        OrganisationRoles.PeopleTeam,
        OrganisationRoles.LineManager,
        OrganisationRoles.StaffMember,
        OrganisationRoles.PatientExperience,
        OrganisationRoles.Auditor,
        OrganisationRoles.Administrator,
    ];

    public static string DisplayName(OrganisationRoles role) => role switch
    {
        OrganisationRoles.CommunicationsOfficer => "Communications officer",
        OrganisationRoles.CommunicationsManager => "Communications manager",
        OrganisationRoles.DutyManager => "Duty communications manager",
        OrganisationRoles.SafeguardingLead => "Safeguarding lead",
        OrganisationRoles.InformationGovernanceLead => "Information governance lead",
        OrganisationRoles.PeopleTeam => "People team",
        OrganisationRoles.LineManager => "Line manager",
        OrganisationRoles.StaffMember => "Staff member",
        OrganisationRoles.PatientExperience => "Patient experience team",
        OrganisationRoles.Auditor => "Auditor",
        OrganisationRoles.Administrator => "Administrator",
        _ => role.ToString(),
    };

    public static string Describe(OrganisationRoles roles) =>
        roles == OrganisationRoles.None
            ? "No roles"
            : string.Join(", ", All.Where(r => roles.HasFlag(r)).Select(DisplayName));
}
