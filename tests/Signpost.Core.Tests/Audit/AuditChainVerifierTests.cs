using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Organisations;

namespace Signpost.Core.Tests.Audit;

/// <summary>Each test tampers with its own organisation's chain, so the tests do not disturb each other.</summary>
public sealed class AuditChainVerifierTests(CoreFixture fixture) : IClassFixture<CoreFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Verify_UntouchedDemoData_IsIntact()
    {
        await using var scope = fixture.UnrestrictedScope();
        var demo = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Organisations
            .Where(o => o.Slug == DemoData.IcbSlug || o.Slug == DemoData.TrustSlug).Select(o => o.Id).ToListAsync(Ct);
        var reports = (await scope.ServiceProvider.GetRequiredService<AuditChainVerifier>().VerifyAllAsync(Ct))
            .Where(r => demo.Contains(r.ChainId)).ToList();

        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.True(r.IsIntact, r.Problem));
        Assert.All(reports, r => Assert.True(r.EventsChecked > 3));
    }

    [Fact]
    public async Task Verify_AfterAnEventIsEdited_ReportsThatEvent()
    {
        var organisationId = await CreateOrganisationWithEventsAsync("edited-chain");
        await ExecuteAsync("UPDATE \"AuditEvents\" SET \"Summary\" = 'Nothing happened' WHERE \"ChainId\" = {0} AND \"Sequence\" = 3", organisationId);

        var report = await VerifyAsync(organisationId);

        Assert.False(report.IsIntact);
        Assert.Equal(3, report.BrokenAtSequence);
        Assert.Contains("changed", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AfterAnEventIsDeleted_ReportsTheGap()
    {
        var organisationId = await CreateOrganisationWithEventsAsync("deleted-chain");
        await ExecuteAsync("DELETE FROM \"AuditEvents\" WHERE \"ChainId\" = {0} AND \"Sequence\" = 2", organisationId);

        var report = await VerifyAsync(organisationId);

        Assert.False(report.IsIntact);
        Assert.Equal(2, report.BrokenAtSequence);
        Assert.Contains("missing", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AfterTheNewestEventIsDeleted_ReportsTheMissingEnd()
    {
        var organisationId = await CreateOrganisationWithEventsAsync("truncated-chain");
        await ExecuteAsync("DELETE FROM \"AuditEvents\" WHERE \"ChainId\" = {0} AND \"Sequence\" = 4", organisationId);

        var report = await VerifyAsync(organisationId);

        Assert.False(report.IsIntact);
        Assert.Contains("newest events were removed", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AfterTheNewestEventAndTheChainEndAreDeleted_ReportsTheMissingEnd()
    {
        var organisationId = await CreateOrganisationWithEventsAsync("headless-chain");
        await ExecuteAsync("DELETE FROM \"AuditEvents\" WHERE \"ChainId\" = {0} AND \"Sequence\" = 4", organisationId);
        await ExecuteAsync("DELETE FROM \"AuditChainHeads\" WHERE \"ChainId\" = {0}", organisationId);

        var report = await VerifyAsync(organisationId);

        Assert.False(report.IsIntact);
        Assert.Contains("recorded end is missing", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AfterAnEventIsRewrittenWithAFreshHash_ReportsTheNextLink()
    {
        var organisationId = await CreateOrganisationWithEventsAsync("rehashed-chain");
        await using (var scope = fixture.UnrestrictedScope())
        {
            // A careful forger recomputes the edited event's own hash; the next event still points at the old one.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var e = await db.AuditEvents.AsNoTracking().SingleAsync(x => x.ChainId == organisationId && x.Sequence == 2, Ct);
            e.ActorName = "Someone else";
            var hash = AuditHash.Compute(e);
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEvents\" SET \"ActorName\" = 'Someone else', \"Hash\" = {0} WHERE \"Id\" = {1}", [hash, e.Id], Ct);
        }

        var report = await VerifyAsync(organisationId);

        Assert.False(report.IsIntact);
        Assert.Equal(3, report.BrokenAtSequence);
    }

    private async Task<Guid> CreateOrganisationWithEventsAsync(string slug)
    {
        await using var scope = fixture.UnrestrictedScope();
        var organisations = scope.ServiceProvider.GetRequiredService<OrganisationService>();
        var organisation = await organisations.CreateOrganisationAsync(new CreateOrganisationOptions($"Test {slug}", slug, OrganisationKind.Other, []), Actor.System, Ct);
        await organisations.CreateTeamAsync(organisation.Id, new SaveTeamOptions("One", null, null), Actor.System, Ct);
        await organisations.CreateTeamAsync(organisation.Id, new SaveTeamOptions("Two", null, null), Actor.System, Ct);
        await organisations.CreateTeamAsync(organisation.Id, new SaveTeamOptions("Three", null, null), Actor.System, Ct);
        Assert.True((await VerifyAsync(organisation.Id)).IsIntact);
        return organisation.Id;
    }

    private async Task ExecuteAsync(string sql, Guid chainId)
    {
        await using var scope = fixture.UnrestrictedScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var affected = await db.Database.ExecuteSqlRawAsync(sql, [chainId], Ct);
        Assert.Equal(1, affected);
    }

    private async Task<AuditChainReport> VerifyAsync(Guid organisationId)
    {
        await using var scope = fixture.UnrestrictedScope();
        return await scope.ServiceProvider.GetRequiredService<AuditChainVerifier>().VerifyAsync(organisationId, Ct);
    }
}
