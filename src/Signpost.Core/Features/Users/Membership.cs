using Signpost.Core.Data;
using Signpost.Core.Features.Organisations;

namespace Signpost.Core.Features.Users;

/// <summary>A user's place in one organisation: the roles they hold there, and their team.</summary>
public sealed class Membership : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public Guid OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public OrganisationRoles Roles { get; set; }
    public Guid? TeamId { get; set; }
    public Team? Team { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
