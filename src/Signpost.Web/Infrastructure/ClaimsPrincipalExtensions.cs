using System.Security.Claims;

namespace Signpost.Web.Infrastructure;

public static class ClaimsPrincipalExtensions
{
    public const string OrganisationClaim = "signpost:organisation";
    public const string TokenClaim = "signpost:token";

    public static Guid? GetUserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static Guid? GetTokenOrganisationId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(OrganisationClaim), out var id) ? id : null;
}
