using Signpost.Tests.Shared;

namespace Signpost.Platforms.Tests.Bluesky;

/// <summary>Connecting an account on the real Bluesky servers (scripts/bluesky-testnet/).</summary>
public sealed class BlueskyConnectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Connect_HandleAndAppPassword_ReturnsAccountAndKeepsSession()
    {
        var network = BlueskyTestNetwork.Require();
        var account = await network.CreateAccountAsync("connect", Ct);
        var connector = BlueskyTestChannel.CreateConnector(network.Pds);

        var result = await connector.ConnectAsync(new ConnectRequest("@" + account.Handle, account.AppPassword, null), Ct);

        Assert.Equal(account.Did, result.Account.AccountId);
        Assert.Equal(account.Handle, result.Account.Handle);
        Assert.Equal(network.Pds, result.Account.ServiceUrl);
        Assert.Equal(account.AppPassword, result.Credential.Password);
        Assert.False(string.IsNullOrEmpty(result.Credential.AccessToken));
        Assert.False(string.IsNullOrEmpty(result.Credential.RefreshToken));
        Assert.True(result.Credential.AccessTokenExpiresAt > DateTimeOffset.UtcNow);
        Assert.Null(result.Credential.ExpiresAt);
        Assert.Equal(account.Handle, result.DisplayName);
    }

    [Fact]
    public async Task Connect_WrongAppPassword_ThrowsAuthLost()
    {
        var network = BlueskyTestNetwork.Require();
        var account = await network.CreateAccountAsync("wrong", Ct);
        var connector = BlueskyTestChannel.CreateConnector(network.Pds);

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            connector.ConnectAsync(new ConnectRequest(account.Handle, "aaaa-bbbb-cccc-dddd", network.Pds), Ct));

        Assert.Equal(PlatformErrorKind.AuthLost, error.Kind);
        Assert.Contains("app password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_AccountsOwnPassword_ThrowsRejectedAskingForAnAppPassword()
    {
        var network = BlueskyTestNetwork.Require();
        var account = await network.CreateAccountAsync("mainpw", Ct);
        var connector = BlueskyTestChannel.CreateConnector(network.Pds);

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            connector.ConnectAsync(new ConnectRequest(account.Handle, account.Password, network.Pds), Ct));

        Assert.Equal(PlatformErrorKind.Rejected, error.Kind);
        Assert.Contains("App passwords", error.Message, StringComparison.Ordinal);
    }
}
