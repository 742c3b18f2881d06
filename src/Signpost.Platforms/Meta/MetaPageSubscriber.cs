using System.Text.Json;

namespace Signpost.Platforms.Meta;

/// <summary>
/// Subscribes a Facebook Page to the Meta app's webhooks (Graph API "Page Subscribed Apps":
/// <c>POST /{page-id}/subscribed_apps</c> with <c>subscribed_fields=feed,messages</c> and the
/// Page access token, answered <c>{"success": true}</c>). Meta sends a Page's comments and messages
/// only once the Page is subscribed, at the app level and the Page level both; the app level is set
/// up once in the app dashboard (docs/operations.md, "Meta webhooks"). An Instagram professional
/// account rides on its linked Page: the Page's token is read with the channel's user token
/// (<c>GET /{page-id}?fields=access_token</c>), as for Instagram direct messages.
/// Needs pages_manage_metadata.
/// </summary>
public sealed class MetaPageSubscriber
{
    /// <summary>The Page fields Signpost reads: feed comments and Messenger messages.</summary>
    public const string Fields = "feed,messages";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly PlatformOptions _options;

    public MetaPageSubscriber(IHttpClientFactory httpClientFactory, PlatformOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _options = options;
    }

    /// <summary>True for the networks whose messages arrive through a subscribed Page.</summary>
    public static bool Serves(Network network) => network is Network.Facebook or Network.Instagram;

    /// <summary>Subscribes the channel's Page; throws <see cref="PlatformException"/> with Meta's reason when it cannot.</summary>
    public async Task SubscribeAsync(Network network, ChannelCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!Serves(network))
        {
            throw new ArgumentOutOfRangeException(nameof(network), network, "Only Facebook Pages and the Instagram accounts linked to them are subscribed to Meta's webhooks.");
        }

        var graph = Graph(network);
        var token = call.Credential.AccessToken
            ?? throw new PlatformException(PlatformErrorKind.AuthLost, $"The {NetworkNames.DisplayName(network)} channel has no access token. Reconnect the channel.");
        string pageId;
        string pageToken;
        if (network == Network.Facebook)
        {
            pageId = call.Account.AccountId;
            pageToken = token;
        }
        else
        {
            pageId = call.Credential.Extra.GetValueOrDefault("page_id") is { Length: > 0 } linked
                ? linked
                : throw new PlatformException(PlatformErrorKind.AuthLost, "Signpost does not know the Facebook Page linked to this Instagram account. Reconnect the channel.");
            var page = await graph.GetAsync(Uri.EscapeDataString(pageId), token, new Dictionary<string, string> { ["fields"] = "access_token" }, ct);
            pageToken = GraphApi.String(page, "access_token")
                ?? throw new PlatformException(PlatformErrorKind.AuthLost, "Facebook gave no Page access token for the Page linked to this Instagram account. Reconnect the channel with a person who manages the Page.");
        }

        var answer = await graph.PostFormAsync($"{Uri.EscapeDataString(pageId)}/subscribed_apps", pageToken, [new("subscribed_fields", Fields)], mayHaveTakenEffect: false, ct);
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("success", out var success) || success.ValueKind != JsonValueKind.True)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "Facebook did not confirm the subscription.");
        }
    }

    private GraphApi Graph(Network network)
    {
        var facebook = _options.For(Network.Facebook);
        if (network == Network.Facebook)
        {
            return new GraphApi(_httpClientFactory.CreateClient(nameof(Network.Facebook)), facebook.ApiBaseUrl, facebook.ClientSecret, "Facebook");
        }

        // The Meta app is Facebook's unless Instagram has its own settings (as InstagramInboxConnector).
        var instagram = _options.For(Network.Instagram);
        var secret = string.IsNullOrWhiteSpace(instagram.ClientSecret) ? facebook.ClientSecret : instagram.ClientSecret;
        return new GraphApi(_httpClientFactory.CreateClient(nameof(Network.Instagram)), instagram.ApiBaseUrl ?? facebook.ApiBaseUrl, secret, "Facebook");
    }
}
