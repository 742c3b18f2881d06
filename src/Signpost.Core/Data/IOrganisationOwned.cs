namespace Signpost.Core.Data;

/// <summary>
/// Data that belongs to one organisation. AppDbContext filters every such set to the organisation
/// of the current scope, so that one organisation's data cannot be read or changed from another's.
/// </summary>
public interface IOrganisationOwned
{
    Guid OrganisationId { get; }
}
