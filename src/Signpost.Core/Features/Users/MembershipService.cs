using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Validation;

namespace Signpost.Core.Features.Users;

public sealed record AddMemberOptions(
    string Email,
    string DisplayName,
    string? JobTitle,
    OrganisationRoles Roles,
    Guid? TeamId,
    string? InitialPassword);

public sealed record ChangeMembershipOptions(OrganisationRoles Roles, Guid? TeamId);

/// <summary>Who belongs to an organisation, in which roles (administration).</summary>
public sealed class MembershipService(AppDbContext db, UserManager<User> users, AuditTrail audit, TimeProvider time)
{
    /// <summary>
    /// Adds a person to the organisation. A person who already has an account (in another
    /// organisation) is added as they are; otherwise an account is made with the initial password.
    /// </summary>
    public async Task<Membership> AddMemberAsync(Guid organisationId, AddMemberOptions options, Actor actor, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var email = (options.Email ?? "").Trim();
        var displayName = (options.DisplayName ?? "").Trim();
        if (!EmailAddress.IsValid(email))
        {
            errors.Add("Email", "Enter an email address in the correct format, like name@nhs.net");
        }

        ValidateRoles(errors, options.Roles);
        await ValidateTeamAsync(errors, organisationId, options.TeamId, ct);
        errors.ThrowIfAny();

        var now = time.GetUtcNow();
        var records = new List<AuditRecord>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            errors.Required("DisplayName", displayName, "Enter the person's full name");
            errors.MaxLength("DisplayName", displayName, 200, "Full name");
            errors.MaxLength("JobTitle", options.JobTitle, 200, "Job title");
            errors.Required("InitialPassword", options.InitialPassword, "Enter a first password for the person, or ask them to sign in with NHSmail");
            errors.ThrowIfAny();
            user = new User
            {
                Id = Guid.CreateVersion7(),
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = displayName,
                JobTitle = string.IsNullOrWhiteSpace(options.JobTitle) ? null : options.JobTitle.Trim(),
                CreatedAt = now,
            };
            var created = await users.CreateAsync(user, options.InitialPassword!);
            if (!created.Succeeded)
            {
                db.ChangeTracker.Clear();
                throw AccountService.ToInvalidRequest(created, "InitialPassword");
            }

            records.Add(new(AuditEventCode.UserCreated, actor, organisationId, $"Created an account for {user.DisplayName}", "User", user.Id.ToString(),
                new { user.Email, user.DisplayName, user.JobTitle }));
        }
        else if (await db.Memberships.AnyAsync(m => m.UserId == user.Id && m.OrganisationId == organisationId, ct))
        {
            throw new InvalidRequestException("Email", $"{user.DisplayName} is already a member of this organisation");
        }

        var membership = new Membership
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id,
            OrganisationId = organisationId,
            Roles = options.Roles,
            TeamId = options.TeamId,
            CreatedAt = now,
        };
        db.Memberships.Add(membership);
        records.Add(new(AuditEventCode.MembershipAdded, actor, organisationId, $"Added {user.DisplayName} as {OrganisationRoleNames.Describe(options.Roles)}", "Membership", membership.Id.ToString(),
            new { user = user.Email, roles = OrganisationRoleNames.Describe(options.Roles), options.TeamId }));
        await audit.SaveChangesAsync(records, ct);
        return membership;
    }

    public async Task ChangeMembershipAsync(Guid organisationId, Guid membershipId, ChangeMembershipOptions options, Actor actor, CancellationToken ct = default)
    {
        var membership = await FindAsync(organisationId, membershipId, ct);
        var errors = new ValidationErrors();
        ValidateRoles(errors, options.Roles);
        await ValidateTeamAsync(errors, organisationId, options.TeamId, ct);
        if (membership.Roles.HasFlag(OrganisationRoles.Administrator) && !options.Roles.HasFlag(OrganisationRoles.Administrator)
            && !await HasAnotherAdministratorAsync(organisationId, membership.Id, ct))
        {
            errors.Add("Roles", "Each organisation needs at least one administrator. Make someone else an administrator first");
        }

        errors.ThrowIfAny();
        var changes = AuditRecord.Diff(
            ("roles", OrganisationRoleNames.Describe(membership.Roles), OrganisationRoleNames.Describe(options.Roles)),
            ("teamId", membership.TeamId, options.TeamId));
        if (changes.Count == 0)
        {
            return;
        }

        membership.Roles = options.Roles;
        membership.TeamId = options.TeamId;
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.MembershipChanged, actor, organisationId,
            $"Changed {membership.User!.DisplayName}'s roles to {OrganisationRoleNames.Describe(options.Roles)}", "Membership", membership.Id.ToString(), changes), ct);
    }

    public async Task RemoveMembershipAsync(Guid organisationId, Guid membershipId, Actor actor, CancellationToken ct = default)
    {
        var membership = await FindAsync(organisationId, membershipId, ct);
        if (membership.Roles.HasFlag(OrganisationRoles.Administrator) && !await HasAnotherAdministratorAsync(organisationId, membership.Id, ct))
        {
            throw new InvalidRequestException("", "Each organisation needs at least one administrator. Make someone else an administrator first");
        }

        // Their API tokens for this organisation stop working with the membership.
        var tokens = await db.PersonalAccessTokens
            .Where(t => t.OrganisationId == organisationId && t.UserId == membership.UserId && t.RevokedAt == null)
            .ToListAsync(ct);
        var now = time.GetUtcNow();
        foreach (var token in tokens)
        {
            token.RevokedAt = now;
        }

        db.Memberships.Remove(membership);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.MembershipRemoved, actor, organisationId,
            $"Removed {membership.User!.DisplayName} from the organisation", "Membership", membership.Id.ToString(),
            new { user = membership.User.Email, roles = OrganisationRoleNames.Describe(membership.Roles), tokensRevoked = tokens.Count }), ct);
    }

    /// <summary>
    /// Sets a new password for a person who has forgotten theirs. Only for people who belong to
    /// this organisation alone, so that one organisation's administrator cannot take over an
    /// account another organisation relies on.
    /// </summary>
    public async Task ResetPasswordAsync(Guid organisationId, Guid membershipId, string newPassword, Actor actor, CancellationToken ct = default)
    {
        var membership = await FindAsync(organisationId, membershipId, ct);
        await EnsureOnlyHereAsync(membership, ct);
        var user = membership.User!;
        if (string.IsNullOrEmpty(newPassword))
        {
            throw new InvalidRequestException("NewPassword", "Enter a new password");
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            throw AccountService.ToInvalidRequest(result, "NewPassword");
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.PasswordResetByAdministrator, actor, organisationId,
            $"Set a new password for {user.DisplayName}", "User", user.Id.ToString()), ct);
    }

    /// <summary>Ends a lockout early, for a person the administrator has spoken to.</summary>
    public async Task UnlockAsync(Guid organisationId, Guid membershipId, Actor actor, CancellationToken ct = default)
    {
        var membership = await FindAsync(organisationId, membershipId, ct);
        var user = membership.User!;
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.UserUnlocked, actor, organisationId,
            $"Unlocked {user.DisplayName}'s account", "User", user.Id.ToString()), ct);
    }

    private async Task EnsureOnlyHereAsync(Membership membership, CancellationToken ct)
    {
        var elsewhere = await db.Memberships.IgnoreQueryFilters()
            .AnyAsync(m => m.UserId == membership.UserId && m.OrganisationId != membership.OrganisationId, ct);
        if (elsewhere)
        {
            throw new InvalidRequestException("NewPassword",
                $"{membership.User!.DisplayName} also belongs to another organisation, so only they can change their password (on their profile page)");
        }
    }

    private async Task<Membership> FindAsync(Guid organisationId, Guid membershipId, CancellationToken ct) =>
        await db.Memberships.Include(m => m.User).FirstOrDefaultAsync(m => m.Id == membershipId && m.OrganisationId == organisationId, ct)
        ?? throw new NotFoundException("Membership", membershipId);

    private Task<bool> HasAnotherAdministratorAsync(Guid organisationId, Guid exceptMembershipId, CancellationToken ct) =>
        db.Memberships.AnyAsync(m => m.OrganisationId == organisationId && m.Id != exceptMembershipId
            && (m.Roles & OrganisationRoles.Administrator) == OrganisationRoles.Administrator, ct);

    private static void ValidateRoles(ValidationErrors errors, OrganisationRoles roles)
    {
        var all = OrganisationRoleNames.All.Aggregate(OrganisationRoles.None, (a, r) => a | r);
        if (roles == OrganisationRoles.None)
        {
            errors.Add("Roles", "Select at least one role");
        }
        else if ((roles & ~all) != 0)
        {
            errors.Add("Roles", "Select roles from the list");
        }
    }

    private async Task ValidateTeamAsync(ValidationErrors errors, Guid organisationId, Guid? teamId, CancellationToken ct)
    {
        if (teamId is { } id && !await db.Teams.AnyAsync(t => t.Id == id && t.OrganisationId == organisationId, ct))
        {
            errors.Add("TeamId", "Select a team from the list");
        }
    }
}
