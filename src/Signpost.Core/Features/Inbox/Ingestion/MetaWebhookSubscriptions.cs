using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Validation;
using Signpost.Platforms;
using Signpost.Platforms.Meta;

namespace Signpost.Core.Features.Inbox;

/// <summary>
/// Subscribes a connected Facebook Page (or the Page an Instagram account is linked to) to the Meta
/// app's webhooks, without which none of its comments or messages reach the inbox. Done when the
/// channel is connected or reconnected, and again when a person asks from the channel page. A
/// failure never undoes the connection: it is kept on the channel (<see cref="Channel.InboxError"/>)
/// and shown there with a way to try again.
/// </summary>
public sealed class MetaWebhookSubscriptions(AppDbContext db, AuditTrail audit, ChannelCredentials credentials, MetaPageSubscriber subscriber)
{
    /// <summary>How the error kept on the channel starts, so that only this one is cleared by a later success.</summary>
    public const string ErrorPrefix = "Messages from this Page will not reach the inbox until it is subscribed";

    /// <summary>True when the channel's messages arrive through a subscribed Facebook Page.</summary>
    public static bool Applies(Channel channel) => channel is not null && MetaPageSubscriber.Serves(channel.Network);

    /// <summary>True when the channel shows that its Page is not subscribed.</summary>
    public static bool NotSubscribed(Channel channel) =>
        channel?.InboxError is { } error && error.StartsWith(ErrorPrefix, StringComparison.Ordinal);

    /// <summary>Subscribes the channel's Page again, for a person on the channel page; returns the error shown, or null when it worked.</summary>
    public async Task<string?> RetryAsync(Guid organisationId, Guid channelId, Actor actor, CancellationToken ct = default)
    {
        var channel = await db.Channels.FirstOrDefaultAsync(c => c.Id == channelId && c.OrganisationId == organisationId, ct)
            ?? throw new NotFoundException("Channel", channelId);
        return await SubscribeAsync(channel, actor, ct);
    }

    /// <summary>
    /// Subscribes the Page of a channel tracked by this scope's context and saves the outcome on it
    /// with the credential read in the audit trail; returns the error shown, or null when it worked
    /// (or the channel is not on a Meta network).
    /// </summary>
    public async Task<string?> SubscribeAsync(Channel channel, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (!Applies(channel) || channel.Status == ChannelStatus.Disconnected)
        {
            return null;
        }

        string? error = null;
        try
        {
            await subscriber.SubscribeAsync(channel.Network, new ChannelCall(channel.ToAccount(), credentials.Unprotect(channel)), ct);
        }
        catch (PlatformException e)
        {
            error = e.Message;
        }
        catch (HttpRequestException e)
        {
            error = e.Message;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            // The HTTP client's time-out: the connection stands, the Page is not subscribed yet.
            error = "Meta did not answer in time";
        }

        var shown = error is null ? null : $"{ErrorPrefix}: {error.TrimEnd('.', ' ')}.";
        if (shown is { Length: > 2000 })
        {
            shown = shown[..2000];
        }

        if (shown is null && NotSubscribed(channel))
        {
            channel.InboxError = null;
        }
        else if (shown is not null)
        {
            channel.InboxError = shown;
        }

        await audit.SaveChangesAsync(ChannelCredentials.ReadRecord(channel,
            shown is null ? "subscribe its Facebook Page to Signpost's webhooks" : "subscribe its Facebook Page to Signpost's webhooks (it failed)", actor), ct);
        return shown;
    }
}
