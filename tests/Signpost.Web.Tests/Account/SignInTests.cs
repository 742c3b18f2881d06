using System.Net;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Account;

public sealed class SignInTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    [Fact]
    public async Task SignIn_WithTheRightPassword_OpensTheOrganisationHome()
    {
        var client = await factory.SignInAsync(DemoPeople.Officer);

        var start = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal($"/o/{DemoPeople.Icb}", start.Headers.Location?.OriginalString);
        var home = await client.GetDocumentAsync($"/o/{DemoPeople.Icb}");
        Assert.Equal("NHS Riverside Integrated Care Board", home.QuerySelector("h1")?.TextContent);
        Assert.Contains("Communications officer", home.QuerySelector(".signpost-organisation-bar")?.TextContent, StringComparison.Ordinal);
        Assert.True(await factory.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Code == AuditEventCode.UserSignedIn && e.ActorName == "Priya Shah")));
    }

    [Fact]
    public async Task SignIn_WithTheWrongPassword_ShowsAnErrorAndRecordsTheFailure()
    {
        var client = factory.CreateBrowser();

        var response = await client.SubmitFormAsync("/account/sign-in", new() { ["Input.Email"] = DemoPeople.Staff, ["Input.Password"] = "not the right password" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Contains("Enter a correct email address and password", page.ErrorMessages());
        Assert.StartsWith("Error:", page.Title, StringComparison.Ordinal);
        Assert.True(await factory.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Code == AuditEventCode.SignInFailed && e.ActorName == "Chloe Martin")));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/o/{DemoPeople.Icb}")).StatusCode);
    }

    [Fact]
    public async Task SignIn_WithAnUnknownEmail_ShowsTheSameErrorAsAWrongPassword()
    {
        var response = await factory.CreateBrowser().SubmitFormAsync("/account/sign-in", new() { ["Input.Email"] = "nobody@nhs.net", ["Input.Password"] = "whatever it is here" });

        var page = await response.ReadDocumentAsync();
        Assert.Equal(["Enter a correct email address and password"], page.ErrorMessages());
    }

    [Fact]
    public async Task SignIn_WithEmptyFields_SaysWhatIsMissing()
    {
        var response = await factory.CreateBrowser().SubmitFormAsync("/account/sign-in", new() { ["Input.Email"] = "", ["Input.Password"] = "" });

        var page = await response.ReadDocumentAsync();
        Assert.Equal(["Enter your email address", "Enter your password"], page.ErrorMessages());
        Assert.Equal("#Input_Email", page.QuerySelector(".nhsuk-error-summary__list a")?.GetAttribute("href"));
    }

    [Fact]
    public async Task SignIn_AfterFiveWrongPasswords_LocksTheAccountEvenForTheRightPassword()
    {
        var client = factory.CreateBrowser();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = await client.SubmitFormAsync("/account/sign-in", new() { ["Input.Email"] = DemoPeople.PeopleTeam, ["Input.Password"] = $"wrong password {i}" });
        }

        Assert.Equal("/account/locked", last!.Headers.Location?.OriginalString);
        var right = await client.SubmitFormAsync("/account/sign-in", new() { ["Input.Email"] = DemoPeople.PeopleTeam, ["Input.Password"] = Core.Features.Demo.DemoData.Password });
        Assert.Equal("/account/locked", right.Headers.Location?.OriginalString);
        Assert.Contains("locked for 15 minutes", (await client.GetDocumentAsync("/account/locked")).Body!.TextContent, StringComparison.Ordinal);
        Assert.True(await factory.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Code == AuditEventCode.UserLockedOut && e.ActorName == "Aisha Rahman")));
    }

    [Fact]
    public async Task SignIn_WithoutTheAntiforgeryToken_IsRejected()
    {
        var client = factory.CreateBrowser();

        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = DemoPeople.Officer,
            ["Input.Password"] = Core.Features.Demo.DemoData.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Page_WhenSignedOut_RedirectsToSignIn()
    {
        var response = await factory.CreateBrowser().GetAsync($"/o/{DemoPeople.Icb}/admin");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://localhost/account/sign-in?ReturnUrl=", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_Always_EndsTheSession()
    {
        var client = await factory.SignInAsync(DemoPeople.Auditor);

        var response = await client.SubmitFormAsync("/account/sign-out", []);

        Assert.Equal("/account/signed-out", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/o/{DemoPeople.Icb}")).StatusCode);
        Assert.True(await factory.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Code == AuditEventCode.UserSignedOut && e.ActorName == "Fiona MacLeod")));
    }
}

public sealed class SignInRateLimitFactory : SignpostWebFactory
{
    protected override int SignInPermitLimit => 3;
}

public sealed class SignInRateLimitTests(SignInRateLimitFactory factory) : IClassFixture<SignInRateLimitFactory>
{
    [Fact]
    public async Task SignIn_MoreAttemptsThanTheLimit_AreTurnedAway()
    {
        var client = factory.CreateBrowser();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var response = await client.SubmitFormAsync("/account/sign-in", new() { ["Input.Email"] = "someone@nhs.net", ["Input.Password"] = "guessing the password" });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        // Pages are not limited, only attempts to sign in.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/sign-in")).StatusCode);
    }
}
