using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Signpost.Core.Audit;
using Signpost.Core.Features.Channels;
using Signpost.Core.Jobs;
using Signpost.Platforms;

namespace Signpost.Core.Tests.Channels;

public sealed class WarnExpiringCredentialsJobTests(ChannelsFixture fixture) : IClassFixture<ChannelsFixture>
{
    [Fact]
    public async Task Execute_CredentialExpiringWithinAWeek_WarnsTheManagersOnceInTheAppAndByEmail()
    {
        var (channel, account) = await fixture.ConnectSandboxChannelAsync();
        await RenewAsync(channel.Id, account.Token, fixture.Clock.GetUtcNow().AddDays(5));

        await Job().Execute(null!, TestContext.Current.CancellationToken);
        await Job().Execute(null!, TestContext.Current.CancellationToken);

        Assert.Equal(1, await WarningsAsync(channel.Id));
        var reconnect = $"/o/riverside-icb/channels/{channel.Id}/reconnect";
        var notified = await fixture.QueryAsync(db => db.Notifications.AsNoTracking().Where(n => n.Link == reconnect && n.Kind == "channel-credential-expiring")
            .Join(db.Users, n => n.UserId, u => u.Id, (n, u) => new { u.Email, n.Title }).ToListAsync());
        Assert.Equal(["admin@riverside.example", "comms.manager@riverside.example"], notified.Select(n => n.Email).Order().ToArray());
        Assert.All(notified, n => Assert.Equal($"Reconnect {channel.Name}: its Sandbox sign-in expires in 5 days", n.Title));
        var emails = await fixture.QueryAsync(db => db.OutboxEmails.AsNoTracking().Where(e => e.TextBody.Contains(reconnect)).ToListAsync());
        Assert.Equal(["admin@riverside.example", "comms.manager@riverside.example"], emails.Select(e => e.To).Order().ToArray());
        Assert.NotNull((await fixture.QueryAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.Id == channel.Id))).ExpiryWarningSentAt);
    }

    [Fact]
    public async Task Execute_CredentialExpiringInMoreThanAWeek_SendsNothing()
    {
        var (channel, account) = await fixture.ConnectSandboxChannelAsync();
        await RenewAsync(channel.Id, account.Token, fixture.Clock.GetUtcNow().AddDays(8));

        await Job().Execute(null!, TestContext.Current.CancellationToken);

        Assert.Equal(0, await WarningsAsync(channel.Id));
        Assert.Null((await fixture.QueryAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.Id == channel.Id))).ExpiryWarningSentAt);
    }

    [Fact]
    public async Task Execute_OnTwoNodesAtOnce_SendsOneWarning()
    {
        var (channel, account) = await fixture.ConnectSandboxChannelAsync();
        await RenewAsync(channel.Id, account.Token, fixture.Clock.GetUtcNow().AddDays(2));

        await Task.WhenAll(Job().Execute(null!, TestContext.Current.CancellationToken).AsTask(), Job().Execute(null!, TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(1, await WarningsAsync(channel.Id));
        var reconnect = $"/o/riverside-icb/channels/{channel.Id}/reconnect";
        Assert.Equal(2, await fixture.QueryAsync(db => db.OutboxEmails.CountAsync(e => e.TextBody.Contains(reconnect))));
    }

    [Fact]
    public async Task Reconnect_AfterAWarning_ClearsItSoThatTheNextCredentialIsWarnedAbout()
    {
        var (channel, account) = await fixture.ConnectSandboxChannelAsync();
        await RenewAsync(channel.Id, account.Token, fixture.Clock.GetUtcNow().AddDays(3));
        await Job().Execute(null!, TestContext.Current.CancellationToken);

        await using (var scope = fixture.OrganisationScope(fixture.IcbId))
        {
            await scope.ServiceProvider.GetRequiredService<ChannelService>().ReconnectAsync(fixture.IcbId, channel.Id, new ConnectRequest("", account.Token, null), fixture.Manager);
        }

        var reconnected = await fixture.QueryAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.Id == channel.Id));
        Assert.Null(reconnected.ExpiryWarningSentAt);
        await RenewAsync(channel.Id, account.Token, fixture.Clock.GetUtcNow().AddDays(6));
        await Job().Execute(null!, TestContext.Current.CancellationToken);
        Assert.Equal(2, await WarningsAsync(channel.Id));
    }

    [Fact]
    public async Task Execute_DisconnectedChannel_IsNotWarnedAbout()
    {
        var (channel, account) = await fixture.ConnectSandboxChannelAsync();
        await RenewAsync(channel.Id, account.Token, fixture.Clock.GetUtcNow().AddDays(1));
        await using (var scope = fixture.OrganisationScope(fixture.IcbId))
        {
            await scope.ServiceProvider.GetRequiredService<ChannelService>().DisconnectAsync(fixture.IcbId, channel.Id, null, fixture.Manager);
        }

        await Job().Execute(null!, TestContext.Current.CancellationToken);

        Assert.Equal(0, await WarningsAsync(channel.Id));
    }

    private WarnExpiringCredentialsJob Job() =>
        new(fixture.Services.GetRequiredService<IServiceScopeFactory>(), fixture.Clock, NullLogger<WarnExpiringCredentialsJob>.Instance);

    private async Task RenewAsync(Guid channelId, string token, DateTimeOffset expiresAt)
    {
        await using var scope = fixture.UnrestrictedScope();
        await scope.ServiceProvider.GetRequiredService<ChannelService>()
            .SaveRenewedCredentialAsync(channelId, new PlatformCredential { AccessToken = token, ExpiresAt = expiresAt }, Actor.System);
    }

    private Task<int> WarningsAsync(Guid channelId) =>
        fixture.QueryAsync(db => db.AuditEvents.CountAsync(e => e.SubjectId == channelId.ToString() && e.Code == AuditEventCode.ChannelExpiryWarned));
}
