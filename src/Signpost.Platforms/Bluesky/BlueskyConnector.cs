using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Signpost.Platforms.Bluesky;

/// <summary>
/// Bluesky over the AT Protocol's XRPC API. A person connects an account with its handle and an
/// app password (no app registration with Bluesky is needed); the connector keeps the app password
/// and the session it opens with it, renews the session when the PDS says it has expired, and
/// returns the renewed session in <see cref="PublishResult.RenewedCredential"/> for Core to keep.
/// <para>
/// Publishing is exactly-once: each post is written with a record key Signpost derives from
/// <see cref="PublishRequest.IdempotencyKey"/> (<see cref="RecordKey"/>), so that a repeat finds the
/// post already there instead of making a second one.
/// </para>
/// </summary>
public sealed class BlueskyConnector : IPlatformConnector
{
    /// <summary>Bluesky's own PDS (its entryway), used when neither the person nor the settings name another.</summary>
    public const string PublicServiceUrl = "https://bsky.social";

    /// <summary>Bluesky's web app, where people see a post.</summary>
    public const string WebAppUrl = "https://bsky.app";

    internal const string PostCollection = "app.bsky.feed.post";

    /// <summary>The language every post is tagged with (app.bsky.feed.post#langs).</summary>
    internal const string Language = "en-GB";

    /// <summary>Lexicon app.bsky.embed.images#image: maxSize 1,000,000 bytes, at most 4 images.</summary>
    private const int MaxImageBytes = 1_000_000;

    /// <summary>Lexicon app.bsky.embed.video: video/mp4 up to 100,000,000 bytes; captions text/vtt up to 20,000 bytes.</summary>
    private const int MaxVideoBytes = 100_000_000;
    private const int MaxCaptionBytes = 20_000;
    private const int MaxVideoAltGraphemes = 1_000;

    /// <summary>Lexicon app.bsky.feed.post#text: maxGraphemes 300, maxLength 3000 (UTF-8 bytes).</summary>
    private const int MaxTextGraphemes = 300;
    private const int MaxTextBytes = 3_000;

    /// <summary>Renew a session this long before the PDS would refuse its access token.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);

    private readonly IHttpClientFactory _httpClients;
    private readonly Uri _defaultService;
    private readonly TimeProvider _time;

    /// <summary>
    /// Sessions this node renewed, by account: a call that still carries the session they replaced
    /// (Delete and FetchStatus cannot hand a renewed session back to Core) uses the renewed one
    /// instead of renewing again, which would spend the PDS's sign-in allowance.
    /// </summary>
    private readonly ConcurrentDictionary<string, RenewedSession> _renewed = new(StringComparer.Ordinal);

    public BlueskyConnector(IHttpClientFactory httpClients, PlatformOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClients = httpClients;
        _defaultService = options.For(Network.Bluesky).DefaultServiceUrl ?? new Uri(PublicServiceUrl);
        _time = time ?? TimeProvider.System;
    }

    public Network Network => Network.Bluesky;

    public PlatformLimits Limits { get; } = new(
        MaxTextLength: MaxTextGraphemes, MaxImages: 4, MaxVideos: 1, MaxImageBytes: MaxImageBytes, MaxVideoBytes: MaxVideoBytes);

    public bool HasIdempotency => true;

    public ConnectionMethod ConnectionMethod => ConnectionMethod.Credentials;

    internal XrpcClient Xrpc => new(_httpClients.CreateClient(Network.Bluesky.ToString()));

    // -----------------------------------------------------------------------------------------
    // Connecting
    // -----------------------------------------------------------------------------------------

    public async Task<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var service = request.ServiceUrl ?? _defaultService;
        var identifier = request.Handle.Trim().TrimStart('@');
        var password = request.Secret.Trim();
        if (identifier.Length == 0 || password.Length == 0)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "Enter the Bluesky handle and an app password.");
        }

        JsonElement session;
        try
        {
            session = await Xrpc.ProcedureAsync(service, "com.atproto.server.createSession",
                new JsonObject { ["identifier"] = identifier, ["password"] = password }, null, mayHaveTakenEffect: false, ct);
        }
        catch (XrpcException e) when (e.Error == "AuthFactorTokenRequired")
        {
            throw MainPasswordRefused();
        }
        catch (XrpcException e) when (e.Status == HttpStatusCode.Unauthorized && !e.IsAccountProblem)
        {
            throw new PlatformException(PlatformErrorKind.AuthLost,
                "Bluesky did not accept that handle and app password. Check the handle, and create a new app password in Bluesky if need be.",
                statusCode: (int)e.Status);
        }
        catch (XrpcException e)
        {
            throw e.ToPlatformException("the sign-in");
        }

        var credential = CredentialFrom(session, new PlatformCredential { Password = password });

        // The account's own password can change the password, delete the account and read direct
        // messages: Signpost keeps only an app password, which can do none of those and which the
        // organisation can revoke on its own without changing the account's password.
        if (JwtClaim(credential.AccessToken, "scope") == "com.atproto.access")
        {
            await DeleteSessionAsync(service, credential.RefreshToken, ct);
            throw MainPasswordRefused();
        }

        var did = Text(session, "did") ?? throw new PlatformException(PlatformErrorKind.Retryable, "Bluesky's sign-in answer had no account id.");
        var handle = Text(session, "handle") ?? identifier;
        var account = new PlatformAccount(did, handle, service);
        return new ConnectResult(account, credential, await DisplayNameAsync(service, did, ct) ?? handle);
    }

    private static PlatformException MainPasswordRefused() => new(PlatformErrorKind.Rejected,
        "That is the account's own password. Signpost needs an app password instead: in Bluesky, open Settings, " +
        "Privacy and security, App passwords, add one named Signpost, and enter it here.");

    // -----------------------------------------------------------------------------------------
    // Publishing
    // -----------------------------------------------------------------------------------------

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckAgainstLimits(request);
        var session = StartSession(request.Call);
        var did = session.Account.AccountId;

        JsonObject? record = null;
        for (var attempt = 0; attempt < RecordKey.Attempts; attempt++)
        {
            var rkey = RecordKey.For(request.IdempotencyKey, attempt);

            // Exactly-once: an earlier attempt of this publication may have made the post already.
            if (await GetPostAsync(session.Service, did, PostCollection, rkey, ct) is { } existing)
            {
                return Published(session, existing.Uri, rkey);
            }

            // Built once (uploads included), whichever record key takes it.
            var post = record ??= await BuildPostAsync(session, request, ct);
            try
            {
                var created = await AuthorisedAsync(session, token => Xrpc.ProcedureAsync(session.Service, "com.atproto.repo.createRecord",
                    new JsonObject
                    {
                        ["repo"] = did,
                        ["collection"] = PostCollection,
                        ["rkey"] = rkey,
                        ["record"] = post.DeepClone(),
                    }, token, mayHaveTakenEffect: true, ct), ct);
                return Published(session, Text(created, "uri") ?? AtUri(did, PostCollection, rkey), rkey);
            }
            catch (XrpcException e) when (e.Detail?.Contains("slur", StringComparison.OrdinalIgnoreCase) == true)
            {
                // The PDS refuses keys that spell a slur: this publication's next key (see RecordKey).
                continue;
            }
            catch (XrpcException e) when (!e.IsSessionProblem && !e.IsAccountProblem && e.Status != HttpStatusCode.TooManyRequests)
            {
                // A PDS answers a write to a key that is taken with an error (this PDS: 500), and an
                // attempt that failed at the last moment may still have written: whichever it was,
                // a post at this publication's key is this publication's post.
                if (await GetPostAsync(session.Service, did, PostCollection, rkey, ct) is { } made)
                {
                    return Published(session, made.Uri, rkey);
                }

                throw e.ToPlatformException("the post");
            }
            catch (XrpcException e)
            {
                throw e.ToPlatformException("the post");
            }
        }

        throw new PlatformException(PlatformErrorKind.Rejected, "Bluesky refused every record key Signpost tried for this post.");
    }

    public async Task<PublishResult?> FindPublishedAsync(PublishRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var account = request.Call.Account;
        var service = account.ServiceUrl ?? _defaultService;
        for (var attempt = 0; attempt < RecordKey.Attempts; attempt++)
        {
            var rkey = RecordKey.For(request.IdempotencyKey, attempt);
            if (await GetPostAsync(service, account.AccountId, PostCollection, rkey, ct) is { } found)
            {
                return new PublishResult(found.Uri, PostUrl(account, rkey));
            }
        }

        return null;
    }

    public async Task DeleteAsync(ChannelCall call, string platformPostId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var post = ParseAtUri(platformPostId);
        if (!string.Equals(post.Repo, call.Account.AccountId, StringComparison.Ordinal))
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "That Bluesky post belongs to another account than this channel's.");
        }

        var session = StartSession(call);
        try
        {
            await AuthorisedAsync(session, token => Xrpc.ProcedureAsync(session.Service, "com.atproto.repo.deleteRecord",
                new JsonObject { ["repo"] = post.Repo, ["collection"] = post.Collection, ["rkey"] = post.RecordKey }, token, mayHaveTakenEffect: true, ct), ct);
        }
        catch (XrpcException e) when (IsGone(e))
        {
            // Already deleted: what the caller wanted.
        }
        catch (XrpcException e)
        {
            throw e.ToPlatformException("deleting the post");
        }
    }

    public async Task<PostStatus> FetchStatusAsync(ChannelCall call, string platformPostId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var post = ParseAtUri(platformPostId);
        var found = await GetPostAsync(call.Account.ServiceUrl ?? _defaultService, post.Repo, post.Collection, post.RecordKey, ct);
        return found is null ? new PostStatus(false, null) : new PostStatus(true, PostUrl(call.Account, post.RecordKey));
    }

    /// <summary>The checks Bluesky would make, made first so that nothing is uploaded for a post it would refuse.</summary>
    private static void CheckAgainstLimits(PublishRequest request)
    {
        var graphemes = new StringInfo(request.Text).LengthInTextElements;
        if (graphemes > MaxTextGraphemes)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, $"Bluesky posts are at most {MaxTextGraphemes} characters; this one has {graphemes}.");
        }

        if (Encoding.UTF8.GetByteCount(request.Text) > MaxTextBytes)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, $"Bluesky posts are at most {MaxTextBytes} bytes of text; this one has more.");
        }

        var videos = request.Media.Count(m => m.IsVideo);
        var images = request.Media.Count - videos;
        if (videos > 0 && images > 0)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "A Bluesky post carries either images or one video, not both.");
        }

        if (videos > 1)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, "A Bluesky post carries at most one video.");
        }

        if (images > 4)
        {
            throw new PlatformException(PlatformErrorKind.Rejected, $"A Bluesky post carries at most 4 images; this one has {images}.");
        }

        foreach (var media in request.Media)
        {
            if (media.IsVideo)
            {
                if (!string.Equals(media.ContentType, "video/mp4", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PlatformException(PlatformErrorKind.Rejected, $"Bluesky takes video as MP4 only; {media.FileName} is {media.ContentType}.");
                }

                if (media.Content.Length > MaxVideoBytes)
                {
                    throw new PlatformException(PlatformErrorKind.Rejected, $"Bluesky takes videos up to 100 MB; {media.FileName} is {Megabytes(media.Content.Length)}.");
                }

                if (media.Captions is { } captions && Encoding.UTF8.GetByteCount(captions) > MaxCaptionBytes)
                {
                    throw new PlatformException(PlatformErrorKind.Rejected, $"Bluesky takes caption files up to 20 KB; the captions of {media.FileName} are longer.");
                }

                if (media.AltText is { } alt && new StringInfo(alt).LengthInTextElements > MaxVideoAltGraphemes)
                {
                    throw new PlatformException(PlatformErrorKind.Rejected, $"Bluesky takes video alt text up to {MaxVideoAltGraphemes} characters; that of {media.FileName} is longer.");
                }
            }
            else
            {
                if (!media.ContentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PlatformException(PlatformErrorKind.Rejected, $"Bluesky cannot show {media.FileName} ({media.ContentType}): attach images or an MP4 video.");
                }

                if (media.Content.Length > MaxImageBytes)
                {
                    throw new PlatformException(PlatformErrorKind.Rejected, $"Bluesky takes images up to 1 MB (1,000,000 bytes); {media.FileName} is {Megabytes(media.Content.Length)}. Make it smaller and try again.");
                }
            }
        }
    }

    private static string Megabytes(long bytes) => (bytes / 1_000_000d).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    /// <summary>The app.bsky.feed.post record (lexicon app.bsky.feed.post): text, facets, reply, embed, langs, createdAt.</summary>
    private async Task<JsonObject> BuildPostAsync(Session session, PublishRequest request, CancellationToken ct)
    {
        var record = new JsonObject
        {
            ["$type"] = PostCollection,
            ["text"] = request.Text,
            ["createdAt"] = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["langs"] = new JsonArray(Language),
        };

        var facets = await FacetsAsync(session.Service, request.Text, ct);
        if (facets.Count > 0)
        {
            record["facets"] = facets;
        }

        if (request.ReplyTo is { } replyTo)
        {
            record["reply"] = await ReplyRefAsync(session.Service, replyTo, ct);
        }

        if (request.Media.Count > 0)
        {
            record["embed"] = await EmbedAsync(session, request.Media, ct);
        }

        return record;
    }

    /// <summary>Facets for the text's mentions, links and hashtags. A handle that does not resolve stays plain text.</summary>
    private async Task<JsonArray> FacetsAsync(Uri service, string text, CancellationToken ct)
    {
        var facets = new JsonArray();
        var dids = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var facet in RichTextFacets.Find(text))
        {
            if (facet.Kind != FacetKind.Mention)
            {
                facets.Add(RichTextFacets.ToRecord(facet));
                continue;
            }

            if (!dids.TryGetValue(facet.Value, out var did))
            {
                dids[facet.Value] = did = await ResolveHandleAsync(service, facet.Value, ct);
            }

            if (did is not null)
            {
                facets.Add(RichTextFacets.ToRecord(facet, did));
            }
        }

        return facets;
    }

    private async Task<string?> ResolveHandleAsync(Uri service, string handle, CancellationToken ct)
    {
        try
        {
            var resolved = await Xrpc.QueryAsync(service, "com.atproto.identity.resolveHandle", [new("handle", handle)], null, ct);
            return Text(resolved, "did");
        }
        catch (XrpcException e) when (e.Status == HttpStatusCode.BadRequest)
        {
            // "Unable to resolve handle": nobody has it, so the text stays as written.
            return null;
        }
        catch (XrpcException e)
        {
            throw e.ToPlatformException("looking up a mentioned handle");
        }
    }

    /// <summary>
    /// app.bsky.feed.post#replyRef: the parent is the post answered; the root is the parent's root
    /// when the parent is itself a reply, otherwise the parent.
    /// </summary>
    private async Task<JsonObject> ReplyRefAsync(Uri service, string replyTo, CancellationToken ct)
    {
        var parentUri = ParseAtUri(replyTo);
        var parent = await GetPostAsync(service, parentUri.Repo, parentUri.Collection, parentUri.RecordKey, ct)
            ?? throw new PlatformException(PlatformErrorKind.Rejected, "The Bluesky post this one answers is no longer there.");
        var parentRef = new JsonObject { ["uri"] = parent.Uri, ["cid"] = parent.Cid };
        var rootRef = parent.Value.TryGetProperty("reply", out var reply) && reply.TryGetProperty("root", out var root)
            && Text(root, "uri") is { } rootUri && Text(root, "cid") is { } rootCid
            ? new JsonObject { ["uri"] = rootUri, ["cid"] = rootCid }
            : parentRef.DeepClone().AsObject();
        return new JsonObject { ["root"] = rootRef, ["parent"] = parentRef };
    }

    /// <summary>app.bsky.embed.images (with alt text and aspect ratio) or app.bsky.embed.video (with alt text and captions).</summary>
    private async Task<JsonObject> EmbedAsync(Session session, IReadOnlyList<MediaUpload> media, CancellationToken ct)
    {
        if (media[0].IsVideo)
        {
            var video = media[0];
            var embed = new JsonObject
            {
                ["$type"] = "app.bsky.embed.video",
                ["video"] = await UploadAsync(session, video.Content, "video/mp4", ct),
            };
            if (!string.IsNullOrWhiteSpace(video.AltText))
            {
                embed["alt"] = video.AltText;
            }

            if (!string.IsNullOrWhiteSpace(video.Captions))
            {
                var file = await UploadAsync(session, Encoding.UTF8.GetBytes(video.Captions), "text/vtt", ct);
                embed["captions"] = new JsonArray(new JsonObject { ["lang"] = Language, ["file"] = file });
            }

            return embed;
        }

        var images = new JsonArray();
        foreach (var image in media)
        {
            var entry = new JsonObject
            {
                ["image"] = await UploadAsync(session, image.Content, image.ContentType, ct),
                ["alt"] = image.AltText ?? "",
            };
            if (ImageSize.Read(image.Content.Span) is { } size)
            {
                entry["aspectRatio"] = new JsonObject { ["width"] = size.Width, ["height"] = size.Height };
            }

            images.Add(entry);
        }

        return new JsonObject { ["$type"] = "app.bsky.embed.images", ["images"] = images };
    }

    private async Task<JsonNode> UploadAsync(Session session, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct)
    {
        try
        {
            var uploaded = await AuthorisedAsync(session, token => Xrpc.UploadAsync(session.Service, content, contentType, token, ct), ct);
            return uploaded.TryGetProperty("blob", out var blob)
                ? JsonNode.Parse(blob.GetRawText())!
                : throw new PlatformException(PlatformErrorKind.Retryable, "Bluesky's upload answer had no blob.");
        }
        catch (XrpcException e)
        {
            throw e.ToPlatformException("the upload");
        }
    }

    private static PublishResult Published(Session session, string uri, string rkey) =>
        new(uri, PostUrl(session.Account, rkey), session.Renewed ? session.Credential : null);

    /// <summary>The post in Bluesky's web app: bsky.app/profile/{handle}/post/{rkey}.</summary>
    private static Uri PostUrl(PlatformAccount account, string rkey)
    {
        var who = string.IsNullOrEmpty(account.Handle) ? account.AccountId : account.Handle;
        return new Uri($"{WebAppUrl}/profile/{Uri.EscapeDataString(who)}/post/{Uri.EscapeDataString(rkey)}");
    }

    // -----------------------------------------------------------------------------------------
    // Records
    // -----------------------------------------------------------------------------------------

    internal sealed record StoredRecord(string Uri, string Cid, JsonElement Value);

    /// <summary>com.atproto.repo.getRecord without a session (records are public); null when the record or its repo is gone.</summary>
    internal async Task<StoredRecord?> GetPostAsync(Uri service, string repo, string collection, string rkey, CancellationToken ct)
    {
        try
        {
            var found = await Xrpc.QueryAsync(service, "com.atproto.repo.getRecord",
                [new("repo", repo), new("collection", collection), new("rkey", rkey)], null, ct);
            return new StoredRecord(Text(found, "uri") ?? AtUri(repo, collection, rkey), Text(found, "cid") ?? "",
                found.TryGetProperty("value", out var value) ? value : default);
        }
        catch (XrpcException e) when (IsGone(e))
        {
            return null;
        }
        catch (XrpcException e)
        {
            throw e.ToPlatformException("reading the post");
        }
    }

    /// <summary>The record, or the whole repository, is not there (deleted, or the account is gone or taken down).</summary>
    internal static bool IsGone(XrpcException e) =>
        e.Error is "RecordNotFound" or "RepoNotFound" or "RepoTakendown" or "RepoDeactivated" or "RepoSuspended" ||
        (e.Status == HttpStatusCode.BadRequest && e.Detail?.StartsWith("Could not find repo", StringComparison.OrdinalIgnoreCase) == true);

    internal readonly record struct AtUriParts(string Repo, string Collection, string RecordKey);

    /// <summary>Reads at://{did}/{collection}/{rkey}, the id Signpost keeps for a Bluesky post.</summary>
    internal static AtUriParts ParseAtUri(string uri)
    {
        const string Scheme = "at://";
        var parts = uri is not null && uri.StartsWith(Scheme, StringComparison.Ordinal)
            ? uri[Scheme.Length..].Split('/')
            : [];
        if (parts.Length != 3 || parts.Any(string.IsNullOrEmpty))
        {
            throw new PlatformException(PlatformErrorKind.Rejected, $"'{uri}' is not a Bluesky post id (at://account/collection/key).");
        }

        return new AtUriParts(parts[0], parts[1], parts[2]);
    }

    internal static string AtUri(string repo, string collection, string rkey) => $"at://{repo}/{collection}/{rkey}";

    // -----------------------------------------------------------------------------------------
    // Sessions
    // -----------------------------------------------------------------------------------------

    /// <summary>One call's view of an account's session; <see cref="Renewed"/> once it differs from what Core gave.</summary>
    internal sealed class Session(PlatformAccount account, Uri service, PlatformCredential credential)
    {
        public PlatformAccount Account { get; } = account;
        public Uri Service { get; } = service;
        public string? OriginalAccessToken { get; } = credential.AccessToken;
        public PlatformCredential Credential { get; set; } = credential;
        public bool Renewed { get; set; }

        /// <summary>Renewed during this call: a refusal now is not about an old session.</summary>
        public bool RenewedNow { get; set; }
    }

    private sealed record RenewedSession(string? ReplacedAccessToken, PlatformCredential Credential);

    internal Session StartSession(ChannelCall call)
    {
        var service = call.Account.ServiceUrl ?? _defaultService;
        var session = new Session(call.Account, service, call.Credential);
        if (_renewed.TryGetValue(SessionKey(session), out var known) && known.ReplacedAccessToken == call.Credential.AccessToken &&
            known.Credential.Password == call.Credential.Password)
        {
            session.Credential = known.Credential;
            session.Renewed = true;
        }

        return session;
    }

    private static string SessionKey(Session session) => $"{session.Service.AbsoluteUri}|{session.Account.AccountId}";

    /// <summary>
    /// Runs a call that needs the account's session. When the session has expired (or is about to),
    /// or the PDS refuses it, renews it once and runs the call again: a refused call changed nothing,
    /// so repeating it cannot duplicate a post.
    /// </summary>
    internal async Task<JsonElement> AuthorisedAsync(Session session, Func<string, Task<JsonElement>> send, CancellationToken ct)
    {
        if (session.Credential.AccessToken is null ||
            (session.Credential.AccessTokenExpiresAt is { } expires && expires - RenewBefore <= _time.GetUtcNow()))
        {
            await RenewAsync(session, ct);
        }

        try
        {
            return await send(session.Credential.AccessToken!);
        }
        catch (XrpcException e) when (e.IsSessionProblem && !e.IsAccountProblem && !session.RenewedNow)
        {
            await RenewAsync(session, ct);
        }

        return await send(session.Credential.AccessToken!);
    }

    /// <summary>
    /// com.atproto.server.refreshSession with the refresh token; when that is refused (expired after
    /// about two months, or revoked), com.atproto.server.createSession again with the app password.
    /// Throws <see cref="PlatformErrorKind.AuthLost"/> when the app password is refused too.
    /// </summary>
    private async Task RenewAsync(Session session, CancellationToken ct)
    {
        var credential = session.Credential;
        JsonElement? renewed = null;
        if (credential.RefreshToken is { } refreshToken)
        {
            try
            {
                renewed = await Xrpc.ProcedureAsync(session.Service, "com.atproto.server.refreshSession", null, refreshToken, mayHaveTakenEffect: false, ct);
            }
            catch (XrpcException e) when (e.IsAccountProblem)
            {
                throw e.ToPlatformException("renewing the session");
            }
            catch (XrpcException e) when (e.IsSessionProblem || e.Status == HttpStatusCode.BadRequest)
            {
                // The refresh token is spent: sign in again with the app password below.
            }
            catch (XrpcException e)
            {
                throw e.ToPlatformException("renewing the session");
            }
        }

        if (renewed is null)
        {
            if (string.IsNullOrEmpty(credential.Password))
            {
                throw new PlatformException(PlatformErrorKind.AuthLost, "Signpost has no app password for this Bluesky account. Reconnect the channel.");
            }

            try
            {
                renewed = await Xrpc.ProcedureAsync(session.Service, "com.atproto.server.createSession",
                    new JsonObject { ["identifier"] = session.Account.AccountId, ["password"] = credential.Password }, null, mayHaveTakenEffect: false, ct);
            }
            catch (XrpcException e) when (e.Status == HttpStatusCode.Unauthorized && !e.IsAccountProblem)
            {
                throw new PlatformException(PlatformErrorKind.AuthLost,
                    "Bluesky no longer accepts Signpost's app password for this account (it may have been revoked). Create a new app password in Bluesky and reconnect the channel.",
                    statusCode: (int)e.Status);
            }
            catch (XrpcException e)
            {
                throw e.ToPlatformException("signing in again");
            }
        }

        if (renewed.Value.TryGetProperty("active", out var active) && active.ValueKind == JsonValueKind.False)
        {
            throw new PlatformException(PlatformErrorKind.AuthLost,
                $"Bluesky says the account is not active ({Text(renewed.Value, "status") ?? "deactivated"}). Check the account on Bluesky, then reconnect the channel.");
        }

        session.Credential = CredentialFrom(renewed.Value, credential);
        session.Renewed = true;
        session.RenewedNow = true;
        _renewed[SessionKey(session)] = new RenewedSession(session.OriginalAccessToken, session.Credential);
    }

    private static PlatformCredential CredentialFrom(JsonElement session, PlatformCredential previous)
    {
        var access = Text(session, "accessJwt") ?? throw new PlatformException(PlatformErrorKind.Retryable, "Bluesky's session answer had no access token.");
        return previous with
        {
            AccessToken = access,
            RefreshToken = Text(session, "refreshJwt") ?? previous.RefreshToken,
            AccessTokenExpiresAt = JwtExpiry(access),

            // The app password does not expire: the session can always be opened again with it.
            ExpiresAt = null,
        };
    }

    private async Task DeleteSessionAsync(Uri service, string? refreshToken, CancellationToken ct)
    {
        if (refreshToken is null)
        {
            return;
        }

        try
        {
            await Xrpc.ProcedureAsync(service, "com.atproto.server.deleteSession", null, refreshToken, mayHaveTakenEffect: false, ct);
        }
        catch (Exception e) when (e is XrpcException or PlatformException)
        {
            // Best effort: the session expires by itself.
        }
    }

    /// <summary>The display name from the account's profile record, if it has one (app.bsky.actor.profile/self).</summary>
    private async Task<string?> DisplayNameAsync(Uri service, string did, CancellationToken ct)
    {
        try
        {
            var profile = await Xrpc.QueryAsync(service, "com.atproto.repo.getRecord",
                [new("repo", did), new("collection", "app.bsky.actor.profile"), new("rkey", "self")], null, ct);
            return profile.TryGetProperty("value", out var value) && Text(value, "displayName") is { Length: > 0 } name ? name : null;
        }
        catch (Exception e) when (e is XrpcException or PlatformException)
        {
            // No profile yet, or not readable now: the handle names the channel instead.
            return null;
        }
    }

    /// <summary>A claim of a JWT's payload (read, not verified: the PDS verifies its own tokens).</summary>
    internal static string? JwtClaim(string? jwt, string claim)
    {
        var parts = jwt?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var document = JsonDocument.Parse(Convert.FromBase64String(payload));
            return document.RootElement.TryGetProperty(claim, out var value)
                ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static DateTimeOffset? JwtExpiry(string jwt) =>
        long.TryParse(JwtClaim(jwt, "exp"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    internal static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
