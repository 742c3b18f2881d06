using System.Net;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Features.Users;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Organisations;

public sealed class AdministrationTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    private static string Org(string path) => $"/o/{DemoPeople.Icb}{path}";

    [Fact]
    public async Task AddTeam_ThroughTheForm_IsListedAndAudited()
    {
        var admin = await factory.SignInAsync(DemoPeople.Admin);

        var response = await admin.SubmitFormAsync(Org("/admin/teams/new"), new() { ["Input.Name"] = "Medicines optimisation", ["Input.Description"] = "Pharmacy advice", ["Input.Email"] = "riversideicb.medicines@nhs.net" });

        Assert.Equal(Org("/admin/teams"), response.Headers.Location?.OriginalString);
        var list = await admin.GetDocumentAsync(Org("/admin/teams"));
        Assert.Contains("Medicines optimisation", list.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Team Medicines optimisation has been saved", list.QuerySelector(".nhsuk-notification-banner")!.TextContent, StringComparison.Ordinal);
        Assert.True(await factory.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Code == AuditEventCode.TeamCreated && e.Summary == "Created team Medicines optimisation" && e.ActorName == "Alex Morgan")));
    }

    [Fact]
    public async Task AddTeam_WithADuplicateName_ShowsTheErrorAndKeepsWhatWasTyped()
    {
        var admin = await factory.SignInAsync(DemoPeople.Admin);

        var response = await admin.SubmitFormAsync(Org("/admin/teams/new"), new() { ["Input.Name"] = "Safeguarding", ["Input.Description"] = "A second one" });

        var page = await response.ReadDocumentAsync();
        Assert.Equal(["Another team already has this name"], page.ErrorMessages());
        Assert.Equal("A second one", page.QuerySelector("#Input_Description")!.TextContent);
        Assert.Equal("Safeguarding", page.QuerySelector("#Input_Name")!.GetAttribute("value"));
    }

    [Fact]
    public async Task AddTeam_WithSeveralMistakes_ListsThemInTheOrderOfTheForm()
    {
        var admin = await factory.SignInAsync(DemoPeople.Admin);

        var response = await admin.SubmitFormAsync(Org("/admin/teams/new"), new() { ["Input.Name"] = "", ["Input.Email"] = "not an email" });

        var page = await response.ReadDocumentAsync();
        Assert.Equal(["Enter the team's name", "Enter an email address in the correct format, like team@nhs.net"], page.ErrorMessages());
        Assert.Equal(["#Input_Name", "#Input_Email"], page.QuerySelectorAll(".nhsuk-error-summary__list a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task AddPerson_WithRoles_CanSignInAndSeesTheirRoles()
    {
        var admin = await factory.SignInAsync(DemoPeople.Admin);

        var response = await admin.SubmitFormAsync(Org("/admin/people/add"),
            new() { ["Input.Email"] = "new.officer@nhs.net", ["Input.DisplayName"] = "Nia Hughes", ["Input.JobTitle"] = "Digital officer", ["Input.InitialPassword"] = "harbour pepper lantern" },
            multiValueField: "Input.Roles", multiValues: ["CommunicationsOfficer", "DutyManager"]);

        Assert.Equal(Org("/admin/people"), response.Headers.Location?.OriginalString);
        var person = await factory.SignInAsync("new.officer@nhs.net", "harbour pepper lantern");
        var home = await person.GetDocumentAsync(Org(""));
        Assert.Contains("Communications officer, Duty communications manager", home.QuerySelector(".signpost-organisation-bar")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPerson_WithNoRolesAndAWeakPassword_ExplainsBoth()
    {
        var admin = await factory.SignInAsync(DemoPeople.Admin);

        var response = await admin.SubmitFormAsync(Org("/admin/people/add"),
            new() { ["Input.Email"] = "weak@nhs.net", ["Input.DisplayName"] = "Weak Password", ["Input.InitialPassword"] = "qwerty123456" });

        var errors = (await response.ReadDocumentAsync()).ErrorMessages();
        Assert.Contains("Select at least one role", errors);
        Assert.False(await factory.QueryAsync(db => db.Users.AnyAsync(u => u.Email == "weak@nhs.net")));
    }

    [Fact]
    public async Task ChangeRoles_RemovingTheLastAdministrator_IsRefused()
    {
        var admin = await factory.SignInAsync(DemoPeople.Admin);
        var membership = await factory.QueryAsync(db => db.Memberships.Where(m => m.User!.Email == DemoPeople.Admin).Select(m => m.Id).SingleAsync());

        var response = await admin.SubmitFormAsync(Org($"/admin/people/{membership}"), [], multiValueField: "Roles", multiValues: ["Auditor"]);

        Assert.Contains((await response.ReadDocumentAsync()).ErrorMessages(), m => m.StartsWith("Each organisation needs at least one administrator", StringComparison.Ordinal));
        Assert.Equal(OrganisationRoles.Administrator, await factory.QueryAsync(db => db.Memberships.Where(m => m.Id == membership).Select(m => m.Roles).SingleAsync()));
    }

    [Fact]
    public async Task ResetPassword_ForSomeoneInAnotherOrganisationToo_IsRefused()
    {
        // Tom Okafor is also in the trust: the ICB's administrator must not be able to take over his account.
        var admin = await factory.SignInAsync(DemoPeople.Admin);
        var membership = await factory.QueryAsync(db => db.Memberships.Where(m => m.User!.Email == DemoPeople.Manager && m.Organisation!.Slug == DemoPeople.Icb).Select(m => m.Id).SingleAsync());

        var response = await admin.SubmitFormAsync(Org($"/admin/people/{membership}"), new() { ["NewPassword"] = "taken over account here" }, handler: "Password");

        Assert.Contains((await response.ReadDocumentAsync()).ErrorMessages(), m => m.Contains("also belongs to another organisation", StringComparison.Ordinal));
        await factory.SignInAsync(DemoPeople.Manager);
    }

    [Fact]
    public async Task HouseRules_EditedByAManager_ArePublishedAsTextNotScript()
    {
        var manager = await factory.SignInAsync(DemoPeople.Manager);
        const string rules = "# House rules\n\nBe kind. <script>alert('x')</script>\n\n[Our website](javascript:alert(1)) and [NHS 111](https://111.nhs.uk)";

        var response = await manager.SubmitFormAsync(Org("/house-rules"), new() { ["HouseRules"] = rules });

        Assert.Equal(Org("/house-rules"), response.Headers.Location?.OriginalString);
        var publicPage = await factory.CreateBrowser().GetAsync($"/house-rules/{DemoPeople.Icb}");
        Assert.Equal(HttpStatusCode.OK, publicPage.StatusCode);
        var html = await publicPage.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://111.nhs.uk\"", html, StringComparison.Ordinal);
        Assert.True(await factory.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Code == AuditEventCode.HouseRulesUpdated && e.ActorName == "Tom Okafor")));
    }

    [Fact]
    public async Task HouseRules_WithoutATitle_StillHaveOneMainHeadingInPublicAndInPreview()
    {
        var admin = await factory.SignInAsync(DemoPeople.TrustAdmin);
        const string rules = "## Be kind\n\nPlease be kind to each other.";

        // The Preview button posts the same form to its own handler (formaction).
        var form = await admin.GetDocumentAsync($"/o/{DemoPeople.Trust}/house-rules");
        Assert.NotNull(form.QuerySelector("button[formaction='?handler=Preview']"));
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var preview = await admin.PostAsync($"/o/{DemoPeople.Trust}/house-rules?handler=Preview",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["HouseRules"] = rules }));
        await admin.SubmitFormAsync($"/o/{DemoPeople.Trust}/house-rules", new() { ["HouseRules"] = rules });
        var published = await factory.CreateBrowser().GetDocumentAsync($"/house-rules/{DemoPeople.Trust}");

        Assert.Single((await preview.ReadDocumentAsync()).QuerySelectorAll("h1"));
        Assert.Equal("House rules", published.QuerySelector("h1")!.TextContent);
        Assert.Equal("Be kind", published.QuerySelector("h2")!.TextContent);
    }

    [Fact]
    public async Task PublicHouseRules_ForAnUnknownOrganisation_AreNotFound()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateBrowser().GetAsync("/house-rules/no-such-organisation")).StatusCode);
    }
}
