using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Users;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Account;

/// <summary>
/// The return from NHSmail (Microsoft Entra ID). Only people an administrator has already added
/// can sign in: the account is found by its linked sign-in, or by email the first time.
/// </summary>
public sealed class ExternalSignInModel(SignInManager<User> signIn, UserManager<User> users, AccountService accounts, IConfiguration configuration) : SignpostPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var info = await signIn.GetExternalLoginInfoAsync();
        if (info is null)
        {
            Problem = "The sign-in with your NHS account did not finish. Try again.";
            return Page();
        }

        var ip = HttpContext.Connection.RemoteIpAddress?.ToString();
        var user = await users.FindByLoginAsync(info.LoginProvider, info.ProviderKey);
        if (user is null)
        {
            // An address is only trusted from the organisation's own directory (tenant), so that an
            // account elsewhere with the same address cannot take over a Signpost account.
            var tenant = configuration["Authentication:Entra:TenantId"];
            var fromOwnTenant = Guid.TryParse(tenant, out _) && string.Equals(info.Principal.FindFirst("tid")?.Value, tenant, StringComparison.OrdinalIgnoreCase);
            var email = info.Principal.FindFirst("email")?.Value ?? info.Principal.FindFirst("preferred_username")?.Value;
            user = email is null || !fromOwnTenant ? null : await users.FindByEmailAsync(email);
            if (user is null)
            {
                await accounts.RecordSignInAsync(null, email ?? "(no email)", SignInOutcome.Failed, info.ProviderDisplayName ?? "NHSmail", ip);
                Problem = "You do not have a Signpost account yet. Ask your organisation's Signpost administrator to add you with your NHSmail address.";
                return Page();
            }

            await accounts.LinkExternalLoginAsync(user, info);
        }

        var result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: true);
        var outcome = result.Succeeded ? SignInOutcome.Succeeded : result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed;
        await accounts.RecordSignInAsync(user, user.Email ?? "", outcome, info.ProviderDisplayName ?? "NHSmail", ip);
        if (result.IsLockedOut)
        {
            return RedirectToPage("/Account/Lockout");
        }

        if (!result.Succeeded)
        {
            Problem = "You could not be signed in with your NHS account.";
            return Page();
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
