using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Platforms;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Channels;

public sealed record ChoiceRow(OAuthChoice Choice, bool AlreadyConnected);

/// <summary>
/// After signing in to a platform that gave several accounts (the Facebook Pages a person manages,
/// the LinkedIn organisations they run): the person chooses which one becomes the channel.
/// </summary>
[RequireRoles(OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator)]
public sealed class ChooseModel(ChannelService channels) : SignpostPageModel
{
    [BindProperty]
    public string? AccountId { get; set; }

    public IReadOnlyList<ChoiceRow> Choices { get; private set; } = [];

    public string NetworkName { get; private set; } = "";

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var channel = await channels.ConnectChosenAsync(OrganisationContext.OrganisationId, OAuthCookies.Read(HttpContext, OAuthCookies.ChoicesName), AccountId,
                await GetActorAsync(), HttpContext.RequestAborted);
            OAuthCookies.Delete(HttpContext, OAuthCookies.ChoicesName);
            return RedirectWithNotification($"{OrganisationPath}/channels/{channel.Id}", $"{channel.Name} has been connected");
        }
        catch (InvalidRequestException e)
        {
            // Every problem here is about the choice (none made, or that account is already a channel).
            foreach (var message in e.Errors.SelectMany(x => x.Value))
            {
                AddError(nameof(AccountId), message);
            }

            await LoadAsync();
            return Page();
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            var userId = OrganisationContext.UserId ?? Guid.Empty;
            var choices = channels.ReadOAuthChoices(OAuthCookies.Read(HttpContext, OAuthCookies.ChoicesName), OrganisationContext.OrganisationId, userId, out var network);
            NetworkName = NetworkNames.DisplayName(network);
            var rows = new List<ChoiceRow>();
            foreach (var choice in choices)
            {
                rows.Add(new ChoiceRow(choice, await channels.IsConnectedAsync(OrganisationContext.OrganisationId, network, choice.AccountId, HttpContext.RequestAborted)));
            }

            Choices = rows;
        }
        catch (InvalidRequestException e)
        {
            Problem = e.Message;
        }
    }
}
