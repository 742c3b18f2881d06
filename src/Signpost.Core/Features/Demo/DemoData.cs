using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.Sandbox;
using Signpost.Core.Features.Users;
using Signpost.Platforms;
using Signpost.Policy.Settings;

namespace Signpost.Core.Features.Demo;

/// <summary>A demo sign-in, printed at start in development.</summary>
public sealed record DemoSignIn(string Email, string Name, OrganisationRoles Roles, string Organisation);

/// <summary>
/// The demo organisation, NHS Riverside Integrated Care Board, with a partner trust, teams and
/// one person per role, so that a newcomer can sign in and see each role's view. Loaded through
/// the same services as real data, so that it is audited like everything else.
/// </summary>
public sealed class DemoData(AppDbContext db, OrganisationService organisations, MembershipService memberships, AuditTrail auditTrail,
    SandboxService sandbox, ChannelService channels)
{
    /// <summary>One password for every demo account (three random words, as NCSC suggests). Development only.</summary>
    public const string Password = "riverside-kettle-lantern";

    public const string IcbSlug = "riverside-icb";
    public const string TrustSlug = "riverside-community";

    public static IReadOnlyList<DemoSignIn> SignIns { get; } =
    [
        new("comms.officer@riverside.example", "Priya Shah", OrganisationRoles.CommunicationsOfficer, IcbSlug),
        new("comms.manager@riverside.example", "Tom Okafor", OrganisationRoles.CommunicationsManager, IcbSlug),
        new("duty.manager@riverside.example", "Grace Williams", OrganisationRoles.DutyManager, IcbSlug),
        new("safeguarding.lead@riverside.example", "Helen Brooks", OrganisationRoles.SafeguardingLead, IcbSlug),
        new("ig.lead@riverside.example", "Martin Clarke", OrganisationRoles.InformationGovernanceLead, IcbSlug),
        new("people.team@riverside.example", "Aisha Rahman", OrganisationRoles.PeopleTeam, IcbSlug),
        new("line.manager@riverside.example", "David Evans", OrganisationRoles.LineManager, IcbSlug),
        new("staff@riverside.example", "Chloe Martin", OrganisationRoles.StaffMember, IcbSlug),
        new("patient.experience@riverside.example", "Sam Patel", OrganisationRoles.PatientExperience, IcbSlug),
        new("auditor@riverside.example", "Fiona MacLeod", OrganisationRoles.Auditor, IcbSlug),
        new("admin@riverside.example", "Alex Morgan", OrganisationRoles.Administrator, IcbSlug),
        new("trust.officer@riverside-community.example", "Jordan Lee", OrganisationRoles.CommunicationsOfficer | OrganisationRoles.Administrator, TrustSlug),
    ];

    public Task<bool> IsLoadedAsync(CancellationToken ct = default) =>
        db.Organisations.IgnoreQueryFilters().AnyAsync(o => o.Slug == IcbSlug, ct);

    /// <summary>Loads the demo data unless it is there already. Returns whether anything was loaded.</summary>
    public async Task<bool> LoadAsync(CancellationToken ct = default)
    {
        if (await IsLoadedAsync(ct))
        {
            return false;
        }

        db.Scope.MakeUnrestricted();
        var actor = Actor.System;
        var icb = await organisations.CreateOrganisationAsync(
            new CreateOrganisationOptions("NHS Riverside Integrated Care Board", IcbSlug, OrganisationKind.IntegratedCareBoard, ["Riverside ICB", "NHS Riverside"]), actor, ct);
        var trust = await organisations.CreateOrganisationAsync(
            new CreateOrganisationOptions("Riverside Community Health NHS Trust", TrustSlug, OrganisationKind.Trust, ["Riverside Community Health", "RCHT"]), actor, ct);

        icb.SettingsJson = OrganisationSettings.DemoIcb.ToJson();
        trust.SettingsJson = (OrganisationSettings.DemoIcb with
        {
            Organisation = new OrganisationIdentity { Name = trust.Name, ShortNames = trust.ShortNames },
            PublishedEmails = ["rcht.communications@nhs.net"],
            Domains = ["riversidecommunity.nhs.uk", "nhs.uk", "nhs.net", "gov.uk"],
        }).ToJson();
        var audit = new AuditRecord(AuditEventCode.OrganisationSettingsUpdated, actor, icb.Id, "Loaded the demo policy settings", "Organisation", icb.Id.ToString());
        await auditTrail.SaveChangesAsync(
            [audit, audit with { OrganisationId = trust.Id, SubjectId = trust.Id.ToString() }], ct);

        var teams = new Dictionary<string, Guid>();
        foreach (var (name, description, email) in new[]
        {
            ("Communications and engagement", "Runs the corporate social media accounts and the inbox (004 §6.1).", "riversideicb.communications@nhs.net"),
            ("Patient experience", "Complaints, concerns and compliments from the public (004 Appendix B).", "riversideicb.pals@nhs.net"),
            ("Safeguarding", "Receives safeguarding referrals (000 §6.1).", "riversideicb.safeguarding@nhs.net"),
            ("Information governance", "FOI, subject access, retention and app approvals (003 §3.4).", "riversideicb.ig@nhs.net"),
            ("People", "HR: staff conduct and breaches of the policy (001 §6.0).", "riversideicb.people@nhs.net"),
            ("Primary care", "GP practices and primary care networks.", null),
        })
        {
            var team = await organisations.CreateTeamAsync(icb.Id, new SaveTeamOptions(name, description, email), actor, ct);
            teams[name] = team.Id;
        }

        var trustComms = await organisations.CreateTeamAsync(trust.Id, new SaveTeamOptions("Communications", "The trust's communications team.", "rcht.communications@nhs.net"), actor, ct);

        foreach (var person in SignIns)
        {
            var organisationId = person.Organisation == IcbSlug ? icb.Id : trust.Id;
            Guid? teamId = person.Organisation != IcbSlug ? null : person.Roles switch
            {
                OrganisationRoles.CommunicationsOfficer or OrganisationRoles.CommunicationsManager or OrganisationRoles.DutyManager => teams["Communications and engagement"],
                OrganisationRoles.PatientExperience => teams["Patient experience"],
                OrganisationRoles.SafeguardingLead => teams["Safeguarding"],
                OrganisationRoles.InformationGovernanceLead => teams["Information governance"],
                OrganisationRoles.PeopleTeam => teams["People"],
                _ => null,
            };
            await memberships.AddMemberAsync(organisationId,
                new AddMemberOptions(person.Email, person.Name, OrganisationRoleNames.Describe(person.Roles), person.Roles, teamId, Password), actor, ct);
        }

        // The communications manager also works with the partner trust.
        await memberships.AddMemberAsync(trust.Id,
            new AddMemberOptions("comms.manager@riverside.example", "Tom Okafor", null, OrganisationRoles.CommunicationsManager, null, null), actor, ct);

        await ConnectSandboxChannelAsync(icb.Id, "riversideicb", "NHS Riverside ICB", "Riverside ICB on the Sandbox", teams["Communications and engagement"], ct);
        await ConnectSandboxChannelAsync(trust.Id, "riversidecommunity", "Riverside Community Health", "Riverside Community Health on the Sandbox", trustComms.Id, ct);
        return true;
    }

    /// <summary>A Sandbox account connected as an active channel, so that a newcomer can publish at once with no platform account (capability 20).</summary>
    private async Task ConnectSandboxChannelAsync(Guid organisationId, string handle, string displayName, string channelName, Guid teamId, CancellationToken ct)
    {
        var account = await sandbox.CreateAccountAsync(organisationId, new CreateSandboxAccountOptions(handle, displayName), Actor.System, ct);
        await channels.ConnectWithCredentialsAsync(organisationId, Network.Sandbox, new ConnectRequest(handle, account.Token, null),
            new ChannelDetailsOptions(channelName, teamId, "Trying Signpost out: posts go to the built-in Sandbox network, not to a real platform.",
                "Every post checked, approved and published on time.", "Monday to Friday, 9am to 5pm"), Actor.System, ct);
    }
}
