using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Users;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Account;

public sealed class SignOutModel(SignInManager<User> signIn, AccountService accounts) : SignpostPageModel
{
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await GetCurrentUserAsync();
        await signIn.SignOutAsync();
        await accounts.RecordSignOutAsync(user);
        return RedirectToPage("/Account/SignedOut");
    }
}
