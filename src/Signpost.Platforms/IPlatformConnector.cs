namespace Signpost.Platforms;

/// <summary>
/// One network. Every connector throws <see cref="PlatformException"/> for anything the
/// platform refuses or that fails on the way, with an <see cref="PlatformErrorKind"/> that tells
/// the publisher what to do next. A connector never retries a publish by itself: whether to try
/// again is the publisher's decision, because a repeat can duplicate a post.
/// </summary>
public interface IPlatformConnector
{
    Network Network { get; }

    /// <summary>What the network accepts: text length, media counts and sizes.</summary>
    PlatformLimits Limits { get; }

    /// <summary>
    /// True when the network itself makes a repeated publish with the same
    /// <see cref="PublishRequest.IdempotencyKey"/> a no-op (Bluesky record keys, Mastodon's
    /// Idempotency-Key, the Sandbox). Then an attempt whose outcome is unknown can be safely
    /// repeated; otherwise it must be checked with <see cref="FindPublishedAsync"/> and shown to a person.
    /// </summary>
    bool HasIdempotency { get; }

    /// <summary>How a person connects an account: a form with an app password or token, or an OAuth redirect.</summary>
    ConnectionMethod ConnectionMethod { get; }

    /// <summary>
    /// Checks a credential a person entered (app password, access token) and returns the account it
    /// belongs to and the credential to keep (for example with a session or a long-lived token).
    /// </summary>
    Task<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken ct);

    /// <summary>Publishes one post, with its media and alt text. Throws <see cref="PlatformException"/>.</summary>
    Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct);

    /// <summary>Deletes a published post. A post that is already gone is not an error.</summary>
    Task DeleteAsync(ChannelCall call, string platformPostId, CancellationToken ct);

    /// <summary>Whether a published post is still there (and where).</summary>
    Task<PostStatus> FetchStatusAsync(ChannelCall call, string platformPostId, CancellationToken ct);

    /// <summary>
    /// After an attempt whose outcome is unknown: looks on the platform for the post that attempt
    /// would have made (by record key, or among the account's recent posts by exact text). Null when
    /// it is not there.
    /// </summary>
    Task<PublishResult?> FindPublishedAsync(PublishRequest request, CancellationToken ct);
}

/// <summary>A connector that connects accounts through OAuth 2.0 (authorisation code, with PKCE where the platform supports it).</summary>
public interface IOAuthConnector : IPlatformConnector
{
    /// <summary>False when the deployment has not registered Signpost as an app with the platform (no client id).</summary>
    bool IsConfigured { get; }

    /// <summary>The platform's page where the person signs in and allows Signpost to post.</summary>
    Uri BuildAuthorizationUrl(OAuthStart start);

    /// <summary>Exchanges the code from the callback for tokens and finds the account they act for.</summary>
    Task<ConnectResult> CompleteAuthorizationAsync(OAuthCallback callback, CancellationToken ct);

    /// <summary>Renews an access token with the refresh token. Throws with <see cref="PlatformErrorKind.AuthLost"/> when the refresh is refused.</summary>
    Task<PlatformCredential> RefreshAsync(ChannelCall call, CancellationToken ct);
}

public enum ConnectionMethod
{
    /// <summary>The person types a handle and an app password or token into Signpost.</summary>
    Credentials,

    /// <summary>The person is sent to the platform to sign in and allow Signpost.</summary>
    OAuth,
}

/// <summary>The account a call acts for and its credential.</summary>
public sealed record ChannelCall(PlatformAccount Account, PlatformCredential Credential);

/// <summary>What a person entered to connect an account with <see cref="ConnectionMethod.Credentials"/>.</summary>
/// <param name="Handle">Handle, email or account name as the platform knows it.</param>
/// <param name="Secret">App password or access token.</param>
/// <param name="ServiceUrl">Server for federated networks (Bluesky PDS, Mastodon instance); null for the default.</param>
public sealed record ConnectRequest(string Handle, string Secret, Uri? ServiceUrl);

/// <param name="Account">Who the credential acts for.</param>
/// <param name="Credential">What to keep, encrypted.</param>
/// <param name="DisplayName">The account's name on the platform, for the channel's default name.</param>
public sealed record ConnectResult(PlatformAccount Account, PlatformCredential Credential, string? DisplayName = null);

/// <param name="RedirectUri">Signpost's callback address, registered with the platform.</param>
/// <param name="State">An opaque value Signpost checks on the callback (CSRF).</param>
/// <param name="CodeChallenge">PKCE S256 challenge; connectors whose platform has no PKCE ignore it.</param>
/// <param name="ServiceUrl">Server for federated networks (Mastodon instance).</param>
public sealed record OAuthStart(Uri RedirectUri, string State, string CodeChallenge, Uri? ServiceUrl = null);

/// <param name="Code">The authorisation code from the callback.</param>
/// <param name="RedirectUri">The same callback address as in <see cref="OAuthStart"/>.</param>
/// <param name="CodeVerifier">The PKCE verifier for <see cref="OAuthStart.CodeChallenge"/>.</param>
public sealed record OAuthCallback(string Code, Uri RedirectUri, string CodeVerifier, Uri? ServiceUrl = null);

/// <summary>One post on one channel.</summary>
/// <param name="Call">The account and credential.</param>
/// <param name="Text">The channel's text.</param>
/// <param name="Media">Images or videos in order.</param>
/// <param name="IdempotencyKey">Stable for every attempt of this post on this channel (from Signpost's publication id).</param>
/// <param name="ReplyTo">The platform id of the post this one answers; null for a new thread.</param>
public sealed record PublishRequest(
    ChannelCall Call,
    string Text,
    IReadOnlyList<MediaUpload> Media,
    string IdempotencyKey,
    string? ReplyTo = null);

/// <summary>A piece of media to upload with a post.</summary>
/// <param name="FileName">The original file name.</param>
/// <param name="ContentType">MIME type, for example image/jpeg or video/mp4.</param>
/// <param name="Content">The bytes.</param>
/// <param name="AltText">Alt text for an image (required by Signpost's policy, ACCESS-ALT-MISSING).</param>
/// <param name="Captions">WebVTT captions for a video, when it has them.</param>
public sealed record MediaUpload(string FileName, string ContentType, ReadOnlyMemory<byte> Content, string? AltText, string? Captions = null)
{
    public bool IsVideo => ContentType.StartsWith("video/", StringComparison.OrdinalIgnoreCase);
}

/// <param name="PlatformPostId">The platform's id for the post (Bluesky: the at:// URI).</param>
/// <param name="Url">Where people see it.</param>
/// <param name="RenewedCredential">Set when the connector renewed a session or token on the way; Core stores it.</param>
public sealed record PublishResult(string PlatformPostId, Uri? Url, PlatformCredential? RenewedCredential = null);

/// <param name="Exists">False when the platform says the post is gone.</param>
public sealed record PostStatus(bool Exists, Uri? Url);

/// <summary>What the network accepts.</summary>
/// <param name="MaxTextLength">Counted the platform's way (see Signpost.Policy's platform limits).</param>
/// <param name="MaxImages">Images per post.</param>
/// <param name="MaxVideos">Videos per post.</param>
/// <param name="MaxImageBytes">Largest image file.</param>
/// <param name="MaxVideoBytes">Largest video file.</param>
/// <param name="RequiresMedia">Instagram: a post needs an image or video.</param>
public sealed record PlatformLimits(int MaxTextLength, int MaxImages, int MaxVideos, long MaxImageBytes, long MaxVideoBytes, bool RequiresMedia = false);
