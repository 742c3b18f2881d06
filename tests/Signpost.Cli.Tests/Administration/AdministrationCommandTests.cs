using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Signpost.Tests.Shared;

namespace Signpost.Cli.Tests.Administration;

/// <summary>The deployment commands on a real database of the provider the run asks for.</summary>
public sealed class AdministrationCommandTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task MigrateThenDemoLoad_OnAnEmptyDatabase_CreatesTheDemoOrganisation()
    {
        Assert.Equal(0, (await RunAsync("migrate")).Code);
        var demo = await RunAsync("demo", "load");

        Assert.Equal(0, demo.Code);
        Assert.Contains("Loaded the demo data", demo.Output, StringComparison.Ordinal);
        await using var db = _database.CreateContext();
        Assert.True(await db.Organisations.AnyAsync(o => o.Slug == "riverside-icb", TestContext.Current.CancellationToken));
        Assert.Contains("already there", (await RunAsync("demo", "load")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenCreate_ForAMember_PrintsATokenThatIsStoredOnlyAsAHash()
    {
        await RunAsync("migrate");
        await RunAsync("demo", "load");

        var result = await RunAsync("token", "create", "--email", "auditor@riverside.example", "--organisation", "riverside-icb", "--name", "Audit Committee pack");

        Assert.Equal(0, result.Code);
        var secret = result.Output.Trim();
        Assert.StartsWith("sp_", secret, StringComparison.Ordinal);
        await using var db = _database.CreateContext();
        var token = await db.PersonalAccessTokens.SingleAsync(t => t.Name == "Audit Committee pack", TestContext.Current.CancellationToken);
        Assert.NotEqual(secret, token.SecretHash);
        Assert.StartsWith(token.Prefix, secret, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenCreate_ForSomeoneWhoIsNotAMember_IsAUsageErrorAndCreatesNothing()
    {
        await RunAsync("migrate");
        await RunAsync("demo", "load");

        var result = await RunAsync("token", "create", "--email", "comms.officer@riverside.example", "--organisation", "riverside-community");

        Assert.Equal(2, result.Code);
        Assert.Contains("not a member", result.Error, StringComparison.Ordinal);
        await using var db = _database.CreateContext();
        Assert.False(await db.PersonalAccessTokens.AnyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AuditVerify_AfterAnEditAndADeletion_ReportsBrokenChainsWithExitCode1()
    {
        await RunAsync("migrate");
        await RunAsync("demo", "load");
        Assert.Equal(0, (await RunAsync("audit", "verify")).Code);

        await using (var db = _database.CreateContext())
        {
            var icb = await db.Organisations.Where(o => o.Slug == "riverside-icb").Select(o => o.Id).SingleAsync(TestContext.Current.CancellationToken);
            var trust = await db.Organisations.Where(o => o.Slug == "riverside-community").Select(o => o.Id).SingleAsync(TestContext.Current.CancellationToken);
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEvents\" SET \"Summary\" = 'edited' WHERE \"ChainId\" = {0} AND \"Sequence\" = 4", [icb], TestContext.Current.CancellationToken);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEvents\" WHERE \"ChainId\" = {0} AND \"Sequence\" = 2", [trust], TestContext.Current.CancellationToken);
        }

        var result = await RunAsync("audit", "verify");

        Assert.Equal(1, result.Code);
        Assert.Contains("BROKEN  NHS Riverside Integrated Care Board (riverside-icb): first broken link at event 4.", result.Output, StringComparison.Ordinal);
        Assert.Contains("BROKEN  Riverside Community Health NHS Trust (riverside-community): first broken link at event 2.", result.Output, StringComparison.Ordinal);
        Assert.Contains("2 of 2 audit chains are broken.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrganisationCreate_OnANewDeployment_MakesTheFirstAdministrator()
    {
        await RunAsync("migrate");

        var result = await RunAsync("organisation", "create", "--name", "NHS Northmoor ICB", "--slug", "northmoor-icb", "--admin-email", "comms.lead@nhs.net", "--admin-name", "Robin Ash");
        var bad = await RunAsync("organisation", "create", "--name", "Second", "--slug", "northmoor-icb", "--admin-email", "x@nhs.net", "--admin-name", "X");

        Assert.Equal(0, result.Code);
        Assert.Equal(2, bad.Code);
        Assert.Contains("already uses this web address name", bad.Error, StringComparison.Ordinal);
        await using var db = _database.CreateContext();
        var membership = await db.Memberships.Include(m => m.User).SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal("comms.lead@nhs.net", membership.User!.Email);
        Assert.Equal(Core.Features.Users.OrganisationRoles.Administrator, membership.Roles);
        Assert.Equal(1, await db.Organisations.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task UnknownOption_IsAUsageErrorWithExitCode2()
    {
        var result = await RunAsync("audit", "verify", "--no-such-option");

        Assert.Equal(2, result.Code);
        Assert.Contains("--no-such-option", result.Error, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand("signpost");
        root.Subcommands.Add(Commands.Migrate());
        root.Subcommands.Add(Commands.Audit());
        root.Subcommands.Add(Commands.Token());
        root.Subcommands.Add(Commands.Demo());
        root.Subcommands.Add(Commands.Organisation());
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Commands.RunAsync(root, [.. args, "--database-provider", _database.ProviderName, "--connection-string", _database.ConnectionString], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
