using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Publishing;
using Signpost.Core.Features.Sandbox;
using Signpost.Platforms;
using Signpost.Platforms.Sandbox;
using Signpost.Tests.Shared;

namespace Signpost.Core.Tests.Publishing;

/// <summary>
/// The Core services on a migrated database with the demo data and a clock the test moves, plus
/// the real Sandbox network, and a second network ("X" here) that is the same Sandbox behind a
/// connector without idempotency, for the unknown-outcome paths.
/// </summary>
public sealed class PublishingFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;
    // Whole seconds: PostgreSQL keeps microseconds, so a tick-precise start would not round-trip.
    public TestClock Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    public Guid OrganisationId { get; private set; }
    public Guid AuthorId { get; private set; }
    public Guid ManagerId { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Services = BuildServices("node-a");
        await SignpostCoreServices.MigrateAsync(Services);
        await using var scope = UnrestrictedScope();
        await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        OrganisationId = await db.Organisations.Where(o => o.Slug == DemoData.IcbSlug).Select(o => o.Id).SingleAsync();
        AuthorId = await db.Users.Where(u => u.Email == "comms.officer@riverside.example").Select(u => u.Id).SingleAsync();
        ManagerId = await db.Users.Where(u => u.Email == "comms.manager@riverside.example").Select(u => u.Id).SingleAsync();
    }

    /// <summary>Another node's services on the same database (its own lease name).</summary>
    public ServiceProvider BuildServices(string node, Action<PublishingOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSignpostCore(Database.Options);
        services.AddSingleton<TimeProvider>(Clock);
        var options = new PublishingOptions { NodeName = node, BatchSize = 25, Parallelism = 4, Lease = TimeSpan.FromMinutes(2) };
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.AddSingleton<IPlatformConnector, SandboxWithoutIdempotency>();
        services.AddSingleton<PublicationDispatcher>();
        return services.BuildServiceProvider();
    }

    public AsyncServiceScope UnrestrictedScope(ServiceProvider? services = null)
    {
        var scope = (services ?? Services).CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        return scope;
    }

    /// <summary>A Sandbox account connected as a channel; returns the channel and the account.</summary>
    public async Task<(Channel Channel, SandboxAccount Account)> CreateChannelAsync(Network network = Network.Sandbox)
    {
        await using var scope = UnrestrictedScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var token = "sbx_" + Guid.NewGuid().ToString("N");
        var account = new SandboxAccount
        {
            Id = Guid.CreateVersion7(),
            Handle = "test-" + Guid.NewGuid().ToString("N")[..10],
            DisplayName = "Test account",
            TokenHash = SandboxNetwork.HashToken(token),
            CreatedAt = Clock.GetUtcNow(),
        };
        db.SandboxAccounts.Add(account);
        var channel = new Channel
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = OrganisationId,
            Network = network,
            Name = $"{account.Handle} on {network}",
            Handle = account.Handle,
            AccountId = account.Id.ToString(),
            CredentialCiphertext = scope.ServiceProvider.GetRequiredService<ChannelCredentials>().Protect(new PlatformCredential { AccessToken = token }),
            CreatedAt = Clock.GetUtcNow(),
            UpdatedAt = Clock.GetUtcNow(),
        };
        db.Channels.Add(channel);
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(
            new AuditRecord(AuditEventCode.ChannelConnected, Actor.System, OrganisationId, "Test channel", "Channel", channel.Id.ToString()));
        return (channel, account);
    }

    /// <summary>Approved posts scheduled at <paramref name="due"/> on the channels, as PostService leaves them.</summary>
    public async Task<List<Guid>> SchedulePostsAsync(int count, DateTimeOffset due, params Channel[] channels)
    {
        await using var scope = UnrestrictedScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var post = new Post
            {
                Id = Guid.CreateVersion7(),
                OrganisationId = OrganisationId,
                AuthorUserId = AuthorId,
                AuthorName = "Priya Shah",
                Title = $"Flu vaccine reminder {i}",
                Text = $"Flu vaccines are available at your GP surgery and pharmacy. Book yours today. ({i} {Guid.NewGuid():N})",
                State = PostState.Scheduled,
                ScheduledFor = due,
                CreatedAt = Clock.GetUtcNow(),
                UpdatedAt = Clock.GetUtcNow(),
            };
            foreach (var channel in channels)
            {
                post.Publications.Add(new Publication
                {
                    Id = Guid.CreateVersion7(),
                    OrganisationId = OrganisationId,
                    PostId = post.Id,
                    ChannelId = channel.Id,
                    DueAt = due,
                    AvailableAt = due,
                });
            }

            post.Approvals.Add(new PostApproval { Id = Guid.CreateVersion7(), PostId = post.Id, ApproverUserId = ManagerId, ApproverName = "Tom Okafor", PostVersion = 1, ApprovedAt = Clock.GetUtcNow() });
            db.Posts.Add(post);
            ids.Add(post.Id);
        }

        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(
            new AuditRecord(AuditEventCode.PostScheduled, Actor.System, OrganisationId, $"Scheduled {count} test posts"));
        return ids;
    }

    public async Task SetFaultAsync(Guid accountId, SandboxFault fault, int count, int retryAfterSeconds = 30)
    {
        await using var scope = UnrestrictedScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.SandboxAccounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Fault, fault).SetProperty(a => a.FaultRemaining, count).SetProperty(a => a.RetryAfterSeconds, retryAfterSeconds));
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>
    /// A network without idempotency keys (like X or Facebook), made of the real Sandbox network:
    /// publishing twice makes two posts, and the only way to know is to look.
    /// </summary>
    private sealed class SandboxWithoutIdempotency(SandboxNetwork network) : IPlatformConnector
    {
        private readonly SandboxConnector _inner = new(network);

        public Network Network => Network.X;
        public PlatformLimits Limits => _inner.Limits;
        public bool HasIdempotency => false;
        public ConnectionMethod ConnectionMethod => ConnectionMethod.Credentials;

        public Task<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken ct) => _inner.ConnectAsync(request, ct);

        // A fresh key per call: the platform cannot tell a repeat from a new post.
        public Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct) =>
            _inner.PublishAsync(request with { IdempotencyKey = request.IdempotencyKey + ":" + Guid.NewGuid().ToString("N") }, ct);

        public Task DeleteAsync(ChannelCall call, string platformPostId, CancellationToken ct) => _inner.DeleteAsync(call, platformPostId, ct);

        public Task<PostStatus> FetchStatusAsync(ChannelCall call, string platformPostId, CancellationToken ct) => _inner.FetchStatusAsync(call, platformPostId, ct);

        public Task<PublishResult?> FindPublishedAsync(PublishRequest request, CancellationToken ct)
        {
            // As the real connectors do: look through the account's recent posts for the exact text.
            return network.FindByTextAsync(request.Call.Account.AccountId, request.Call.Credential.AccessToken!, request.Text, ct);
        }
    }
}
