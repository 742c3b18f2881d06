using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Inbox;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Policy.Triage;
using Signpost.Tests.Shared;

namespace Signpost.Core.Tests.Inbox;

/// <summary>An inbox connector that records what it is asked and answers as told.</summary>
public sealed class RecordingInboxConnector(Network network) : IInboxConnector
{
    private readonly Lock _lock = new();
    private readonly List<ReplyRequest> _replies = [];

    public Network Network => network;

    /// <summary>When set, the next reply fails with it.</summary>
    public PlatformException? FailNext { get; set; }

    public IReadOnlyList<ReplyRequest> Replies
    {
        get
        {
            lock (_lock)
            {
                return [.. _replies];
            }
        }
    }

    public bool Supports(ModerationAction action, InboundKind kind) => true;

    public Task<PublishResult> ReplyAsync(ReplyRequest request, CancellationToken ct)
    {
        lock (_lock)
        {
            if (FailNext is { } failure)
            {
                FailNext = null;
                throw failure;
            }

            _replies.Add(request);
        }

        return Task.FromResult(new PublishResult($"reply-{request.IdempotencyKey}", new Uri($"https://sandbox.example/replies/{request.IdempotencyKey}")));
    }

    public Task<ModerationResult> ModerateAsync(ModerationRequest request, CancellationToken ct) => Task.FromResult(new ModerationResult(null));
}

/// <summary>The demo data with the Core services on a test clock (Tuesday 24 November 2026, 10:00 in London), and recording connectors for the Sandbox and Facebook.</summary>
public sealed class WorkflowFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;
    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    public RecordingInboxConnector Sandbox { get; } = new(Network.Sandbox);
    public RecordingInboxConnector Facebook { get; } = new(Network.Facebook);

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSignpostCore(Database.Options);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IInboxConnector>(Sandbox);
        services.AddSingleton<IInboxConnector>(Facebook);
        Services = services.BuildServiceProvider();
        await SignpostCoreServices.MigrateAsync(Services);
        await using var scope = Scope();
        await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync();
    }

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

/// <summary>Inbox messages made directly in the database, with an audit record, as ingestion stores them.</summary>
public static class WorkflowTestData
{
    public static async Task<Channel> ChannelAsync(IServiceProvider services, Guid organisationId, Network network = Network.Sandbox, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var channel = new Channel
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            Network = network,
            Name = $"Inbox {network} {suffix}",
            Handle = $"riversideicb{suffix}",
            AccountId = $"account-{suffix}",
            CredentialCiphertext = services.GetRequiredService<ChannelCredentials>().Protect(new PlatformCredential { AccessToken = "token-" + suffix }),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Channels.Add(channel);
        await services.GetRequiredService<AuditTrail>().SaveChangesAsync(
            new AuditRecord(AuditEventCode.ChannelConnected, Actor.System, organisationId, $"Connected {channel.Name}", "Channel", channel.Id.ToString()), ct);
        return channel;
    }

    public static async Task<InboxMessage> MessageAsync(IServiceProvider services, Channel channel, string text,
        IReadOnlyList<TriageLabel>? labels = null, DateTimeOffset? receivedAt = null, DateTimeOffset? dueAt = null, bool noDue = false,
        InboundKind kind = InboundKind.Comment, string? author = null, string? conversationId = null, string? root = null, bool outOfHours = false,
        InboxStatus status = InboxStatus.New, DateTimeOffset? respondedAt = null, Guid? id = null, string? reasonsJson = null, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var handle = author ?? "member.of.public";
        var person = await db.PublicAuthors.FirstOrDefaultAsync(a => a.ChannelId == channel.Id && a.PlatformId == "did:" + handle, ct);
        if (person is null)
        {
            person = new PublicAuthor
            {
                Id = Guid.CreateVersion7(),
                OrganisationId = channel.OrganisationId,
                ChannelId = channel.Id,
                Network = channel.Network,
                PlatformId = "did:" + handle,
                Handle = handle,
                FirstSeenAt = now,
                LastSeenAt = now,
                UpdatedAt = now,
            };
            db.PublicAuthors.Add(person);
        }

        var received = receivedAt ?? now;
        var list = labels ?? [];
        var message = new InboxMessage
        {
            Id = id ?? Guid.CreateVersion7(),
            OrganisationId = channel.OrganisationId,
            ChannelId = channel.Id,
            Network = channel.Network,
            PlatformId = "post-" + Guid.NewGuid().ToString("N"),
            Kind = kind,
            Text = text,
            AuthorId = person.Id,
            ConversationId = conversationId,
            RootPlatformId = root,
            SentAt = received,
            ReceivedAt = received,
            LabelBits = InboxLabels.ToBits(list),
            Priority = TriageLabels.PriorityOf(list),
            OutOfHours = outOfHours,
            TriageReasonsJson = reasonsJson ?? "[]",
            Status = status,
            ResponseDueAt = noDue ? null : dueAt ?? received.AddHours(2),
            FirstRespondedAt = respondedAt,
            UpdatedAt = now,
        };
        db.InboxMessages.Add(message);
        await services.GetRequiredService<AuditTrail>().SaveChangesAsync(
            new AuditRecord(AuditEventCode.InboxMessagesReceived, Actor.System, channel.OrganisationId, "Received 1 message", "Channel", channel.Id.ToString()), ct);
        db.ChangeTracker.Clear();
        return message;
    }
}
