using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Users;
using Signpost.Platforms;
using Signpost.Web.Infrastructure;

namespace Signpost.Web.Api;

/// <param name="Network">Lowercase: sandbox, bluesky, mastodon, facebook, instagram, x, linkedin.</param>
/// <param name="Status">active, paused or disconnected.</param>
/// <param name="CredentialExpiresAt">When Signpost's sign-in stops working and the channel must be reconnected; null when it does not expire.</param>
public sealed record ChannelDto(
    Guid Id, string Name, Network Network, string Handle, string Status, ChannelTeamDto? OwningTeam, int ApprovalsRequired, DateTimeOffset? CredentialExpiresAt);

public sealed record ChannelTeamDto(Guid Id, string Name);

/// <summary>The channel register, read-only, for the token's organisation (credentials are never returned).</summary>
public static class ChannelsApi
{
    public static void MapChannelsApi(this RouteGroupBuilder api)
    {
        // The same people as the channels pages: the communications team and administrators.
        var channels = api.MapGroup("/channels")
            .WithMetadata(new RequireRolesAttribute(OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator));

        channels.MapGet("/", async (AppDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await Query(db, null).ToListAsync(ct)))
            .WithSummary("The organisation's channels: the accounts Signpost publishes to.");

        channels.MapGet("/{id:guid}", async Task<Results<Ok<ChannelDto>, NotFound>> (Guid id, AppDbContext db, CancellationToken ct) =>
            await Query(db, id).FirstOrDefaultAsync(ct) is { } channel ? TypedResults.Ok(channel) : TypedResults.NotFound())
            .WithSummary("One channel.");
    }

    private static IQueryable<ChannelDto> Query(AppDbContext db, Guid? id) =>
        from c in db.Channels.AsNoTracking()
        where id == null || c.Id == id
        join t in db.Teams.AsNoTracking() on c.OwningTeamId equals (Guid?)t.Id into teams
        from t in teams.DefaultIfEmpty()
        orderby c.Name
        select new ChannelDto(
            c.Id,
            c.Name,
            c.Network,
            c.Handle,
            c.Status == ChannelStatus.Active ? "active" : c.Status == ChannelStatus.Paused ? "paused" : "disconnected",
            t == null ? null : new ChannelTeamDto(t.Id, t.Name),
            c.ApprovalsRequired,
            c.CredentialExpiresAt);
}
