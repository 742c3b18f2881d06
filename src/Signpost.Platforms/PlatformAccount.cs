namespace Signpost.Platforms;

/// <summary>
/// Who a channel is on its network: the platform's stable id (a DID, a page id, a user id or an
/// organisation URN), the handle people see, and the server for federated networks.
/// </summary>
/// <param name="AccountId">The platform's stable id for the account.</param>
/// <param name="Handle">The handle or name people see, without a leading @.</param>
/// <param name="ServiceUrl">The server the account lives on (Bluesky PDS, Mastodon instance); null for single-host networks.</param>
public sealed record PlatformAccount(string AccountId, string Handle, Uri? ServiceUrl = null);
