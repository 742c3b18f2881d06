using Signpost.Core.Data;

namespace Signpost.Core.Features.Tokens;

/// <summary>
/// A bearer token for the API, acting as one user in one organisation. Only a SHA-256 hash of the
/// secret is stored; the secret is shown once, when it is created.
/// </summary>
public sealed class PersonalAccessToken : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid OrganisationId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The first characters of the token, so that a person can tell their tokens apart.</summary>
    public string Prefix { get; set; } = "";

    public string SecretHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}
