using System.Globalization;
using System.Text.Json;

namespace Signpost.Platforms.LinkedIn;

/// <summary>
/// LinkedIn Pages (organisations) through the Community Management API: OAuth 2.0 with three legs,
/// the organisations the member may post for from <c>organizationAcls</c>, posts through the
/// versioned Posts API with images from the Images API and video from the Videos API. LinkedIn has no
/// idempotency key, so a publish whose outcome is unknown is looked for among the organisation's
/// recent posts.
/// </summary>
public sealed class LinkedInConnector : IAccountChooser
{
    /// <summary>
    /// Post and read as an organisation; rw_organization_admin lists the member's organisations, reads their names and
    /// pulls their notifications (mentions); the _feed pair reads and writes comments (Comments API permissions).
    /// </summary>
    public static readonly IReadOnlyList<string> Scopes = ["w_organization_social", "r_organization_social", "rw_organization_admin", "r_organization_social_feed", "w_organization_social_feed"];

    /// <summary>
    /// Roles that may publish organic posts for a Page. DIRECT_SPONSORED_CONTENT_POSTER is left out:
    /// it makes sponsored ("dark") posts for adverts, not posts on the Page's feed.
    /// </summary>
    private static readonly string[] PostingRoles = ["ADMINISTRATOR", "CONTENT_ADMINISTRATOR", "CONTENT_ADMIN"];

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly NetworkOptions _options;
    private readonly TimeProvider _time;

    public LinkedInConnector(IHttpClientFactory httpClientFactory, PlatformOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _options = options.For(Network.LinkedIn);
        _time = timeProvider ?? TimeProvider.System;
    }

    public Network Network => Network.LinkedIn;

    /// <summary>
    /// Posts API commentary: 3,000 characters; multi-image posts of 2 to 20 images; one video (Videos
    /// API: up to 500 MB). LinkedIn limits images by pixels (36 million), not bytes: 10 MB is Signpost's ceiling.
    /// </summary>
    public PlatformLimits Limits { get; } = new(MaxTextLength: 3_000, MaxImages: 20, MaxVideos: 1, MaxImageBytes: 10 * 1024 * 1024, MaxVideoBytes: 500L * 1024 * 1024);

    public bool HasIdempotency => false;

    public ConnectionMethod ConnectionMethod => ConnectionMethod.OAuth;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(_options.ClientId) && !string.IsNullOrWhiteSpace(_options.ClientSecret);

    public Uri BuildAuthorizationUrl(OAuthStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        RequireConfigured();
        var query = string.Join('&', new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = _options.ClientId!,
            ["redirect_uri"] = start.RedirectUri.AbsoluteUri,
            ["state"] = start.State,
            ["scope"] = string.Join(' ', Scopes),
        }.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
        return new Uri(AuthBase(), "oauth/v2/authorization?" + query);
    }

    public async Task<ConnectResult> CompleteAuthorizationAsync(OAuthCallback callback, CancellationToken ct) =>
        (await CompleteAuthorizationWithChoicesAsync(callback, ct))[0];

    /// <summary>
    /// Exchanges the code, then lists the organisations whose approved roles let the member post
    /// (<c>GET /rest/organizationAcls?q=roleAssignee</c>) with their names.
    /// </summary>
    public async Task<IReadOnlyList<ConnectResult>> CompleteAuthorizationWithChoicesAsync(OAuthCallback callback, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(callback);
        RequireConfigured();
        var api = Api();
        var tokens = await api.PostTokenFormAsync(new Uri(AuthBase(), "oauth/v2/accessToken"), new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = callback.Code,
            ["redirect_uri"] = callback.RedirectUri.AbsoluteUri,
            ["client_id"] = _options.ClientId!,
            ["client_secret"] = _options.ClientSecret!,
        }, ct);
        var credential = Credential(tokens, previous: null);
        var token = credential.AccessToken!;

        var acls = await api.GetAsync("rest/organizationAcls?q=roleAssignee&state=APPROVED&count=100", token, ct);
        var organisations = LinkedInApi.Elements(acls.Body)
            .Where(acl => LinkedInApi.String(acl, "state") is null or "APPROVED"
                && PostingRoles.Contains(LinkedInApi.String(acl, "role"), StringComparer.Ordinal))
            .Select(acl => LinkedInApi.String(acl, "organization") ?? LinkedInApi.String(acl, "organizationTarget"))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();

        var results = new List<ConnectResult>();
        foreach (var urn in organisations)
        {
            var (handle, name) = await NameAsync(api, urn, token, ct);
            results.Add(new ConnectResult(new PlatformAccount(urn, handle), credential, name));
        }

        return results.Count > 0
            ? results
            : throw new PlatformException(PlatformErrorKind.Rejected,
                "This LinkedIn member is not an administrator or content administrator of any LinkedIn Page. Ask a Page super admin for the role, then connect again.");
    }

    /// <summary>
    /// Renews the access token (60 days) with the refresh token (365 days, issued only to apps LinkedIn
    /// has approved for it). Without a refresh token, or when LinkedIn refuses it, a person must reconnect.
    /// </summary>
    public async Task<PlatformCredential> RefreshAsync(ChannelCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        RequireConfigured();
        if (string.IsNullOrWhiteSpace(call.Credential.RefreshToken))
        {
            throw new PlatformException(PlatformErrorKind.AuthLost,
                "LinkedIn gave Signpost no refresh token for this channel: sign in to LinkedIn again before the access runs out.");
        }

        var tokens = await Api().PostTokenFormAsync(new Uri(AuthBase(), "oauth/v2/accessToken"), new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = call.Credential.RefreshToken,
            ["client_id"] = _options.ClientId!,
            ["client_secret"] = _options.ClientSecret!,
        }, ct);
        return Credential(tokens, call.Credential);
    }

    /// <summary>Connects with a token made outside the sign-in page: the handle is the organisation's id or URN, the secret an access token.</summary>
    public async Task<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var handle = request.Handle.Trim();
        var urn = handle.StartsWith("urn:li:", StringComparison.Ordinal) ? handle : $"urn:li:organization:{handle}";
        var token = request.Secret.Trim();
        var organisation = await Api().GetAsync($"rest/organizations/{OrganisationId(urn)}", token, ct);
        var name = LinkedInApi.String(organisation.Body, "localizedName") ?? urn;
        var shown = LinkedInApi.String(organisation.Body, "vanityName") ?? name;
        return new ConnectResult(new PlatformAccount(urn, shown), new PlatformCredential { AccessToken = token }, name);
    }

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckPublishable(request);
        var api = Api();
        var token = Token(request.Call);
        var author = request.Call.Account.AccountId;

        object? content = null;
        var images = request.Media.Where(m => !m.IsVideo).ToList();
        if (request.Media.FirstOrDefault(m => m.IsVideo) is { } video)
        {
            content = new { media = new { id = await UploadVideoAsync(api, author, token, video, ct) } };
        }
        else if (images.Count == 1)
        {
            var image = await UploadImageAsync(api, author, token, images[0], ct);
            content = new { media = new { id = image, altText = images[0].AltText ?? "" } };
        }
        else if (images.Count > 1)
        {
            var uploaded = new List<object>();
            foreach (var image in images)
            {
                uploaded.Add(new { id = await UploadImageAsync(api, author, token, image, ct), altText = image.AltText ?? "" });
            }

            content = new { multiImage = new { images = uploaded } };
        }

        var post = new Dictionary<string, object>
        {
            ["author"] = author,
            ["commentary"] = LittleText.Escape(request.Text),
            ["visibility"] = "PUBLIC",
            ["distribution"] = new { feedDistribution = "MAIN_FEED", targetEntities = Array.Empty<object>(), thirdPartyDistributionChannels = Array.Empty<object>() },
            ["lifecycleState"] = "PUBLISHED",
            ["isReshareDisabledByAuthor"] = false,
        };
        if (content is not null)
        {
            post["content"] = content;
        }

        // 201 Created; the new post's URN is in the x-restli-id header, not the body.
        var created = await api.PostJsonAsync("rest/posts", token, post, mayHaveTakenEffect: true, ct);
        var urn = created.RestliId
            ?? throw new PlatformException(PlatformErrorKind.OutcomeUnknown, "LinkedIn accepted the post but did not say its id.");
        return new PublishResult(urn, PostUrl(urn));
    }

    public async Task DeleteAsync(ChannelCall call, string platformPostId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        await Api().DeleteAsync($"rest/posts/{LinkedInApi.Encode(platformPostId)}", Token(call), ct);
    }

    public async Task<PostStatus> FetchStatusAsync(ChannelCall call, string platformPostId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var post = await Api().GetOrNullWhenGoneAsync($"rest/posts/{LinkedInApi.Encode(platformPostId)}", Token(call), ct);
        return post is null || LinkedInApi.String(post.Body, "lifecycleState") is "DELETED"
            ? new PostStatus(false, null)
            : new PostStatus(true, PostUrl(platformPostId));
    }

    /// <summary>The organisation's recent posts (<c>GET /rest/posts?q=author</c>) whose commentary is this text.</summary>
    public async Task<PublishResult?> FindPublishedAsync(PublishRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var author = LinkedInApi.Encode(request.Call.Account.AccountId);
        var posts = await Api().GetAsync($"rest/posts?author={author}&q=author&count=50&sortBy=LAST_MODIFIED", Token(request.Call), ct);
        var sent = SameText(LittleText.Escape(request.Text));
        var plain = SameText(request.Text);
        foreach (var post in LinkedInApi.Elements(posts.Body))
        {
            var commentary = SameText(LinkedInApi.String(post, "commentary"));
            if ((commentary == sent || commentary == plain) && LinkedInApi.String(post, "id") is { } urn)
            {
                return new PublishResult(urn, PostUrl(urn));
            }
        }

        return null;
    }

    /// <summary>Where people see a post: LinkedIn's feed address for its URN.</summary>
    public static Uri PostUrl(string urn) => new($"https://www.linkedin.com/feed/update/{urn}/");

    private static string SameText(string? text) => (text ?? "").ReplaceLineEndings("\n").Trim();

    /// <summary>Images API: initializeUpload for the organisation, then the bytes to the upload address.</summary>
    private static async Task<string> UploadImageAsync(LinkedInApi api, string owner, string token, MediaUpload image, CancellationToken ct)
    {
        var init = await api.PostJsonAsync("rest/images?action=initializeUpload", token,
            new { initializeUploadRequest = new { owner } }, mayHaveTakenEffect: false, ct);
        var value = init.Body.ValueKind == JsonValueKind.Object && init.Body.TryGetProperty("value", out var v) ? v : default;
        var uploadUrl = LinkedInApi.String(value, "uploadUrl");
        var urn = LinkedInApi.String(value, "image");
        if (uploadUrl is null || urn is null || !Uri.TryCreate(uploadUrl, UriKind.Absolute, out var address))
        {
            throw new PlatformException(PlatformErrorKind.Retryable, "LinkedIn did not give an address to upload the image to.");
        }

        await api.UploadAsync(address, token, image.Content, ct);
        return urn;
    }

    /// <summary>Videos API: initializeUpload with the size, each part to its address (keeping the ETags), then finalizeUpload.</summary>
    private static async Task<string> UploadVideoAsync(LinkedInApi api, string owner, string token, MediaUpload video, CancellationToken ct)
    {
        var init = await api.PostJsonAsync("rest/videos?action=initializeUpload", token, new
        {
            initializeUploadRequest = new { owner, fileSizeBytes = video.Content.Length, uploadCaptions = false, uploadThumbnail = false },
        }, mayHaveTakenEffect: false, ct);
        var value = init.Body.ValueKind == JsonValueKind.Object && init.Body.TryGetProperty("value", out var v) ? v : default;
        var urn = LinkedInApi.String(value, "video")
            ?? throw new PlatformException(PlatformErrorKind.Retryable, "LinkedIn did not give an id for the video upload.");
        var parts = new List<string>();
        if (value.TryGetProperty("uploadInstructions", out var instructions) && instructions.ValueKind == JsonValueKind.Array)
        {
            foreach (var instruction in instructions.EnumerateArray())
            {
                var first = (int)(LinkedInApi.Number(instruction, "firstByte") ?? 0);
                var last = (int)(LinkedInApi.Number(instruction, "lastByte") ?? (video.Content.Length - 1));
                if (!Uri.TryCreate(LinkedInApi.String(instruction, "uploadUrl"), UriKind.Absolute, out var address) || first < 0 || last >= video.Content.Length || last < first)
                {
                    throw new PlatformException(PlatformErrorKind.Retryable, "LinkedIn gave upload instructions for the video that Signpost cannot follow.");
                }

                var etag = await api.UploadAsync(address, token, video.Content[first..(last + 1)], ct);
                parts.Add(etag ?? throw new PlatformException(PlatformErrorKind.Retryable, "LinkedIn did not confirm a part of the video upload."));
            }
        }

        await api.PostJsonAsync("rest/videos?action=finalizeUpload", token, new
        {
            finalizeUploadRequest = new { video = urn, uploadToken = LinkedInApi.String(value, "uploadToken") ?? "", uploadedPartIds = parts },
        }, mayHaveTakenEffect: false, ct);
        return urn;
    }

    /// <summary>The organisation's vanity name (handle) and name (<c>GET /rest/organizations/{id}</c>); the URN when LinkedIn will not say.</summary>
    private static async Task<(string Handle, string Name)> NameAsync(LinkedInApi api, string urn, string token, CancellationToken ct)
    {
        try
        {
            var organisation = await api.GetAsync($"rest/organizations/{OrganisationId(urn)}", token, ct);
            var name = LinkedInApi.String(organisation.Body, "localizedName") ?? urn;
            return (LinkedInApi.String(organisation.Body, "vanityName") ?? name, name);
        }
        catch (PlatformException e) when (e.Kind is PlatformErrorKind.Rejected)
        {
            return (urn, urn);
        }
    }

    private static string OrganisationId(string urn) => Uri.EscapeDataString(urn[(urn.LastIndexOf(':') + 1)..]);

    private void CheckPublishable(PublishRequest request)
    {
        if (request.ReplyTo is not null)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "LinkedIn Page posts have no threads: publish this as a separate post.");
        }

        var videos = request.Media.Count(m => m.IsVideo);
        var images = request.Media.Count - videos;
        if (videos > 0 && images > 0)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "A LinkedIn post can have images or one video, not both.");
        }

        if (videos > Limits.MaxVideos || images > Limits.MaxImages)
        {
            throw new PlatformException(PlatformErrorKind.Rejected,
                string.Create(CultureInfo.InvariantCulture, $"A LinkedIn post can have at most {Limits.MaxImages} images or {Limits.MaxVideos} video."));
        }

        if (request.Text.Length > Limits.MaxTextLength)
        {
            throw new PlatformException(PlatformErrorKind.Rejected,
                string.Create(CultureInfo.InvariantCulture, $"The text is longer than LinkedIn's {Limits.MaxTextLength:N0} characters."));
        }

        if (request.Media.Count == 0 && string.IsNullOrWhiteSpace(request.Text))
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "A LinkedIn post needs text, images or a video.");
        }
    }

    /// <summary>
    /// The token answer as a credential: the access token's expiry (60 days), and the refresh token's
    /// (365 days) as the time a person must reconnect. A refresh answer without a new refresh token
    /// keeps the previous one and its expiry.
    /// </summary>
    private PlatformCredential Credential(JsonElement tokens, PlatformCredential? previous)
    {
        var now = _time.GetUtcNow();
        var accessToken = LinkedInApi.String(tokens, "access_token")
            ?? throw new PlatformException(PlatformErrorKind.AuthLost, "LinkedIn did not return an access token. Connect the channel again.");
        DateTimeOffset? accessExpires = LinkedInApi.Number(tokens, "expires_in") is { } seconds ? now.AddSeconds(seconds) : null;
        var refreshToken = LinkedInApi.String(tokens, "refresh_token");
        DateTimeOffset? refreshExpires = refreshToken is not null && LinkedInApi.Number(tokens, "refresh_token_expires_in") is { } refreshSeconds
            ? now.AddSeconds(refreshSeconds)
            : previous?.ExpiresAt;
        return new PlatformCredential
        {
            AccessToken = accessToken,
            RefreshToken = refreshToken ?? previous?.RefreshToken,
            AccessTokenExpiresAt = accessExpires,
            ExpiresAt = (refreshToken ?? previous?.RefreshToken) is not null ? refreshExpires ?? accessExpires : accessExpires,
        };
    }

    private static string Token(ChannelCall call) =>
        call.Credential.AccessToken ?? throw new PlatformException(PlatformErrorKind.AuthLost, "The LinkedIn channel has no access token. Reconnect the channel.");

    private void RequireConfigured()
    {
        if (!IsConfigured)
        {
            throw new PlatformException(PlatformErrorKind.Rejected,
                "Signpost is not registered as a LinkedIn app in this deployment: set Platforms:LinkedIn:ClientId and ClientSecret.");
        }
    }

    private Uri AuthBase() => LinkedInApi.WithTrailingSlash(_options.AuthBaseUrl ?? LinkedInApi.DefaultAuthBaseUrl);

    private LinkedInApi Api() => new(_httpClientFactory.CreateClient(nameof(Network.LinkedIn)), _options.ApiBaseUrl);
}
