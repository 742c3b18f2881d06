using System.Text.Json;

namespace Signpost.Platforms.Meta;

/// <summary>
/// Facebook Login for a Meta app (Facebook Pages and Instagram share it): the Login dialog's
/// address, the code exchanged for a short-lived user token and that one for a long-lived token
/// (about 60 days), and the Pages the person manages with their Page access tokens.
/// </summary>
internal sealed class FacebookLogin(GraphApi graph, Uri? authBaseUrl, string? clientId, string? clientSecret, TimeProvider time)
{
    /// <summary>Meta's documented lifetime of a long-lived user token, used when the answer has no expires_in.</summary>
    public static readonly TimeSpan LongLivedTokenLifetime = TimeSpan.FromDays(60);

    /// <summary>More pages of /me/accounts than this is not a person choosing a Page.</summary>
    private const int MaxListPages = 10;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(clientId) && !string.IsNullOrWhiteSpace(clientSecret);

    /// <summary>The Login dialog (<c>/dialog/oauth</c>) asking for <paramref name="scopes"/>.</summary>
    public Uri BuildAuthorizationUrl(OAuthStart start, IReadOnlyList<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(start);
        RequireConfigured();
        var query = string.Join('&', new Dictionary<string, string>
        {
            ["client_id"] = clientId!,
            ["redirect_uri"] = start.RedirectUri.AbsoluteUri,
            ["state"] = start.State,
            ["response_type"] = "code",
            ["scope"] = string.Join(',', scopes),
        }.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
        return new Uri(GraphApi.WithTrailingSlash(authBaseUrl ?? GraphApi.DefaultAuthBaseUrl), "dialog/oauth?" + query);
    }

    /// <summary>Exchanges the callback's code for a short-lived user token, then that for a long-lived one.</summary>
    public async Task<UserToken> ExchangeCodeAsync(OAuthCallback callback, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(callback);
        RequireConfigured();
        var shortLived = await graph.GetAsync("oauth/access_token", token: null, new Dictionary<string, string>
        {
            ["client_id"] = clientId!,
            ["redirect_uri"] = callback.RedirectUri.AbsoluteUri,
            ["client_secret"] = clientSecret!,
            ["code"] = callback.Code,
        }, ct);
        var shortToken = GraphApi.String(shortLived, "access_token")
            ?? throw new PlatformException(PlatformErrorKind.Rejected, $"{graph.NetworkName} did not return an access token for the sign-in.");

        var longLived = await graph.GetAsync("oauth/access_token", token: null, new Dictionary<string, string>
        {
            ["grant_type"] = "fb_exchange_token",
            ["client_id"] = clientId!,
            ["client_secret"] = clientSecret!,
            ["fb_exchange_token"] = shortToken,
        }, ct);
        var longToken = GraphApi.String(longLived, "access_token")
            ?? throw new PlatformException(PlatformErrorKind.Rejected, $"{graph.NetworkName} did not return a long-lived access token.");
        var lifetime = GraphApi.Number(longLived, "expires_in") is { } seconds and > 0 ? TimeSpan.FromSeconds(seconds) : LongLivedTokenLifetime;
        return new UserToken(longToken, time.GetUtcNow().Add(lifetime));
    }

    /// <summary>
    /// The Pages the person can publish on (<c>GET /me/accounts</c>), with <paramref name="fields"/>.
    /// A Page whose <c>tasks</c> lack CREATE_CONTENT and MANAGE is left out: posting would fail.
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> ListPagesAsync(string userToken, string fields, CancellationToken ct)
    {
        var pages = new List<JsonElement>();
        string? after = null;
        for (var i = 0; i < MaxListPages; i++)
        {
            var query = new Dictionary<string, string> { ["fields"] = fields, ["limit"] = "100" };
            if (after is not null)
            {
                query["after"] = after;
            }

            var list = await graph.GetAsync("me/accounts", userToken, query, ct);
            pages.AddRange(GraphApi.Data(list).Where(CanPublish));
            after = GraphApi.NextCursor(list);
            if (after is null)
            {
                break;
            }
        }

        return pages;
    }

    /// <summary>Checks that a token still works (<c>GET /{id}?fields=id</c>); throws AuthLost when Graph says it does not.</summary>
    public Task<JsonElement> VerifyAsync(string objectId, string token, CancellationToken ct) =>
        graph.GetAsync(Uri.EscapeDataString(objectId), token, new Dictionary<string, string> { ["fields"] = "id,name" }, ct);

    private static bool CanPublish(JsonElement page)
    {
        if (!page.TryGetProperty("tasks", out var tasks) || tasks.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        return tasks.EnumerateArray().Any(t => t.GetString() is "CREATE_CONTENT" or "MANAGE");
    }

    private void RequireConfigured()
    {
        if (!IsConfigured)
        {
            throw new PlatformException(PlatformErrorKind.Rejected,
                "Signpost is not registered as a Meta app in this deployment: set Platforms:Facebook:ClientId and ClientSecret.");
        }
    }
}

/// <param name="AccessToken">The long-lived user access token.</param>
/// <param name="ExpiresAt">When it stops working (about 60 days after sign-in).</param>
internal sealed record UserToken(string AccessToken, DateTimeOffset ExpiresAt);
