namespace Signpost.Platforms.Mastodon;

/// <summary>What the inbox poller and connector share: the channel's instance and token, and sending with Mastodon's error classification.</summary>
internal sealed class MastodonInboxCalls(IHttpClientFactory httpFactory, PlatformOptions options, TimeProvider time)
{
    private readonly NetworkOptions _options = options.For(Network.Mastodon);

    public TimeProvider Time => time;

    public Uri Instance(ChannelCall call) =>
        MastodonConnector.InstanceFrom(call.Account.ServiceUrl ?? _options.DefaultServiceUrl)
        ?? throw new PlatformException(PlatformErrorKind.AuthLost, "The Mastodon channel has no server address. Reconnect the channel.");

    public static string Token(ChannelCall call) =>
        call.Credential.AccessToken ?? throw new PlatformException(PlatformErrorKind.AuthLost, "The Mastodon channel has no access token. Reconnect the channel.");

    public static HttpRequestMessage Authorized(HttpMethod method, Uri url, string token)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = PlatformHttp.Bearer(token);
        return request;
    }

    /// <summary>Sends and returns a success; anything else is thrown as Mastodon's classified <see cref="PlatformException"/>.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, bool mayHaveTakenEffect, CancellationToken ct)
    {
        var response = await SendRawAsync(request, mayHaveTakenEffect, ct);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await MastodonApi.ErrorAsync(response, time.GetUtcNow(), ct);
        }
    }

    /// <summary>Sends and returns whatever came back (the caller decides what a 404 means).</summary>
    public Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, bool mayHaveTakenEffect, CancellationToken ct) =>
        PlatformHttp.SendAsync(httpFactory.CreateClient(nameof(Network.Mastodon)), request, MastodonApi.Name, mayHaveTakenEffect, ct);
}
