using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Api;

public sealed class ApiTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    [Fact]
    public async Task Token_CreatedOnTheProfile_WorksUntilRevoked()
    {
        var browser = await factory.SignInAsync(DemoPeople.Admin);

        var created = await browser.SubmitFormAsync("/profile/tokens", new() { ["Name"] = "Intranet news feed", ["ExpiresInDays"] = "30" }, handler: "Create");
        var page = await created.ReadDocumentAsync();
        var secret = page.QuerySelector("#new-token")!.TextContent.Trim();
        Assert.StartsWith("sp_", secret, StringComparison.Ordinal);
        Assert.Contains("Intranet news feed", page.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, (await browser.GetStringAsync("/profile/tokens")), StringComparison.Ordinal);
        // Only the hash is stored.
        Assert.False(await factory.QueryAsync(db => db.PersonalAccessTokens.AnyAsync(t => t.SecretHash == secret)));

        var api = Api(secret);
        var me = await api.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal("admin@riverside.example", me.GetProperty("email").GetString());
        Assert.Equal(DemoPeople.Icb, me.GetProperty("organisation").GetProperty("slug").GetString());
        Assert.Contains("Administrator", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var tokenId = await factory.QueryAsync(db => db.PersonalAccessTokens.Where(t => t.Name == "Intranet news feed").Select(t => t.Id).SingleAsync());
        var page2 = await browser.GetDocumentAsync("/profile/tokens");
        var revokeForm = page2.Forms.Single(f => (f.Action ?? "").Contains(tokenId.ToString(), StringComparison.Ordinal));
        var antiforgery = revokeForm.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var revoke = await browser.PostAsync(revokeForm.GetAttribute("action"), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery }));
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);

        var after = await api.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("application/problem+json", after.Content.Headers.ContentType?.MediaType);
        Assert.True(await factory.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Code == AuditEventCode.AccessTokenCreated && e.SubjectId == tokenId.ToString())));
        Assert.True(await factory.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Code == AuditEventCode.AccessTokenRevoked && e.SubjectId == tokenId.ToString())));
    }

    [Fact]
    public async Task CreateTeam_WithBadInput_ReturnsProblemDetailsWithAMessagePerField()
    {
        var api = Api(await TokenAsync(DemoPeople.Admin));
        var before = await factory.AuditEventCountAsync(DemoPeople.Icb);

        var response = await api.PostAsJsonAsync("/api/v1/teams", new { name = "", email = "not an email" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("Enter the team's name", problem.GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.StartsWith("Enter an email address", problem.GetProperty("errors").GetProperty("email")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await factory.AuditEventCountAsync(DemoPeople.Icb));
    }

    [Fact]
    public async Task CreateTeam_WithGoodInput_IsCreatedAndAudited()
    {
        var api = Api(await TokenAsync(DemoPeople.Admin));

        var response = await api.PostAsJsonAsync("/api/v1/teams", new { name = "Estates", description = "Buildings and car parks", email = "riversideicb.estates@nhs.net" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var team = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = team.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/teams/{id}", response.Headers.Location?.OriginalString);
        var fetched = await api.GetFromJsonAsync<JsonElement>($"/api/v1/teams/{id}");
        Assert.Equal("Estates", fetched.GetProperty("name").GetString());
        var recorded = await factory.QueryAsync(db => db.AuditEvents.SingleAsync(e => e.SubjectId == id.ToString()));
        Assert.Equal(AuditEventCode.TeamCreated, recorded.Code);
        Assert.Equal("Alex Morgan", recorded.ActorName);
    }

    [Fact]
    public async Task CreateTeam_WithoutTheAdministratorRole_IsForbidden()
    {
        var api = Api(await TokenAsync(DemoPeople.Officer));

        var response = await api.PostAsJsonAsync("/api/v1/teams", new { name = "Not allowed" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(await factory.QueryAsync(db => db.Teams.AnyAsync(t => t.Name == "Not allowed")));
    }

    [Fact]
    public async Task GetTeam_ThatDoesNotExist_IsNotFoundProblem()
    {
        var api = Api(await TokenAsync(DemoPeople.Officer));

        var response = await api.GetAsync($"/api/v1/teams/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_WithAMalformedBody_ReturnsProblemDetails()
    {
        var api = Api(await TokenAsync(DemoPeople.Admin));

        var response = await api.PostAsync("/api/v1/teams", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AuditEvents_ForAnAuditor_ListsTheOrganisationsEventsAndValidatesFilters()
    {
        var api = Api(await TokenAsync(DemoPeople.Auditor));

        var page = await api.GetFromJsonAsync<JsonElement>("/api/v1/audit-events?code=1200");
        var bad = await api.GetAsync("/api/v1/audit-events?from=2026-12-01&to=2026-11-01");

        Assert.True(page.GetProperty("total").GetInt32() >= 6);
        Assert.All(page.GetProperty("events").EnumerateArray(), e => Assert.Equal(1200, e.GetProperty("code").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("end date", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api(await TokenAsync(DemoPeople.Staff)).GetAsync("/api/v1/audit-events")).StatusCode);
    }

    [Fact]
    public async Task Token_OfSomeoneRemovedFromTheOrganisation_StopsWorking()
    {
        var secret = await TokenAsync("duty.manager@riverside.example");
        var api = Api(secret);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);
        var admin = await factory.SignInAsync(DemoPeople.Admin);
        var membership = await factory.QueryAsync(db => db.Memberships.Where(m => m.User!.Email == "duty.manager@riverside.example").Select(m => m.Id).SingleAsync());

        var removed = await admin.SubmitFormAsync($"/o/{DemoPeople.Icb}/admin/people/{membership}", [], handler: "Remove");

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_Always_DescribesTheApiAndItsTokens()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.Equal("Signpost API", document.GetProperty("info").GetProperty("title").GetString());
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/teams", out _));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
    }

    private HttpClient Api(string secret)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private async Task<string> TokenAsync(string email)
    {
        var browser = await factory.SignInAsync(email);
        var created = await browser.SubmitFormAsync("/profile/tokens", new() { ["Name"] = $"Test {Guid.NewGuid():N}", ["ExpiresInDays"] = "30" }, handler: "Create");
        return (await created.ReadDocumentAsync()).QuerySelector("#new-token")!.TextContent.Trim();
    }
}
