namespace Signpost.Platforms;

/// <summary>
/// How this deployment is registered with one network (configuration section
/// <c>Platforms:{Network}</c>; see docs/operations.md). The base addresses default to the
/// platform's public API; tests point them at a local server.
/// </summary>
public sealed class NetworkOptions
{
    /// <summary>The OAuth client id (app id) Signpost is registered under; empty = not registered.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The API's base address, for example the Graph API host with its version.</summary>
    public Uri? ApiBaseUrl { get; set; }

    /// <summary>The base address of the platform's sign-in (authorisation) pages, when different from the API.</summary>
    public Uri? AuthBaseUrl { get; set; }

    /// <summary>The default server for federated networks (Bluesky PDS; a Mastodon instance is given per channel).</summary>
    public Uri? DefaultServiceUrl { get; set; }

    /// <summary>Meta webhooks: the verify token typed into the App Dashboard, echoed in hub.verify_token (<c>Platforms:Facebook:WebhookVerifyToken</c>).</summary>
    public string? WebhookVerifyToken { get; set; }

    /// <summary>X webhooks: the app's consumer secret (API key secret), which keys the CRC answer and the signature (<c>Platforms:X:ConsumerSecret</c>).</summary>
    public string? ConsumerSecret { get; set; }

    /// <summary>Bluesky: the DID of the moderation service (Ozone) that reports go to through the PDS (<c>Platforms:Bluesky:ModerationServiceDid</c>); null for Bluesky's own.</summary>
    public string? ModerationServiceDid { get; set; }

    /// <summary>How long to wait for one call before the outcome is treated as unknown.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>All networks' options: <c>Platforms:Bluesky</c>, <c>Platforms:Mastodon</c> and so on.</summary>
public sealed class PlatformOptions
{
    public Dictionary<Network, NetworkOptions> Networks { get; } = [];

    public NetworkOptions For(Network network) =>
        Networks.TryGetValue(network, out var options) ? options : Networks[network] = new NetworkOptions();
}
