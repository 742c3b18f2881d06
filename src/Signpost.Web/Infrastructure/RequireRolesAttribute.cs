using Signpost.Core.Features.Users;

namespace Signpost.Web.Infrastructure;

/// <summary>
/// The organisation roles that may use a page or endpoint: a member holding any one of them.
/// Without it, any member of the organisation may use an organisation page.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequireRolesAttribute(OrganisationRoles roles) : Attribute
{
    public OrganisationRoles Roles { get; } = roles;

    public bool IsSatisfiedBy(OrganisationRoles held) => (held & Roles) != OrganisationRoles.None;
}
