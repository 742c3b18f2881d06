using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Platforms;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Channels;

/// <summary>
/// Connects an account: first the network, then either a form with the handle and an app password
/// or token (Sandbox, Bluesky, Mastodon with a token), or a button that sends the person to the
/// platform to sign in (OAuth). Only communications managers and administrators connect channels.
/// </summary>
[RequireRoles(OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator)]
public sealed class ConnectModel(AppDbContext db, ChannelService channels, ConnectorRegistry connectors) : SignpostPageModel
{
    public const string Prefix = "Input";

    /// <summary>The network chosen, lowercase (sandbox, bluesky, …); empty on the first step.</summary>
    [BindProperty(SupportsGet = true, Name = "network")]
    public string? NetworkKey { get; set; }

    [BindProperty]
    public ConnectInput Input { get; set; } = new();

    public IPlatformConnector? Connector { get; private set; }

    public IReadOnlyList<IPlatformConnector> Available { get; private set; } = [];

    public IReadOnlyList<(string Value, string Text)> Teams { get; private set; } = [];

    public bool ChoosingNetwork => Connector is null;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!Resolve(out var notFound))
        {
            return notFound!;
        }

        if (Connector is not null)
        {
            Input.OwningTeamId = await CurrentTeamAsync();
            Input.AccountKind = nameof(Policy.AccountKind.Corporate);
        }

        await LoadAsync();
        return Page();
    }

    /// <summary>Connects with a handle and an app password or token.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (!Resolve(out var notFound) || Connector is null || !ChannelForms.TakesCredentials(Connector))
        {
            return notFound ?? NotFound();
        }

        var serviceUrl = Input.ParseServiceUrl(out var badUrl);
        if (badUrl)
        {
            AddError($"{Prefix}.{nameof(ConnectInput.ServiceUrl)}", "Enter the server's address starting with https://, for example https://bsky.social");
            return await PageWithoutSecretAsync();
        }

        try
        {
            var channel = await channels.ConnectWithCredentialsAsync(OrganisationContext.OrganisationId, Connector.Network,
                new ConnectRequest(Input.Handle ?? "", Input.Secret ?? "", serviceUrl), Input.ToDetails(), await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/channels/{channel.Id}", $"{channel.Name} has been connected");
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e, Prefix);
            return await PageWithoutSecretAsync();
        }
    }

    /// <summary>Starts signing in on the platform (OAuth), keeping the flow in an encrypted cookie.</summary>
    public async Task<IActionResult> OnPostOAuthAsync()
    {
        if (!Resolve(out var notFound) || Connector is not IOAuthConnector)
        {
            return notFound ?? NotFound();
        }

        var serviceUrl = Input.ParseServiceUrl(out var badUrl);
        if (badUrl)
        {
            AddError($"{Prefix}.{nameof(ConnectInput.ServiceUrl)}", "Enter the server's address starting with https://, for example https://mastodon.social");
            return await PageWithoutSecretAsync();
        }

        try
        {
            var started = await channels.StartOAuthAsync(OrganisationContext.OrganisationId, Connector.Network,
                new StartOAuthOptions(serviceUrl, Input.ToDetails()), await GetActorAsync(), HttpContext.RequestAborted);
            OAuthCookies.Write(HttpContext, OAuthCookies.FlowName, started.ProtectedFlow, started.ExpiresAt);
            return Partial("_ContinueToPlatform", new ContinueToPlatform(NetworkNames.DisplayName(Connector.Network), started.AuthorizationUrl));
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e, Prefix);
            return await PageWithoutSecretAsync();
        }
    }

    private async Task<IActionResult> PageWithoutSecretAsync()
    {
        Input.Secret = null;
        await LoadAsync();
        return Page();
    }

    private bool Resolve(out IActionResult? notFound)
    {
        notFound = null;
        Available = [.. NetworkNames.All.Where(n => connectors.All.Any(c => c.Network == n)).Select(connectors.For)];
        if (string.IsNullOrEmpty(NetworkKey))
        {
            return true;
        }

        if (!NetworkNames.TryParse(NetworkKey, out var network) || Available.FirstOrDefault(c => c.Network == network) is not { } connector)
        {
            notFound = NotFound();
            return false;
        }

        Connector = connector;
        return true;
    }

    private async Task LoadAsync() => Teams = await ChannelForms.TeamOptionsAsync(db, HttpContext.RequestAborted);

    private async Task<string?> CurrentTeamAsync()
    {
        var userId = OrganisationContext.UserId;
        var team = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId && m.OrganisationId == OrganisationContext.OrganisationId)
            .Select(m => m.TeamId).FirstOrDefaultAsync(HttpContext.RequestAborted);
        return team?.ToString();
    }
}
