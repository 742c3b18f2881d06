using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Validation;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Profile;

/// <summary>The person's mobile number for duty pages by text message (004 §6.4.5); empty to remove it.</summary>
public sealed class MobileModel(OnCallService onCall) : SignpostPageModel
{
    [BindProperty]
    public string? MobileNumber { get; set; }

    public async Task OnGetAsync()
    {
        var me = await GetCurrentUserAsync();
        MobileNumber = UkMobileNumber.Display(me.PhoneNumber);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var me = await GetCurrentUserAsync();
        try
        {
            var stored = await onCall.SetMobileNumberAsync(me.Id, MobileNumber, await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification("/profile", stored is null ? "Your mobile number has been removed" : "Your mobile number has been saved");
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e);
            return Page();
        }
    }
}
