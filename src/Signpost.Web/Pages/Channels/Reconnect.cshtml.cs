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
/// Gives a channel a new sign-in: a new app password or token, or signing in again on the platform.
/// Only the same account may be reconnected; another account is a new channel.
/// </summary>
[RequireRoles(OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator)]
public sealed class ReconnectModel(AppDbContext db, ChannelService channels, ConnectorRegistry connectors) : SignpostPageModel
{
    public const string Prefix = "Input";

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public ConnectInput Input { get; set; } = new();

    public Channel Channel { get; private set; } = null!;

    public IPlatformConnector? Connector { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync() || Connector is null || !ChannelForms.TakesCredentials(Connector))
        {
            return NotFound();
        }

        var serviceUrl = Input.ParseServiceUrl(out var badUrl);
        if (badUrl)
        {
            AddError($"{Prefix}.{nameof(ConnectInput.ServiceUrl)}", "Enter the server's address starting with https://");
            Input.Secret = null;
            return Page();
        }

        try
        {
            await channels.ReconnectAsync(OrganisationContext.OrganisationId, Id, new ConnectRequest(Channel.Handle, Input.Secret ?? "", serviceUrl), await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/channels/{Id}", $"{Channel.Name} has been reconnected");
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e, Prefix);
            Input.Secret = null;
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostOAuthAsync()
    {
        if (!await LoadAsync() || Connector is not IOAuthConnector)
        {
            return NotFound();
        }

        try
        {
            var started = await channels.StartOAuthAsync(OrganisationContext.OrganisationId, Channel.Network,
                new StartOAuthOptions(ReconnectChannelId: Id), await GetActorAsync(), HttpContext.RequestAborted);
            OAuthCookies.Write(HttpContext, OAuthCookies.FlowName, started.ProtectedFlow, started.ExpiresAt);
            return Partial("_ContinueToPlatform", new ContinueToPlatform(NetworkNames.DisplayName(Channel.Network), started.AuthorizationUrl));
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e, Prefix);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    private async Task<bool> LoadAsync()
    {
        var channel = await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == Id, HttpContext.RequestAborted);
        if (channel is null)
        {
            return false;
        }

        Channel = channel;
        Connector = connectors.All.FirstOrDefault(c => c.Network == channel.Network);
        return true;
    }
}
