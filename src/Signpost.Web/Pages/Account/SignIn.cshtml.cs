using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Account;

public sealed class SignInModel(SignInManager<User> signIn, UserManager<User> users, AccountService accounts, IAuthenticationSchemeProvider schemes) : SignpostPageModel
{
    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? ExternalSignInName { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(SafeReturnUrl());
        }

        await LoadExternalAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadExternalAsync();
        var email = (Input.Email ?? "").Trim();
        if (email.Length == 0)
        {
            AddError("Input.Email", "Enter your email address");
        }

        if (string.IsNullOrEmpty(Input.Password))
        {
            AddError("Input.Password", "Enter your password");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(email);
        var ip = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (user is null)
        {
            // Same answer as a wrong password, so that addresses cannot be discovered.
            await accounts.RecordSignInAsync(null, email, SignInOutcome.Failed, "password", ip);
            AddError("Input.Email", "Enter a correct email address and password");
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password!, isPersistent: false, lockoutOnFailure: true);
        var outcome = result.Succeeded ? SignInOutcome.Succeeded
            : result.IsLockedOut ? SignInOutcome.LockedOut
            : result.RequiresTwoFactor ? SignInOutcome.NeedsTwoFactor
            : SignInOutcome.Failed;
        await accounts.RecordSignInAsync(user, email, outcome, "password", ip);
        return outcome switch
        {
            SignInOutcome.Succeeded => LocalRedirect(SafeReturnUrl()),
            SignInOutcome.NeedsTwoFactor => RedirectToPage("/Account/SignInTwoFactor", new { ReturnUrl }),
            SignInOutcome.LockedOut => RedirectToPage("/Account/Lockout"),
            _ => Failed(),
        };

        IActionResult Failed()
        {
            AddError("Input.Email", "Enter a correct email address and password");
            return Page();
        }
    }

    /// <summary>Starts sign-in with NHSmail (Microsoft Entra ID).</summary>
    public async Task<IActionResult> OnPostExternalAsync()
    {
        if (await schemes.GetSchemeAsync(EntraSignIn.SchemeName) is null)
        {
            return NotFound();
        }

        var properties = signIn.ConfigureExternalAuthenticationProperties(EntraSignIn.SchemeName,
            Url.Page("/Account/ExternalSignIn", pageHandler: null, values: new { ReturnUrl }));
        return Challenge(properties, EntraSignIn.SchemeName);
    }

    private async Task LoadExternalAsync() =>
        ExternalSignInName = (await schemes.GetSchemeAsync(EntraSignIn.SchemeName))?.DisplayName;

    private string SafeReturnUrl() => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    public sealed class SignInInput
    {
        [Display(Name = "Email address")]
        public string? Email { get; set; }

        public string? Password { get; set; }
    }
}
