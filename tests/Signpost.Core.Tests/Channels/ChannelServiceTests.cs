using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Validation;
using Signpost.Platforms;
using Signpost.Policy;

namespace Signpost.Core.Tests.Channels;

public sealed class ChannelServiceTests(ChannelsFixture fixture) : IClassFixture<ChannelsFixture>
{
    [Fact]
    public async Task ConnectWithCredentials_SandboxToken_StoresOnlyTheCiphertextAndAuditsTheConnection()
    {
        var (channel, account) = await fixture.ConnectSandboxChannelAsync();

        var stored = await fixture.QueryAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.Id == channel.Id));
        Assert.Equal(ChannelStatus.Active, stored.Status);
        Assert.Equal(account.Account.Handle, stored.Handle);
        Assert.Equal(account.Account.Id.ToString(), stored.AccountId);
        Assert.NotNull(stored.CredentialCiphertext);
        Assert.DoesNotContain(account.Token, JsonSerializer.Serialize(stored), StringComparison.Ordinal);
        var events = await fixture.QueryAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.SubjectId == channel.Id.ToString()).ToListAsync());
        var connected = Assert.Single(events);
        Assert.Equal(AuditEventCode.ChannelConnected, connected.Code);
        Assert.Equal(fixture.Manager.Name, connected.ActorName);
        Assert.DoesNotContain(account.Token, connected.Changes ?? "", StringComparison.Ordinal);
        // The ciphertext is the token, encrypted: Signpost can read it back.
        var credentials = fixture.Services.GetRequiredService<ChannelCredentials>();
        Assert.Equal(account.Token, credentials.Unprotect(stored).AccessToken);
    }

    [Fact]
    public async Task ReadCredential_OfAChannel_ReturnsItAndRecordsTheRead()
    {
        var (channel, account) = await fixture.ConnectSandboxChannelAsync();

        ChannelCall call;
        await using (var scope = fixture.UnrestrictedScope())
        {
            call = await scope.ServiceProvider.GetRequiredService<ChannelService>().ReadCredentialAsync(channel.Id, "check the connection", Actor.System);
        }

        Assert.Equal(account.Token, call.Credential.AccessToken);
        Assert.Equal(account.Account.Handle, call.Account.Handle);
        var read = await fixture.QueryAsync(db => db.AuditEvents.AsNoTracking()
            .SingleAsync(e => e.SubjectId == channel.Id.ToString() && e.Code == AuditEventCode.ChannelCredentialRead));
        Assert.Contains("check the connection", read.Summary, StringComparison.Ordinal);
        Assert.Equal(fixture.IcbId, read.OrganisationId);
    }

    [Fact]
    public async Task ConnectWithCredentials_TheSameAccountTwice_IsRefusedWithAClearError()
    {
        var (channel, account) = await fixture.ConnectSandboxChannelAsync();
        await using var scope = fixture.OrganisationScope(fixture.IcbId);
        var service = scope.ServiceProvider.GetRequiredService<ChannelService>();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => service.ConnectWithCredentialsAsync(fixture.IcbId, Network.Sandbox,
            new ConnectRequest(account.Account.Handle, account.Token, null), new ChannelDetailsOptions("Again", null), fixture.Manager));

        Assert.Equal($"@{account.Account.Handle} is already connected as {channel.Name}", Assert.Single(error.Errors["Handle"]));
        Assert.Equal(1, await fixture.QueryAsync(db => db.Channels.CountAsync(c => c.AccountId == account.Account.Id.ToString())));
    }

    [Fact]
    public async Task ConnectWithCredentials_WrongToken_GivesAClearErrorAndStoresNothing()
    {
        var account = await fixture.CreateSandboxAccountAsync();
        var channelsBefore = await fixture.QueryAsync(db => db.Channels.CountAsync());
        var eventsBefore = await fixture.QueryAsync(db => db.AuditEvents.CountAsync(e => e.OrganisationId == fixture.IcbId));
        await using var scope = fixture.OrganisationScope(fixture.IcbId);
        var service = scope.ServiceProvider.GetRequiredService<ChannelService>();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => service.ConnectWithCredentialsAsync(fixture.IcbId, Network.Sandbox,
            new ConnectRequest(account.Account.Handle, "sbx_not-the-token", null), new ChannelDetailsOptions(null, null), fixture.Manager));

        Assert.StartsWith("The Sandbox did not accept that handle and token.", Assert.Single(error.Errors["Secret"]), StringComparison.Ordinal);
        Assert.Equal(channelsBefore, await fixture.QueryAsync(db => db.Channels.CountAsync()));
        Assert.Equal(eventsBefore, await fixture.QueryAsync(db => db.AuditEvents.CountAsync(e => e.OrganisationId == fixture.IcbId)));
    }

    [Fact]
    public async Task ConnectWithCredentials_MissingFieldsAndBadDetails_ListsEveryErrorAndCallsNoNetwork()
    {
        await using var scope = fixture.OrganisationScope(fixture.IcbId);
        var service = scope.ServiceProvider.GetRequiredService<ChannelService>();
        var trustTeam = await fixture.QueryAsync(db => db.Teams.Where(t => t.OrganisationId == fixture.TrustId).Select(t => t.Id).FirstAsync());

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => service.ConnectWithCredentialsAsync(fixture.IcbId, Network.Sandbox,
            new ConnectRequest("", "", null), new ChannelDetailsOptions(null, trustTeam, AccountKind: AccountKind.Personal, ApprovalsRequired: 6), fixture.Manager));

        Assert.Equal(["Handle", "Secret", "OwningTeamId", "AccountKind", "ApprovalsRequired"], error.Errors.Keys.ToArray());
    }

    [Fact]
    public async Task PauseResumeAndDisconnect_EachIsRecordedAndDisconnectDeletesTheCredential()
    {
        var (channel, _) = await fixture.ConnectSandboxChannelAsync();
        await using (var scope = fixture.OrganisationScope(fixture.IcbId))
        {
            var service = scope.ServiceProvider.GetRequiredService<ChannelService>();
            await service.PauseAsync(fixture.IcbId, channel.Id, "Period of mourning", fixture.Manager);
            Assert.Equal(ChannelStatus.Paused, (await fixture.QueryAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.Id == channel.Id))).Status);
            await service.ResumeAsync(fixture.IcbId, channel.Id, null, fixture.Manager);
        }

        await using (var scope = fixture.OrganisationScope(fixture.IcbId))
        {
            await scope.ServiceProvider.GetRequiredService<ChannelService>().DisconnectAsync(fixture.IcbId, channel.Id, "Account closed", fixture.Manager);
        }

        var stored = await fixture.QueryAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.Id == channel.Id));
        Assert.Equal(ChannelStatus.Disconnected, stored.Status);
        Assert.Equal("Account closed", stored.StatusReason);
        Assert.Null(stored.CredentialCiphertext);
        var codes = await fixture.QueryAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.SubjectId == channel.Id.ToString())
            .OrderBy(e => e.Sequence).Select(e => e.Code).ToListAsync());
        Assert.Equal([AuditEventCode.ChannelConnected, AuditEventCode.ChannelPaused, AuditEventCode.ChannelResumed, AuditEventCode.ChannelDisconnected], codes);
        var paused = await fixture.QueryAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.SubjectId == channel.Id.ToString() && e.Code == AuditEventCode.ChannelPaused));
        Assert.Contains("Period of mourning", paused.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pause_WithoutAReason_IsRefusedAndChangesNothing()
    {
        var (channel, _) = await fixture.ConnectSandboxChannelAsync();
        await using var scope = fixture.OrganisationScope(fixture.IcbId);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            scope.ServiceProvider.GetRequiredService<ChannelService>().PauseAsync(fixture.IcbId, channel.Id, "  ", fixture.Manager));

        Assert.Equal("Enter why the channel is being paused", Assert.Single(error.Errors["Reason"]));
        Assert.Equal(ChannelStatus.Active, (await fixture.QueryAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.Id == channel.Id))).Status);
    }

    [Fact]
    public async Task Reconnect_AsAnotherAccount_IsRefusedAndKeepsTheChannelAsItWas()
    {
        var (channel, _) = await fixture.ConnectSandboxChannelAsync();
        var other = await fixture.CreateSandboxAccountAsync();
        var before = await fixture.QueryAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.Id == channel.Id));
        await using var scope = fixture.OrganisationScope(fixture.IcbId);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => scope.ServiceProvider.GetRequiredService<ChannelService>()
            .ReconnectAsync(fixture.IcbId, channel.Id, new ConnectRequest(other.Account.Handle, other.Token, null), fixture.Manager));

        Assert.Contains("a different account", Assert.Single(error.Errors["Secret"]), StringComparison.Ordinal);
        var after = await fixture.QueryAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.Id == channel.Id));
        Assert.Equal(before.CredentialCiphertext, after.CredentialCiphertext);
        Assert.Equal(before.AccountId, after.AccountId);
    }

    [Fact]
    public async Task Reconnect_ADisconnectedChannelWithItsOwnToken_MakesItActiveAndIsRecorded()
    {
        var (channel, account) = await fixture.ConnectSandboxChannelAsync();
        await using (var scope = fixture.OrganisationScope(fixture.IcbId))
        {
            await scope.ServiceProvider.GetRequiredService<ChannelService>().DisconnectAsync(fixture.IcbId, channel.Id, null, fixture.Manager);
        }

        await using (var scope = fixture.OrganisationScope(fixture.IcbId))
        {
            await scope.ServiceProvider.GetRequiredService<ChannelService>()
                .ReconnectAsync(fixture.IcbId, channel.Id, new ConnectRequest("", account.Token, null), fixture.Manager);
        }

        var stored = await fixture.QueryAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.Id == channel.Id));
        Assert.Equal(ChannelStatus.Active, stored.Status);
        Assert.Null(stored.StatusReason);
        Assert.Equal(account.Token, fixture.Services.GetRequiredService<ChannelCredentials>().Unprotect(stored).AccessToken);
        Assert.True(await fixture.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.SubjectId == channel.Id.ToString() && e.Code == AuditEventCode.ChannelReconnected)));
    }

    [Fact]
    public async Task UpdateDetails_ChangedFields_AreSavedWithTheirDifferences()
    {
        var (channel, _) = await fixture.ConnectSandboxChannelAsync();
        await using var scope = fixture.OrganisationScope(fixture.IcbId);

        await scope.ServiceProvider.GetRequiredService<ChannelService>().UpdateDetailsAsync(fixture.IcbId, channel.Id,
            new ChannelDetailsOptions("Riverside diabetes service", fixture.CommsTeamId, "Diabetes news", "Reach 5,000 people a month", "Weekdays 9 to 5",
                new DateOnly(2027, 3, 31), AccountKind.Departmental, 2), fixture.Manager);

        var stored = await fixture.QueryAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.Id == channel.Id));
        Assert.Equal(("Riverside diabetes service", AccountKind.Departmental, 2, new DateOnly(2027, 3, 31)), (stored.Name, stored.AccountKind, stored.ApprovalsRequired, stored.ReviewOn));
        var updated = await fixture.QueryAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.SubjectId == channel.Id.ToString() && e.Code == AuditEventCode.ChannelUpdated));
        Assert.Contains("\"approvalsRequired\":{\"from\":1,\"to\":2}", updated.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHandle_ADepartmentalHandleThatDoesNotNameTheOrganisation_IsFound()
    {
        await using var scope = fixture.OrganisationScope(fixture.IcbId);
        var service = scope.ServiceProvider.GetRequiredService<ChannelService>();
        var icb = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Organisations.SingleAsync(o => o.Id == fixture.IcbId);

        var unnamed = service.CheckHandle(icb, "diabetesteam", AccountKind.Departmental);
        var named = service.CheckHandle(icb, "riversideicbdiabetes", AccountKind.Departmental);
        var corporate = service.CheckHandle(icb, "diabetesteam", AccountKind.Corporate);

        Assert.Equal("ACCOUNT-DEPARTMENT-HANDLE", Assert.Single(unnamed).Code);
        Assert.Empty(named);
        Assert.Empty(corporate);
    }

    [Fact]
    public async Task MarkCredentialLost_DisconnectsTellsTheOwningManagersAndAdministratorsWithAReconnectLink()
    {
        var (channel, _) = await fixture.ConnectSandboxChannelAsync();
        await using (var scope = fixture.UnrestrictedScope())
        {
            await scope.ServiceProvider.GetRequiredService<ChannelService>().MarkCredentialLostAsync(channel.Id, "The Sandbox no longer accepts Signpost's token (401).");
        }

        var stored = await fixture.QueryAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.Id == channel.Id));
        Assert.Equal((ChannelStatus.Disconnected, "The Sandbox no longer accepts Signpost's token (401)."), (stored.Status, stored.StatusReason));
        Assert.Null(stored.CredentialCiphertext);
        var notified = await fixture.QueryAsync(db => db.Notifications.AsNoTracking().Where(n => n.Kind == "channel-credential-lost" && n.Link.Contains(channel.Id.ToString()))
            .Join(db.Users, n => n.UserId, u => u.Id, (n, u) => new { u.Email, n.Link }).ToListAsync());
        Assert.Equal(["admin@riverside.example", "comms.manager@riverside.example"], notified.Select(n => n.Email).Order().ToArray());
        Assert.All(notified, n => Assert.Equal($"/o/riverside-icb/channels/{channel.Id}/reconnect", n.Link));
        var link = $"/o/riverside-icb/channels/{channel.Id}/reconnect";
        var emails = await fixture.QueryAsync(db => db.OutboxEmails.AsNoTracking().Where(e => e.TextBody.Contains(link)).ToListAsync());
        Assert.Equal(["admin@riverside.example", "comms.manager@riverside.example"], emails.Select(e => e.To).Order().ToArray());
        Assert.All(emails, e => Assert.Contains(channel.Name, e.Subject, StringComparison.Ordinal));
        Assert.True(await fixture.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.SubjectId == channel.Id.ToString() && e.Code == AuditEventCode.ChannelCredentialLost)));
    }

    [Fact]
    public async Task UpdateDetails_OfAnotherOrganisationsChannel_IsNotFound()
    {
        var (channel, _) = await fixture.ConnectSandboxChannelAsync();
        await using var scope = fixture.OrganisationScope(fixture.TrustId);

        await Assert.ThrowsAsync<NotFoundException>(() => scope.ServiceProvider.GetRequiredService<ChannelService>()
            .UpdateDetailsAsync(fixture.TrustId, channel.Id, new ChannelDetailsOptions("Taken over", null), fixture.Manager));

        Assert.Equal(channel.Name, (await fixture.QueryAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.Id == channel.Id))).Name);
    }
}
