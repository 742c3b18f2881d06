using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;

namespace Signpost.Web.Infrastructure;

/// <summary>
/// The API's single entry point to an organisation: a token acts for one person in one
/// organisation. The person's current roles are read on every call, so that a removed role or
/// membership takes effect at once.
/// </summary>
public sealed class ApiOrganisationFilter(AppDbContext db, OrganisationContext organisation) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.GetUserId() is not { } userId || http.User.GetTokenOrganisationId() is not { } organisationId)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A personal access token is needed");
        }

        var membership = await db.Memberships.IgnoreQueryFilters().Include(m => m.Organisation)
            .FirstOrDefaultAsync(m => m.UserId == userId && m.OrganisationId == organisationId, http.RequestAborted);
        if (membership is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The token's owner is no longer a member of its organisation");
        }

        var required = http.GetEndpoint()?.Metadata.GetMetadata<RequireRolesAttribute>();
        if (required is not null && !required.IsSatisfiedBy(membership.Roles))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Your roles in this organisation do not allow this",
                detail: $"This needs one of these roles: {Signpost.Core.Features.Users.OrganisationRoleNames.Describe(required.Roles)}.");
        }

        organisation.Enter(membership.Organisation!, membership.Roles, userId);
        return await next(context);
    }
}
