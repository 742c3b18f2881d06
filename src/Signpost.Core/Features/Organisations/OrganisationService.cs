using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;

namespace Signpost.Core.Features.Organisations;

public sealed record CreateOrganisationOptions(string Name, string Slug, OrganisationKind Kind, IReadOnlyList<string> ShortNames);

public sealed record UpdateOrganisationOptions(string Name, OrganisationKind Kind, IReadOnlyList<string> ShortNames);

public sealed record SaveTeamOptions(string Name, string? Description, string? Email);

/// <summary>Organisations, their teams and their public house rules.</summary>
public sealed partial class OrganisationService(AppDbContext db, AuditTrail audit, TimeProvider time)
{
    public const int HouseRulesMaxLength = 20_000;

    /// <summary>Creates an organisation; the person creating it becomes its administrator.</summary>
    public async Task<Organisation> CreateOrganisationAsync(CreateOrganisationOptions options, Actor actor, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        ValidateNameAndShortNames(errors, options.Name, options.ShortNames);
        var slug = (options.Slug ?? "").Trim().ToLowerInvariant();
        if (!SlugPattern().IsMatch(slug))
        {
            errors.Add(nameof(options.Slug), "Web address name must be 2 to 64 lowercase letters, numbers or hyphens, starting with a letter");
        }
        else if (await db.Organisations.IgnoreQueryFilters().AnyAsync(o => o.Slug == slug, ct))
        {
            errors.Add(nameof(options.Slug), "Another organisation already uses this web address name");
        }

        if (!Enum.IsDefined(options.Kind))
        {
            errors.Add(nameof(options.Kind), "Select the kind of organisation");
        }

        errors.ThrowIfAny();

        var now = time.GetUtcNow();
        var organisation = new Organisation
        {
            Id = Guid.CreateVersion7(),
            Name = options.Name.Trim(),
            Slug = slug,
            Kind = options.Kind,
            ShortNames = CleanShortNames(options.ShortNames),
            HouseRules = DefaultHouseRules.For(options.Name.Trim()),
            CreatedAt = now,
        };
        db.Organisations.Add(organisation);
        var records = new List<AuditRecord>
        {
            new(AuditEventCode.OrganisationCreated, actor, organisation.Id, $"Created organisation {organisation.Name}", "Organisation", organisation.Id.ToString(),
                new { organisation.Name, organisation.Slug, Kind = organisation.Kind.ToString(), organisation.ShortNames }),
        };
        if (actor.UserId is { } userId)
        {
            var membership = new Membership
            {
                Id = Guid.CreateVersion7(),
                UserId = userId,
                OrganisationId = organisation.Id,
                Roles = OrganisationRoles.Administrator,
                CreatedAt = now,
            };
            db.Memberships.Add(membership);
            records.Add(new(AuditEventCode.MembershipAdded, actor, organisation.Id, $"Added {actor.Name} as Administrator", "Membership", membership.Id.ToString(),
                new { Roles = OrganisationRoleNames.Describe(membership.Roles) }));
        }

        await audit.SaveChangesAsync(records, ct);
        return organisation;
    }

    public async Task UpdateOrganisationAsync(Guid organisationId, UpdateOrganisationOptions options, Actor actor, CancellationToken ct = default)
    {
        var organisation = await FindAsync(organisationId, ct);
        var errors = new ValidationErrors();
        ValidateNameAndShortNames(errors, options.Name, options.ShortNames);
        if (!Enum.IsDefined(options.Kind))
        {
            errors.Add(nameof(options.Kind), "Select the kind of organisation");
        }

        errors.ThrowIfAny();
        var shortNames = CleanShortNames(options.ShortNames);
        var changes = AuditRecord.Diff(
            ("name", organisation.Name, options.Name.Trim()),
            ("kind", organisation.Kind.ToString(), options.Kind.ToString()),
            ("shortNames", string.Join(", ", organisation.ShortNames), string.Join(", ", shortNames)));
        if (changes.Count == 0)
        {
            return;
        }

        organisation.Name = options.Name.Trim();
        organisation.Kind = options.Kind;
        organisation.ShortNames = shortNames;
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.OrganisationUpdated, actor, organisationId, "Changed the organisation's details", "Organisation", organisationId.ToString(), changes), ct);
    }

    /// <summary>004 Appendix B: the house rules the public are told, and moderation reasons cite.</summary>
    public async Task UpdateHouseRulesAsync(Guid organisationId, string houseRules, Actor actor, CancellationToken ct = default)
    {
        var organisation = await FindAsync(organisationId, ct);
        var text = (houseRules ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var errors = new ValidationErrors();
        errors.Required("HouseRules", text, "Enter the house rules");
        errors.MaxLength("HouseRules", text, HouseRulesMaxLength, "House rules");
        errors.ThrowIfAny();
        if (text == organisation.HouseRules)
        {
            return;
        }

        var previous = organisation.HouseRules;
        organisation.HouseRules = text;
        organisation.HouseRulesUpdatedAt = time.GetUtcNow();
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.HouseRulesUpdated, actor, organisationId, "Changed the public house rules", "Organisation", organisationId.ToString(),
            new { from = previous, to = text }), ct);
    }

    public async Task<Team> CreateTeamAsync(Guid organisationId, SaveTeamOptions options, Actor actor, CancellationToken ct = default)
    {
        await FindAsync(organisationId, ct);
        var (name, description, email) = await ValidateTeamAsync(organisationId, null, options, ct);
        var team = new Team
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            Name = name,
            Description = description,
            Email = email,
            CreatedAt = time.GetUtcNow(),
        };
        db.Teams.Add(team);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.TeamCreated, actor, organisationId, $"Created team {team.Name}", "Team", team.Id.ToString(),
            new { team.Name, team.Description, team.Email }), ct);
        return team;
    }

    public async Task UpdateTeamAsync(Guid organisationId, Guid teamId, SaveTeamOptions options, Actor actor, CancellationToken ct = default)
    {
        var team = await FindTeamAsync(organisationId, teamId, ct);
        var (name, description, email) = await ValidateTeamAsync(organisationId, teamId, options, ct);
        var changes = AuditRecord.Diff(("name", team.Name, name), ("description", team.Description, description), ("email", team.Email, email));
        if (changes.Count == 0)
        {
            return;
        }

        team.Name = name;
        team.Description = description;
        team.Email = email;
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.TeamUpdated, actor, organisationId, $"Changed team {team.Name}", "Team", team.Id.ToString(), changes), ct);
    }

    public async Task DeleteTeamAsync(Guid organisationId, Guid teamId, Actor actor, CancellationToken ct = default)
    {
        var team = await FindTeamAsync(organisationId, teamId, ct);
        var members = await db.Memberships.Where(m => m.OrganisationId == organisationId && m.TeamId == teamId).ToListAsync(ct);
        foreach (var member in members)
        {
            member.TeamId = null;
        }

        db.Teams.Remove(team);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.TeamDeleted, actor, organisationId, $"Deleted team {team.Name}", "Team", team.Id.ToString(),
            new { team.Name, team.Description, team.Email, membersMoved = members.Count }), ct);
    }

    private async Task<Organisation> FindAsync(Guid organisationId, CancellationToken ct) =>
        await db.Organisations.FirstOrDefaultAsync(o => o.Id == organisationId, ct)
        ?? throw new NotFoundException("Organisation", organisationId);

    private async Task<Team> FindTeamAsync(Guid organisationId, Guid teamId, CancellationToken ct) =>
        await db.Teams.FirstOrDefaultAsync(t => t.Id == teamId && t.OrganisationId == organisationId, ct)
        ?? throw new NotFoundException("Team", teamId);

    private async Task<(string Name, string? Description, string? Email)> ValidateTeamAsync(Guid organisationId, Guid? teamId, SaveTeamOptions options, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = (options.Name ?? "").Trim();
        var description = string.IsNullOrWhiteSpace(options.Description) ? null : options.Description.Trim();
        var email = string.IsNullOrWhiteSpace(options.Email) ? null : options.Email.Trim();
        errors.Required("Name", name, "Enter the team's name");
        errors.MaxLength("Name", name, 120, "Team name");
        errors.MaxLength("Description", description, 1000, "Description");
        if (email is not null && !EmailAddress.IsValid(email))
        {
            errors.Add("Email", "Enter an email address in the correct format, like team@nhs.net");
        }

        if (name.Length > 0 && await db.Teams.AnyAsync(t => t.OrganisationId == organisationId && t.Name == name && t.Id != teamId, ct))
        {
            errors.Add("Name", "Another team already has this name");
        }

        errors.ThrowIfAny();
        return (name, description, email);
    }

    private static void ValidateNameAndShortNames(ValidationErrors errors, string? name, IReadOnlyList<string>? shortNames)
    {
        errors.Required("Name", name, "Enter the organisation's name");
        errors.MaxLength("Name", name, 200, "Name");
        foreach (var shortName in shortNames ?? [])
        {
            errors.MaxLength("ShortNames", shortName, 100, "Each short name");
        }
    }

    private static List<string> CleanShortNames(IReadOnlyList<string>? shortNames) =>
        [.. (shortNames ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];

    [GeneratedRegex("^[a-z][a-z0-9-]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
