using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Signpost.Platforms.Meta;

namespace Signpost.Platforms.Facebook;

/// <summary>
/// Facebook Pages through the Graph API (Pages API). A person signs in with Facebook Login and
/// chooses one of the Pages they manage; Signpost keeps that Page's access token, which does not
/// expire when it comes from a long-lived user token, and records the user token's expiry (about 60
/// days) as the channel's <see cref="PlatformCredential.ExpiresAt"/>. Graph has no idempotency key,
/// so a publish whose outcome is unknown is looked for among the Page's recent posts.
/// </summary>
public sealed partial class FacebookConnector : IAccountChooser
{
    /// <summary>Facebook Login permissions: list the Pages, read them, and post as them.</summary>
    // The inbox needs pages_manage_engagement (reply, hide, delete comments), pages_messaging (answer
    // messages), pages_read_user_content (read comments) and pages_manage_metadata (webhook subscription).
    public static readonly IReadOnlyList<string> Scopes = ["pages_show_list", "pages_read_engagement", "pages_manage_posts", "pages_manage_engagement", "pages_messaging", "pages_read_user_content", "pages_manage_metadata"];

    /// <summary>How far back <see cref="FindPublishedAsync"/> looks: an unknown outcome is checked soon after.</summary>
    private static readonly TimeSpan FindLookBack = TimeSpan.FromDays(3);

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly NetworkOptions _options;
    private readonly TimeProvider _time;

    public FacebookConnector(IHttpClientFactory httpClientFactory, PlatformOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _options = options.For(Network.Facebook);
        _time = timeProvider ?? TimeProvider.System;
    }

    public Network Network => Network.Facebook;

    /// <summary>
    /// Graph API Photo: "a photo must be less than 10MB"; multi-photo posts kept to 10 photos; one
    /// video per post, uploaded in one request (Graph's non-resumable limit is 1 GB).
    /// </summary>
    public PlatformLimits Limits { get; } = new(MaxTextLength: 63_206, MaxImages: 10, MaxVideos: 1, MaxImageBytes: 10 * 1024 * 1024, MaxVideoBytes: 1024L * 1024 * 1024);

    public bool HasIdempotency => false;

    public ConnectionMethod ConnectionMethod => ConnectionMethod.OAuth;

    public bool IsConfigured => Login(Graph()).IsConfigured;

    public Uri BuildAuthorizationUrl(OAuthStart start) => Login(Graph()).BuildAuthorizationUrl(start, Scopes);

    public async Task<ConnectResult> CompleteAuthorizationAsync(OAuthCallback callback, CancellationToken ct) =>
        (await CompleteAuthorizationWithChoicesAsync(callback, ct))[0];

    public async Task<IReadOnlyList<ConnectResult>> CompleteAuthorizationWithChoicesAsync(OAuthCallback callback, CancellationToken ct)
    {
        var login = Login(Graph());
        var user = await login.ExchangeCodeAsync(callback, ct);
        var pages = await login.ListPagesAsync(user.AccessToken, "id,name,access_token,tasks", ct);
        var results = new List<ConnectResult>();
        foreach (var page in pages)
        {
            if (GraphApi.String(page, "id") is not { } id || GraphApi.String(page, "access_token") is not { } pageToken)
            {
                continue;
            }

            var name = GraphApi.String(page, "name") ?? id;
            results.Add(new ConnectResult(
                new PlatformAccount(id, name),
                new PlatformCredential { AccessToken = pageToken, ExpiresAt = user.ExpiresAt },
                name));
        }

        return results.Count > 0
            ? results
            : throw new PlatformException(PlatformErrorKind.Rejected,
                "This Facebook account manages no Page that Signpost can post to. Ask for a role that can create content on the Page, then connect again.");
    }

    /// <summary>
    /// Meta issues no refresh tokens. A Page token from a long-lived user token does not expire, so
    /// this checks that it still works and returns it unchanged; Graph's code 190 becomes AuthLost.
    /// </summary>
    public async Task<PlatformCredential> RefreshAsync(ChannelCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        await Login(Graph()).VerifyAsync(call.Account.AccountId, PageToken(call), ct);
        return call.Credential;
    }

    /// <summary>
    /// Connects a Page with a token made outside the Login dialog (for example a Business Manager
    /// system user's token): <see cref="ConnectRequest.Handle"/> is the Page id, the secret its token.
    /// </summary>
    public async Task<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = request.Secret.Trim();
        var page = await Login(Graph()).VerifyAsync(request.Handle.Trim(), token, ct);
        var id = GraphApi.String(page, "id") ?? request.Handle.Trim();
        var name = GraphApi.String(page, "name") ?? id;
        return new ConnectResult(new PlatformAccount(id, name), new PlatformCredential { AccessToken = token }, name);
    }

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckPublishable(request);
        var graph = Graph();
        var token = PageToken(request.Call);
        var page = Uri.EscapeDataString(request.Call.Account.AccountId);
        var images = request.Media.Where(m => !m.IsVideo).ToList();
        var video = request.Media.FirstOrDefault(m => m.IsVideo);

        string postId;
        if (video is not null)
        {
            // POST /{page-id}/videos: the file and its description; the answer's id is the video's.
            using var form = Multipart(video);
            Add(form, "description", request.Text);
            var created = await graph.PostMultipartAsync($"{page}/videos", token, form, mayHaveTakenEffect: true, ct);
            postId = Id(created);
        }
        else if (images.Count == 1)
        {
            // POST /{page-id}/photos publishes the photo as a Page post; post_id is that post.
            using var form = Multipart(images[0]);
            Add(form, "caption", request.Text);
            Add(form, "alt_text_custom", images[0].AltText);
            var created = await graph.PostMultipartAsync($"{page}/photos", token, form, mayHaveTakenEffect: true, ct);
            postId = GraphApi.String(created, "post_id") ?? Id(created);
        }
        else if (images.Count > 1)
        {
            // Each photo uploaded unpublished (nobody sees it), then one /feed post attaching them all.
            var photoIds = new List<string>();
            foreach (var image in images)
            {
                using var form = Multipart(image);
                Add(form, "alt_text_custom", image.AltText);
                Add(form, "published", "false");
                photoIds.Add(Id(await graph.PostMultipartAsync($"{page}/photos", token, form, mayHaveTakenEffect: false, ct), PlatformErrorKind.Retryable));
            }

            var fields = new List<KeyValuePair<string, string>> { new("message", request.Text) };
            fields.AddRange(photoIds.Select((id, i) => new KeyValuePair<string, string>(
                string.Create(CultureInfo.InvariantCulture, $"attached_media[{i}]"), JsonSerializer.Serialize(new { media_fbid = id }))));
            postId = Id(await graph.PostFormAsync($"{page}/feed", token, fields, mayHaveTakenEffect: true, ct));
        }
        else
        {
            var fields = new List<KeyValuePair<string, string>> { new("message", request.Text) };
            if (FirstLink(request.Text) is { } link)
            {
                // The link's preview card: Facebook builds it from the link field.
                fields.Add(new("link", link));
            }

            postId = Id(await graph.PostFormAsync($"{page}/feed", token, fields, mayHaveTakenEffect: true, ct));
        }

        return new PublishResult(postId, await PermalinkAfterPublishAsync(graph, postId, token, ct));
    }

    public async Task DeleteAsync(ChannelCall call, string platformPostId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        await Graph().DeleteAsync(Uri.EscapeDataString(platformPostId), PageToken(call), ct);
    }

    public async Task<PostStatus> FetchStatusAsync(ChannelCall call, string platformPostId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var post = await Graph().GetOrNullWhenGoneAsync(Uri.EscapeDataString(platformPostId), PageToken(call),
            new Dictionary<string, string> { ["fields"] = "id,permalink_url" }, ct);
        return post is { } found ? new PostStatus(true, Link(GraphApi.String(found, "permalink_url"))) : new PostStatus(false, null);
    }

    /// <summary>The Page's posts of the last few days (<c>GET /{page-id}/posts</c>) with exactly this text.</summary>
    public async Task<PublishResult?> FindPublishedAsync(PublishRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var since = _time.GetUtcNow().Subtract(FindLookBack).ToUnixTimeSeconds();
        var posts = await Graph().GetAsync($"{Uri.EscapeDataString(request.Call.Account.AccountId)}/posts", PageToken(request.Call), new Dictionary<string, string>
        {
            ["fields"] = "id,message,created_time,permalink_url",
            ["since"] = since.ToString(CultureInfo.InvariantCulture),
            ["limit"] = "100",
        }, ct);
        var wanted = SameText(request.Text);
        foreach (var post in GraphApi.Data(posts))
        {
            if (SameText(GraphApi.String(post, "message")) == wanted && GraphApi.String(post, "id") is { } id)
            {
                return new PublishResult(id, Link(GraphApi.String(post, "permalink_url")));
            }
        }

        return null;
    }

    /// <summary>Text compared the way Facebook stores it: line endings normalised, outer white space trimmed.</summary>
    internal static string SameText(string? text) => (text ?? "").ReplaceLineEndings("\n").Trim();

    private void CheckPublishable(PublishRequest request)
    {
        if (request.ReplyTo is not null)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "Facebook Pages have no threads: publish this as a separate post.");
        }

        var videos = request.Media.Count(m => m.IsVideo);
        var images = request.Media.Count - videos;
        if (videos > 0 && images > 0)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "A Facebook post can have photos or one video, not both.");
        }

        if (videos > Limits.MaxVideos || images > Limits.MaxImages)
        {
            throw new PlatformException(PlatformErrorKind.Rejected,
                string.Create(CultureInfo.InvariantCulture, $"A Facebook post can have at most {Limits.MaxImages} photos or {Limits.MaxVideos} video."));
        }

        if (request.Media.Count == 0 && string.IsNullOrWhiteSpace(request.Text))
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "A Facebook post needs text, a photo or a video.");
        }

        if (request.Text.Length > Limits.MaxTextLength)
        {
            throw new PlatformException(PlatformErrorKind.Rejected,
                string.Create(CultureInfo.InvariantCulture, $"The text is longer than Facebook's {Limits.MaxTextLength:N0} characters."));
        }
    }

    /// <summary>The post exists once Graph answered: failing to read its address must not fail the publish.</summary>
    private static async Task<Uri?> PermalinkAfterPublishAsync(GraphApi graph, string postId, string token, CancellationToken ct)
    {
        try
        {
            var post = await graph.GetAsync(Uri.EscapeDataString(postId), token, new Dictionary<string, string> { ["fields"] = "permalink_url" }, ct);
            return Link(GraphApi.String(post, "permalink_url"));
        }
        catch (PlatformException)
        {
            return null;
        }
    }

    private static MultipartFormDataContent Multipart(MediaUpload media)
    {
        var file = new ByteArrayContent(media.Content.ToArray());
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(media.ContentType);
        return new MultipartFormDataContent { { file, "source", media.FileName } };
    }

    private static void Add(MultipartFormDataContent form, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            form.Add(new StringContent(value), name);
        }
    }

    /// <summary>The id in a creation answer; without one, whether the post may exist depends on what was created.</summary>
    private static string Id(JsonElement created, PlatformErrorKind whenMissing = PlatformErrorKind.OutcomeUnknown) =>
        GraphApi.String(created, "id") ?? throw new PlatformException(whenMissing, "Facebook answered without the new object's id.");

    private static Uri? Link(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null;

    private static string? FirstLink(string text) =>
        LinkPattern().Match(text) is { Success: true } match ? match.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')') : null;

    private static string PageToken(ChannelCall call) =>
        call.Credential.AccessToken ?? throw new PlatformException(PlatformErrorKind.AuthLost, "The Facebook channel has no Page access token. Reconnect the channel.");

    private GraphApi Graph() => new(_httpClientFactory.CreateClient(nameof(Network.Facebook)), _options.ApiBaseUrl, _options.ClientSecret, "Facebook");

    private FacebookLogin Login(GraphApi graph) => new(graph, _options.AuthBaseUrl, _options.ClientId, _options.ClientSecret, _time);

    [GeneratedRegex(@"https?://[^\s]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();
}
