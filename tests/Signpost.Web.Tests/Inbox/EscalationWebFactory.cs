using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Notifications;
using Signpost.Core.Features.Sandbox;
using Signpost.Platforms;
using Signpost.Platforms.Sandbox;
using Signpost.Policy.Triage;
using Signpost.Tests.Shared;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Inbox;

/// <summary>
/// The web host with a clock the tests set (out of hours by default: a Saturday, 2am in London) and
/// text messages going to a local GOV.UK Notify server; ways to make the public write to a Sandbox
/// channel and to run the escalation step and the text message sender as the background does.
/// </summary>
public class EscalationWebFactory : SignpostWebFactory
{
    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));

    public NotifyTestServer? Notify { get; private set; }

    /// <summary>False for a host with no GOV.UK Notify settings.</summary>
    protected virtual bool WithNotify => true;

    protected override async ValueTask StartDependenciesAsync()
    {
        if (WithNotify)
        {
            Notify = await NotifyTestServer.StartAsync(Clock);
        }
    }

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        if (Notify is not null)
        {
            builder.UseSetting("Notify:ApiKey", Notify.ApiKey);
            builder.UseSetting("Notify:BaseUrl", Notify.BaseUrl.ToString());
            builder.UseSetting("Notify:SmsTemplateId", Notify.TemplateId);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    private async Task<(Guid OrganisationId, Actor Manager)> ManagerAsync(AppDbContext db)
    {
        var organisationId = await db.Organisations.Where(o => o.Slug == DemoPeople.Icb).Select(o => o.Id).SingleAsync();
        var manager = await db.Users.SingleAsync(u => u.Email == DemoPeople.Manager);
        return (organisationId, new Actor(manager.Id, manager.DisplayName));
    }

    private Channel? _channel;

    /// <summary>A Sandbox account of the ICB connected as a channel, made once.</summary>
    public async Task<Channel> ChannelAsync()
    {
        if (_channel is not null)
        {
            return _channel;
        }

        await using var scope = DataScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var (organisationId, manager) = await ManagerAsync(db);
        var teamId = await db.Teams.Where(t => t.OrganisationId == organisationId).Select(t => t.Id).FirstAsync();
        var handle = "e" + Guid.NewGuid().ToString("N")[..12];
        var account = await scope.ServiceProvider.GetRequiredService<SandboxService>()
            .CreateAccountAsync(organisationId, new CreateSandboxAccountOptions(handle, "Test " + handle), manager);
        _channel = await scope.ServiceProvider.GetRequiredService<ChannelService>().ConnectWithCredentialsAsync(organisationId, Network.Sandbox,
            new ConnectRequest(handle, account.Token, null), new ChannelDetailsOptions(null, teamId), manager);
        await scope.ServiceProvider.GetRequiredService<SandboxNetwork>().PublishAsync(account.Account.Id.ToString(), account.Token,
            new PublishRequest(new ChannelCall(_channel.ToAccount(), new PlatformCredential { AccessToken = account.Token }),
                "Our walk-in centre is open all weekend.", [], Guid.NewGuid().ToString("N")), CancellationToken.None);
        return _channel;
    }

    /// <summary>A member of the public writes to the channel; the message is given the labels (as triage would) and the escalation step runs.</summary>
    public async Task<Guid> ReceiveAsync(string text, params TriageLabel[] labels)
    {
        var channel = await ChannelAsync();
        Guid id;
        await using (var scope = DataScope())
        {
            var (organisationId, manager) = await ManagerAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
            id = (await scope.ServiceProvider.GetRequiredService<SandboxInboundService>()
                .SendAsync(organisationId, channel.Id, new SandboxInboundOptions("comment", text, "q" + Guid.NewGuid().ToString("N")[..10]), manager)).MessageId;
        }

        var bits = InboxLabels.ToBits(labels);
        var priority = TriageLabels.PriorityOf(labels);
        await QueryAsync(db => db.InboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.LabelBits, bits).SetProperty(m => m.Priority, priority)));
        await using (var scope = DataScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var message = await db.InboxMessages.SingleAsync(m => m.Id == id);
            var author = await db.PublicAuthors.SingleAsync(a => a.Id == message.AuthorId);
            var stored = await db.Channels.SingleAsync(c => c.Id == message.ChannelId);
            await scope.ServiceProvider.GetServices<IInboxArrivalHandler>().OfType<EscalationHandler>().Single()
                .HandleAsync(new InboxArrival(message, stored, author), CancellationToken.None);
        }

        return id;
    }

    /// <summary>Sends what is in the text message outbox, as the background sender does.</summary>
    public Task<int> SendTextMessagesAsync() =>
        new SmsOutboxSender(Services.GetRequiredService<IServiceScopeFactory>(), Services.GetRequiredService<SmsOptions>(), Clock, NullLogger<SmsOutboxSender>.Instance)
            .SendDueAsync(50, CancellationToken.None);

    public Task<DutyPage> PageForAsync(Guid messageId) => QueryAsync(db => db.DutyPages.Where(p => p.MessageId == messageId).OrderByDescending(p => p.Level).FirstAsync());

    public async Task SetMobileAsync(string email, string number)
    {
        await using var scope = DataScope();
        var user = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.SingleAsync(u => u.Email == email);
        await scope.ServiceProvider.GetRequiredService<OnCallService>().SetMobileNumberAsync(user.Id, number, new Actor(user.Id, user.DisplayName));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Notify is not null)
        {
            await Notify.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>The same, with no GOV.UK Notify settings: pages go by email and in the app, and say so.</summary>
public sealed class EscalationWebFactoryWithoutSms : EscalationWebFactory
{
    protected override bool WithNotify => false;
}
