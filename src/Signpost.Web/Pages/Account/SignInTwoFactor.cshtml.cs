using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Users;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Account;

public sealed class SignInTwoFactorModel(SignInManager<User> signIn, AccountService accounts) : SignpostPageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/SignIn") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Account/SignIn");
        }

        var code = new string((Code ?? "").Where(char.IsDigit).ToArray());
        if (code.Length != 6)
        {
            AddError(nameof(Code), "Enter the 6-digit code from your authenticator app");
            return Page();
        }

        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        var outcome = result.Succeeded ? SignInOutcome.Succeeded : result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed;
        await accounts.RecordSignInAsync(user, user.Email ?? "", outcome, "authenticator code", HttpContext.Connection.RemoteIpAddress?.ToString());
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }

        if (result.IsLockedOut)
        {
            return RedirectToPage("/Account/Lockout");
        }

        AddError(nameof(Code), "The code is not right. Enter the code your app shows now");
        return Page();
    }
}
