using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Users;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Account;

public sealed class SignInRecoveryCodeModel(SignInManager<User> signIn, AccountService accounts) : SignpostPageModel
{
    [BindProperty]
    public string? RecoveryCode { get; set; }

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

        var code = (RecoveryCode ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();
        if (code.Length == 0)
        {
            AddError(nameof(RecoveryCode), "Enter one of your recovery codes");
            return Page();
        }

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (result.Succeeded)
        {
            await accounts.RecordRecoveryCodeUsedAsync(user);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }

        await accounts.RecordSignInAsync(user, user.Email ?? "", result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed, "recovery code", HttpContext.Connection.RemoteIpAddress?.ToString());
        if (result.IsLockedOut)
        {
            return RedirectToPage("/Account/Lockout");
        }

        AddError(nameof(RecoveryCode), "That recovery code is not right, or has been used already");
        return Page();
    }
}
