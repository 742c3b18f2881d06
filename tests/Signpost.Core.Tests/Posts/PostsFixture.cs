using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Media;
using Signpost.Core.Features.Users;
using Signpost.Platforms;
using Signpost.Tests.Shared;

namespace Signpost.Core.Tests.Posts;

/// <summary>The demo data on a migrated database, with the Core services reading <see cref="Clock"/>.</summary>
public sealed class PostsFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;
    /// <summary>Scheduling is about "now": the tests set it, and none waits for real time.</summary>
    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSignpostCore(Database.Options);
        services.AddSingleton<TimeProvider>(Clock);
        Services = services.BuildServiceProvider();
        await SignpostCoreServices.MigrateAsync(Services);
        await using var scope = Scope();
        await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync();
    }

    /// <summary>A unit of work that sees every organisation.</summary>
    public AsyncServiceScope Scope()
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        return scope;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>Test data builders for posts: channels, media, people, as the other features would make them.</summary>
public static class TestData
{
    /// <summary>Inserts a channel row (with its audit event), as the channel register would after connecting it.</summary>
    public static async Task<Channel> CreateChannelAsync(IServiceProvider services, Guid organisationId, string? name = null, Network network = Network.Sandbox,
        int approvalsRequired = 1, ChannelStatus status = ChannelStatus.Active, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var channel = new Channel
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            Network = network,
            Name = name ?? $"{network} {suffix}",
            Handle = $"riversideicb{suffix}",
            AccountId = $"account-{suffix}",
            ApprovalsRequired = approvalsRequired,
            Status = status,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Channels.Add(channel);
        await services.GetRequiredService<AuditTrail>().SaveChangesAsync(
            new AuditRecord(AuditEventCode.ChannelConnected, Actor.System, organisationId, $"Connected {channel.Name}", "Channel", channel.Id.ToString()), ct);
        return channel;
    }

    /// <summary>Inserts a media library item (with its audit event), as the media library would after an upload.</summary>
    public static async Task<MediaItem> CreateImageAsync(IServiceProvider services, Guid organisationId, string? altText, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var bytes = Guid.NewGuid().ToByteArray();
        var item = new MediaItem
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            FileName = $"clinic-{Guid.NewGuid():N}.png",
            ContentType = "image/png",
            Type = MediaType.Image,
            SizeBytes = bytes.Length,
            AltText = altText,
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.MediaItems.Add(item);
        db.MediaContents.Add(new MediaContent { MediaItemId = item.Id, Bytes = bytes });
        await services.GetRequiredService<AuditTrail>().SaveChangesAsync(
            new AuditRecord(AuditEventCode.MediaUploaded, Actor.System, organisationId, $"Uploaded {item.FileName}", "MediaItem", item.Id.ToString()), ct);
        return item;
    }

    /// <summary>A demo person as the actor the pages would pass.</summary>
    public static async Task<Actor> ActorAsync(IServiceProvider services, string email, CancellationToken ct = default)
    {
        var user = await services.GetRequiredService<AppDbContext>().Users.SingleAsync(u => u.Email == email, ct);
        return AccountService.ActorFor(user);
    }

    /// <summary>A new person in the organisation with the roles given.</summary>
    public static async Task<Actor> AddPersonAsync(IServiceProvider services, Guid organisationId, OrganisationRoles roles, CancellationToken ct = default)
    {
        var email = $"person-{Guid.NewGuid():N}@riverside.example";
        await services.GetRequiredService<MembershipService>().AddMemberAsync(organisationId,
            new AddMemberOptions(email, $"Test {OrganisationRoleNames.Describe(roles)}", null, roles, null, "a long enough test password"), Actor.System, ct);
        return await ActorAsync(services, email, ct);
    }

    public static async Task<Guid> IcbAsync(IServiceProvider services, CancellationToken ct = default) =>
        await services.GetRequiredService<AppDbContext>().Organisations.Where(o => o.Slug == DemoData.IcbSlug).Select(o => o.Id).SingleAsync(ct);
}
