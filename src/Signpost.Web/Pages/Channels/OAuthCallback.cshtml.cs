using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Channels;

/// <summary>
/// Where every platform sends the person back after signing in (one fixed address, because
/// platforms register one redirect address per app). It is outside /o/{org}, so it makes the
/// organisation check itself: the flow in the browser names the organisation it started in, and
/// the signed-in person must be the one who started it and still a communications manager or
/// administrator there. Only then is that organisation's scope opened and the account connected.
/// </summary>
public sealed class OAuthCallbackModel(AppDbContext db, ChannelService channels, OrganisationContext organisation) : SignpostPageModel
{
    public string? Problem { get; private set; }

    /// <summary>Where to go after a problem: the organisation's channels, when the flow was readable.</summary>
    public string? BackLink { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? state, string? code, string? error)
    {
        var ct = HttpContext.RequestAborted;
        var stored = OAuthCookies.Read(HttpContext, OAuthCookies.FlowName);
        // A flow is used once, whatever happens next.
        OAuthCookies.Delete(HttpContext, OAuthCookies.FlowName);
        OAuthFlow flow;
        try
        {
            flow = channels.ReadOAuthFlow(stored);
        }
        catch (InvalidRequestException e)
        {
            return Refuse(e.Message, StatusCodes.Status400BadRequest);
        }

        var userId = User.GetUserId();
        var membership = userId is null ? null : await db.Memberships.IgnoreQueryFilters().Include(m => m.Organisation)
            .FirstOrDefaultAsync(m => m.UserId == userId && m.OrganisationId == flow.OrganisationId, ct);
        if (membership is null || userId != flow.UserId)
        {
            return Refuse("This sign-in was started by someone else, or in an organisation you are no longer a member of. Nothing was connected.", StatusCodes.Status403Forbidden);
        }

        BackLink = $"/o/{membership.Organisation!.Slug}/channels";
        if ((membership.Roles & ChannelService.ManagerRoles) == 0)
        {
            return Refuse("Only communications managers and administrators connect channels, and you no longer hold either role there. Nothing was connected.", StatusCodes.Status403Forbidden);
        }

        organisation.Enter(membership.Organisation, membership.Roles, membership.UserId);
        try
        {
            var outcome = await channels.CompleteOAuthAsync(flow, state, code, error, await GetActorAsync(), ct);
            if (outcome.NeedsChoice)
            {
                OAuthCookies.Write(HttpContext, OAuthCookies.ChoicesName, outcome.ProtectedChoices!, outcome.ChoicesExpireAt!.Value);
                return Redirect($"/o/{membership.Organisation.Slug}/channels/choose");
            }

            var channel = outcome.Channel!;
            return RedirectWithNotification($"/o/{membership.Organisation.Slug}/channels/{channel.Id}",
                outcome.Reconnected ? $"{channel.Name} has been reconnected" : $"{channel.Name} has been connected");
        }
        catch (InvalidRequestException e)
        {
            return Refuse(string.Join(" ", e.Errors.SelectMany(x => x.Value).Select(m => m.TrimEnd('.') + ".")), StatusCodes.Status400BadRequest);
        }
        catch (NotFoundException)
        {
            return Refuse("The channel being reconnected is no longer in the register. Nothing was connected.", StatusCodes.Status404NotFound);
        }
    }

    private PageResult Refuse(string problem, int status)
    {
        Problem = problem;
        Response.StatusCode = status;
        return Page();
    }
}
