using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Signpost.Platforms.X;

/// <summary>
/// X (API v2, docs.x.com). Signpost is registered once per deployment as an X app
/// (<c>Platforms:X:ClientId</c> and <c>ClientSecret</c>); each channel is a user who allowed it through
/// OAuth 2.0 Authorization Code with PKCE. Access tokens last two hours and are renewed with the
/// refresh token (scope offline.access).
/// </summary>
public sealed class XConnector(IHttpClientFactory httpFactory, PlatformOptions options, TimeProvider? time = null, IRenewedCredentialStore? renewals = null) : IOAuthConnector
{
    /// <summary>The official API host; <c>Platforms:X:ApiBaseUrl</c> overrides it (tests).</summary>
    public const string DefaultApiBaseUrl = "https://api.x.com/";

    /// <summary>Where people sign in and allow the app (OAuth 2.0, "GET oauth2/authorize"); <c>Platforms:X:AuthBaseUrl</c> overrides it.</summary>
    public const string DefaultAuthBaseUrl = "https://x.com/";

    /// <summary>Where a post is seen.</summary>
    private const string WebBaseUrl = "https://x.com/";

    /// <summary>
    /// Write and read posts, read the user (users/me), upload media (media.write), and a refresh token
    /// (offline.access) so that Signpost keeps working after the two-hour access token.
    /// </summary>
    // The inbox needs tweet.moderate.write (hide replies) and dm.read/dm.write (direct messages).
    public const string Scopes = "tweet.read tweet.write users.read offline.access media.write tweet.moderate.write dm.read dm.write";

    /// <summary>Media upload, "Chunked Media Upload": APPEND takes at most 5 MB a chunk; 4 MB leaves room for the multipart framing.</summary>
    private const int ChunkBytes = 4 * 1024 * 1024;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly NetworkOptions _options = options.For(Network.X);

    public Network Network => Network.X;

    /// <summary>280 weighted characters (counted by Signpost.Policy); four images or one video; images 5 MB (Media, "Upload media").</summary>
    public PlatformLimits Limits { get; } = new(MaxTextLength: 280, MaxImages: 4, MaxVideos: 1, MaxImageBytes: 5 * 1024 * 1024, MaxVideoBytes: 512L * 1024 * 1024);

    /// <summary>X has no idempotency key: after an unknown outcome, <see cref="FindPublishedAsync"/> looks for the post.</summary>
    public bool HasIdempotency => false;

    public ConnectionMethod ConnectionMethod => ConnectionMethod.OAuth;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(_options.ClientId);

    /// <summary>The longest wait between media status checks, whatever check_after_secs says.</summary>
    internal TimeSpan MaxMediaPollDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many status checks before giving up on processing.</summary>
    internal int MediaPollAttempts { get; set; } = 60;

    /// <summary>How far back <see cref="FindPublishedAsync"/> looks (start_time).</summary>
    internal TimeSpan FindWindow { get; set; } = TimeSpan.FromDays(2);

    private IRenewedCredentialStore? Renewals => renewals;

    private Uri ApiBase => _options.ApiBaseUrl ?? new Uri(DefaultApiBaseUrl);

    private Uri AuthBase => _options.AuthBaseUrl ?? new Uri(DefaultAuthBaseUrl);

    /// <summary>For a user access token a person pasted (for example from the developer console); it cannot be renewed.</summary>
    public async Task<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var credential = new PlatformCredential { AccessToken = request.Secret.Trim() };
        var user = await MeAsync(credential, ct);
        var handle = request.Handle.Trim().TrimStart('@');
        if (handle.Length > 0 && !string.Equals(handle, user.Username, StringComparison.OrdinalIgnoreCase))
        {
            throw new PlatformException(PlatformErrorKind.Rejected, $"This token belongs to @{user.Username}, not @{handle}.");
        }

        return new ConnectResult(new PlatformAccount(user.Id, user.Username), credential, user.Name ?? user.Username);
    }

    public Uri BuildAuthorizationUrl(OAuthStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var clientId = ClientId();
        var query = string.Join('&', new (string, string)[]
        {
            ("response_type", "code"),
            ("client_id", clientId),
            ("redirect_uri", start.RedirectUri.ToString()),
            ("scope", Scopes),
            ("state", start.State),
            ("code_challenge", start.CodeChallenge),
            ("code_challenge_method", "S256"),
        }.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
        return new Uri(AuthBase, "i/oauth2/authorize?" + query);
    }

    public async Task<ConnectResult> CompleteAuthorizationAsync(OAuthCallback callback, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(callback);

        // OAuth 2.0, "POST oauth2/token - Access Token": code, grant_type, redirect_uri, code_verifier.
        var credential = await TokenAsync(
            [
                new("code", callback.Code),
                new("grant_type", "authorization_code"),
                new("redirect_uri", callback.RedirectUri.ToString()),
                new("code_verifier", callback.CodeVerifier),
            ],
            previous: null,
            refusal: detail => new PlatformException(PlatformErrorKind.Rejected, $"X did not accept the sign-in ({detail}). Try connecting again."),
            ct);
        var user = await MeAsync(credential, ct);
        return new ConnectResult(new PlatformAccount(user.Id, user.Username), credential, user.Name ?? user.Username);
    }

    /// <summary>OAuth 2.0, "POST oauth2/token - refresh token". The answer carries a new refresh token; the old one stops working.</summary>
    public Task<PlatformCredential> RefreshAsync(ChannelCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var refreshToken = call.Credential.RefreshToken
            ?? throw new PlatformException(PlatformErrorKind.AuthLost, "The X channel has no refresh token. Reconnect the channel.");
        return TokenAsync(
            [new("refresh_token", refreshToken), new("grant_type", "refresh_token")],
            previous: call.Credential,
            refusal: detail => new PlatformException(PlatformErrorKind.AuthLost, $"X refused to renew Signpost's access ({detail}). Reconnect the channel."),
            ct);
    }

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var session = new Session(this, request.Call, mayRenew: true);

        var mediaIds = new List<string>();
        foreach (var media in request.Media)
        {
            mediaIds.Add(await UploadAsync(session, media, ct));
        }

        // Manage Posts, POST /2/tweets: text, media.media_ids, reply.in_reply_to_tweet_id. Self-serve
        // apps may only reply where the author mentioned or quoted the account ("Post creation
        // restrictions"); X refuses other replies with a 403, which is Rejected.
        var body = new Dictionary<string, object> { ["text"] = request.Text };
        if (mediaIds.Count > 0)
        {
            body["media"] = new { media_ids = mediaIds };
        }

        if (request.ReplyTo is { } replyTo)
        {
            body["reply"] = new { in_reply_to_tweet_id = replyTo };
        }

        using var response = await session.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Api("2/tweets")) { Content = JsonContent.Create(body) }, mayHaveTakenEffect: true, ct);
        var created = await XApi.ReadAsync<XEnvelope<XTweet>>(response, ct);
        var id = created.Data?.Id ?? throw new PlatformException(PlatformErrorKind.OutcomeUnknown, "X answered without the new post's id.", statusCode: (int)response.StatusCode);
        return new PublishResult(id, PostUrl(request.Call.Account, id), session.Renewed);
    }

    /// <summary>Manage Posts, DELETE /2/tweets/:id. A post that is already gone is not an error; a repeat is harmless.</summary>
    public async Task DeleteAsync(ChannelCall call, string platformPostId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var session = new Session(this, call, mayRenew: Renewals is not null);
        using var response = await session.SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, Api($"2/tweets/{Uri.EscapeDataString(platformPostId)}")), mayHaveTakenEffect: false, ct, allowNotFound: true);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }

        var deleted = await XApi.ReadAsync<XEnvelope<XDeleted>>(response, ct);
        if (deleted.Data is { Deleted: false } && !IsNotFound(deleted.Errors))
        {
            throw new PlatformException(PlatformErrorKind.Retryable, "X did not delete the post; Signpost will try again.");
        }
    }

    /// <summary>
    /// Posts lookup, GET /2/tweets/:id. A missing post is a 200 with only <c>errors</c> (a
    /// "Not Found Error" problem) rather than a 404; both mean the post is gone.
    /// </summary>
    public async Task<PostStatus> FetchStatusAsync(ChannelCall call, string platformPostId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var session = new Session(this, call, mayRenew: Renewals is not null);
        using var response = await session.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Api($"2/tweets/{Uri.EscapeDataString(platformPostId)}")), mayHaveTakenEffect: false, ct, allowNotFound: true);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new PostStatus(false, null);
        }

        var lookup = await XApi.ReadAsync<XEnvelope<XTweet>>(response, ct);
        return lookup.Data is { } tweet ? new PostStatus(true, PostUrl(call.Account, tweet.Id)) : new PostStatus(false, null);
    }

    /// <summary>
    /// Looks through the user's posts of the last <see cref="FindWindow"/> (Timelines, GET
    /// /2/users/:id/tweets with start_time and max_results=100) for one with the same text, answering
    /// the same post, with the same number of attachments. Finds the original after a duplicate-content
    /// refusal too.
    /// </summary>
    public async Task<PublishResult?> FindPublishedAsync(PublishRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var session = new Session(this, request.Call, mayRenew: Renewals is not null);
        var since = XApi.Timestamp(_time.GetUtcNow() - FindWindow);
        var path = $"2/users/{Uri.EscapeDataString(request.Call.Account.AccountId)}/tweets?max_results=100&start_time={Uri.EscapeDataString(since)}"
            + "&exclude=retweets&tweet.fields=created_at,entities,referenced_tweets,attachments";
        using var response = await session.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Api(path)), mayHaveTakenEffect: false, ct);
        var timeline = await XApi.ReadAsync<XEnvelope<List<XTweet>>>(response, ct);

        var wanted = XApi.Comparable(request.Text);
        foreach (var tweet in timeline.Data ?? [])
        {
            var repliedTo = tweet.ReferencedTweets?.FirstOrDefault(r => r.Type == "replied_to")?.Id;
            if (XApi.Comparable(tweet) == wanted
                && string.Equals(repliedTo, request.ReplyTo, StringComparison.Ordinal)
                && (tweet.Attachments?.MediaKeys?.Count ?? 0) == request.Media.Count)
            {
                return new PublishResult(tweet.Id, PostUrl(request.Call.Account, tweet.Id), session.Renewed);
            }
        }

        return null;
    }

    /// <summary>
    /// Media upload v2: an image in one request (POST /2/media/upload, media_category tweet_image);
    /// video and animated GIFs in chunks (initialize, append, finalize) and then, while processing_info
    /// says so, status checks. Alt text goes to POST /2/media/metadata. Nothing is posted yet, so a
    /// timeout here is retryable.
    /// </summary>
    private async Task<string> UploadAsync(Session session, MediaUpload media, CancellationToken ct)
    {
        var chunked = media.IsVideo || media.ContentType.Equals("image/gif", StringComparison.OrdinalIgnoreCase);
        var uploaded = chunked ? await UploadChunkedAsync(session, media, ct) : await UploadImageAsync(session, media, ct);
        var id = uploaded.Id ?? throw new PlatformException(PlatformErrorKind.Retryable, "X answered the upload without a media id.");
        await WaitForProcessingAsync(session, id, uploaded.ProcessingInfo, media.FileName, ct);

        if (!string.IsNullOrWhiteSpace(media.AltText))
        {
            // Media, "Create Media metadata": {"id": ..., "metadata": {"alt_text": {"text": ...}}}.
            var metadata = new { id, metadata = new { alt_text = new { text = media.AltText } } };
            using var _ = await session.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Api("2/media/metadata")) { Content = JsonContent.Create(metadata) }, mayHaveTakenEffect: false, ct);
        }

        return id;
    }

    private async Task<XMedia> UploadImageAsync(Session session, MediaUpload media, CancellationToken ct)
    {
        using var response = await session.SendAsync(() =>
        {
            var content = new MultipartFormDataContent
            {
                { File(media.Content, media.ContentType), "media", media.FileName },
                { new StringContent("tweet_image"), "media_category" },
            };
            return new HttpRequestMessage(HttpMethod.Post, Api("2/media/upload")) { Content = content };
        }, mayHaveTakenEffect: false, ct);
        return (await XApi.ReadAsync<XEnvelope<XMedia>>(response, ct)).Data ?? new XMedia(null, null, null);
    }

    private async Task<XMedia> UploadChunkedAsync(Session session, MediaUpload media, CancellationToken ct)
    {
        var category = media.IsVideo ? "tweet_video" : "tweet_gif";
        using (var init = await session.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Api("2/media/upload/initialize"))
        {
            Content = JsonContent.Create(new { media_type = media.ContentType, total_bytes = media.Content.Length, media_category = category }),
        }, mayHaveTakenEffect: false, ct))
        {
            var id = (await XApi.ReadAsync<XEnvelope<XMedia>>(init, ct)).Data?.Id
                ?? throw new PlatformException(PlatformErrorKind.Retryable, "X answered the upload without a media id.");

            var segment = 0;
            for (var offset = 0; offset < media.Content.Length; offset += ChunkBytes, segment++)
            {
                var chunk = media.Content.Slice(offset, Math.Min(ChunkBytes, media.Content.Length - offset));
                var index = segment.ToString(CultureInfo.InvariantCulture);
                using var _ = await session.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Api($"2/media/upload/{Uri.EscapeDataString(id)}/append"))
                {
                    Content = new MultipartFormDataContent
                    {
                        { File(chunk, "application/octet-stream"), "media", media.FileName },
                        { new StringContent(index), "segment_index" },
                    },
                }, mayHaveTakenEffect: false, ct);
            }

            using var finalize = await session.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Api($"2/media/upload/{Uri.EscapeDataString(id)}/finalize")), mayHaveTakenEffect: false, ct);
            return (await XApi.ReadAsync<XEnvelope<XMedia>>(finalize, ct)).Data ?? new XMedia(id, null, null);
        }
    }

    /// <summary>Chunked Media Upload, "Check status": poll while pending or in_progress, waiting check_after_secs.</summary>
    private async Task WaitForProcessingAsync(Session session, string id, XProcessingInfo? info, string fileName, CancellationToken ct)
    {
        for (var attempt = 0; info is not null && info.State != "succeeded"; attempt++)
        {
            if (info.State == "failed")
            {
                throw new PlatformException(PlatformErrorKind.Rejected, $"X could not process {fileName}: {info.Error?.Message ?? info.Error?.Name ?? "processing failed"}.");
            }

            if (attempt >= MediaPollAttempts)
            {
                throw new PlatformException(PlatformErrorKind.Retryable, $"X is still processing {fileName}; Signpost will try again later.");
            }

            var wait = TimeSpan.FromSeconds(Math.Max(1, info.CheckAfterSecs ?? 1));
            await Task.Delay(wait < MaxMediaPollDelay ? wait : MaxMediaPollDelay, _time, ct);
            using var status = await session.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Api($"2/media/upload?command=STATUS&media_id={Uri.EscapeDataString(id)}")), mayHaveTakenEffect: false, ct);
            info = (await XApi.ReadAsync<XEnvelope<XMedia>>(status, ct)).Data?.ProcessingInfo;
        }
    }

    private async Task<XUser> MeAsync(PlatformCredential credential, CancellationToken ct)
    {
        // Users lookup, GET /2/users/me.
        using var request = new HttpRequestMessage(HttpMethod.Get, Api("2/users/me"));
        request.Headers.Authorization = PlatformHttp.Bearer(credential.AccessToken ?? "");
        using var response = await PlatformHttp.SendAsync(Http(), request, XApi.Name, mayHaveTakenEffect: false, ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new PlatformException(PlatformErrorKind.AuthLost, "X did not accept this access token.", statusCode: 401);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await XApi.ErrorAsync(response, _time.GetUtcNow(), ct);
        }

        return (await XApi.ReadAsync<XEnvelope<XUser>>(response, ct)).Data
            ?? throw new PlatformException(PlatformErrorKind.Retryable, "X answered without the user.");
    }

    /// <summary>
    /// The token endpoint. A confidential client (with a secret) authenticates with HTTP Basic
    /// (client id and secret); a public client sends its client_id in the body ("Working with
    /// confidential clients").
    /// </summary>
    private async Task<PlatformCredential> TokenAsync(List<KeyValuePair<string, string>> form, PlatformCredential? previous, Func<string, PlatformException> refusal, CancellationToken ct)
    {
        var clientId = ClientId();
        using var request = new HttpRequestMessage(HttpMethod.Post, Api("2/oauth2/token"));
        if (string.IsNullOrWhiteSpace(_options.ClientSecret))
        {
            form.Add(new("client_id", clientId));
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{_options.ClientSecret}")));
        }

        request.Content = new FormUrlEncodedContent(form);
        using var response = await PlatformHttp.SendAsync(Http(), request, XApi.Name, mayHaveTakenEffect: false, ct);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized)
        {
            var detail = XApi.Detail(await response.Content.ReadAsStringAsync(ct)) ?? "invalid request";
            var error = refusal(detail);
            throw new PlatformException(error.Kind, error.Message, statusCode: (int)response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await XApi.ErrorAsync(response, _time.GetUtcNow(), ct);
        }

        var token = await XApi.ReadAsync<XToken>(response, ct);
        return (previous ?? new PlatformCredential()) with
        {
            AccessToken = token.AccessToken,
            RefreshToken = token.RefreshToken ?? previous?.RefreshToken,
            AccessTokenExpiresAt = token.ExpiresIn is int seconds ? _time.GetUtcNow().AddSeconds(seconds) : null,
        };
    }

    private string ClientId() =>
        IsConfigured ? _options.ClientId! : throw new InvalidOperationException("Signpost is not registered as an X app: set Platforms:X:ClientId (and ClientSecret).");

    private Uri Api(string relative) => new(ApiBase, relative);

    private HttpClient Http() => httpFactory.CreateClient(nameof(Network.X));

    private static Uri PostUrl(PlatformAccount account, string id) => new(new Uri(WebBaseUrl), $"{Uri.EscapeDataString(account.Handle)}/status/{Uri.EscapeDataString(id)}");

    private static bool IsNotFound(IReadOnlyList<XProblem>? errors) =>
        errors?.Any(e => e.Type?.EndsWith("resource-not-found", StringComparison.Ordinal) == true || e.Title == "Not Found Error") == true;

    private static ByteArrayContent File(ReadOnlyMemory<byte> bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>
    /// One call's credential. Renews before sending when the access token has expired (or is about
    /// to), and once on a 401, when renewing is allowed: always in a publish (the result carries the
    /// new pair), otherwise only with an <see cref="IRenewedCredentialStore"/> to keep it.
    /// </summary>
    private sealed class Session(XConnector x, ChannelCall call, bool mayRenew)
    {
        private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);
        private PlatformCredential _credential = call.Credential;

        public PlatformCredential? Renewed { get; private set; }

        private bool CanRenew => mayRenew && Renewed is null && _credential.RefreshToken is not null && x.IsConfigured;

        public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, bool mayHaveTakenEffect, CancellationToken ct, bool allowNotFound = false)
        {
            if (CanRenew && _credential.AccessTokenExpiresAt is { } expires && expires <= x._time.GetUtcNow() + Skew)
            {
                await RenewAsync(ct);
            }

            var response = await SendOnceAsync(build, mayHaveTakenEffect, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized && CanRenew)
            {
                // A 401 means X refused the request before acting on it: sending it again is safe.
                response.Dispose();
                await RenewAsync(ct);
                response = await SendOnceAsync(build, mayHaveTakenEffect, ct);
            }

            if (response.IsSuccessStatusCode || (allowNotFound && response.StatusCode == HttpStatusCode.NotFound))
            {
                return response;
            }

            using (response)
            {
                throw await XApi.ErrorAsync(response, x._time.GetUtcNow(), ct);
            }
        }

        private async Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> build, bool mayHaveTakenEffect, CancellationToken ct)
        {
            using var request = build();
            request.Headers.Authorization = PlatformHttp.Bearer(_credential.AccessToken
                ?? throw new PlatformException(PlatformErrorKind.AuthLost, "The X channel has no access token. Reconnect the channel."));
            return await PlatformHttp.SendAsync(x.Http(), request, XApi.Name, mayHaveTakenEffect, ct);
        }

        private async Task RenewAsync(CancellationToken ct)
        {
            _credential = await x.RefreshAsync(call with { Credential = _credential }, ct);
            Renewed = _credential;
            if (x.Renewals is { } store)
            {
                await store.StoreAsync(call.Account, _credential, ct);
            }
        }
    }
}
