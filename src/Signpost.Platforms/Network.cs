using System.Text.Json.Serialization;
using Signpost.Policy;

namespace Signpost.Platforms;

/// <summary>The networks a channel can be on. Stored by name: never rename a member.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Network>))]
public enum Network
{
    /// <summary>The network built into Signpost, for demonstrations and tests.</summary>
    [JsonStringEnumMemberName("sandbox")] Sandbox,
    [JsonStringEnumMemberName("bluesky")] Bluesky,
    [JsonStringEnumMemberName("mastodon")] Mastodon,
    [JsonStringEnumMemberName("facebook")] Facebook,
    [JsonStringEnumMemberName("instagram")] Instagram,
    [JsonStringEnumMemberName("x")] X,
    [JsonStringEnumMemberName("linkedin")] LinkedIn,
}

public static class NetworkNames
{
    public static IReadOnlyList<Network> All { get; } =
        [Network.Sandbox, Network.Bluesky, Network.Mastodon, Network.Facebook, Network.Instagram, Network.X, Network.LinkedIn];

    public static string DisplayName(Network network) => network switch
    {
        Network.Sandbox => "Sandbox",
        Network.Bluesky => "Bluesky",
        Network.Mastodon => "Mastodon",
        Network.Facebook => "Facebook Page",
        Network.Instagram => "Instagram",
        Network.X => "X",
        Network.LinkedIn => "LinkedIn Page",
        _ => network.ToString(),
    };

    /// <summary>The policy engine's platform for a network's length and media rules; the Sandbox has none.</summary>
    public static Platform? PolicyPlatform(Network network) => network switch
    {
        Network.Bluesky => Platform.Bluesky,
        Network.Mastodon => Platform.Mastodon,
        Network.Facebook => Platform.Facebook,
        Network.Instagram => Platform.Instagram,
        Network.X => Platform.X,
        Network.LinkedIn => Platform.LinkedIn,
        _ => null,
    };

    public static bool TryParse(string? value, out Network network)
    {
        foreach (var n in All)
        {
            if (string.Equals(n.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                network = n;
                return true;
            }
        }

        network = default;
        return false;
    }
}
