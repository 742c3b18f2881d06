using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Profile;

public sealed class PasswordModel(AccountService accounts, SignInManager<User> signIn) : SignpostPageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrEmpty(CurrentPassword))
        {
            AddError(nameof(CurrentPassword), "Enter your current password");
        }

        if (string.IsNullOrEmpty(NewPassword))
        {
            AddError(nameof(NewPassword), "Enter a new password");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await GetCurrentUserAsync();
        try
        {
            await accounts.ChangePasswordAsync(user, CurrentPassword!, NewPassword!, HttpContext.RequestAborted);
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e);
            return Page();
        }

        await signIn.RefreshSignInAsync(user);
        return RedirectWithNotification("/profile", "Your password has been changed");
    }
}
