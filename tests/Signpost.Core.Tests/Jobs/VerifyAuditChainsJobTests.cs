using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Jobs;

namespace Signpost.Core.Tests.Jobs;

public sealed class VerifyAuditChainsJobTests(CoreFixture fixture) : IClassFixture<CoreFixture>
{
    [Fact]
    public async Task Execute_TwiceOnOneDay_RecordsOneCheckPerOrganisation()
    {
        var ct = TestContext.Current.CancellationToken;
        var job = new VerifyAuditChainsJob(fixture.Services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System, NullLogger<VerifyAuditChainsJob>.Instance);

        await job.Execute(null!, ct);
        await job.Execute(null!, ct);

        await using var scope = fixture.UnrestrictedScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var organisations = await db.Organisations.CountAsync(ct);
        var checks = await db.AuditEvents.Where(e => e.Code == AuditEventCode.AuditChainVerified).ToListAsync(ct);
        Assert.Equal(organisations, checks.Count);
        Assert.All(checks, c => Assert.StartsWith("Nightly check:", c.Summary, StringComparison.Ordinal));
        Assert.All(checks, c => Assert.Contains("intact", c.Summary, StringComparison.Ordinal));
    }
}
