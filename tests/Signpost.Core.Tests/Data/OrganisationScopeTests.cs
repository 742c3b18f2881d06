using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Validation;

namespace Signpost.Core.Tests.Data;

public sealed class OrganisationScopeTests(CoreFixture fixture) : IClassFixture<CoreFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Query_InOneOrganisationsScope_SeesNoOtherOrganisationsData()
    {
        var (icb, trust) = await OrganisationIdsAsync();
        await using var scope = fixture.OrganisationScope(icb);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var teams = await db.Teams.ToListAsync(Ct);
        var events = await db.AuditEvents.ToListAsync(Ct);

        Assert.NotEmpty(teams);
        Assert.All(teams, t => Assert.Equal(icb, t.OrganisationId));
        Assert.All(events, e => Assert.Equal(icb, e.OrganisationId));
        Assert.False(await db.Teams.AnyAsync(t => t.OrganisationId == trust, Ct));
        Assert.False(await db.Organisations.AnyAsync(o => o.Id == trust, Ct));
    }

    [Fact]
    public async Task Query_WithNoOrganisationResolved_SeesNothing()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        Assert.Empty(await db.Teams.ToListAsync(Ct));
        Assert.Empty(await db.Memberships.ToListAsync(Ct));
        Assert.Empty(await db.Organisations.ToListAsync(Ct));
        Assert.Empty(await db.AuditEvents.ToListAsync(Ct));
    }

    [Fact]
    public async Task UpdateTeam_OfAnotherOrganisation_IsNotFoundAndUnchanged()
    {
        var (icb, trust) = await OrganisationIdsAsync();
        Guid trustTeam;
        await using (var all = fixture.UnrestrictedScope())
        {
            trustTeam = await all.ServiceProvider.GetRequiredService<AppDbContext>().Teams.Where(t => t.OrganisationId == trust).Select(t => t.Id).FirstAsync(Ct);
        }

        await using var scope = fixture.OrganisationScope(icb);
        var service = scope.ServiceProvider.GetRequiredService<OrganisationService>();

        // Even asking with the other organisation's id cannot reach through the scope.
        await Assert.ThrowsAsync<NotFoundException>(() => service.UpdateTeamAsync(trust, trustTeam, new SaveTeamOptions("Hijacked", null, null), Actor.System, Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => service.UpdateTeamAsync(icb, trustTeam, new SaveTeamOptions("Hijacked", null, null), Actor.System, Ct));

        await using var check = fixture.UnrestrictedScope();
        Assert.NotEqual("Hijacked", (await check.ServiceProvider.GetRequiredService<AppDbContext>().Teams.SingleAsync(t => t.Id == trustTeam, Ct)).Name);
    }

    private async Task<(Guid Icb, Guid Trust)> OrganisationIdsAsync()
    {
        await using var scope = fixture.UnrestrictedScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var icb = await db.Organisations.Where(o => o.Slug == DemoData.IcbSlug).Select(o => o.Id).SingleAsync(Ct);
        var trust = await db.Organisations.Where(o => o.Slug == DemoData.TrustSlug).Select(o => o.Id).SingleAsync(Ct);
        return (icb, trust);
    }
}
