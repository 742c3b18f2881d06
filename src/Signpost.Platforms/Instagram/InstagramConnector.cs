using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Signpost.Platforms.Meta;

namespace Signpost.Platforms.Instagram;

/// <summary>
/// Instagram professional accounts through the Instagram Graph API with Facebook Login (content
/// publishing): a media container per image or video, a carousel container for several, waiting
/// until Instagram has processed them, then <c>media_publish</c>. Instagram downloads media from a
/// public address, so publishing needs <see cref="IPublicMediaUrls"/>. The Meta app is Facebook's:
/// <c>Platforms:Instagram</c> settings are read first, then <c>Platforms:Facebook</c>'s.
/// </summary>
public sealed partial class InstagramConnector : IAccountChooser
{
    /// <summary>Facebook Login permissions for publishing to the Instagram account linked to a Page.</summary>
    // The inbox needs instagram_manage_comments (reply, hide, delete), instagram_manage_messages, and
    // pages_manage_metadata to subscribe the linked Page to the webhooks.
    public static readonly IReadOnlyList<string> Scopes = ["instagram_basic", "instagram_content_publish", "pages_show_list", "pages_read_engagement", "instagram_manage_comments", "instagram_manage_messages", "pages_manage_metadata"];

    /// <summary>Instagram's documented limit of hashtags in a caption.</summary>
    public const int MaxHashtags = 30;

    /// <summary>How long a public media address must work: Instagram fetches while it processes the container.</summary>
    private static readonly TimeSpan MediaUrlLifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// When the 24-hour publishing quota is used up. The window rolls, so a slot frees when the oldest
    /// post of the last day passes 24 hours; Signpost looks again in an hour rather than waiting a day.
    /// </summary>
    private static readonly TimeSpan QuotaExhaustedWait = TimeSpan.FromHours(1);

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IPublicMediaUrls? _publicMediaUrls;
    private readonly TimeProvider _time;
    private readonly string? _clientId;
    private readonly string? _clientSecret;
    private readonly Uri? _apiBaseUrl;
    private readonly Uri? _authBaseUrl;

    public InstagramConnector(IHttpClientFactory httpClientFactory, PlatformOptions options, IPublicMediaUrls? publicMediaUrls = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _publicMediaUrls = publicMediaUrls;
        _time = timeProvider ?? TimeProvider.System;
        var instagram = options.For(Network.Instagram);
        var facebook = options.For(Network.Facebook);
        _clientId = FirstSet(instagram.ClientId, facebook.ClientId);
        _clientSecret = FirstSet(instagram.ClientSecret, facebook.ClientSecret);
        _apiBaseUrl = instagram.ApiBaseUrl ?? facebook.ApiBaseUrl;
        _authBaseUrl = instagram.AuthBaseUrl ?? facebook.AuthBaseUrl;
    }

    public Network Network => Network.Instagram;

    /// <summary>
    /// Content publishing: captions of 2,200 characters, carousels of 10 items (images or videos),
    /// JPEG images up to 8 MB, Reels up to 1 GB; every post needs media.
    /// </summary>
    public PlatformLimits Limits { get; } = new(MaxTextLength: 2_200, MaxImages: 10, MaxVideos: 10, MaxImageBytes: 8 * 1024 * 1024, MaxVideoBytes: 1024L * 1024 * 1024, RequiresMedia: true);

    public bool HasIdempotency => false;

    public ConnectionMethod ConnectionMethod => ConnectionMethod.OAuth;

    public bool IsConfigured => Login(Graph()).IsConfigured;

    /// <summary>How long to wait between two looks at a container that is still IN_PROGRESS (tests shorten it).</summary>
    internal TimeSpan ContainerPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Meta: look at a container's status about once a minute for no more than five minutes.</summary>
    internal TimeSpan MaxContainerWait { get; set; } = TimeSpan.FromMinutes(5);

    public Uri BuildAuthorizationUrl(OAuthStart start) => Login(Graph()).BuildAuthorizationUrl(start, Scopes);

    public async Task<ConnectResult> CompleteAuthorizationAsync(OAuthCallback callback, CancellationToken ct) =>
        (await CompleteAuthorizationWithChoicesAsync(callback, ct))[0];

    /// <summary>
    /// Every Instagram professional account linked to a Page the person manages
    /// (<c>instagram_business_account</c> on <c>/me/accounts</c>). The credential is the long-lived
    /// user token the Instagram Graph API documents, so the channel must be reconnected before it
    /// expires (<see cref="PlatformCredential.ExpiresAt"/>).
    /// </summary>
    public async Task<IReadOnlyList<ConnectResult>> CompleteAuthorizationWithChoicesAsync(OAuthCallback callback, CancellationToken ct)
    {
        var login = Login(Graph());
        var user = await login.ExchangeCodeAsync(callback, ct);
        var pages = await login.ListPagesAsync(user.AccessToken, "id,name,tasks,instagram_business_account{id,username,name}", ct);
        var results = new List<ConnectResult>();
        foreach (var page in pages)
        {
            if (!page.TryGetProperty("instagram_business_account", out var account) || GraphApi.String(account, "id") is not { } id)
            {
                continue;
            }

            var username = GraphApi.String(account, "username") ?? id;
            var credential = new PlatformCredential
            {
                AccessToken = user.AccessToken,
                AccessTokenExpiresAt = user.ExpiresAt,
                ExpiresAt = user.ExpiresAt,
                Extra = new Dictionary<string, string> { ["page_id"] = GraphApi.String(page, "id") ?? "" },
            };
            results.Add(new ConnectResult(new PlatformAccount(id, username), credential, GraphApi.String(account, "name") ?? username));
        }

        return results.Count > 0
            ? results
            : throw new PlatformException(PlatformErrorKind.Rejected,
                "None of the Facebook Pages this account manages has an Instagram professional account linked to it. Link the Instagram account to the Page in Meta Business Suite, then connect again.");
    }

    /// <summary>Meta issues no refresh tokens: this checks the token still works and returns it unchanged (AuthLost when it does not).</summary>
    public async Task<PlatformCredential> RefreshAsync(ChannelCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        await Graph().GetAsync(Uri.EscapeDataString(call.Account.AccountId), Token(call), new Dictionary<string, string> { ["fields"] = "id" }, ct);
        return call.Credential;
    }

    /// <summary>Connects with a token made outside the Login dialog: the handle is the Instagram user id, the secret the token.</summary>
    public async Task<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = request.Secret.Trim();
        var account = await Graph().GetAsync(Uri.EscapeDataString(request.Handle.Trim()), token, new Dictionary<string, string> { ["fields"] = "id,username,name" }, ct);
        var id = GraphApi.String(account, "id") ?? request.Handle.Trim();
        var username = GraphApi.String(account, "username") ?? id;
        return new ConnectResult(new PlatformAccount(id, username), new PlatformCredential { AccessToken = token }, GraphApi.String(account, "name") ?? username);
    }

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var publicMediaUrls = CheckPublishable(request);
        var graph = Graph();
        var token = Token(request.Call);
        var user = Uri.EscapeDataString(request.Call.Account.AccountId);

        await CheckPublishingQuotaAsync(graph, user, token, ct);

        // Creating containers publishes nothing (they expire unpublished after 24 hours), so a lost
        // answer there is retryable; only media_publish can leave a post whose outcome is unknown.
        string containerId;
        if (request.Media.Count == 1)
        {
            var media = request.Media[0];
            var url = await publicMediaUrls.GetPublicUrlAsync(media, MediaUrlLifetime, ct);
            var fields = media.IsVideo
                ? Fields(("media_type", "REELS"), ("video_url", url.AbsoluteUri), ("caption", request.Text))
                : Fields(("image_url", url.AbsoluteUri), ("caption", request.Text), ("alt_text", media.AltText));
            containerId = Id(await graph.PostFormAsync($"{user}/media", token, fields, mayHaveTakenEffect: false, ct));
        }
        else
        {
            var children = new List<string>();
            foreach (var media in request.Media)
            {
                var url = await publicMediaUrls.GetPublicUrlAsync(media, MediaUrlLifetime, ct);
                var fields = media.IsVideo
                    ? Fields(("media_type", "VIDEO"), ("video_url", url.AbsoluteUri), ("is_carousel_item", "true"))
                    : Fields(("image_url", url.AbsoluteUri), ("is_carousel_item", "true"), ("alt_text", media.AltText));
                var child = Id(await graph.PostFormAsync($"{user}/media", token, fields, mayHaveTakenEffect: false, ct));
                if (media.IsVideo)
                {
                    await WaitUntilFinishedAsync(graph, child, token, ct);
                }

                children.Add(child);
            }

            containerId = Id(await graph.PostFormAsync($"{user}/media", token,
                Fields(("media_type", "CAROUSEL"), ("children", string.Join(',', children)), ("caption", request.Text)), mayHaveTakenEffect: false, ct));
        }

        await WaitUntilFinishedAsync(graph, containerId, token, ct);

        var published = await graph.PostFormAsync($"{user}/media_publish", token, Fields(("creation_id", containerId)), mayHaveTakenEffect: true, ct);
        var mediaId = Id(published, PlatformErrorKind.OutcomeUnknown);
        return new PublishResult(mediaId, await PermalinkAfterPublishAsync(graph, mediaId, token, ct));
    }

    /// <summary>Deletes a post (<c>DELETE /{ig-media-id}</c>, for accounts connected with Facebook Login).</summary>
    public async Task DeleteAsync(ChannelCall call, string platformPostId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        await Graph().DeleteAsync(Uri.EscapeDataString(platformPostId), Token(call), ct);
    }

    public async Task<PostStatus> FetchStatusAsync(ChannelCall call, string platformPostId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var media = await Graph().GetOrNullWhenGoneAsync(Uri.EscapeDataString(platformPostId), Token(call),
            new Dictionary<string, string> { ["fields"] = "id,permalink" }, ct);
        return media is { } found ? new PostStatus(true, Link(GraphApi.String(found, "permalink"))) : new PostStatus(false, null);
    }

    /// <summary>The account's recent media (<c>GET /{ig-user-id}/media</c>) with exactly this caption.</summary>
    public async Task<PublishResult?> FindPublishedAsync(PublishRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var list = await Graph().GetAsync($"{Uri.EscapeDataString(request.Call.Account.AccountId)}/media", Token(request.Call), new Dictionary<string, string>
        {
            ["fields"] = "id,caption,permalink,timestamp",
            ["limit"] = "50",
        }, ct);
        var wanted = SameText(request.Text);
        foreach (var media in GraphApi.Data(list))
        {
            if (SameText(GraphApi.String(media, "caption")) == wanted && GraphApi.String(media, "id") is { } id)
            {
                return new PublishResult(id, Link(GraphApi.String(media, "permalink")));
            }
        }

        return null;
    }

    internal static string SameText(string? text) => (text ?? "").ReplaceLineEndings("\n").Trim();

    internal static int CountHashtags(string text) => HashtagPattern().Count(text);

    private IPublicMediaUrls CheckPublishable(PublishRequest request)
    {
        if (request.ReplyTo is not null)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "Instagram posts have no threads: publish this as a separate post.");
        }

        if (request.Media.Count == 0)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "Instagram posts need an image or video.");
        }

        if (request.Media.Count > Limits.MaxImages)
        {
            throw new PlatformException(PlatformErrorKind.Rejected,
                string.Create(CultureInfo.InvariantCulture, $"An Instagram carousel can have at most {Limits.MaxImages} images or videos."));
        }

        if (request.Text.Length > Limits.MaxTextLength)
        {
            throw new PlatformException(PlatformErrorKind.Rejected,
                string.Create(CultureInfo.InvariantCulture, $"The caption is longer than Instagram's {Limits.MaxTextLength:N0} characters."));
        }

        if (CountHashtags(request.Text) > MaxHashtags)
        {
            throw new PlatformException(PlatformErrorKind.Rejected,
                string.Create(CultureInfo.InvariantCulture, $"Instagram accepts at most {MaxHashtags} hashtags in a caption."));
        }

        return _publicMediaUrls ?? throw new PlatformException(PlatformErrorKind.Rejected,
            "Instagram fetches images and videos from a public address, and this Signpost has no public media address set up. Ask the administrator to configure one.");
    }

    /// <summary>
    /// <c>GET /{ig-user-id}/content_publishing_limit</c>: an account may publish a limited number of
    /// posts through the API in a rolling 24 hours (100 at the time of writing). Asking first avoids
    /// creating containers that cannot be published.
    /// </summary>
    private static async Task CheckPublishingQuotaAsync(GraphApi graph, string user, string token, CancellationToken ct)
    {
        var limit = await graph.GetAsync($"{user}/content_publishing_limit", token, new Dictionary<string, string> { ["fields"] = "quota_usage,config" }, ct);
        foreach (var entry in GraphApi.Data(limit))
        {
            var usage = GraphApi.Number(entry, "quota_usage");
            var total = entry.TryGetProperty("config", out var config) ? GraphApi.Number(config, "quota_total") : null;
            if (usage is { } used && total is { } allowed && used >= allowed)
            {
                throw new PlatformException(PlatformErrorKind.RateLimited,
                    string.Create(CultureInfo.InvariantCulture, $"This Instagram account has published {used} of its {allowed} posts allowed in 24 hours; Signpost will try again in {PlatformHttp.Describe(QuotaExhaustedWait)}."),
                    QuotaExhaustedWait);
            }
        }
    }

    /// <summary>Looks at a container until Instagram has processed it (FINISHED), refused it (ERROR) or let it expire.</summary>
    private async Task WaitUntilFinishedAsync(GraphApi graph, string containerId, string token, CancellationToken ct)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            var container = await graph.GetAsync(Uri.EscapeDataString(containerId), token, new Dictionary<string, string> { ["fields"] = "status_code,status" }, ct);
            var status = GraphApi.String(container, "status_code");
            switch (status)
            {
                case "FINISHED" or "PUBLISHED":
                    return;
                case "ERROR":
                    var detail = GraphApi.String(container, "status");
                    throw new PlatformException(PlatformErrorKind.Rejected,
                        $"Instagram could not process the media{(string.IsNullOrWhiteSpace(detail) ? "" : $" ({detail})")}. Check that each image or video meets Instagram's requirements.");
                case "EXPIRED":
                    // Nothing was published: a new attempt makes a new container.
                    throw new PlatformException(PlatformErrorKind.Retryable, "Instagram let the media container expire before it was published.");
            }

            if (waited >= MaxContainerWait)
            {
                throw new PlatformException(PlatformErrorKind.Retryable,
                    $"Instagram was still processing the media after {PlatformHttp.Describe(waited)}; nothing was published, and Signpost will try again.");
            }

            await Task.Delay(ContainerPollInterval, _time, ct);
            waited += ContainerPollInterval;
        }
    }

    /// <summary>The post exists once media_publish answered: failing to read its address must not fail the publish.</summary>
    private static async Task<Uri?> PermalinkAfterPublishAsync(GraphApi graph, string mediaId, string token, CancellationToken ct)
    {
        try
        {
            var media = await graph.GetAsync(Uri.EscapeDataString(mediaId), token, new Dictionary<string, string> { ["fields"] = "permalink" }, ct);
            return Link(GraphApi.String(media, "permalink"));
        }
        catch (PlatformException)
        {
            return null;
        }
    }

    private static List<KeyValuePair<string, string>> Fields(params (string Name, string? Value)[] fields) =>
        [.. fields.Where(f => !string.IsNullOrWhiteSpace(f.Value)).Select(f => new KeyValuePair<string, string>(f.Name, f.Value!))];

    /// <summary>The id in a creation answer; without one, whether the post may exist depends on what was created.</summary>
    private static string Id(JsonElement created, PlatformErrorKind whenMissing = PlatformErrorKind.Retryable) =>
        GraphApi.String(created, "id") ?? throw new PlatformException(whenMissing, "Instagram answered without the new object's id.");

    private static Uri? Link(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null;

    private static string? FirstSet(string? first, string? second) => string.IsNullOrWhiteSpace(first) ? second : first;

    private static string Token(ChannelCall call) =>
        call.Credential.AccessToken ?? throw new PlatformException(PlatformErrorKind.AuthLost, "The Instagram channel has no access token. Reconnect the channel.");

    private GraphApi Graph() => new(_httpClientFactory.CreateClient(nameof(Network.Instagram)), _apiBaseUrl, _clientSecret, "Instagram");

    private FacebookLogin Login(GraphApi graph) => new(graph, _authBaseUrl, _clientId, _clientSecret, _time);

    [GeneratedRegex(@"(?<![\p{L}\p{N}_&])#[\p{L}\p{N}_]+", RegexOptions.CultureInvariant)]
    private static partial Regex HashtagPattern();
}
