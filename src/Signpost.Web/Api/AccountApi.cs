using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Tokens;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;

namespace Signpost.Web.Api;

public sealed record OrganisationSummaryDto(Guid Id, string Slug, string Name, string Kind);

public sealed record MeDto(Guid Id, string Email, string DisplayName, OrganisationSummaryDto Organisation, IReadOnlyList<string> Roles);

public sealed record AccessTokenDto(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt);

public static class AccountApi
{
    public static void MapAccountApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", async (OrganisationContext organisation, AppDbContext db, CancellationToken ct) =>
        {
            var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == organisation.UserId, ct);
            var o = organisation.Current;
            return TypedResults.Ok(new MeDto(user.Id, user.Email ?? "", user.DisplayName,
                new OrganisationSummaryDto(o.Id, o.Slug, o.Name, o.Kind.ToString()),
                [.. OrganisationRoleNames.All.Where(r => organisation.Has(r)).Select(r => r.ToString())]));
        }).WithSummary("Who the token acts for: the person, the organisation and their roles there.");

        api.MapGet("/tokens", async (OrganisationContext organisation, AppDbContext db, CancellationToken ct) =>
        {
            var tokens = await db.PersonalAccessTokens.AsNoTracking()
                .Where(t => t.UserId == organisation.UserId)
                .OrderByDescending(t => t.CreatedAt)
                .Select(t => new AccessTokenDto(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt))
                .ToListAsync(ct);
            return TypedResults.Ok(tokens);
        }).WithSummary("Your personal access tokens for this organisation (never their secrets).");

        api.MapDelete("/tokens/{id:guid}", async (Guid id, OrganisationContext organisation, AccessTokenService tokens, AppDbContext db, CancellationToken ct) =>
        {
            var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == organisation.UserId, ct);
            await tokens.RevokeAsync(user.Id, id, AccountService.ActorFor(user), ct);
            return TypedResults.NoContent();
        }).WithSummary("Revokes one of your tokens; it stops working at once.");
    }
}
