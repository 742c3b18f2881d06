using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Platforms;
using Signpost.Policy;

namespace Signpost.Web.Pages.Channels;

/// <summary>What a person types to connect or reconnect an account. Secrets are never shown back.</summary>
public sealed class ConnectInput
{
    public string? Handle { get; set; }
    public string? Secret { get; set; }
    public string? ServiceUrl { get; set; }
    public string? Name { get; set; }
    public string? OwningTeamId { get; set; }
    public string? AccountKind { get; set; }

    /// <summary>The register fields a person gives when connecting; the rest are set on the channel's page.</summary>
    public ChannelDetailsOptions ToDetails() => new(
        Name,
        Guid.TryParse(OwningTeamId, out var team) ? team : null,
        AccountKind: Enum.TryParse<AccountKind>(AccountKind, out var kind) ? kind : Policy.AccountKind.Corporate);

    /// <summary>The server address, or null when blank; an address that is not one is reported by the field.</summary>
    public Uri? ParseServiceUrl(out bool invalid)
    {
        invalid = false;
        if (string.IsNullOrWhiteSpace(ServiceUrl))
        {
            return null;
        }

        var text = ServiceUrl.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && ChannelService.IsAllowedServer(url))
        {
            return url;
        }

        invalid = true;
        return null;
    }
}

/// <summary>The parts of the channel forms that several pages share.</summary>
public static class ChannelForms
{
    /// <summary>The organisation's teams for the owning-team select, with "None" first.</summary>
    public static async Task<IReadOnlyList<(string Value, string Text)>> TeamOptionsAsync(AppDbContext db, CancellationToken ct)
    {
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct);
        return [("", "No team"), .. teams.Select(t => (t.Id.ToString(), t.Name))];
    }

    /// <summary>Whether a person can connect this network with a typed secret (Sandbox, Bluesky; Mastodon with an access token).</summary>
    public static bool TakesCredentials(IPlatformConnector connector) =>
        connector.ConnectionMethod == ConnectionMethod.Credentials || connector.Network == Network.Mastodon;

    public static bool IsOAuth(IPlatformConnector connector) => connector is IOAuthConnector && connector.ConnectionMethod == ConnectionMethod.OAuth;

    /// <summary>What the secret is called on each network.</summary>
    public static string SecretLabel(Network network) => network switch
    {
        Network.Bluesky => "App password",
        Network.Sandbox => "Sandbox token",
        _ => "Access token",
    };
}

/// <summary>
/// The OAuth flow and the accounts to choose from are kept in the person's browser, encrypted and
/// signed by the Core (Data Protection), never in the database: HttpOnly cookies, SameSite=Lax so
/// that they come back with the platform's redirect, chunked if large, gone after 15 minutes.
/// </summary>
public static class OAuthCookies
{
    public const string FlowName = "signpost-channel-oauth";
    public const string ChoicesName = "signpost-channel-choices";

    private static readonly ChunkingCookieManager Cookies = new();

    public static string? Read(HttpContext context, string name) => Cookies.GetRequestCookie(context, CookieName(context, name));

    public static void Write(HttpContext context, string name, string value, DateTimeOffset expiresAt) =>
        Cookies.AppendResponseCookie(context, CookieName(context, name), value, Options(context, expiresAt));

    public static void Delete(HttpContext context, string name) =>
        Cookies.DeleteCookie(context, CookieName(context, name), Options(context, null));

    private static bool Secure(HttpContext context) =>
        context.RequestServices.GetRequiredService<IConfiguration>().GetValue("Security:CookiesRequireHttps", true);

    private static string CookieName(HttpContext context, string name) => (Secure(context) ? "__Host-" : "") + name;

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expiresAt) => new()
    {
        HttpOnly = true,
        Secure = Secure(context) || context.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Expires = expiresAt,
        IsEssential = true,
    };
}

/// <summary>The page that sends a person on to the platform's sign-in (see _ContinueToPlatform).</summary>
public sealed record ContinueToPlatform(string NetworkName, Uri AuthorizationUrl);

/// <summary>A group of radios in a fieldset, in the NHS.UK style.</summary>
public sealed record RadiosField(string Name, string Legend, string? Value, IReadOnlyList<(string Value, string Text, string? Hint)> Options)
{
    public string? Hint { get; init; }

    /// <summary>The legend is the page's h1 (a question page).</summary>
    public bool LegendIsHeading { get; init; }
}
