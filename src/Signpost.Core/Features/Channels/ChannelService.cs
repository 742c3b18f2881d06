using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Notifications;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.PolicySettings;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Platforms;
using Signpost.Policy;

namespace Signpost.Core.Features.Channels;

/// <summary>
/// The channel register (capability 1): connecting an organisation's accounts on each network,
/// their register fields, pausing, disconnecting and reconnecting. Credentials are kept only
/// encrypted (<see cref="ChannelCredentials"/>) and every read of one is audited (004 §6.10.1).
/// Every write is saved with its audit event.
/// </summary>
public sealed partial class ChannelService(
    AppDbContext db,
    AuditTrail audit,
    TimeProvider time,
    ConnectorRegistry connectors,
    ChannelCredentials credentials,
    NotificationService notifications,
    PolicyEngineCache engines,
    IDataProtectionProvider protection,
    EmailOptions email,
    Inbox.MetaWebhookSubscriptions webhookSubscriptions)
{
    public const int MaxApprovals = 5;

    /// <summary>The roles that may connect and change channels.</summary>
    public const OrganisationRoles ManagerRoles = OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator;

    /// <summary>Connects an account whose person typed a handle and an app password or token (Sandbox, Bluesky, Mastodon with a token).</summary>
    public async Task<Channel> ConnectWithCredentialsAsync(Guid organisationId, Network network, ConnectRequest request, ChannelDetailsOptions details, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(details);
        await FindOrganisationAsync(organisationId, ct);
        var connector = ConnectorFor(network);
        var errors = new ValidationErrors();
        var handle = (request.Handle ?? "").Trim();
        var secret = request.Secret ?? "";
        if (handle.Length == 0 && network != Network.Mastodon)
        {
            errors.Add("Handle", $"Enter the account's {HandleName(network)}");
        }

        errors.MaxLength("Handle", handle, 200, "The handle");
        if (string.IsNullOrWhiteSpace(secret))
        {
            errors.Add("Secret", network == Network.Bluesky ? "Enter the app password" : "Enter the access token");
        }

        errors.MaxLength("Secret", secret, 4000, "The secret");
        if (request.ServiceUrl is { } serviceUrl && !IsAllowedServer(serviceUrl))
        {
            errors.Add("ServiceUrl", "Enter the server's address starting with https://, for example https://bsky.social");
        }

        await ValidateDetailsAsync(organisationId, details, errors, nameRequired: false, ct);
        errors.ThrowIfAny();

        var result = await CallConnectorAsync(network, () => connector.ConnectAsync(request with { Handle = handle }, ct));
        return await AddChannelAsync(organisationId, network, result, details, actor, ct);
    }

    /// <summary>Reconnects a channel with a new app password or token. Only the same account may be reconnected.</summary>
    public async Task<Channel> ReconnectAsync(Guid organisationId, Guid channelId, ConnectRequest request, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var channel = await FindAsync(organisationId, channelId, ct);
        var connector = ConnectorFor(channel.Network);
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Secret))
        {
            errors.Add("Secret", channel.Network == Network.Bluesky ? "Enter the app password" : "Enter the access token");
        }

        errors.MaxLength("Secret", request.Secret, 4000, "The secret");
        errors.ThrowIfAny();

        // The account is the channel's: the person only gives the new secret.
        var handle = string.IsNullOrWhiteSpace(request.Handle) ? channel.Handle : request.Handle.Trim();
        var serviceUrl = request.ServiceUrl ?? (channel.ServiceUrl is { Length: > 0 } url ? new Uri(url) : null);
        var result = await CallConnectorAsync(channel.Network, () => connector.ConnectAsync(new ConnectRequest(handle, request.Secret, serviceUrl), ct));
        await ApplyReconnectAsync(channel, result, actor, ct);
        return channel;
    }

    /// <summary>Changes the register fields of a channel.</summary>
    public async Task UpdateDetailsAsync(Guid organisationId, Guid channelId, ChannelDetailsOptions details, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(details);
        var channel = await FindAsync(organisationId, channelId, ct);
        var errors = new ValidationErrors();
        await ValidateDetailsAsync(organisationId, details, errors, nameRequired: true, ct);
        errors.ThrowIfAny();

        var clean = Clean(details, channel.Name);
        var changes = AuditRecord.Diff(
            ("name", channel.Name, clean.Name),
            ("owningTeamId", channel.OwningTeamId, clean.OwningTeamId),
            ("purpose", channel.Purpose, clean.Purpose),
            ("objectives", channel.Objectives, clean.Objectives),
            ("monitoringHours", channel.MonitoringHours, clean.MonitoringHours),
            ("reviewOn", channel.ReviewOn, clean.ReviewOn),
            ("accountKind", channel.AccountKind.ToString(), clean.AccountKind.ToString()),
            ("approvalsRequired", channel.ApprovalsRequired, clean.ApprovalsRequired));
        if (changes.Count == 0)
        {
            return;
        }

        Apply(channel, clean);
        channel.UpdatedAt = time.GetUtcNow();
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.ChannelUpdated, actor, organisationId, $"Changed the register details of {channel.Name}", "Channel", channel.Id.ToString(), changes), ct);
    }

    /// <summary>Pauses an active channel: nothing is published to it until it is resumed; scheduled posts wait.</summary>
    public async Task PauseAsync(Guid organisationId, Guid channelId, string? reason, Actor actor, CancellationToken ct = default)
    {
        var channel = await FindAsync(organisationId, channelId, ct);
        var text = (reason ?? "").Trim();
        var errors = new ValidationErrors();
        errors.Required("Reason", text, "Enter why the channel is being paused");
        errors.MaxLength("Reason", text, 1000, "The reason");
        if (channel.Status == ChannelStatus.Disconnected)
        {
            errors.Add("Reason", "A disconnected channel cannot be paused. Reconnect it first");
        }
        else if (channel.Status == ChannelStatus.Paused)
        {
            errors.Add("Reason", "The channel is already paused");
        }

        errors.ThrowIfAny();
        channel.Status = ChannelStatus.Paused;
        channel.StatusReason = text;
        channel.UpdatedAt = time.GetUtcNow();
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.ChannelPaused, actor, organisationId, $"Paused {channel.Name}: {text}", "Channel", channel.Id.ToString(), new { reason = text }), ct);
    }

    /// <summary>Resumes a paused channel; posts that were waiting go out at their times.</summary>
    public async Task ResumeAsync(Guid organisationId, Guid channelId, string? reason, Actor actor, CancellationToken ct = default)
    {
        var channel = await FindAsync(organisationId, channelId, ct);
        var text = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var errors = new ValidationErrors();
        errors.MaxLength("Reason", text, 1000, "The reason");
        if (channel.Status != ChannelStatus.Paused)
        {
            errors.Add("Reason", "Only a paused channel can be resumed");
        }

        errors.ThrowIfAny();
        var previous = channel.StatusReason;
        channel.Status = ChannelStatus.Active;
        channel.StatusReason = null;
        channel.UpdatedAt = time.GetUtcNow();
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.ChannelResumed, actor, organisationId,
            text is null ? $"Resumed {channel.Name}" : $"Resumed {channel.Name}: {text}", "Channel", channel.Id.ToString(), new { reason = text, pausedFor = previous }), ct);
    }

    /// <summary>Disconnects a channel: its stored credential is deleted and nothing is published until it is reconnected.</summary>
    public async Task DisconnectAsync(Guid organisationId, Guid channelId, string? reason, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var channel = await FindAsync(organisationId, channelId, ct);
        var text = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var errors = new ValidationErrors();
        errors.MaxLength("Reason", text, 1000, "The reason");
        errors.ThrowIfAny();
        if (channel.Status == ChannelStatus.Disconnected && channel.CredentialCiphertext is null)
        {
            return;
        }

        channel.Status = ChannelStatus.Disconnected;
        channel.StatusReason = text ?? $"Disconnected by {actor.Name}";
        ForgetCredential(channel);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.ChannelDisconnected, actor, organisationId,
            $"Disconnected {channel.Name} and deleted its stored credential", "Channel", channel.Id.ToString(), new { reason = text }), ct);
    }

    /// <summary>
    /// For the publisher: the platform no longer accepts the channel's credential (revoked, expired,
    /// password changed). The channel is disconnected with the reason, its credential deleted, and
    /// the owning team's communications managers and the administrators are told in the app and by
    /// email, with a link to reconnect. Nothing happens if it is already disconnected.
    /// </summary>
    public async Task MarkCredentialLostAsync(Guid channelId, string message, CancellationToken ct = default)
    {
        var channel = await db.Channels.FirstOrDefaultAsync(c => c.Id == channelId, ct) ?? throw new NotFoundException("Channel", channelId);
        if (channel.Status == ChannelStatus.Disconnected && channel.CredentialCiphertext is null)
        {
            return;
        }

        var reason = Truncate(string.IsNullOrWhiteSpace(message) ? "The platform no longer accepts Signpost's credential." : message.Trim(), 1000);
        channel.Status = ChannelStatus.Disconnected;
        channel.StatusReason = reason;
        ForgetCredential(channel);
        var slug = await OrganisationSlugAsync(channel.OrganisationId, ct);
        var people = await ChannelManagersAsync(channel, ownersOnly: true, ct);
        await notifications.NotifyAsync(channel.OrganisationId, people, new NotificationMessage(
            "channel-credential-lost",
            $"Reconnect {channel.Name}: {NetworkNames.DisplayName(channel.Network)} no longer accepts Signpost's sign-in",
            $"{reason} Nothing will be published to {channel.Name} until someone reconnects it.",
            ReconnectPath(slug, channel.Id)), ct: ct);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.ChannelCredentialLost, Actor.System, channel.OrganisationId,
            $"{channel.Name} was disconnected: {reason}", "Channel", channel.Id.ToString(), new { reason, notified = people.Count }), ct);
    }

    /// <summary>
    /// For the publisher and the token refresh: keeps a credential a connector renewed on the way. A
    /// renewal with a new expiry is a new credential, so its week-ahead warning may go out again.
    /// </summary>
    public async Task SaveRenewedCredentialAsync(Guid channelId, PlatformCredential credential, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var channel = await db.Channels.FirstOrDefaultAsync(c => c.Id == channelId, ct) ?? throw new NotFoundException("Channel", channelId);
        var previousExpiry = channel.CredentialExpiresAt;
        StoreCredential(channel, credential);
        if (previousExpiry != credential.ExpiresAt)
        {
            channel.ExpiryWarningSentAt = null;
        }

        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.ChannelCredentialRenewed, actor, channel.OrganisationId,
            $"Renewed the stored credential of {channel.Name}", "Channel", channel.Id.ToString(),
            AuditRecord.Diff(("expiresAt", previousExpiry, credential.ExpiresAt))), ct);
    }

    /// <summary>
    /// Decrypts a channel's credential for one purpose and records the read (004 §6.10.1). For work
    /// that saves its own change, use <see cref="ChannelCredentials.ReadRecord"/> in that save instead.
    /// </summary>
    public async Task<ChannelCall> ReadCredentialAsync(Guid channelId, string purpose, Actor actor, CancellationToken ct = default)
    {
        var channel = await db.Channels.FirstOrDefaultAsync(c => c.Id == channelId, ct) ?? throw new NotFoundException("Channel", channelId);
        var credential = credentials.Unprotect(channel);
        await audit.SaveChangesAsync(ChannelCredentials.ReadRecord(channel, purpose, actor), ct);
        return new ChannelCall(channel.ToAccount(), credential);
    }

    /// <summary>
    /// The policy engine's ACCOUNT-* findings for a handle (004 §6.7.9: a departmental handle names
    /// the organisation; a personal one must not), shown as warnings where a channel is connected or changed.
    /// </summary>
    public IReadOnlyList<Finding> CheckHandle(Organisation organisation, string? handle, AccountKind kind)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        if (string.IsNullOrWhiteSpace(handle))
        {
            return [];
        }

        var findings = engines.For(organisation).Policy.Check(new Post { Text = "", Handle = handle, Account = kind });
        return [.. findings.Where(f => f.Code.StartsWith("ACCOUNT-", StringComparison.Ordinal))];
    }

    /// <summary>The people who look after a channel: its owning team's communications managers (when <paramref name="ownersOnly"/> and there are any, else every communications manager) and the administrators.</summary>
    internal async Task<List<Guid>> ChannelManagersAsync(Channel channel, bool ownersOnly, CancellationToken ct)
    {
        var memberships = db.Memberships.IgnoreQueryFilters().Where(m => m.OrganisationId == channel.OrganisationId);
        var administrators = await memberships.Where(m => (m.Roles & OrganisationRoles.Administrator) != 0).Select(m => m.UserId).ToListAsync(ct);
        var managers = memberships.Where(m => (m.Roles & OrganisationRoles.CommunicationsManager) != 0);
        var owners = ownersOnly && channel.OwningTeamId is { } teamId
            ? await managers.Where(m => m.TeamId == teamId).Select(m => m.UserId).ToListAsync(ct)
            : [];
        if (owners.Count == 0)
        {
            owners = await managers.Select(m => m.UserId).ToListAsync(ct);
        }

        return [.. owners.Concat(administrators).Distinct()];
    }

    internal static string ChannelPath(string slug, Guid channelId) => $"/o/{slug}/channels/{channelId}";

    internal static string ReconnectPath(string slug, Guid channelId) => $"/o/{slug}/channels/{channelId}/reconnect";

    internal async Task<string> OrganisationSlugAsync(Guid organisationId, CancellationToken ct) =>
        await db.Organisations.IgnoreQueryFilters().Where(o => o.Id == organisationId).Select(o => o.Slug).SingleAsync(ct);

    private async Task<Channel> AddChannelAsync(Guid organisationId, Network network, ConnectResult result, ChannelDetailsOptions details, Actor actor, CancellationToken ct)
    {
        var existing = await db.Channels.AsNoTracking()
            .FirstOrDefaultAsync(c => c.OrganisationId == organisationId && c.Network == network && c.AccountId == result.Account.AccountId, ct);
        if (existing is not null)
        {
            throw DuplicateError(existing);
        }

        var now = time.GetUtcNow();
        var clean = Clean(details, DefaultName(network, result));
        var channel = new Channel
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            Network = network,
            Handle = Truncate(result.Account.Handle.TrimStart('@'), 200),
            AccountId = result.Account.AccountId,
            ServiceUrl = result.Account.ServiceUrl?.ToString(),
            Status = ChannelStatus.Active,
            ConnectedByUserId = actor.UserId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Apply(channel, clean);
        StoreCredential(channel, result.Credential);
        db.Channels.Add(channel);
        try
        {
            await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.ChannelConnected, actor, organisationId,
                $"Connected {channel.Name} (@{channel.Handle} on {NetworkNames.DisplayName(network)})", "Channel", channel.Id.ToString(),
                new
                {
                    network = network.ToString(),
                    channel.Handle,
                    channel.AccountId,
                    channel.ServiceUrl,
                    channel.Name,
                    channel.OwningTeamId,
                    AccountKind = channel.AccountKind.ToString(),
                    channel.ApprovalsRequired,
                    credentialExpiresAt = channel.CredentialExpiresAt,
                }), ct);
        }
        catch (DbUpdateException)
        {
            // Someone connected the same account at the same moment: the unique index kept one.
            db.ChangeTracker.Clear();
            var winner = await db.Channels.AsNoTracking()
                .FirstOrDefaultAsync(c => c.OrganisationId == organisationId && c.Network == network && c.AccountId == result.Account.AccountId, ct);
            if (winner is null)
            {
                throw;
            }

            throw DuplicateError(winner);
        }

        await webhookSubscriptions.SubscribeAsync(channel, actor, ct);
        return channel;
    }

    private async Task ApplyReconnectAsync(Channel channel, ConnectResult result, Actor actor, CancellationToken ct)
    {
        if (result.Account.AccountId != channel.AccountId)
        {
            throw new InvalidRequestException("Secret",
                $"That signs in as @{result.Account.Handle.TrimStart('@')}, a different account. Reconnect {channel.Name} as @{channel.Handle}, or connect the other account as a new channel");
        }

        var previous = new { channel.Status, channel.Handle, channel.CredentialExpiresAt };
        channel.Handle = Truncate(result.Account.Handle.TrimStart('@'), 200);
        if (result.Account.ServiceUrl is { } serviceUrl)
        {
            channel.ServiceUrl = serviceUrl.ToString();
        }

        StoreCredential(channel, result.Credential);
        // A new credential gets its own week-ahead warning.
        channel.ExpiryWarningSentAt = null;
        if (channel.Status == ChannelStatus.Disconnected)
        {
            channel.Status = ChannelStatus.Active;
            channel.StatusReason = null;
        }

        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.ChannelReconnected, actor, channel.OrganisationId,
            $"Reconnected {channel.Name} (@{channel.Handle})", "Channel", channel.Id.ToString(),
            AuditRecord.Diff(
                ("status", previous.Status.ToString(), channel.Status.ToString()),
                ("handle", previous.Handle, channel.Handle),
                ("credentialExpiresAt", previous.CredentialExpiresAt, channel.CredentialExpiresAt))), ct);
        await webhookSubscriptions.SubscribeAsync(channel, actor, ct);
    }

    private void StoreCredential(Channel channel, PlatformCredential credential)
    {
        var now = time.GetUtcNow();
        channel.CredentialCiphertext = credentials.Protect(credential);
        channel.CredentialExpiresAt = credential.ExpiresAt;
        channel.CredentialUpdatedAt = now;
        channel.UpdatedAt = now;
    }

    private void ForgetCredential(Channel channel)
    {
        var now = time.GetUtcNow();
        channel.CredentialCiphertext = null;
        channel.CredentialExpiresAt = null;
        channel.ExpiryWarningSentAt = null;
        channel.CredentialUpdatedAt = now;
        channel.UpdatedAt = now;
    }

    private static InvalidRequestException DuplicateError(Channel existing) =>
        new("Handle", existing.Status == ChannelStatus.Disconnected
            ? $"@{existing.Handle} is already in the register as {existing.Name}, disconnected. Reconnect that channel instead"
            : $"@{existing.Handle} is already connected as {existing.Name}");

    private static async Task<T> CallConnectorAsync<T>(Network network, Func<Task<T>> call)
    {
        var name = NetworkNames.DisplayName(network);
        try
        {
            return await call();
        }
        catch (PlatformException e)
        {
            throw e.Kind switch
            {
                PlatformErrorKind.AuthLost => new InvalidRequestException("Secret", Sentence(e.Message) + " Check the handle and the secret, then try again"),
                PlatformErrorKind.Rejected => new InvalidRequestException("", Sentence(e.Message)),
                PlatformErrorKind.RateLimited => new InvalidRequestException("", $"{name} is limiting requests. Try again in a few minutes"),
                _ => new InvalidRequestException("", $"{name} could not be reached ({Sentence(e.Message).TrimEnd('.')}). Nothing was saved. Try again in a few minutes"),
            };
        }
        catch (NotSupportedException)
        {
            throw new InvalidRequestException("", $"{name} accounts are connected by signing in to {name}, not with a password or token");
        }
    }

    private IPlatformConnector ConnectorFor(Network network)
    {
        if (!Enum.IsDefined(network) || !connectors.All.Any(c => c.Network == network))
        {
            throw new InvalidRequestException("Network", "Select a network Signpost can connect to");
        }

        return connectors.For(network);
    }

    private async Task ValidateDetailsAsync(Guid organisationId, ChannelDetailsOptions details, ValidationErrors errors, bool nameRequired, CancellationToken ct)
    {
        if (nameRequired)
        {
            errors.Required("Name", details.Name, "Enter the channel's name");
        }

        errors.MaxLength("Name", details.Name, 120, "The name");
        if (details.OwningTeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId && t.OrganisationId == organisationId, ct))
        {
            errors.Add("OwningTeamId", "Select a team of this organisation");
        }

        errors.MaxLength("Purpose", details.Purpose, 2000, "The purpose");
        errors.MaxLength("Objectives", details.Objectives, 2000, "The objectives");
        errors.MaxLength("MonitoringHours", details.MonitoringHours, 200, "The monitoring hours");
        if (details.AccountKind is not (AccountKind.Corporate or AccountKind.Departmental))
        {
            // 004 §6.7.9: personal accounts are the member of staff's own, never a channel of the organisation.
            errors.Add("AccountKind", "Select corporate or departmental");
        }

        if (details.ApprovalsRequired is < 1 or > MaxApprovals)
        {
            errors.Add("ApprovalsRequired", $"Approvals needed must be between 1 and {MaxApprovals}");
        }
    }

    private static ChannelDetailsOptions Clean(ChannelDetailsOptions details, string defaultName) => details with
    {
        Name = string.IsNullOrWhiteSpace(details.Name) ? Truncate(defaultName, 120) : details.Name.Trim(),
        Purpose = Blank(details.Purpose),
        Objectives = Blank(details.Objectives),
        MonitoringHours = Blank(details.MonitoringHours),
    };

    private static void Apply(Channel channel, ChannelDetailsOptions clean)
    {
        channel.Name = clean.Name!;
        channel.OwningTeamId = clean.OwningTeamId;
        channel.Purpose = clean.Purpose;
        channel.Objectives = clean.Objectives;
        channel.MonitoringHours = clean.MonitoringHours;
        channel.ReviewOn = clean.ReviewOn;
        channel.AccountKind = clean.AccountKind;
        channel.ApprovalsRequired = clean.ApprovalsRequired;
    }

    private static string DefaultName(Network network, ConnectResult result) =>
        $"{(string.IsNullOrWhiteSpace(result.DisplayName) ? "@" + result.Account.Handle.TrimStart('@') : result.DisplayName.Trim())} on {NetworkNames.DisplayName(network)}";

    private static string HandleName(Network network) => network switch
    {
        Network.Bluesky => "handle, for example riversideicb.bsky.social",
        Network.Sandbox => "Sandbox handle",
        _ => "handle",
    };

    /// <summary>A server address Signpost will send a secret to: https, or plain http only to this machine (development and tests).</summary>
    public static bool IsAllowedServer(Uri url) =>
        url is not null && url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));

    private async Task<Organisation> FindOrganisationAsync(Guid organisationId, CancellationToken ct) =>
        await db.Organisations.FirstOrDefaultAsync(o => o.Id == organisationId, ct) ?? throw new NotFoundException("Organisation", organisationId);

    private async Task<Channel> FindAsync(Guid organisationId, Guid channelId, CancellationToken ct) =>
        await db.Channels.FirstOrDefaultAsync(c => c.Id == channelId && c.OrganisationId == organisationId, ct)
        ?? throw new NotFoundException("Channel", channelId);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Sentence(string message) => message.Trim().TrimEnd('.') + ".";

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
