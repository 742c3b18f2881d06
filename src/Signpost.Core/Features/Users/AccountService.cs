using Microsoft.AspNetCore.Identity;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Validation;

namespace Signpost.Core.Features.Users;

/// <summary>How a sign-in attempt ended, for the record.</summary>
public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,
    NeedsTwoFactor,
}

/// <summary>
/// A person's own account: the record of sign-ins, password, two-factor authentication. Identity
/// does the work; this saves what it changed together with the audit event.
/// </summary>
public sealed class AccountService(AppDbContext db, UserManager<User> users, AuditTrail audit)
{
    /// <summary>Records a sign-in attempt and saves the failed-attempt counter Identity updated.</summary>
    public Task RecordSignInAsync(User? user, string attemptedEmail, SignInOutcome outcome, string method, string? ipAddress, CancellationToken ct = default)
    {
        var actor = user is null ? Actor.Anonymous(Truncate(attemptedEmail, 200)) : ActorFor(user);
        var (code, summary) = outcome switch
        {
            SignInOutcome.Succeeded => (AuditEventCode.UserSignedIn, $"Signed in ({method})"),
            SignInOutcome.LockedOut => (AuditEventCode.UserLockedOut, "Account locked after repeated failed sign-ins"),
            SignInOutcome.NeedsTwoFactor => (AuditEventCode.SignInPasswordAccepted, $"Password accepted, two-factor code asked for ({method})"),
            _ => (AuditEventCode.SignInFailed, user is null ? "Failed sign-in for an unknown email address" : $"Failed sign-in ({method})"),
        };
        return audit.SaveChangesAsync(new AuditRecord(code, actor, null, summary, "User", user?.Id.ToString(), new { ipAddress }), ct);
    }

    public Task RecordSignOutAsync(User user, CancellationToken ct = default) =>
        audit.SaveChangesAsync(new AuditRecord(AuditEventCode.UserSignedOut, ActorFor(user), null, "Signed out", "User", user.Id.ToString()), ct);

    public async Task ChangePasswordAsync(User user, string currentPassword, string newPassword, CancellationToken ct = default)
    {
        if (newPassword.Length > CommonPasswordValidator.MaximumLength)
        {
            throw new InvalidRequestException("NewPassword", $"Password must be {CommonPasswordValidator.MaximumLength} characters or fewer");
        }

        var result = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            throw ToInvalidRequest(result, "NewPassword", current: "CurrentPassword");
        }

        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.PasswordChanged, ActorFor(user), null, "Changed their password", "User", user.Id.ToString()), ct);
    }

    /// <summary>The shared key for an authenticator app, made on first use.</summary>
    public async Task<string> GetOrCreateAuthenticatorKeyAsync(User user, CancellationToken ct = default)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (!string.IsNullOrEmpty(key))
        {
            return key;
        }

        await users.ResetAuthenticatorKeyAsync(user);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.ProfileUpdated, ActorFor(user), null, "Started setting up two-factor authentication", "User", user.Id.ToString()), ct);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    /// <summary>Turns two-factor on once the person proves their app works; returns recovery codes.</summary>
    public async Task<IReadOnlyList<string>> EnableTwoFactorAsync(User user, string code, CancellationToken ct = default)
    {
        var cleaned = new string((code ?? "").Where(char.IsDigit).ToArray());
        var valid = cleaned.Length == 6 && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, cleaned);
        if (!valid)
        {
            throw new InvalidRequestException("Code", "Enter the 6-digit code your authenticator app shows now");
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        await audit.SaveChangesAsync(
        [
            new AuditRecord(AuditEventCode.TwoFactorEnabled, ActorFor(user), null, "Turned on two-factor authentication", "User", user.Id.ToString()),
            new AuditRecord(AuditEventCode.RecoveryCodesGenerated, ActorFor(user), null, "Made new recovery codes", "User", user.Id.ToString()),
        ], ct);
        return codes;
    }

    public async Task DisableTwoFactorAsync(User user, CancellationToken ct = default)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.TwoFactorDisabled, ActorFor(user), null, "Turned off two-factor authentication", "User", user.Id.ToString()), ct);
    }

    public async Task<IReadOnlyList<string>> RegenerateRecoveryCodesAsync(User user, CancellationToken ct = default)
    {
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.RecoveryCodesGenerated, ActorFor(user), null, "Made new recovery codes", "User", user.Id.ToString()), ct);
        return codes;
    }

    /// <summary>Saves what a sign-in with a recovery code changed (the code is used up).</summary>
    public Task RecordRecoveryCodeUsedAsync(User user, CancellationToken ct = default) =>
        audit.SaveChangesAsync(new AuditRecord(AuditEventCode.UserSignedIn, ActorFor(user), null, "Signed in with a recovery code", "User", user.Id.ToString()), ct);

    public async Task LinkExternalLoginAsync(User user, UserLoginInfo login, CancellationToken ct = default)
    {
        var result = await users.AddLoginAsync(user, login);
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            throw ToInvalidRequest(result, "");
        }

        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.ExternalSignInLinked, ActorFor(user), null, $"Linked a {login.ProviderDisplayName ?? login.LoginProvider} sign-in", "User", user.Id.ToString()), ct);
    }

    public static Actor ActorFor(User user) => new(user.Id, user.DisplayName.Length > 0 ? user.DisplayName : user.Email ?? user.Id.ToString());

    internal static InvalidRequestException ToInvalidRequest(IdentityResult result, string field, string? current = null)
    {
        var errors = new ValidationErrors();
        foreach (var error in result.Errors)
        {
            var target = error.Code == "PasswordMismatch" && current is not null ? current : field;
            var message = error.Code == "PasswordMismatch" ? "Your current password is not right" : error.Description.TrimEnd('.');
            errors.Add(target, message);
        }

        return errors.Any ? errors.ToException() : new InvalidRequestException(field, "The change could not be made");
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
