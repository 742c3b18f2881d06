using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Sandbox;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Platforms.Sandbox;
using Signpost.Policy.Triage;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Inbox;

/// <summary>
/// The real Sandbox network behind a connector that, like several platforms, cannot hide direct
/// messages: what the network does is real, only what the connector claims differs.
/// </summary>
public sealed class SandboxThatCannotHideMessages(ISandboxNetwork network) : IInboxConnector
{
    private readonly SandboxInboxConnector _inner = new(network);

    public Network Network => Network.Sandbox;

    public bool Supports(ModerationAction action, InboundKind kind) =>
        !(action is ModerationAction.Hide or ModerationAction.Unhide && kind == InboundKind.Message);

    public Task<PublishResult> ReplyAsync(ReplyRequest request, CancellationToken ct) => _inner.ReplyAsync(request, ct);

    public Task<ModerationResult> ModerateAsync(ModerationRequest request, CancellationToken ct) => _inner.ModerateAsync(request, ct);
}

/// <summary>The web host with the Sandbox as above, and ways to make the public write to a new Sandbox channel of the ICB.</summary>
public sealed class ModerationWebFactory : SignpostWebFactory
{
    public const string Criticism = "The new booking system is a total shambles, sort it out.";

    protected override void ConfigureSettings(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<IInboxConnector, SandboxThatCannotHideMessages>());

    private async Task<(Guid OrganisationId, Actor Manager)> ManagerAsync(AppDbContext db)
    {
        var organisationId = await db.Organisations.Where(o => o.Slug == DemoPeople.Icb).Select(o => o.Id).SingleAsync();
        var manager = await db.Users.SingleAsync(u => u.Email == DemoPeople.Manager);
        return (organisationId, new Actor(manager.Id, manager.DisplayName));
    }

    /// <summary>A new Sandbox account connected as a channel of the ICB, with one post to comment on.</summary>
    public async Task<Channel> ConnectSandboxChannelAsync()
    {
        await using var scope = DataScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var (organisationId, manager) = await ManagerAsync(db);
        var teamId = await db.Teams.Where(t => t.OrganisationId == organisationId).Select(t => t.Id).FirstAsync();
        var handle = "w" + Guid.NewGuid().ToString("N")[..12];
        var account = await scope.ServiceProvider.GetRequiredService<SandboxService>()
            .CreateAccountAsync(organisationId, new CreateSandboxAccountOptions(handle, "Test " + handle), manager);
        var channel = await scope.ServiceProvider.GetRequiredService<ChannelService>().ConnectWithCredentialsAsync(organisationId, Network.Sandbox,
            new ConnectRequest(handle, account.Token, null), new ChannelDetailsOptions(null, teamId), manager);
        await scope.ServiceProvider.GetRequiredService<SandboxNetwork>().PublishAsync(account.Account.Id.ToString(), account.Token,
            new PublishRequest(new ChannelCall(channel.ToAccount(), new PlatformCredential { AccessToken = account.Token }),
                "Our flu clinics are open this weekend.", [], Guid.NewGuid().ToString("N")), CancellationToken.None);
        return channel;
    }

    /// <summary>A member of the public writes to the channel; the stored message's id.</summary>
    public async Task<Guid> SendAsync(Channel channel, string text, string? author = null, string kind = "comment")
    {
        await using var scope = DataScope();
        var (organisationId, manager) = await ManagerAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        var result = await scope.ServiceProvider.GetRequiredService<SandboxInboundService>()
            .SendAsync(organisationId, channel.Id, new SandboxInboundOptions(kind, text, author ?? NewHandle()), manager);
        return result.MessageId;
    }

    public static string NewHandle() => "q" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Sets a message's triage labels, as triage would have given them.</summary>
    public Task SetLabelsAsync(Guid messageId, params TriageLabel[] labels)
    {
        var bits = InboxLabels.ToBits(labels);
        return QueryAsync(db => db.InboxMessages.Where(m => m.Id == messageId).ExecuteUpdateAsync(s => s.SetProperty(m => m.LabelBits, bits)));
    }

    /// <summary>The channel's token stops working on the network (revoked there).</summary>
    public async Task RevokeAsync(Channel channel)
    {
        await using var scope = DataScope();
        var wrong = scope.ServiceProvider.GetRequiredService<ChannelCredentials>().Protect(new PlatformCredential { AccessToken = "sbx_revoked" });
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().Channels.Where(c => c.Id == channel.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CredentialCiphertext, wrong));
    }

    public async Task<ModerationRecord> ApplyAsync(string email, Guid messageId, ModerationAction action, string reason, string? note = null)
    {
        await using var scope = DataScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        return await scope.ServiceProvider.GetRequiredService<ModerationService>().ApplyAsync(messageId, action, reason, note, new Actor(user.Id, user.DisplayName));
    }

    public Task<InboxMessage> MessageAsync(Guid id) => QueryAsync(db => db.InboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    public Task<List<ModerationRecord>> RecordsAsync(Guid id) =>
        QueryAsync(db => db.ModerationRecords.AsNoTracking().Where(r => r.MessageId == id).ToListAsync());
}
