using System.Net;
using Signpost.Core.Features.Demo;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Account;

public sealed class PasswordTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    private const string Person = "ig.lead@riverside.example";

    [Fact]
    public async Task ChangePassword_WithBadInput_ExplainsAndKeepsTheOldPassword()
    {
        var client = await factory.SignInAsync(Person);

        var wrongCurrent = await client.SubmitFormAsync("/profile/password", new() { ["CurrentPassword"] = "not my password", ["NewPassword"] = "meadow lantern kettle river" });
        var common = await client.SubmitFormAsync("/profile/password", new() { ["CurrentPassword"] = DemoData.Password, ["NewPassword"] = "password12345" });
        var shortOne = await client.SubmitFormAsync("/profile/password", new() { ["CurrentPassword"] = DemoData.Password, ["NewPassword"] = "short" });

        Assert.Contains("Your current password is not right", (await wrongCurrent.ReadDocumentAsync()).ErrorMessages());
        Assert.Contains((await common.ReadDocumentAsync()).ErrorMessages(), m => m.Contains("too common", StringComparison.Ordinal));
        Assert.Contains((await shortOne.ReadDocumentAsync()).ErrorMessages(), m => m.Contains("at least 12", StringComparison.Ordinal));
        await factory.SignInAsync(Person, DemoData.Password);
    }

    [Fact]
    public async Task ChangePassword_WithAGoodNewPassword_WorksForTheNextSignIn()
    {
        var client = await factory.SignInAsync("safeguarding.lead@riverside.example");

        var response = await client.SubmitFormAsync("/profile/password", new() { ["CurrentPassword"] = DemoData.Password, ["NewPassword"] = "orchard violin compass tide" });

        Assert.Equal("/profile", response.Headers.Location?.OriginalString);
        await factory.SignInAsync("safeguarding.lead@riverside.example", "orchard violin compass tide");
        var old = await factory.CreateBrowser().SubmitFormAsync("/account/sign-in", new() { ["Input.Email"] = "safeguarding.lead@riverside.example", ["Input.Password"] = DemoData.Password });
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
    }
}
