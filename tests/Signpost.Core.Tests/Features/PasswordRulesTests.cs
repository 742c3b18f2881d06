using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Features.Users;

namespace Signpost.Core.Tests.Features;

public sealed class PasswordRulesTests(CoreFixture fixture) : IClassFixture<CoreFixture>
{
    [Theory]
    [InlineData("short words", "at least 12")]
    [InlineData("password1234", "too common")]
    [InlineData("Password123!", "too common")]
    [InlineData("qwertyuiop123", "too common")]
    [InlineData("aaaaaaaaaaaaaaa", "repeats")]
    [InlineData("signpost2026!", "too common|based on")]
    public async Task Validate_WeakPassword_IsRefusedWithAReason(string password, string expected)
    {
        var errors = await ValidateAsync(password);

        Assert.NotEmpty(errors);
        Assert.Matches(expected, string.Join(" ", errors));
    }

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("kettle-lantern-meadow")]
    [InlineData("all lowercase and no digits at all")]
    public async Task Validate_LongPassphraseWithoutSymbols_IsAccepted(string password)
    {
        // NCSC: length and a deny-list, no forced mix of character types.
        Assert.Empty(await ValidateAsync(password));
    }

    private async Task<IReadOnlyList<string>> ValidateAsync(string password)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = new User { Email = "sam.jones@nhs.net", UserName = "sam.jones@nhs.net", DisplayName = "Sam Jones" };
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            errors.AddRange(result.Errors.Select(e => e.Description));
        }

        return errors;
    }
}
