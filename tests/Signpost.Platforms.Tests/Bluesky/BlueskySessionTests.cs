using Signpost.Tests.Shared;

namespace Signpost.Platforms.Tests.Bluesky;

/// <summary>Keeping a channel's Bluesky session working: renewal, signing in again, and losing access.</summary>
public sealed class BlueskySessionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publish_AccessTokenExpired_RenewsSessionAndReturnsRenewedCredential()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("expired", Ct);
        var stale = channel.Connected.Credential with
        {
            AccessToken = channel.Network.ExpiredCopyOf(channel.Connected.Credential.AccessToken!),

            // Unknown expiry: the connector learns the token has expired from the PDS's answer.
            AccessTokenExpiresAt = null,
        };

        var result = await channel.Connector.PublishAsync(channel.Post("Flu clinic reminder.", credential: stale), Ct);

        Assert.NotNull(await channel.Network.GetRecordAsync(result.PlatformPostId, Ct));
        var renewed = Assert.IsType<PlatformCredential>(result.RenewedCredential);
        Assert.NotEqual(stale.AccessToken, renewed.AccessToken);
        Assert.NotEqual(stale.RefreshToken, renewed.RefreshToken);
        Assert.Equal(channel.Account.AppPassword, renewed.Password);
        Assert.True(renewed.AccessTokenExpiresAt > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Publish_AccessAndRefreshTokensSpent_SignsInAgainWithAppPassword()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("signin", Ct);
        var stale = channel.Connected.Credential with
        {
            AccessToken = channel.Network.ExpiredCopyOf(channel.Connected.Credential.AccessToken!),
            AccessTokenExpiresAt = null,
            RefreshToken = channel.Network.ExpiredCopyOf(channel.Connected.Credential.RefreshToken!),
        };

        var result = await channel.Connector.PublishAsync(channel.Post("Pharmacy rota for the weekend.", credential: stale), Ct);

        Assert.NotNull(await channel.Network.GetRecordAsync(result.PlatformPostId, Ct));
        Assert.NotNull(result.RenewedCredential?.AccessToken);
        Assert.NotEqual(stale.RefreshToken, result.RenewedCredential.RefreshToken);
    }

    [Fact]
    public async Task Publish_KnownExpiryPassed_RenewsBeforeCalling()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("early", Ct);
        var stale = channel.Connected.Credential with { AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-5) };

        var result = await channel.Connector.PublishAsync(channel.Post("Blood pressure checks at the library.", credential: stale), Ct);

        // An access token made in the same second as the first is the same token: the refresh token is new.
        Assert.NotNull(result.RenewedCredential);
        Assert.NotEqual(stale.RefreshToken, result.RenewedCredential.RefreshToken);
    }

    [Fact]
    public async Task Publish_AppPasswordRevoked_ThrowsAuthLostAndPostsNothing()
    {
        var channel = await BlueskyTestChannel.ConnectAsync("revoked", Ct);
        await channel.Network.RevokeAppPasswordAsync(channel.Account, ct: Ct);
        var stale = channel.Connected.Credential with
        {
            AccessToken = channel.Network.ExpiredCopyOf(channel.Connected.Credential.AccessToken!),
            AccessTokenExpiresAt = null,
        };

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            channel.Connector.PublishAsync(channel.Post("This should not be posted.", credential: stale), Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
        Assert.Contains("reconnect the channel", error.Message, StringComparison.Ordinal);
        Assert.Empty(await channel.Network.ListPostsAsync(channel.Account.Did, Ct));
    }
}
