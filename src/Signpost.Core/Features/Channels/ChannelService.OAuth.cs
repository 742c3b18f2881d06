using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Validation;
using Signpost.Platforms;
using Signpost.Platforms.Mastodon;

namespace Signpost.Core.Features.Channels;

/// <summary>
/// Connecting by OAuth 2.0 (authorisation code with PKCE). The state, the PKCE verifier and what the
/// person asked for travel in their browser, encrypted and signed with Data Protection and valid for
/// <see cref="OAuthLifetime"/>; nothing is stored until the platform sends the person back to the
/// one fixed callback address (<see cref="OAuthCallbackPath"/>) and the flow checks out.
/// </summary>
public sealed partial class ChannelService
{
    /// <summary>The callback address registered with every platform, under the deployment's public address.</summary>
    public const string OAuthCallbackPath = "/channels/oauth/callback";

    /// <summary>How long a person has to sign in on the platform and come back, and then to choose an account.</summary>
    public static readonly TimeSpan OAuthLifetime = TimeSpan.FromMinutes(15);

    private static readonly JsonSerializerOptions FlowJson = new(JsonSerializerDefaults.Web);

    private IDataProtector FlowProtector => protection.CreateProtector("Signpost.ChannelOAuthFlow.v1");

    private IDataProtector ChoicesProtector => protection.CreateProtector("Signpost.ChannelOAuthChoices.v1");

    /// <summary>The callback address for this deployment (Email:PublicBaseUrl + <see cref="OAuthCallbackPath"/>).</summary>
    public Uri OAuthRedirectUri => new(email.PublicBaseUrl, OAuthCallbackPath);

    /// <summary>
    /// Starts connecting (or reconnecting) an account by OAuth: returns the platform's sign-in
    /// address and the encrypted flow to keep in the person's browser. Mastodon has no
    /// deployment-wide app: Signpost registers itself on the instance first.
    /// </summary>
    public async Task<OAuthStarted> StartOAuthAsync(Guid organisationId, Network network, StartOAuthOptions options, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(actor);
        await FindOrganisationAsync(organisationId, ct);
        var errors = new ValidationErrors();
        Uri? serviceUrl = options.ServiceUrl;
        if (options.ReconnectChannelId is { } reconnectId)
        {
            var channel = await FindAsync(organisationId, reconnectId, ct);
            network = channel.Network;
            serviceUrl = channel.ServiceUrl is { Length: > 0 } url ? new Uri(url) : null;
        }
        else if (options.Details is { } details)
        {
            await ValidateDetailsAsync(organisationId, details, errors, nameRequired: false, ct);
        }

        if (ConnectorFor(network) is not IOAuthConnector connector)
        {
            throw new InvalidRequestException("Network", $"{NetworkNames.DisplayName(network)} accounts are connected with a handle and a password or token, not by signing in");
        }

        if (!connector.IsConfigured)
        {
            throw new InvalidRequestException("Network",
                $"This Signpost is not registered as an app with {NetworkNames.DisplayName(network)} yet. An administrator of the deployment must register it first (see docs/operations.md)");
        }

        var instanceOAuth = connector as IInstanceOAuthConnector;
        if (instanceOAuth is not null && options.ReconnectChannelId is null)
        {
            if (serviceUrl is null)
            {
                errors.Add("ServiceUrl", "Enter the address of your Mastodon server, for example https://mastodon.social");
            }
            else if (!IsAllowedServer(serviceUrl))
            {
                errors.Add("ServiceUrl", "Enter the server's address starting with https://, for example https://mastodon.social");
            }
        }

        errors.ThrowIfAny();

        var state = RandomToken();
        var verifier = RandomToken();
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var redirectUri = OAuthRedirectUri;
        var start = new OAuthStart(redirectUri, state, challenge, serviceUrl);
        Uri authorizationUrl;
        InstanceApp? app = null;
        if (instanceOAuth is not null && serviceUrl is not null)
        {
            app = await CallConnectorAsync(network, () => instanceOAuth.RegisterAppAsync(serviceUrl, redirectUri, ct));
            authorizationUrl = instanceOAuth.BuildAuthorizationUrl(start, app);
        }
        else
        {
            authorizationUrl = connector.BuildAuthorizationUrl(start);
        }

        var expiresAt = time.GetUtcNow() + OAuthLifetime;
        var flow = new OAuthFlow(state, verifier, organisationId, actor.UserId ?? Guid.Empty, network, redirectUri, app?.Instance ?? serviceUrl,
            options.ReconnectChannelId, options.ReconnectChannelId is null ? options.Details : null, expiresAt, app?.ClientId, app?.ClientSecret);
        return new OAuthStarted(authorizationUrl, FlowProtector.Protect(JsonSerializer.Serialize(flow, FlowJson)), expiresAt);
    }

    /// <summary>Reads the flow back from the browser; throws a clear error when it is missing, altered or too old.</summary>
    public OAuthFlow ReadOAuthFlow(string? protectedFlow)
    {
        const string message = "This sign-in was not started from this browser, or took longer than 15 minutes. Nothing was connected. Start again from the channels page";
        if (string.IsNullOrEmpty(protectedFlow))
        {
            throw new InvalidRequestException("", message);
        }

        OAuthFlow? flow;
        try
        {
            flow = JsonSerializer.Deserialize<OAuthFlow>(FlowProtector.Unprotect(protectedFlow), FlowJson);
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            throw new InvalidRequestException(message, e);
        }

        if (flow is null || flow.ExpiresAt <= time.GetUtcNow())
        {
            throw new InvalidRequestException("", message);
        }

        return flow;
    }

    /// <summary>
    /// Finishes an OAuth flow on the callback, after the caller has checked that the signed-in person
    /// is still a communications manager or administrator of <see cref="OAuthFlow.OrganisationId"/>
    /// and opened that organisation's scope. Verifies the state (CSRF), exchanges the code, and
    /// connects or reconnects the account, or returns the accounts to choose from.
    /// </summary>
    public async Task<OAuthOutcome> CompleteOAuthAsync(OAuthFlow flow, string? state, string? code, string? error, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(actor);
        var name = NetworkNames.DisplayName(flow.Network);
        if (state is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(state), Encoding.UTF8.GetBytes(flow.State)))
        {
            throw new InvalidRequestException("", $"The answer from {name} does not match the sign-in started here, so it was refused. Nothing was connected. Start again from the channels page");
        }

        if (actor.UserId != flow.UserId)
        {
            throw new InvalidRequestException("", "This sign-in was started by someone else. Nothing was connected");
        }

        if (!string.IsNullOrEmpty(error))
        {
            throw new InvalidRequestException("", error == "access_denied"
                ? $"Signpost was not allowed to use the account on {name}. Nothing was connected"
                : $"{name} did not connect the account ({Truncate(error, 100)}). Nothing was connected. Try again");
        }

        if (string.IsNullOrWhiteSpace(code))
        {
            throw new InvalidRequestException("", $"{name} sent no authorisation code. Nothing was connected. Try again");
        }

        if (ConnectorFor(flow.Network) is not IOAuthConnector connector)
        {
            throw new InvalidRequestException("", $"{name} is not connected by signing in");
        }

        var callback = new OAuthCallback(code, flow.RedirectUri, flow.CodeVerifier, flow.ServiceUrl);
        IReadOnlyList<ConnectResult> results;
        if (connector is IInstanceOAuthConnector instance && flow.InstanceClientId is { } clientId && flow.InstanceClientSecret is { } clientSecret && flow.ServiceUrl is { } server)
        {
            var app = new InstanceApp(server, clientId, clientSecret, flow.RedirectUri);
            results = [await CallConnectorAsync(flow.Network, () => instance.CompleteAuthorizationAsync(callback, app, ct))];
        }
        else if (connector is IAccountChooser chooser)
        {
            results = await CallConnectorAsync(flow.Network, () => chooser.CompleteAuthorizationWithChoicesAsync(callback, ct));
        }
        else
        {
            results = [await CallConnectorAsync(flow.Network, () => connector.CompleteAuthorizationAsync(callback, ct))];
        }

        if (results.Count == 0)
        {
            throw new InvalidRequestException("", $"{name} gave Signpost no account to connect. Nothing was connected");
        }

        if (flow.ReconnectChannelId is { } channelId)
        {
            var channel = await FindAsync(flow.OrganisationId, channelId, ct);
            var same = results.FirstOrDefault(r => r.Account.AccountId == channel.AccountId) ?? results[0];
            await ApplyReconnectAsync(channel, same, actor, ct);
            return new OAuthOutcome(channel, true, [], null, null);
        }

        var details = flow.Details ?? new ChannelDetailsOptions(null, null);
        if (results.Count == 1)
        {
            return new OAuthOutcome(await AddChannelAsync(flow.OrganisationId, flow.Network, results[0], details, actor, ct), false, [], null, null);
        }

        // Several accounts (the Facebook Pages a person manages, the LinkedIn organisations they run):
        // the code is used up, so the candidates travel encrypted until the person chooses one.
        var expiresAt = time.GetUtcNow() + OAuthLifetime;
        var pending = new PendingChoices(flow.OrganisationId, flow.UserId, flow.Network, details, expiresAt,
            [.. results.Select(r => new PendingAccount(r.Account.AccountId, r.Account.Handle, r.Account.ServiceUrl, r.DisplayName, r.Credential.ToJson()))]);
        var choices = pending.Accounts.Select(a => new OAuthChoice(a.AccountId, a.Handle, a.DisplayName)).ToList();
        return new OAuthOutcome(null, false, choices, ChoicesProtector.Protect(JsonSerializer.Serialize(pending, FlowJson)), expiresAt);
    }

    /// <summary>The accounts waiting to be chosen, for the person who signed in, in the organisation they started in.</summary>
    public IReadOnlyList<OAuthChoice> ReadOAuthChoices(string? protectedChoices, Guid organisationId, Guid userId, out Network network)
    {
        var pending = ReadPending(protectedChoices, organisationId, userId);
        network = pending.Network;
        return [.. pending.Accounts.Select(a => new OAuthChoice(a.AccountId, a.Handle, a.DisplayName))];
    }

    /// <summary>Connects the account the person chose after signing in.</summary>
    public async Task<Channel> ConnectChosenAsync(Guid organisationId, string? protectedChoices, string? accountId, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var pending = ReadPending(protectedChoices, organisationId, actor.UserId ?? Guid.Empty);
        var chosen = pending.Accounts.FirstOrDefault(a => a.AccountId == accountId)
            ?? throw new InvalidRequestException("AccountId", "Select the account to connect");
        await FindOrganisationAsync(organisationId, ct);
        var result = new ConnectResult(new PlatformAccount(chosen.AccountId, chosen.Handle, chosen.ServiceUrl), PlatformCredential.FromJson(chosen.Credential), chosen.DisplayName);
        return await AddChannelAsync(organisationId, pending.Network, result, pending.Details, actor, ct);
    }

    private PendingChoices ReadPending(string? protectedChoices, Guid organisationId, Guid userId)
    {
        const string message = "The accounts to choose from have expired or were not given to this browser. Nothing was connected. Start again from the channels page";
        PendingChoices? pending = null;
        if (!string.IsNullOrEmpty(protectedChoices))
        {
            try
            {
                pending = JsonSerializer.Deserialize<PendingChoices>(ChoicesProtector.Unprotect(protectedChoices), FlowJson);
            }
            catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
            {
                throw new InvalidRequestException(message, e);
            }
        }

        if (pending is null || pending.ExpiresAt <= time.GetUtcNow() || pending.OrganisationId != organisationId || pending.UserId != userId)
        {
            throw new InvalidRequestException("", message);
        }

        return pending;
    }

    /// <summary>Whether the account the person chose is already a channel of the organisation (for the chooser page).</summary>
    public Task<bool> IsConnectedAsync(Guid organisationId, Network network, string accountId, CancellationToken ct = default) =>
        db.Channels.AnyAsync(c => c.OrganisationId == organisationId && c.Network == network && c.AccountId == accountId, ct);

    private static string RandomToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private sealed record PendingAccount(string AccountId, string Handle, Uri? ServiceUrl, string? DisplayName, string Credential);

    private sealed record PendingChoices(Guid OrganisationId, Guid UserId, Network Network, ChannelDetailsOptions Details, DateTimeOffset ExpiresAt, IReadOnlyList<PendingAccount> Accounts);
}
