using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Inbox;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Policy.Triage;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Inbox;

/// <summary>An inbox connector for the Sandbox that records replies (the last registration for a network wins).</summary>
public sealed class RecordingSandboxInboxConnector : IInboxConnector
{
    private readonly Lock _lock = new();
    private readonly List<ReplyRequest> _replies = [];

    public Network Network => Network.Sandbox;

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
            _replies.Add(request);
        }

        return Task.FromResult(new PublishResult("reply-" + request.IdempotencyKey, null));
    }

    public Task<ModerationResult> ModerateAsync(ModerationRequest request, CancellationToken ct) => Task.FromResult(new ModerationResult(null));
}

/// <summary>The web host with <see cref="RecordingSandboxInboxConnector"/>, and builders for inbox messages stored as ingestion stores them.</summary>
public sealed class InboxWorkflowWebFactory : SignpostWebFactory
{
    public RecordingSandboxInboxConnector Connector { get; } = new();

    protected override void ConfigureSettings(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<IInboxConnector>(Connector));

    /// <summary>A Sandbox channel with a stored credential.</summary>
    public async Task<Channel> ChannelAsync(string slug)
    {
        await using var scope = DataScope();
        var s = scope.ServiceProvider;
        var db = s.GetRequiredService<AppDbContext>();
        var organisationId = await db.Organisations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        var channel = new Channel
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            Network = Network.Sandbox,
            Name = $"Inbox Sandbox {suffix}",
            Handle = $"inbox{suffix}",
            AccountId = $"inbox-{suffix}",
            CredentialCiphertext = s.GetRequiredService<ChannelCredentials>().Protect(new PlatformCredential { AccessToken = "token" }),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Channels.Add(channel);
        await s.GetRequiredService<AuditTrail>().SaveChangesAsync(new AuditRecord(AuditEventCode.ChannelConnected, Actor.System, organisationId, $"Connected {channel.Name}", "Channel", channel.Id.ToString()));
        return channel;
    }

    /// <summary>A message from the public, stored with its audit record as the ingestor would.</summary>
    public async Task<InboxMessage> MessageAsync(Channel channel, string text, IReadOnlyList<TriageLabel>? labels = null, string author = "member.of.public",
        InboundKind kind = InboundKind.Comment, DateTimeOffset? receivedAt = null, string reasonsJson = "[]")
    {
        await using var scope = DataScope();
        var s = scope.ServiceProvider;
        var db = s.GetRequiredService<AppDbContext>();
        var now = receivedAt ?? DateTimeOffset.UtcNow;
        var person = await db.PublicAuthors.FirstOrDefaultAsync(a => a.ChannelId == channel.Id && a.PlatformId == "did:" + author);
        if (person is null)
        {
            person = new PublicAuthor
            {
                Id = Guid.CreateVersion7(),
                OrganisationId = channel.OrganisationId,
                ChannelId = channel.Id,
                Network = channel.Network,
                PlatformId = "did:" + author,
                Handle = author,
                FirstSeenAt = now,
                LastSeenAt = now,
                UpdatedAt = now,
            };
            db.PublicAuthors.Add(person);
        }

        var list = labels ?? [];
        var message = new InboxMessage
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = channel.OrganisationId,
            ChannelId = channel.Id,
            Network = channel.Network,
            PlatformId = "post-" + Guid.NewGuid().ToString("N"),
            Kind = kind,
            Text = text,
            AuthorId = person.Id,
            SentAt = now,
            ReceivedAt = now,
            LabelBits = InboxLabels.ToBits(list),
            Priority = TriageLabels.PriorityOf(list),
            TriageReasonsJson = reasonsJson,
            // A week ahead, so that the clock reads "waiting" whatever the time of day the test runs.
            ResponseDueAt = now.AddDays(7),
            UpdatedAt = now,
        };
        db.InboxMessages.Add(message);
        await s.GetRequiredService<AuditTrail>().SaveChangesAsync(new AuditRecord(AuditEventCode.InboxMessagesReceived, Actor.System, channel.OrganisationId, "Received 1 message", "Channel", channel.Id.ToString()));
        return message;
    }
}
