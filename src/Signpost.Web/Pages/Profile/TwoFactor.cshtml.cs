using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using QRCoder;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Profile;

/// <summary>Two-factor authentication with an authenticator app (TOTP), and recovery codes.</summary>
public sealed class TwoFactorModel(AccountService accounts, SignInManager<User> signIn) : SignpostPageModel
{
    [BindProperty]
    public string? Code { get; set; }

    public bool Enabled { get; private set; }
    public string? SharedKey { get; private set; }
    public string? QrCodeDataUri { get; private set; }
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync(await GetCurrentUserAsync());

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await GetCurrentUserAsync();
        try
        {
            RecoveryCodes = await accounts.EnableTwoFactorAsync(user, Code ?? "", HttpContext.RequestAborted);
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e);
            await LoadAsync(user);
            return Page();
        }

        await signIn.RefreshSignInAsync(user);
        Enabled = true;
        Notification = null;
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = await GetCurrentUserAsync();
        if (!user.TwoFactorEnabled)
        {
            return RedirectToPage();
        }

        RecoveryCodes = await accounts.RegenerateRecoveryCodesAsync(user, HttpContext.RequestAborted);
        Enabled = true;
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await GetCurrentUserAsync();
        await accounts.DisableTwoFactorAsync(user, HttpContext.RequestAborted);
        await signIn.RefreshSignInAsync(user);
        return RedirectWithNotification("/profile", "Two-factor authentication has been turned off");
    }

    private async Task LoadAsync(User user)
    {
        Enabled = user.TwoFactorEnabled;
        if (Enabled)
        {
            return;
        }

        var key = await accounts.GetOrCreateAuthenticatorKeyAsync(user, HttpContext.RequestAborted);
        SharedKey = string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - (i * 4)))));
        var uri = $"otpauth://totp/{Uri.EscapeDataString("Signpost:" + user.Email)}?secret={key}&issuer=Signpost&digits=6";
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(5);
        QrCodeDataUri = "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }
}
