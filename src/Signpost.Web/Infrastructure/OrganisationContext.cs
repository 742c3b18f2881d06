using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.Users;

namespace Signpost.Web.Infrastructure;

/// <summary>A membership as the header's organisation switcher shows it.</summary>
public sealed record MembershipSummary(Guid OrganisationId, string Slug, string Name, OrganisationRoles Roles);

/// <summary>
/// The organisation a request works in and the roles the signed-in person holds there. Set only
/// by <see cref="OrganisationPageFilter"/> or <see cref="ApiOrganisationFilter"/>, after checking
/// the person's membership; until then the data scope shows no organisation's data.
/// </summary>
public sealed class OrganisationContext(AppDbContext db)
{
    private IReadOnlyList<MembershipSummary>? _memberships;

    public Organisation? Organisation { get; private set; }
    public OrganisationRoles Roles { get; private set; }
    public Guid? UserId { get; private set; }

    public Organisation Current => Organisation ?? throw new InvalidOperationException("No organisation has been resolved for this request.");
    public Guid OrganisationId => Current.Id;

    public bool Has(OrganisationRoles any) => (Roles & any) != OrganisationRoles.None;

    internal void Enter(Organisation organisation, OrganisationRoles roles, Guid userId)
    {
        db.Scope.EnterOrganisation(organisation.Id, userId);
        Organisation = organisation;
        Roles = roles;
        UserId = userId;
    }

    internal void SetUser(Guid userId)
    {
        db.Scope.SetUser(userId);
        UserId = userId;
    }

    /// <summary>Keeps the memberships the page filter has read, so that the switcher does not read them again.</summary>
    internal void RememberMemberships(IEnumerable<Membership> memberships) =>
        _memberships = [.. memberships.Select(m => new MembershipSummary(m.OrganisationId, m.Organisation!.Slug, m.Organisation.Name, m.Roles))
            .OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>The signed-in person's organisations, for the switcher.</summary>
    public async Task<IReadOnlyList<MembershipSummary>> GetMembershipsAsync(CancellationToken ct = default)
    {
        if (_memberships is not null || UserId is not { } userId)
        {
            return _memberships ?? [];
        }

        _memberships = await db.Memberships.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.Organisation!.Name)
            .Select(m => new MembershipSummary(m.OrganisationId, m.Organisation!.Slug, m.Organisation.Name, m.Roles))
            .ToListAsync(ct);
        return _memberships;
    }
}
