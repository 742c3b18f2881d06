using System.Text.Json;

namespace Signpost.Platforms;

/// <summary>
/// What a connector needs to act for an account: tokens or an app password, and when they stop
/// working. Core keeps it only encrypted (Data Protection) and audits every read (004 §6.10.1).
/// </summary>
public sealed record PlatformCredential
{
    /// <summary>An OAuth access token, an API token, or a session token.</summary>
    public string? AccessToken { get; init; }

    public string? RefreshToken { get; init; }

    /// <summary>An app password (Bluesky) or a client secret held for this account.</summary>
    public string? Password { get; init; }

    /// <summary>When the access token stops working; null when it does not expire.</summary>
    public DateTimeOffset? AccessTokenExpiresAt { get; init; }

    /// <summary>When the person must reconnect (refresh token or long-lived token expiry); null when never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Anything else the connector keeps (for example a page access token next to the user token).</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static PlatformCredential FromJson(string json) =>
        JsonSerializer.Deserialize<PlatformCredential>(json, Json) ?? throw new JsonException("Empty credential.");

    /// <summary>Never print secrets, not even in logs or exceptions.</summary>
    public override string ToString() => $"PlatformCredential(expires {ExpiresAt?.ToString("O") ?? "never"})";
}
