using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms.Bluesky;
using Signpost.Tests.Shared;

namespace Signpost.Platforms.Tests.Bluesky;

/// <summary>
/// A Signpost channel on the Bluesky test network: a new account, connected through the connector
/// with an app password, as a person would in Signpost.
/// </summary>
internal sealed class BlueskyTestChannel
{
    private BlueskyTestChannel(BlueskyTestNetwork network, BlueskyConnector connector, BlueskyTestAccount account, ConnectResult connected)
    {
        Network = network;
        Connector = connector;
        Account = account;
        Connected = connected;
    }

    public BlueskyTestNetwork Network { get; }
    public BlueskyConnector Connector { get; }
    public BlueskyTestAccount Account { get; }
    public ConnectResult Connected { get; }
    public ChannelCall Call => new(Connected.Account, Connected.Credential);

    public static async Task<BlueskyTestChannel> ConnectAsync(string name, CancellationToken ct)
    {
        var network = BlueskyTestNetwork.Require();
        var account = await network.CreateAccountAsync(name, ct);
        var connector = CreateConnector(network.Pds);
        var connected = await connector.ConnectAsync(new ConnectRequest(account.Handle, account.AppPassword, null), ct);
        return new BlueskyTestChannel(network, connector, account, connected);
    }

    /// <summary>The connector as the app builds it (named HttpClient, options), with the test PDS as the default server.</summary>
    public static BlueskyConnector CreateConnector(Uri defaultService)
    {
        var options = new PlatformOptions();
        options.For(Signpost.Platforms.Network.Bluesky).DefaultServiceUrl = defaultService;
        var services = new ServiceCollection().AddSingleton(options);
        services.AddNetworkHttpClient(Signpost.Platforms.Network.Bluesky);
        var provider = services.BuildServiceProvider();
        return new BlueskyConnector(provider.GetRequiredService<IHttpClientFactory>(), options);
    }

    public PublishRequest Post(string text, string? key = null, IReadOnlyList<MediaUpload>? media = null, string? replyTo = null, PlatformCredential? credential = null) =>
        new(new ChannelCall(Connected.Account, credential ?? Connected.Credential), text, media ?? [], key ?? $"publication-{Guid.NewGuid():N}", replyTo);
}
