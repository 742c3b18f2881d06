namespace Signpost.Core.Data;

/// <summary>
/// Which organisation's data this unit of work may see. A web request starts with no organisation
/// (so every organisation-owned query returns nothing) until the request's organisation has been
/// resolved against the signed-in user's memberships. Only the CLI and background jobs, which act
/// for the whole deployment, make a scope unrestricted, and they do so explicitly.
/// </summary>
public sealed class OrganisationScope
{
    public Guid? OrganisationId { get; private set; }
    public Guid? UserId { get; private set; }
    public bool IsUnrestricted { get; private set; }

    public void EnterOrganisation(Guid organisationId, Guid? userId)
    {
        if (OrganisationId is { } current && current != organisationId)
        {
            throw new InvalidOperationException("This unit of work is already scoped to another organisation.");
        }

        OrganisationId = organisationId;
        UserId = userId;
    }

    public void SetUser(Guid userId) => UserId = userId;

    /// <summary>For the CLI and background jobs only: every organisation's data is visible.</summary>
    public void MakeUnrestricted() => IsUnrestricted = true;
}
