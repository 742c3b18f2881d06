using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Signpost.Platforms.Mastodon;

/// <summary>
/// Mastodon (REST API v1/v2 as documented at docs.joinmastodon.org). A channel is an account on one
/// instance: <see cref="PlatformAccount.ServiceUrl"/> is the instance, <see cref="PlatformAccount.AccountId"/>
/// the account's id there. Two ways to connect: OAuth against the instance (see
/// <see cref="IInstanceOAuthConnector"/>), or an access token the person created under
/// Preferences → Development on their instance (<see cref="ConnectAsync"/>).
/// </summary>
public sealed class MastodonConnector(IHttpClientFactory httpFactory, PlatformOptions options, TimeProvider? time = null) : IInstanceOAuthConnector
{
    /// <summary>
    /// Least privilege (REST API, "OAuth scopes"): read the account and its statuses (connect, find
    /// after an unknown outcome), write statuses and media; for the inbox, read mentions (notifications),
    /// block and report. Not the whole of <c>write</c>, which also covers follows, lists and conversations.
    /// </summary>
    public const string Scopes = "read:accounts read:statuses read:notifications write:statuses write:media write:blocks write:reports";

    /// <summary>The key under <see cref="PlatformCredential.Extra"/> for the client id a token was issued to.</summary>
    public const string ClientIdKey = "client_id";

    /// <summary>The key under <see cref="PlatformCredential.Extra"/> for the instance's status length limit, when it said.</summary>
    public const string MaxCharactersKey = "max_characters";

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly NetworkOptions _options = options.For(Network.Mastodon);

    public Network Network => Network.Mastodon;

    /// <summary>
    /// Mastodon's defaults (Using Mastodon, "Posting to your profile": 500 characters, four images or
    /// one video). An instance can allow more; its own limit is kept in the credential at connect time
    /// (<see cref="MaxCharactersKey"/>).
    /// </summary>
    public PlatformLimits Limits { get; } = new(MaxTextLength: 500, MaxImages: 4, MaxVideos: 1, MaxImageBytes: 16 * 1024 * 1024, MaxVideoBytes: 99 * 1024 * 1024);

    /// <summary>
    /// Statuses API, "Post a new status": an Idempotency-Key makes a repeated POST return the first
    /// status instead of a duplicate, but the instance keeps keys for up to one hour only. Repeats within
    /// the hour are safe; after it, check with <see cref="FindPublishedAsync"/>.
    /// </summary>
    public bool HasIdempotency => true;

    public ConnectionMethod ConnectionMethod => ConnectionMethod.OAuth;

    /// <summary>Always: Signpost registers itself on each instance when a channel is connected (apps API).</summary>
    public bool IsConfigured => true;

    /// <summary>Time between checks while an instance processes an upload (media API, "Get media attachment").</summary>
    internal TimeSpan MediaPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many checks before giving up on an upload; with the interval, about two minutes.</summary>
    internal int MediaPollAttempts { get; set; } = 60;

    /// <summary>How many of the account's latest statuses <see cref="FindPublishedAsync"/> looks at (the API's maximum page).</summary>
    internal int FindLimit { get; set; } = 40;

    public async Task<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = request.Secret.Trim();
        if (token.Length == 0)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "Enter the access token from Preferences → Development on your Mastodon server.");
        }

        var (username, server) = SplitHandle(request.Handle);
        var instance = InstanceFrom(request.ServiceUrl ?? server ?? _options.DefaultServiceUrl)
            ?? throw new PlatformException(PlatformErrorKind.Rejected, "Enter the https address of your Mastodon server, or the full handle such as @team@social.example.nhs.uk.");

        var account = await VerifyAsync(instance, token, connecting: true, ct);
        if (username is not null && !string.Equals(username, account.Username, StringComparison.OrdinalIgnoreCase))
        {
            throw new PlatformException(PlatformErrorKind.Rejected,
                $"This access token belongs to @{account.Username}, not @{username}. Create the token while signed in as the channel's account.");
        }

        return await ResultAsync(instance, account, new PlatformCredential { AccessToken = token }, ct);
    }

    public async Task<InstanceApp> RegisterAppAsync(Uri instance, Uri redirectUri, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        var baseUrl = InstanceFrom(instance) ?? throw new ArgumentException("An absolute https address is needed.", nameof(instance));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "api/v1/apps"))
        {
            // Apps API, "Create an application": client_name, redirect_uris, scopes, website.
            Content = JsonContent.Create(new
            {
                client_name = "Signpost",
                redirect_uris = new[] { redirectUri.ToString() },
                scopes = Scopes,
                website = redirectUri.GetLeftPart(UriPartial.Authority),
            }),
        };
        using var response = await SendAsync(request, mayHaveTakenEffect: false, ct);
        var app = await MastodonApi.ReadAsync<MastodonCredentialApplication>(response, ct);
        return new InstanceApp(baseUrl, app.ClientId, app.ClientSecret, redirectUri);
    }

    /// <summary>Only for the instance configured with a client id (<c>Platforms:Mastodon</c>); otherwise use the <see cref="InstanceApp"/> overload.</summary>
    public Uri BuildAuthorizationUrl(OAuthStart start) => BuildAuthorizationUrl(start, ConfiguredApp(start?.ServiceUrl, start?.RedirectUri));

    public Uri BuildAuthorizationUrl(OAuthStart start, InstanceApp app)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(app);

        // OAuth API, "Authorize a user"; PKCE (code_challenge, S256) since Mastodon 4.3, ignored by older servers.
        var query = Query(
            ("response_type", "code"),
            ("client_id", app.ClientId),
            ("redirect_uri", start.RedirectUri.ToString()),
            ("scope", Scopes),
            ("state", start.State),
            ("code_challenge", start.CodeChallenge),
            ("code_challenge_method", "S256"));
        return new Uri(app.Instance, "oauth/authorize?" + query);
    }

    public Task<ConnectResult> CompleteAuthorizationAsync(OAuthCallback callback, CancellationToken ct) =>
        CompleteAuthorizationAsync(callback, ConfiguredApp(callback?.ServiceUrl, callback?.RedirectUri), ct);

    public async Task<ConnectResult> CompleteAuthorizationAsync(OAuthCallback callback, InstanceApp app, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(app);

        // OAuth API, "Obtain a token": grant_type=authorization_code with the app's client id and secret.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(app.Instance, "oauth/token"))
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "authorization_code"),
                new("code", callback.Code),
                new("client_id", app.ClientId),
                new("client_secret", app.ClientSecret),
                new("redirect_uri", callback.RedirectUri.ToString()),
                new("code_verifier", callback.CodeVerifier),
                new("scope", Scopes),
            ]),
        };
        using var response = await PlatformHttp.SendAsync(Http(), request, MastodonApi.Name, mayHaveTakenEffect: false, ct);
        if (!response.IsSuccessStatusCode)
        {
            var error = MastodonApi.ErrorText(await response.Content.ReadAsStringAsync(ct));
            throw response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized
                ? new PlatformException(PlatformErrorKind.Rejected, $"Mastodon did not accept the sign-in ({error ?? "invalid grant"}). Try connecting again.", statusCode: (int)response.StatusCode)
                : await MastodonApi.ErrorAsync(response, _time.GetUtcNow(), ct);
        }

        var token = await MastodonApi.ReadAsync<MastodonToken>(response, ct);
        var account = await VerifyAsync(app.Instance, token.AccessToken, connecting: true, ct);
        var credential = new PlatformCredential
        {
            AccessToken = token.AccessToken,
            Password = app.ClientSecret,
            Extra = new Dictionary<string, string> { [ClientIdKey] = app.ClientId },
        };
        return await ResultAsync(app.Instance, account, credential, ct);
    }

    /// <summary>
    /// Mastodon access tokens do not expire (Entities, "Token" has no expiry) and have no refresh
    /// token: this checks that the token still works and returns it unchanged.
    /// </summary>
    public async Task<PlatformCredential> RefreshAsync(ChannelCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        await VerifyAsync(Instance(call), Token(call), connecting: false, ct);
        return call.Credential;
    }

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var instance = Instance(request.Call);
        var token = Token(request.Call);

        var mediaIds = new List<string>();
        foreach (var media in request.Media)
        {
            mediaIds.Add(await UploadAsync(instance, token, media, ct));
        }

        var form = new List<KeyValuePair<string, string>> { new("status", request.Text) };
        form.AddRange(mediaIds.Select(id => new KeyValuePair<string, string>("media_ids[]", id)));
        if (request.ReplyTo is { } replyTo)
        {
            form.Add(new("in_reply_to_id", replyTo));
        }

        using var post = Authorized(HttpMethod.Post, new Uri(instance, "api/v1/statuses"), token);
        post.Content = new FormUrlEncodedContent(form);
        post.Headers.Add("Idempotency-Key", request.IdempotencyKey);
        using var response = await SendAsync(post, mayHaveTakenEffect: true, ct);
        var status = await MastodonApi.ReadAsync<MastodonStatus>(response, ct);
        return new PublishResult(status.Id, StatusUrl(status));
    }

    /// <summary>Statuses API, "Delete a status". A status that is gone (404) is not an error; a repeat is harmless, so a timeout is retryable.</summary>
    public async Task DeleteAsync(ChannelCall call, string platformPostId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var request = Authorized(HttpMethod.Delete, new Uri(Instance(call), $"api/v1/statuses/{Uri.EscapeDataString(platformPostId)}"), Token(call));
        using var response = await PlatformHttp.SendAsync(Http(), request, MastodonApi.Name, mayHaveTakenEffect: false, ct);
        if (response.StatusCode != HttpStatusCode.NotFound && !response.IsSuccessStatusCode)
        {
            throw await MastodonApi.ErrorAsync(response, _time.GetUtcNow(), ct);
        }
    }

    /// <summary>Statuses API, "View a single status": 404 means deleted (or no longer visible to the account).</summary>
    public async Task<PostStatus> FetchStatusAsync(ChannelCall call, string platformPostId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var request = Authorized(HttpMethod.Get, new Uri(Instance(call), $"api/v1/statuses/{Uri.EscapeDataString(platformPostId)}"), Token(call));
        using var response = await PlatformHttp.SendAsync(Http(), request, MastodonApi.Name, mayHaveTakenEffect: false, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new PostStatus(false, null);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await MastodonApi.ErrorAsync(response, _time.GetUtcNow(), ct);
        }

        var status = await MastodonApi.ReadAsync<MastodonStatus>(response, ct);
        return new PostStatus(true, StatusUrl(status));
    }

    /// <summary>
    /// Looks for the status an attempt would have made among the account's latest statuses (Accounts
    /// API, "Get account's statuses"). The Idempotency-Key cannot be looked up and lapses after an
    /// hour, so the match is by text: a loose match on the HTML content finds candidates, and the
    /// status source (Statuses API, "View status source") confirms the exact text. A reply must answer
    /// the same status, and the number of attachments must agree.
    /// </summary>
    public async Task<PublishResult?> FindPublishedAsync(PublishRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var instance = Instance(request.Call);
        var token = Token(request.Call);
        var accountId = Uri.EscapeDataString(request.Call.Account.AccountId);

        using var list = Authorized(HttpMethod.Get, new Uri(instance, $"api/v1/accounts/{accountId}/statuses?limit={FindLimit.ToString(CultureInfo.InvariantCulture)}&exclude_reblogs=true"), token);
        using var response = await SendAsync(list, mayHaveTakenEffect: false, ct);
        var statuses = await MastodonApi.ReadAsync<List<MastodonStatus>>(response, ct);

        var wanted = StatusText.FingerprintOfText(request.Text);
        foreach (var status in statuses)
        {
            if (StatusText.FingerprintOfContent(status.Content) != wanted
                || !string.Equals(status.InReplyToId, request.ReplyTo, StringComparison.Ordinal)
                || (status.MediaAttachments?.Count ?? 0) != request.Media.Count)
            {
                continue;
            }

            using var sourceRequest = Authorized(HttpMethod.Get, new Uri(instance, $"api/v1/statuses/{Uri.EscapeDataString(status.Id)}/source"), token);
            using var source = await SendAsync(sourceRequest, mayHaveTakenEffect: false, ct);
            var text = await MastodonApi.ReadAsync<MastodonStatusSource>(source, ct);
            if (StatusText.SameText(text.Text, request.Text))
            {
                return new PublishResult(status.Id, StatusUrl(status));
            }
        }

        return null;
    }

    /// <summary>
    /// Media API, "Upload media as an attachment (async)": the file with its alt text as
    /// <c>description</c>. 200 means processed; 202 means the instance is still processing it, so
    /// poll "Get media attachment" until it answers 200 with a <c>url</c> (206 while processing).
    /// A failed upload made no post, so a timeout here is retryable, not an unknown outcome.
    /// </summary>
    private async Task<string> UploadAsync(Uri instance, string token, MediaUpload media, CancellationToken ct)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(media.Content.ToArray());
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(media.ContentType);
        content.Add(file, "file", media.FileName);
        if (!string.IsNullOrWhiteSpace(media.AltText))
        {
            content.Add(new StringContent(media.AltText), "description");
        }

        using var upload = Authorized(HttpMethod.Post, new Uri(instance, "api/v2/media"), token);
        upload.Content = content;
        using var response = await SendAsync(upload, mayHaveTakenEffect: false, ct);
        var attachment = await MastodonApi.ReadAsync<MastodonMediaAttachment>(response, ct);
        if (response.StatusCode != HttpStatusCode.Accepted && attachment.Url is not null)
        {
            return attachment.Id;
        }

        for (var attempt = 0; attempt < MediaPollAttempts; attempt++)
        {
            await Task.Delay(MediaPollInterval, _time, ct);
            using var check = Authorized(HttpMethod.Get, new Uri(instance, $"api/v1/media/{Uri.EscapeDataString(attachment.Id)}"), token);
            using var status = await SendAsync(check, mayHaveTakenEffect: false, ct);
            if (status.StatusCode == HttpStatusCode.PartialContent)
            {
                continue;
            }

            var processed = await MastodonApi.ReadAsync<MastodonMediaAttachment>(status, ct);
            if (processed.Url is not null)
            {
                return processed.Id;
            }
        }

        throw new PlatformException(PlatformErrorKind.Retryable, $"Mastodon is still processing {media.FileName}; Signpost will try again later.");
    }

    private async Task<MastodonAccount> VerifyAsync(Uri instance, string token, bool connecting, CancellationToken ct)
    {
        // Accounts API, "Verify account credentials".
        using var request = Authorized(HttpMethod.Get, new Uri(instance, "api/v1/accounts/verify_credentials"), token);
        using var response = await PlatformHttp.SendAsync(Http(), request, MastodonApi.Name, mayHaveTakenEffect: false, ct);
        if (connecting && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new PlatformException(PlatformErrorKind.AuthLost,
                $"{instance.Host} did not accept this access token. Check that it was copied whole and allows {Scopes}.", statusCode: (int)response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await MastodonApi.ErrorAsync(response, _time.GetUtcNow(), ct);
        }

        return await MastodonApi.ReadAsync<MastodonAccount>(response, ct);
    }

    /// <summary>The account, and the instance's own status length (Instance API v2, configuration.statuses.max_characters) when it answers.</summary>
    private async Task<ConnectResult> ResultAsync(Uri instance, MastodonAccount account, PlatformCredential credential, CancellationToken ct)
    {
        var extra = new Dictionary<string, string>(credential.Extra);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(instance, "api/v2/instance"));
            using var response = await PlatformHttp.SendAsync(Http(), request, MastodonApi.Name, mayHaveTakenEffect: false, ct);
            if (response.IsSuccessStatusCode
                && (await MastodonApi.ReadAsync<MastodonInstance>(response, ct)).Configuration?.Statuses?.MaxCharacters is int max and > 0)
            {
                extra[MaxCharactersKey] = max.ToString(CultureInfo.InvariantCulture);
            }
        }
        catch (PlatformException)
        {
            // Optional: the default limit applies.
        }

        var handle = $"{account.Username}@{instance.Host}";
        var display = string.IsNullOrWhiteSpace(account.DisplayName) ? "@" + handle : account.DisplayName;
        return new ConnectResult(new PlatformAccount(account.Id, handle, instance), credential with { Extra = extra }, display);
    }

    private InstanceApp ConfiguredApp(Uri? serviceUrl, Uri? redirectUri)
    {
        var configured = InstanceFrom(_options.DefaultServiceUrl);
        var wanted = InstanceFrom(serviceUrl) ?? configured;
        if (configured is null || wanted != configured || string.IsNullOrWhiteSpace(_options.ClientId) || string.IsNullOrWhiteSpace(_options.ClientSecret))
        {
            throw new InvalidOperationException(
                "Mastodon apps are registered per instance: call RegisterAppAsync for the instance and use the overloads that take its InstanceApp.");
        }

        return new InstanceApp(configured, _options.ClientId, _options.ClientSecret, redirectUri ?? configured);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, bool mayHaveTakenEffect, CancellationToken ct)
    {
        var response = await PlatformHttp.SendAsync(Http(), request, MastodonApi.Name, mayHaveTakenEffect, ct);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await MastodonApi.ErrorAsync(response, _time.GetUtcNow(), ct);
        }
    }

    private HttpClient Http() => httpFactory.CreateClient(nameof(Network.Mastodon));

    private static HttpRequestMessage Authorized(HttpMethod method, Uri url, string token)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = PlatformHttp.Bearer(token);
        return request;
    }

    private Uri Instance(ChannelCall call) =>
        InstanceFrom(call.Account.ServiceUrl ?? _options.DefaultServiceUrl)
        ?? throw new PlatformException(PlatformErrorKind.AuthLost, "The Mastodon channel has no server address. Reconnect the channel.");

    private static string Token(ChannelCall call) =>
        call.Credential.AccessToken ?? throw new PlatformException(PlatformErrorKind.AuthLost, "The Mastodon channel has no access token. Reconnect the channel.");

    private static Uri? StatusUrl(MastodonStatus status) =>
        Uri.TryCreate(status.Url ?? status.Uri, UriKind.Absolute, out var url) ? url : null;

    /// <summary>
    /// The instance's base address (scheme, host, port). Only https, except plain http to this
    /// machine (development and tests), so that a token is never sent in clear over a network.
    /// </summary>
    internal static Uri? InstanceFrom(Uri? address)
    {
        if (address is null || !address.IsAbsoluteUri)
        {
            return null;
        }

        if (address.Scheme != Uri.UriSchemeHttps && !(address.Scheme == Uri.UriSchemeHttp && address.IsLoopback))
        {
            return null;
        }

        return new Uri(address.GetLeftPart(UriPartial.Authority) + "/");
    }

    /// <summary>"@team@social.example" → ("team", https://social.example/); "team" → ("team", null).</summary>
    private static (string? Username, Uri? Server) SplitHandle(string? handle)
    {
        var parts = (handle ?? "").Trim().TrimStart('@').Split('@', 2, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length switch
        {
            0 => (null, null),
            1 => (parts[0], null),
            _ => (parts[0], Uri.TryCreate("https://" + parts[1], UriKind.Absolute, out var server) ? server : null),
        };
    }

    private static string Query(params (string Name, string Value)[] pairs) =>
        string.Join('&', pairs.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));
}
