using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;

namespace Signpost.Web.Api;

public sealed record TeamDto(Guid Id, string Name, string? Description, string? Email, DateTimeOffset CreatedAt);

public sealed record SaveTeamRequest(string? Name, string? Description, string? Email);

public static class TeamsApi
{
    public static void MapTeamsApi(this RouteGroupBuilder api)
    {
        var teams = api.MapGroup("/teams");

        teams.MapGet("/", async (AppDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await db.Teams.AsNoTracking().OrderBy(t => t.Name)
                .Select(t => new TeamDto(t.Id, t.Name, t.Description, t.Email, t.CreatedAt)).ToListAsync(ct)))
            .WithSummary("The organisation's teams.");

        teams.MapGet("/{id:guid}", async Task<Microsoft.AspNetCore.Http.HttpResults.Results<Microsoft.AspNetCore.Http.HttpResults.Ok<TeamDto>, Microsoft.AspNetCore.Http.HttpResults.NotFound>> (Guid id, AppDbContext db, CancellationToken ct) =>
        {
            var team = await db.Teams.AsNoTracking().Where(t => t.Id == id)
                .Select(t => new TeamDto(t.Id, t.Name, t.Description, t.Email, t.CreatedAt)).FirstOrDefaultAsync(ct);
            return team is null ? TypedResults.NotFound() : TypedResults.Ok(team);
        }).WithSummary("One team.");

        teams.MapPost("/", async (SaveTeamRequest request, OrganisationContext organisation, OrganisationService service, AppDbContext db, CancellationToken ct) =>
        {
            var actor = await ActorAsync(db, organisation, ct);
            var team = await service.CreateTeamAsync(organisation.OrganisationId, new SaveTeamOptions(request.Name ?? "", request.Description, request.Email), actor, ct);
            return TypedResults.Created($"/api/v1/teams/{team.Id}", new TeamDto(team.Id, team.Name, team.Description, team.Email, team.CreatedAt));
        }).WithMetadata(new RequireRolesAttribute(OrganisationRoles.Administrator))
          .ProducesValidationProblem()
          .WithSummary("Creates a team (administrators).");

        teams.MapPut("/{id:guid}", async (Guid id, SaveTeamRequest request, OrganisationContext organisation, OrganisationService service, AppDbContext db, CancellationToken ct) =>
        {
            var actor = await ActorAsync(db, organisation, ct);
            await service.UpdateTeamAsync(organisation.OrganisationId, id, new SaveTeamOptions(request.Name ?? "", request.Description, request.Email), actor, ct);
            return TypedResults.NoContent();
        }).WithMetadata(new RequireRolesAttribute(OrganisationRoles.Administrator))
          .ProducesValidationProblem()
          .WithSummary("Changes a team (administrators).");

        teams.MapDelete("/{id:guid}", async (Guid id, OrganisationContext organisation, OrganisationService service, AppDbContext db, CancellationToken ct) =>
        {
            var actor = await ActorAsync(db, organisation, ct);
            await service.DeleteTeamAsync(organisation.OrganisationId, id, actor, ct);
            return TypedResults.NoContent();
        }).WithMetadata(new RequireRolesAttribute(OrganisationRoles.Administrator))
          .WithSummary("Deletes a team (administrators); its members keep their membership.");
    }

    internal static async Task<Signpost.Core.Audit.Actor> ActorAsync(AppDbContext db, OrganisationContext organisation, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == organisation.UserId, ct);
        return AccountService.ActorFor(user);
    }
}
