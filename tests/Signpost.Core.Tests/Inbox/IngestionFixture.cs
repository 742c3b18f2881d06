using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Sandbox;
using Signpost.Platforms;
using Signpost.Tests.Shared;

namespace Signpost.Core.Tests.Inbox;

/// <summary>An arrival step for tests: records what it saw, and fails while told to.</summary>
public sealed class RecordingArrivalHandler(IngestionFixture fixture) : IInboxArrivalHandler
{
    public int Order => 150;

    public Task HandleAsync(InboxArrival arrival, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(arrival);
        fixture.Seen.Add((arrival.Message.Id, arrival.Author.Handle));
        if (fixture.FailFor.Contains(arrival.Message.Id))
        {
            throw new InvalidOperationException("The test step was told to fail.");
        }

        return Task.CompletedTask;
    }
}

/// <summary>Core services on a migrated database with the demo data, a clock the test moves, and a recording arrival step.</summary>
public sealed class IngestionFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;

    // A Tuesday, 10:00 in London (GMT in November), whole seconds so that PostgreSQL round-trips it.
    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    public Guid IcbId { get; private set; }
    public Guid CommsTeamId { get; private set; }
    public Actor Manager { get; private set; } = null!;
    public System.Collections.Concurrent.ConcurrentBag<(Guid MessageId, string Author)> Seen { get; } = [];
    public System.Collections.Concurrent.ConcurrentDictionary<Guid, bool> FailForSet { get; } = new();
    public ICollection<Guid> FailFor => FailForSet.Keys;

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSignpostCore(Database.Options);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(this);
        services.AddScoped<IInboxArrivalHandler, RecordingArrivalHandler>();
        Services = services.BuildServiceProvider();
        await SignpostCoreServices.MigrateAsync(Services);
        await using var scope = UnrestrictedScope();
        await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        IcbId = await db.Organisations.Where(o => o.Slug == DemoData.IcbSlug).Select(o => o.Id).SingleAsync();
        CommsTeamId = await db.Teams.Where(t => t.OrganisationId == IcbId && t.Name == "Communications and engagement").Select(t => t.Id).SingleAsync();
        var manager = await db.Users.SingleAsync(u => u.Email == "comms.manager@riverside.example");
        Manager = new Actor(manager.Id, manager.DisplayName);
    }

    public AsyncServiceScope UnrestrictedScope()
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        return scope;
    }

    /// <summary>A new Sandbox account connected as a channel of the ICB.</summary>
    public async Task<(Channel Channel, CreatedSandboxAccount Account)> ConnectSandboxChannelAsync()
    {
        var handle = "t" + Guid.NewGuid().ToString("N")[..12];
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().EnterOrganisation(IcbId, Manager.UserId);
        var account = await scope.ServiceProvider.GetRequiredService<SandboxService>()
            .CreateAccountAsync(IcbId, new CreateSandboxAccountOptions(handle, "Test " + handle), Manager);
        var channel = await scope.ServiceProvider.GetRequiredService<ChannelService>().ConnectWithCredentialsAsync(IcbId, Network.Sandbox,
            new ConnectRequest(handle, account.Token, null), new ChannelDetailsOptions(null, CommsTeamId), Manager);
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
