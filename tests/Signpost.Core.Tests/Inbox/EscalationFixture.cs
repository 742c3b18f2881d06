using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Tests.Posts;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Policy.Triage;
using Signpost.Tests.Shared;

namespace Signpost.Core.Tests.Inbox;

/// <summary>
/// Core services on a migrated database with the demo data, a clock the tests set (working hours
/// or not), and a local GOV.UK Notify server the text messages go to.
/// </summary>
public sealed class EscalationFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;
    public NotifyTestServer Notify { get; private set; } = null!;

    // A Tuesday, 10:00 in London (working hours); whole seconds so that PostgreSQL round-trips it.
    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    public Guid IcbId { get; private set; }
    public Actor Manager { get; private set; } = null!;
    public Actor Officer { get; private set; } = null!;
    public Actor DutyManager { get; private set; } = null!;
    public Actor Lead { get; private set; } = null!;
    public Channel Channel { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Notify = await NotifyTestServer.StartAsync(Clock);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notify:ApiKey"] = Notify.ApiKey,
            ["Notify:BaseUrl"] = Notify.BaseUrl.ToString(),
            ["Notify:SmsTemplateId"] = Notify.TemplateId,
            ["Email:PublicBaseUrl"] = "https://signpost.riverside.example",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSignpostCore(Database.Options, configuration);
        services.AddSingleton<TimeProvider>(Clock);
        Services = services.BuildServiceProvider();
        await SignpostCoreServices.MigrateAsync(Services);
        await using var scope = UnrestrictedScope();
        await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        IcbId = await db.Organisations.Where(o => o.Slug == DemoData.IcbSlug).Select(o => o.Id).SingleAsync();
        Manager = await TestData.ActorAsync(scope.ServiceProvider, "comms.manager@riverside.example");
        Officer = await TestData.ActorAsync(scope.ServiceProvider, "comms.officer@riverside.example");
        DutyManager = await TestData.ActorAsync(scope.ServiceProvider, "duty.manager@riverside.example");
        Lead = await TestData.ActorAsync(scope.ServiceProvider, "safeguarding.lead@riverside.example");
        Channel = await TestData.CreateChannelAsync(scope.ServiceProvider, IcbId, "Riverside ICB on Facebook", Network.Facebook);
    }

    public AsyncServiceScope UnrestrictedScope()
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        return scope;
    }

    /// <summary>A unit of work in the ICB, as a request by <paramref name="actor"/> after its membership check.</summary>
    public AsyncServiceScope ScopeFor(Actor actor)
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().EnterOrganisation(IcbId, actor.UserId);
        return scope;
    }

    /// <summary>Stores a message from the public as the ingestor would, with its triage labels, received now.</summary>
    public async Task<InboxMessage> ReceiveAsync(string text, params TriageLabel[] labels)
    {
        await using var scope = UnrestrictedScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = Clock.GetUtcNow();
        var handle = "p" + Guid.NewGuid().ToString("N")[..10];
        var author = new PublicAuthor
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = IcbId,
            ChannelId = Channel.Id,
            Network = Channel.Network,
            PlatformId = "u-" + handle,
            Handle = handle,
            DisplayName = "Sam " + handle,
            FirstSeenAt = now,
            LastSeenAt = now,
            UpdatedAt = now,
        };
        var root = "post-" + Guid.NewGuid().ToString("N")[..8];
        var message = new InboxMessage
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = IcbId,
            ChannelId = Channel.Id,
            Network = Channel.Network,
            PlatformId = "c-" + Guid.NewGuid().ToString("N"),
            Kind = InboundKind.Comment,
            Text = text,
            AuthorId = author.Id,
            InReplyToPlatformId = root,
            RootPlatformId = root,
            Url = $"https://www.facebook.com/riversideicb/posts/{root}",
            SentAt = now.AddMinutes(-1),
            ReceivedAt = now,
            LabelBits = InboxLabels.ToBits(labels),
            Priority = TriageLabels.PriorityOf(labels),
            OutOfHours = Policy.Calendar.WorkingHoursCalendar.Default.IsOutOfHours(now),
            UpdatedAt = now,
        };
        db.PublicAuthors.Add(author);
        db.InboxMessages.Add(message);
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(
            new AuditRecord(AuditEventCode.InboxMessagesReceived, Actor.System, IcbId, "Received 1 message (test)"));
        return message;
    }

    /// <summary>Runs the escalation step on a stored message, as the arrival processor does.</summary>
    public async Task HandleArrivalAsync(Guid messageId)
    {
        await using var scope = UnrestrictedScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var message = await db.InboxMessages.SingleAsync(m => m.Id == messageId);
        var channel = await db.Channels.SingleAsync(c => c.Id == message.ChannelId);
        var author = await db.PublicAuthors.SingleAsync(a => a.Id == message.AuthorId);
        var handler = scope.ServiceProvider.GetServices<IInboxArrivalHandler>().OfType<EscalationHandler>().Single();
        await handler.HandleAsync(new InboxArrival(message, channel, author), CancellationToken.None);
    }

    /// <summary>Puts a person on call from an hour ago for twelve hours at the given order (1 first).</summary>
    public async Task<OnCallShift> OnCallAsync(Actor person, int position)
    {
        await using var scope = ScopeFor(Manager);
        var now = Clock.GetUtcNow();
        return await scope.ServiceProvider.GetRequiredService<OnCallService>()
            .AddShiftAsync(IcbId, new AddOnCallShiftOptions(person.UserId, now.AddHours(-1), now.AddHours(11), position), Manager);
    }

    public async Task SetMobileAsync(Actor person, string? number)
    {
        await using var scope = UnrestrictedScope();
        await scope.ServiceProvider.GetRequiredService<OnCallService>().SetMobileNumberAsync(person.UserId!.Value, number, person);
    }

    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = UnrestrictedScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Notify.DisposeAsync();
        await Database.DisposeAsync();
    }
}
