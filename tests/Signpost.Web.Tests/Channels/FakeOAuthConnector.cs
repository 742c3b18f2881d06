using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Platforms;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Channels;

/// <summary>
/// An OAuth platform for the callback tests, standing in for LinkedIn: it builds its sign-in
/// address from what Signpost gives it, and on the callback checks the PKCE verifier against the
/// challenge it was given, as a real authorisation server does.
/// </summary>
public sealed class FakeOAuthConnector : IOAuthConnector
{
    public const string AccountId = "urn:li:organization:4242";
    public const string Handle = "nhs-riverside-icb";
    public const string AccessToken = "li-access-token-secret";

    private readonly Lock _lock = new();
    private string? _challenge;

    public Network Network => Network.LinkedIn;

    public PlatformLimits Limits { get; } = new(3000, 9, 1, 5_000_000, 200_000_000);

    public bool HasIdempotency => false;

    public ConnectionMethod ConnectionMethod => ConnectionMethod.OAuth;

    public bool IsConfigured => true;

    /// <summary>The address the last sign-in was sent to.</summary>
    public Uri? LastAuthorizationUrl { get; private set; }

    public Uri BuildAuthorizationUrl(OAuthStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        lock (_lock)
        {
            _challenge = start.CodeChallenge;
        }

        LastAuthorizationUrl = new Uri(QueryHelpers.AddQueryString("https://linkedin.test/oauth/v2/authorization", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["redirect_uri"] = start.RedirectUri.ToString(),
            ["state"] = start.State,
            ["code_challenge"] = start.CodeChallenge,
        }));
        return LastAuthorizationUrl;
    }

    public Task<ConnectResult> CompleteAuthorizationAsync(OAuthCallback callback, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(callback.CodeVerifier)));
        lock (_lock)
        {
            if (challenge != _challenge || callback.Code != "good-code")
            {
                throw new PlatformException(PlatformErrorKind.Rejected, "The authorisation code or verifier was not accepted.");
            }
        }

        return Task.FromResult(new ConnectResult(new PlatformAccount(AccountId, Handle),
            new PlatformCredential { AccessToken = AccessToken, ExpiresAt = DateTimeOffset.UtcNow.AddDays(60) }, "NHS Riverside ICB"));
    }

    public Task<PlatformCredential> RefreshAsync(ChannelCall call, CancellationToken ct) => throw new NotSupportedException();

    public Task<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken ct) => throw new NotSupportedException();

    public Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct) => throw new NotSupportedException();

    public Task DeleteAsync(ChannelCall call, string platformPostId, CancellationToken ct) => throw new NotSupportedException();

    public Task<PostStatus> FetchStatusAsync(ChannelCall call, string platformPostId, CancellationToken ct) => throw new NotSupportedException();

    public Task<PublishResult?> FindPublishedAsync(PublishRequest request, CancellationToken ct) => throw new NotSupportedException();
}

/// <summary>The web host with <see cref="FakeOAuthConnector"/> in place of LinkedIn's connector (the last registration for a network wins).</summary>
public sealed class ChannelsWebFactory : SignpostWebFactory
{
    public FakeOAuthConnector OAuth { get; } = new();

    protected override void ConfigureSettings(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<IPlatformConnector>(OAuth));
}
