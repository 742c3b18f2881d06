using Signpost.Platforms;
using Signpost.Policy;

namespace Signpost.Core.Features.Channels;

/// <summary>
/// The channel register's fields (capability 1; 004 §6.8: purpose and measurable objectives, an
/// owning team, when it is watched, when it is reviewed).
/// </summary>
/// <param name="Name">What the team calls the channel; on connecting, blank means the account's own name.</param>
/// <param name="OwningTeamId">The team that answers for the channel.</param>
/// <param name="Purpose">What the channel is for.</param>
/// <param name="Objectives">Measurable objectives, reviewed on <paramref name="ReviewOn"/>.</param>
/// <param name="MonitoringHours">When the channel is watched, in words.</param>
/// <param name="ReviewOn">When the channel's purpose and objectives are next reviewed.</param>
/// <param name="AccountKind">Corporate or departmental (004 §6.7.9); personal accounts are not channels.</param>
/// <param name="ApprovalsRequired">How many different approvers a post needs, 1 to 5 (000 §1.3, 004 §5.5).</param>
public sealed record ChannelDetailsOptions(
    string? Name,
    Guid? OwningTeamId,
    string? Purpose = null,
    string? Objectives = null,
    string? MonitoringHours = null,
    DateOnly? ReviewOn = null,
    AccountKind AccountKind = AccountKind.Corporate,
    int ApprovalsRequired = 1)
{
    public static ChannelDetailsOptions From(Channel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return new(channel.Name, channel.OwningTeamId, channel.Purpose, channel.Objectives, channel.MonitoringHours, channel.ReviewOn, channel.AccountKind, channel.ApprovalsRequired);
    }
}

/// <summary>How to start connecting (or reconnecting) an account by OAuth.</summary>
/// <param name="ServiceUrl">The server, for federated networks (a Mastodon instance).</param>
/// <param name="Details">The register fields for a new channel; null for a reconnect.</param>
/// <param name="ReconnectChannelId">The channel to reconnect; null to connect a new one.</param>
public sealed record StartOAuthOptions(Uri? ServiceUrl = null, ChannelDetailsOptions? Details = null, Guid? ReconnectChannelId = null);

/// <summary>
/// Where to send the person, and the flow to keep in their browser until the platform sends them
/// back. The flow is encrypted and signed (Data Protection) and expires; it is never stored in the
/// database.
/// </summary>
public sealed record OAuthStarted(Uri AuthorizationUrl, string ProtectedFlow, DateTimeOffset ExpiresAt);

/// <summary>A flow read back from the person's browser on the callback.</summary>
/// <param name="OrganisationId">The organisation the flow started in: the callback checks the person is still a manager there.</param>
/// <param name="UserId">Who started it: only they may finish it.</param>
public sealed record OAuthFlow(
    string State,
    string CodeVerifier,
    Guid OrganisationId,
    Guid UserId,
    Network Network,
    Uri RedirectUri,
    Uri? ServiceUrl,
    Guid? ReconnectChannelId,
    ChannelDetailsOptions? Details,
    DateTimeOffset ExpiresAt,
    string? InstanceClientId = null,
    string? InstanceClientSecret = null)
{
    /// <summary>Never print the secrets.</summary>
    public override string ToString() => $"OAuthFlow({Network}, organisation {OrganisationId}, expires {ExpiresAt:O})";
}

/// <summary>One account the person may choose after signing in to a platform that gave several.</summary>
public sealed record OAuthChoice(string AccountId, string Handle, string? DisplayName);

/// <summary>
/// How a callback ended: a channel connected or reconnected, or several accounts to choose from
/// (kept encrypted in the browser, like the flow, until the person chooses).
/// </summary>
public sealed record OAuthOutcome(Channel? Channel, bool Reconnected, IReadOnlyList<OAuthChoice> Choices, string? ProtectedChoices, DateTimeOffset? ChoicesExpireAt)
{
    public bool NeedsChoice => Channel is null;
}

/// <summary>Whether a channel's credential expires soon, as people read it.</summary>
public static class CredentialExpiry
{
    /// <summary>A week ahead (issue 4: expiring platform tokens are warned about a week in advance).</summary>
    public static readonly TimeSpan WarningPeriod = TimeSpan.FromDays(7);

    /// <summary>Whole days left, rounded up, so that "expires in 1 day" is never shown for a credential with hours left after midnight.</summary>
    public static int DaysLeft(DateTimeOffset expiresAt, DateTimeOffset now) =>
        (int)Math.Ceiling((expiresAt - now).TotalDays);

    /// <summary>"Expired", "Expires in 1 day", "Expires in N days"; null when it does not expire within the warning period.</summary>
    public static string? Describe(DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (expiresAt is not { } at || at - now > WarningPeriod)
        {
            return null;
        }

        if (at <= now)
        {
            return "Expired";
        }

        var days = DaysLeft(at, now);
        return days == 1 ? "Expires in 1 day" : $"Expires in {days} days";
    }
}
