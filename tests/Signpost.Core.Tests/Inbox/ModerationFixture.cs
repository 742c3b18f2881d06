using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Sandbox;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Platforms.Sandbox;
using Signpost.Tests.Shared;

namespace Signpost.Core.Tests.Inbox;

/// <summary>
/// The real Sandbox network behind a connector that, like a Facebook Page, cannot block people or
/// hide direct messages: what the network does is real, only what the connector claims differs.
/// </summary>
public sealed class SandboxThatCannotBlock(ISandboxNetwork network) : IInboxConnector
{
    private readonly SandboxInboxConnector _inner = new(network);

    public Network Network => Network.Sandbox;

    public bool Supports(ModerationAction action, InboundKind kind) =>
        action is not (ModerationAction.Block or ModerationAction.Unblock) && !(action == ModerationAction.Hide && kind == InboundKind.Message);

    public Task<PublishResult> ReplyAsync(ReplyRequest request, CancellationToken ct) => _inner.ReplyAsync(request, ct);

    public Task<ModerationResult> ModerateAsync(ModerationRequest request, CancellationToken ct) => _inner.ModerateAsync(request, ct);
}

/// <summary>Core services on a migrated database with the demo data, the real Sandbox network, and the demo ICB's officer and manager.</summary>
public sealed class ModerationFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;

    /// <summary>The same database, with the Sandbox behind <see cref="SandboxThatCannotBlock"/>.</summary>
    public ServiceProvider Limited { get; private set; } = null!;

    // A Tuesday, 10:00 in London, whole seconds so that PostgreSQL round-trips it.
    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    public Guid IcbId { get; private set; }
    public Guid CommsTeamId { get; private set; }
    public Actor Manager { get; private set; } = null!;
    public Actor Officer { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Services = Build(limited: false);
        Limited = Build(limited: true);
        await SignpostCoreServices.MigrateAsync(Services);
        await using var scope = UnrestrictedScope();
        await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        IcbId = await db.Organisations.Where(o => o.Slug == DemoData.IcbSlug).Select(o => o.Id).SingleAsync();
        CommsTeamId = await db.Teams.Where(t => t.OrganisationId == IcbId && t.Name == "Communications and engagement").Select(t => t.Id).SingleAsync();
        var manager = await db.Users.SingleAsync(u => u.Email == "comms.manager@riverside.example");
        Manager = new Actor(manager.Id, manager.DisplayName);
        var officer = await db.Users.SingleAsync(u => u.Email == "comms.officer@riverside.example");
        Officer = new Actor(officer.Id, officer.DisplayName);
    }

    private ServiceProvider Build(bool limited)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSignpostCore(Database.Options);
        services.AddSingleton<TimeProvider>(Clock);
        if (limited)
        {
            services.AddSingleton<IInboxConnector, SandboxThatCannotBlock>();
        }

        return services.BuildServiceProvider();
    }

    public AsyncServiceScope UnrestrictedScope(ServiceProvider? services = null)
    {
        var scope = (services ?? Services).CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        return scope;
    }

    /// <summary>A unit of work in the ICB, as a request by <paramref name="actor"/> after its membership check.</summary>
    public AsyncServiceScope ScopeFor(Actor actor, ServiceProvider? services = null)
    {
        var scope = (services ?? Services).CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().EnterOrganisation(IcbId, actor.UserId);
        return scope;
    }

    /// <summary>A new Sandbox account connected as a channel of the ICB, with one post for the public to comment on.</summary>
    public async Task<Channel> ConnectSandboxChannelAsync()
    {
        var handle = "m" + Guid.NewGuid().ToString("N")[..12];
        await using var scope = ScopeFor(Manager);
        var account = await scope.ServiceProvider.GetRequiredService<SandboxService>()
            .CreateAccountAsync(IcbId, new CreateSandboxAccountOptions(handle, "Test " + handle), Manager);
        var channel = await scope.ServiceProvider.GetRequiredService<ChannelService>().ConnectWithCredentialsAsync(IcbId, Network.Sandbox,
            new ConnectRequest(handle, account.Token, null), new ChannelDetailsOptions(null, CommsTeamId), Manager);
        await scope.ServiceProvider.GetRequiredService<SandboxNetwork>().PublishAsync(account.Account.Id.ToString(), account.Token,
            new PublishRequest(new ChannelCall(channel.ToAccount(), new PlatformCredential { AccessToken = account.Token }),
                "Flu vaccines are available at your GP surgery and pharmacy. Book yours today.", [], Guid.NewGuid().ToString("N")), CancellationToken.None);
        return channel;
    }

    /// <summary>A member of the public sends something to the channel; returns the stored inbox message's id.</summary>
    public async Task<Guid> SendAsync(Channel channel, string text, string author, string kind = "comment")
    {
        await using var scope = ScopeFor(Manager);
        var result = await scope.ServiceProvider.GetRequiredService<SandboxInboundService>()
            .SendAsync(IcbId, channel.Id, new SandboxInboundOptions(kind, text, author), Manager);
        return result.MessageId;
    }

    /// <summary>A handle for a member of the public no other test uses.</summary>
    public static string NewHandle() => "p" + Guid.NewGuid().ToString("N")[..10];

    public async Task<ModerationRecord> ApplyAsync(Actor actor, Guid messageId, ModerationAction action, string reason, string? note = null, ServiceProvider? services = null)
    {
        await using var scope = ScopeFor(actor, services);
        return await scope.ServiceProvider.GetRequiredService<ModerationService>().ApplyAsync(messageId, action, reason, note, actor);
    }

    /// <summary>Sets a message's triage labels, as triage would have given them.</summary>
    public async Task SetLabelsAsync(Guid messageId, params Policy.Triage.TriageLabel[] labels)
    {
        var bits = InboxLabels.ToBits(labels);
        await QueryAsync(db => db.InboxMessages.Where(m => m.Id == messageId).ExecuteUpdateAsync(s => s.SetProperty(m => m.LabelBits, bits)));
    }

    public async Task SetBlockedWordsAsync(string words)
    {
        await using var scope = UnrestrictedScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var settings = await db.InboxSettings.FirstOrDefaultAsync(s => s.OrganisationId == IcbId);
        if (settings is null)
        {
            settings = new InboxSettings { OrganisationId = IcbId };
            db.InboxSettings.Add(settings);
        }

        settings.BlockedWords = words;
        settings.UpdatedAt = Clock.GetUtcNow();
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(
            new AuditRecord(AuditEventCode.InboxSettingsUpdated, Manager, IcbId, "Blocked words for a test"));
    }

    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = UnrestrictedScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await Limited.DisposeAsync();
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
