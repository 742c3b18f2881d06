using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Features.Sandbox;
using Signpost.Core.Validation;
using Signpost.Platforms;

namespace Signpost.Core.Tests.Channels;

public sealed class SandboxServiceTests(ChannelsFixture fixture) : IClassFixture<ChannelsFixture>
{
    [Fact]
    public async Task CreateAccount_GivesATokenTheNetworkAcceptsAndStoresOnlyItsHash()
    {
        var created = await fixture.CreateSandboxAccountAsync();

        var account = await fixture.Services.GetRequiredService<SandboxNetwork>().VerifyAsync(created.Account.Handle, created.Token, TestContext.Current.CancellationToken);
        Assert.Equal(created.Account.Id.ToString(), account.AccountId);
        var stored = await fixture.QueryAsync(db => db.SandboxAccounts.AsNoTracking().SingleAsync(a => a.Id == created.Account.Id));
        Assert.Equal(SandboxNetwork.HashToken(created.Token), stored.TokenHash);
        Assert.Equal(fixture.IcbId, stored.CreatedByOrganisationId);
        var recorded = await fixture.QueryAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.SubjectId == created.Account.Id.ToString()));
        Assert.Equal((AuditEventCode.SandboxAccountCreated, fixture.IcbId), (recorded.Code, recorded.OrganisationId));
        Assert.DoesNotContain(created.Token, recorded.Changes ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAccount_WithAHandleAlreadyTaken_IsRefused()
    {
        var created = await fixture.CreateSandboxAccountAsync();
        await using var scope = fixture.OrganisationScope(fixture.TrustId);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => scope.ServiceProvider.GetRequiredService<SandboxService>()
            .CreateAccountAsync(fixture.TrustId, new CreateSandboxAccountOptions(created.Account.Handle.ToUpperInvariant(), "Copy"), fixture.Manager));

        Assert.Equal("Another Sandbox account already has this handle", Assert.Single(error.Errors["Handle"]));
    }

    [Fact]
    public async Task SetFault_ServerErrorForTheNextPost_FailsThatPostOnlyAndIsRecorded()
    {
        var created = await fixture.CreateSandboxAccountAsync();
        await using (var scope = fixture.OrganisationScope(fixture.IcbId))
        {
            await scope.ServiceProvider.GetRequiredService<SandboxService>()
                .SetFaultAsync(fixture.IcbId, created.Account.Id, new SetSandboxFaultOptions(SandboxFault.ServerError, 1), fixture.Manager);
        }

        var network = fixture.Services.GetRequiredService<SandboxNetwork>();
        var first = await Assert.ThrowsAsync<PlatformException>(() => network.PublishAsync(created.Account.Id.ToString(), created.Token, Request(created, "first"), TestContext.Current.CancellationToken));
        var second = await network.PublishAsync(created.Account.Id.ToString(), created.Token, Request(created, "second"), TestContext.Current.CancellationToken);

        Assert.Equal(PlatformErrorKind.Retryable, first.Kind);
        Assert.NotNull(second.Url);
        var recorded = await fixture.QueryAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.SubjectId == created.Account.Id.ToString() && e.Code == AuditEventCode.SandboxFaultSet));
        Assert.Contains("server error (500) for the next post", recorded.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeToken_ThenPublishing_GetsAuthLost()
    {
        var created = await fixture.CreateSandboxAccountAsync();
        await using (var scope = fixture.OrganisationScope(fixture.IcbId))
        {
            await scope.ServiceProvider.GetRequiredService<SandboxService>().RevokeTokenAsync(fixture.IcbId, created.Account.Id, fixture.Manager);
        }

        var error = await Assert.ThrowsAsync<PlatformException>(() => fixture.Services.GetRequiredService<SandboxNetwork>()
            .PublishAsync(created.Account.Id.ToString(), created.Token, Request(created, "after revoking"), TestContext.Current.CancellationToken));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
        Assert.True(await fixture.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.SubjectId == created.Account.Id.ToString() && e.Code == AuditEventCode.SandboxTokenRevoked)));
    }

    [Fact]
    public async Task SetFault_OnAnotherOrganisationsAccount_IsNotFound()
    {
        var created = await fixture.CreateSandboxAccountAsync(fixture.TrustId);
        await using var scope = fixture.OrganisationScope(fixture.IcbId);

        await Assert.ThrowsAsync<NotFoundException>(() => scope.ServiceProvider.GetRequiredService<SandboxService>()
            .SetFaultAsync(fixture.IcbId, created.Account.Id, new SetSandboxFaultOptions(SandboxFault.Reject, 0), fixture.Manager));

        Assert.Equal(SandboxFault.None, (await fixture.QueryAsync(db => db.SandboxAccounts.AsNoTracking().SingleAsync(a => a.Id == created.Account.Id))).Fault);
    }

    [Fact]
    public async Task SetFault_RateLimitWithABadRetryAfter_IsRefused()
    {
        var created = await fixture.CreateSandboxAccountAsync();
        await using var scope = fixture.OrganisationScope(fixture.IcbId);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => scope.ServiceProvider.GetRequiredService<SandboxService>()
            .SetFaultAsync(fixture.IcbId, created.Account.Id, new SetSandboxFaultOptions(SandboxFault.RateLimit, 101, 0), fixture.Manager));

        Assert.Equal(["Count", "RetryAfterSeconds"], error.Errors.Keys.ToArray());
    }

    private static PublishRequest Request(CreatedSandboxAccount created, string text) =>
        new(new ChannelCall(new PlatformAccount(created.Account.Id.ToString(), created.Account.Handle), new PlatformCredential { AccessToken = created.Token }),
            text, [], Guid.NewGuid().ToString("N"));
}
