using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;

namespace Signpost.Web.Infrastructure;

/// <summary>
/// The single entry point to an organisation's pages (/o/{org}/…): the signed-in person must be a
/// member (otherwise 404, so that another organisation's pages cannot even be discovered), and
/// hold a role the page requires (otherwise 403). Only then is the data scope opened.
/// </summary>
public sealed class OrganisationPageFilter(AppDbContext db, OrganisationContext organisation) : IAsyncPageFilter
{
    public const string RouteKey = "org";

    private static readonly ConcurrentDictionary<Type, RequireRolesAttribute?> RequiredRoles = new();

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var userId = context.HttpContext.User.GetUserId();
        if (userId is { } id)
        {
            organisation.SetUser(id);
        }

        if (context.RouteData.Values.TryGetValue(RouteKey, out var slugValue) && slugValue is string slug)
        {
            if (userId is null)
            {
                context.Result = new ChallengeResult();
                return;
            }

            // All of the person's memberships in one read: the header's organisation switcher shows them too.
            var memberships = await db.Memberships.IgnoreQueryFilters()
                .Include(m => m.Organisation)
                .Where(m => m.UserId == userId)
                .ToListAsync(context.HttpContext.RequestAborted);
            organisation.RememberMemberships(memberships);
            var membership = memberships.FirstOrDefault(m => m.Organisation!.Slug == slug);
            if (membership is null)
            {
                context.Result = new NotFoundResult();
                return;
            }

            var required = RequiredRoles.GetOrAdd(context.HandlerInstance.GetType(), static type =>
                type.GetCustomAttributes(typeof(RequireRolesAttribute), true).Cast<RequireRolesAttribute>().FirstOrDefault());
            if (required is not null && !required.IsSatisfiedBy(membership.Roles))
            {
                context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
                return;
            }

            organisation.Enter(membership.Organisation!, membership.Roles, membership.UserId);
        }

        await next();
    }
}
