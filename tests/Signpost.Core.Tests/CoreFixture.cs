using Microsoft.Extensions.DependencyInjection;
using Signpost.Core;
using Signpost.Core.Data;
using Signpost.Core.Features.Demo;
using Signpost.Tests.Shared;

namespace Signpost.Core.Tests;

/// <summary>A migrated database with the demo data, and the Core services on it, for one test class.</summary>
public sealed class CoreFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSignpostCore(Database.Options);
        Services = services.BuildServiceProvider();
        await SignpostCoreServices.MigrateAsync(Services);
        await using var scope = UnrestrictedScope();
        await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync();
    }

    /// <summary>A unit of work that sees every organisation (as the CLI and jobs do).</summary>
    public AsyncServiceScope UnrestrictedScope()
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        return scope;
    }

    /// <summary>A unit of work scoped to one organisation, as a web request after its membership check.</summary>
    public AsyncServiceScope OrganisationScope(Guid organisationId, Guid? userId = null)
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().EnterOrganisation(organisationId, userId);
        return scope;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
