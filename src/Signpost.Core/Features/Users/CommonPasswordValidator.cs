using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;

namespace Signpost.Core.Features.Users;

/// <summary>
/// NCSC password guidance: a minimum length, no forced composition rules, and a deny-list of
/// common passwords (with the obvious variants: trailing digits and symbols, the service's and the
/// person's own names). Length is checked by Identity's options (SignpostCoreServices.ConfigureIdentity).
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<User>
{
    public const int MaximumLength = 256;

    private static readonly Lazy<FrozenSet<string>> CommonPasswords = new(Load);

    private static readonly string[] ServiceWords = ["signpost", "password", "passw0rd", "nhs", "riverside", "welcome", "letmein", "qwerty"];

    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        if (password.Length > MaximumLength)
        {
            return Failed("PasswordTooLong", $"Password must be {MaximumLength} characters or fewer");
        }

        var lower = password.ToLowerInvariant();
        var stripped = lower.TrimEnd("0123456789!?.*#@$%&_- ".ToCharArray()).TrimStart("0123456789!?.*#@$%&_- ".ToCharArray());
        if (CommonPasswords.Value.Contains(lower) || CommonPasswords.Value.Contains(stripped))
        {
            return Failed("PasswordCommon", "Password is too common. Try three random words together");
        }

        if (lower.Distinct().Count() <= 3)
        {
            return Failed("PasswordRepetitive", "Password repeats the same few characters. Try three random words together");
        }

        var personal = new List<string>(ServiceWords);
        if (user.Email is { Length: > 0 } email)
        {
            personal.Add(email.Split('@')[0].ToLowerInvariant());
        }

        personal.AddRange((user.DisplayName ?? "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        foreach (var word in personal.Where(w => w.Length >= 3))
        {
            // The password is little more than a name or the service's name with a few characters added.
            if (lower.Contains(word, StringComparison.Ordinal) && lower.Length - word.Length < 6)
            {
                return Failed("PasswordPersonal", "Password must not be based on your name, your email address or this service. Try three random words together");
            }
        }

        return Task.FromResult(IdentityResult.Success);
    }

    public static bool IsCommon(string password) => CommonPasswords.Value.Contains(password.ToLowerInvariant());

    private static Task<IdentityResult> Failed(string code, string description) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = code, Description = description }));

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("Signpost.Core.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                set.Add(line);
            }
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
