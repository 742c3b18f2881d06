using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Sandbox;
using Signpost.Platforms;
using Signpost.Tests.Shared;

namespace Signpost.Core.Tests.Channels;

/// <summary>The Core services on a migrated database with the demo data, the real Sandbox network, and a clock the test moves.</summary>
public sealed class ChannelsFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;

    // Whole seconds: PostgreSQL keeps microseconds, so a tick-precise time would not round-trip.
    public TestClock Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    public Guid IcbId { get; private set; }
    public Guid TrustId { get; private set; }
    public Guid CommsTeamId { get; private set; }
    public Actor Manager { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSignpostCore(Database.Options);
        services.AddSingleton<TimeProvider>(Clock);
        Services = services.BuildServiceProvider();
        await SignpostCoreServices.MigrateAsync(Services);
        await using var scope = UnrestrictedScope();
        await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        IcbId = await db.Organisations.Where(o => o.Slug == DemoData.IcbSlug).Select(o => o.Id).SingleAsync();
        TrustId = await db.Organisations.Where(o => o.Slug == DemoData.TrustSlug).Select(o => o.Id).SingleAsync();
        CommsTeamId = await db.Teams.Where(t => t.OrganisationId == IcbId && t.Name == "Communications and engagement").Select(t => t.Id).SingleAsync();
        var manager = await db.Users.SingleAsync(u => u.Email == "comms.manager@riverside.example");
        Manager = new Actor(manager.Id, manager.DisplayName);
    }

    /// <summary>A unit of work that sees every organisation (as the CLI and jobs do).</summary>
    public AsyncServiceScope UnrestrictedScope()
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        return scope;
    }

    /// <summary>A unit of work scoped to one organisation, as a web request after its membership check.</summary>
    public AsyncServiceScope OrganisationScope(Guid organisationId) => OrganisationScope(organisationId, Manager.UserId);

    public AsyncServiceScope OrganisationScope(Guid organisationId, Guid? userId)
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().EnterOrganisation(organisationId, userId);
        return scope;
    }

    /// <summary>A new account on the Sandbox, made through the service as a person would.</summary>
    public async Task<CreatedSandboxAccount> CreateSandboxAccountAsync(Guid? organisationId = null)
    {
        var organisation = organisationId ?? IcbId;
        await using var scope = OrganisationScope(organisation);
        var handle = "t" + Guid.NewGuid().ToString("N")[..12];
        return await scope.ServiceProvider.GetRequiredService<SandboxService>()
            .CreateAccountAsync(organisation, new CreateSandboxAccountOptions(handle, "Test account " + handle), Manager);
    }

    /// <summary>A new Sandbox account connected as a channel of the ICB.</summary>
    public async Task<(Channel Channel, CreatedSandboxAccount Account)> ConnectSandboxChannelAsync(ChannelDetailsOptions? details = null)
    {
        var account = await CreateSandboxAccountAsync();
        await using var scope = OrganisationScope(IcbId);
        var channel = await scope.ServiceProvider.GetRequiredService<ChannelService>().ConnectWithCredentialsAsync(IcbId, Network.Sandbox,
            new ConnectRequest(account.Account.Handle, account.Token, null), details ?? new ChannelDetailsOptions(null, CommsTeamId), Manager);
        return (channel, account);
    }

    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = UnrestrictedScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
