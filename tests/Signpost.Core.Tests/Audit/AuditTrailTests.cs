using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Validation;

namespace Signpost.Core.Tests.Audit;

public sealed class AuditTrailTests(CoreFixture fixture) : IClassFixture<CoreFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateTeam_Always_RecordsItsEventInTheOrganisationsChain()
    {
        await using var scope = fixture.UnrestrictedScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var icb = await db.Organisations.SingleAsync(o => o.Slug == DemoData.IcbSlug, Ct);

        var team = await scope.ServiceProvider.GetRequiredService<OrganisationService>()
            .CreateTeamAsync(icb.Id, new SaveTeamOptions("Digital", "Websites and social media", null), new Actor(null, "Test"), Ct);

        var recorded = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.SubjectId == team.Id.ToString(), Ct);
        Assert.Equal(AuditEventCode.TeamCreated, recorded.Code);
        Assert.Equal(icb.Id, recorded.OrganisationId);
        Assert.Equal("Test", recorded.ActorName);
        Assert.Contains("Digital", recorded.Changes, StringComparison.Ordinal);
        var previous = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.ChainId == icb.Id && e.Sequence == recorded.Sequence - 1, Ct);
        Assert.Equal(previous.Hash, recorded.PreviousHash);
    }

    [Fact]
    public async Task SaveChanges_AgainAfterAnotherUnitOfWorkMovedTheChainOn_ContinuesTheChainFromItsRealHead()
    {
        await using var first = fixture.UnrestrictedScope();
        var db = first.ServiceProvider.GetRequiredService<AppDbContext>();
        var audit = first.ServiceProvider.GetRequiredService<AuditTrail>();
        var icb = await db.Organisations.SingleAsync(o => o.Slug == DemoData.IcbSlug, Ct);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.TeamCreated, Actor.System, icb.Id, "First save of this unit of work"), Ct);

        // Another unit of work (a connector's own scope, another node) writes to the same chain.
        await using (var other = fixture.UnrestrictedScope())
        {
            await other.ServiceProvider.GetRequiredService<AuditTrail>()
                .SaveChangesAsync(new AuditRecord(AuditEventCode.TeamCreated, Actor.System, icb.Id, "Meanwhile, elsewhere"), Ct);
        }

        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.TeamCreated, Actor.System, icb.Id, "Second save of this unit of work"), Ct);

        await using var check = fixture.UnrestrictedScope();
        var events = await check.ServiceProvider.GetRequiredService<AppDbContext>().AuditEvents.AsNoTracking()
            .Where(e => e.ChainId == icb.Id).OrderByDescending(e => e.Sequence).Take(3).ToListAsync(Ct);
        Assert.Equal(["Second save of this unit of work", "Meanwhile, elsewhere", "First save of this unit of work"], events.Select(e => e.Summary));
        Assert.Equal(events[1].Sequence + 1, events[0].Sequence);
        Assert.Equal(events[1].Hash, events[0].PreviousHash);
    }

    [Fact]
    public async Task SaveChanges_WithoutAnAuditEvent_IsRefusedAndNothingIsWritten()
    {
        await using var scope = fixture.UnrestrictedScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var icb = await db.Organisations.SingleAsync(o => o.Slug == DemoData.IcbSlug, Ct);
        db.Teams.Add(new Team { Id = Guid.NewGuid(), OrganisationId = icb.Id, Name = "Unaudited", CreatedAt = DateTimeOffset.UtcNow });

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));

        await using var check = fixture.UnrestrictedScope();
        Assert.False(await check.ServiceProvider.GetRequiredService<AppDbContext>().Teams.AnyAsync(t => t.Name == "Unaudited", Ct));
    }

    [Fact]
    public async Task SaveChanges_WhenTheChangeFails_WritesNeitherTheChangeNorItsEvent()
    {
        await using var scope = fixture.UnrestrictedScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        var icb = await db.Organisations.SingleAsync(o => o.Slug == DemoData.IcbSlug, Ct);
        var eventsBefore = await db.AuditEvents.CountAsync(e => e.ChainId == icb.Id, Ct);
        // Two teams with the same name break the unique index: the save fails as a whole.
        db.Teams.Add(new Team { Id = Guid.NewGuid(), OrganisationId = icb.Id, Name = "Twins", CreatedAt = DateTimeOffset.UtcNow });
        db.Teams.Add(new Team { Id = Guid.NewGuid(), OrganisationId = icb.Id, Name = "Twins", CreatedAt = DateTimeOffset.UtcNow });

        await Assert.ThrowsAsync<DbUpdateException>(() => audit.SaveChangesAsync(new AuditRecord(AuditEventCode.TeamCreated, Actor.System, icb.Id, "Created twins"), Ct));

        await using var check = fixture.UnrestrictedScope();
        var checkDb = check.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(await checkDb.Teams.AnyAsync(t => t.Name == "Twins", Ct));
        Assert.Equal(eventsBefore, await checkDb.AuditEvents.CountAsync(e => e.ChainId == icb.Id, Ct));
        var report = await check.ServiceProvider.GetRequiredService<AuditChainVerifier>().VerifyAsync(icb.Id, Ct);
        Assert.True(report.IsIntact, report.Problem);
    }

    [Fact]
    public async Task AddTeam_WithBadInput_ChangesNothing()
    {
        await using var scope = fixture.UnrestrictedScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var icb = await db.Organisations.SingleAsync(o => o.Slug == DemoData.IcbSlug, Ct);
        var events = await db.AuditEvents.CountAsync(Ct);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => scope.ServiceProvider.GetRequiredService<OrganisationService>()
            .CreateTeamAsync(icb.Id, new SaveTeamOptions("  ", null, "not-an-email"), Actor.System, Ct));

        Assert.Equal("Enter the team's name", error.Errors["Name"].Single());
        Assert.StartsWith("Enter an email address", error.Errors["Email"].Single(), StringComparison.Ordinal);
        Assert.Equal(events, await db.AuditEvents.CountAsync(Ct));
    }
}
