using System.Net;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Audit;

public sealed class AuditPageTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    private static string Org(string path) => $"/o/{DemoPeople.Icb}{path}";

    [Fact]
    public async Task AuditPage_FilteredByEvent_ShowsOnlyThoseEventsOfTheOrganisation()
    {
        var auditor = await factory.SignInAsync(DemoPeople.Auditor);

        var page = await auditor.GetDocumentAsync(Org("/audit?Filter.Code=1200"));

        var rows = page.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains("1200 Team created", r, StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains("The trust's communications team", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuditPage_WithDatesTheWrongWayRound_SaysSo()
    {
        var auditor = await factory.SignInAsync(DemoPeople.Auditor);

        var page = await auditor.GetDocumentAsync(Org("/audit?Filter.From=2026-12-01&Filter.To=2026-11-01"));

        Assert.Equal(["The end date must be the same as or after the start date"], page.ErrorMessages());
    }

    [Fact]
    public async Task Export_AsCsv_HasEveryFilteredEventAndRecordsTheExport()
    {
        var auditor = await factory.SignInAsync(DemoPeople.Auditor);
        var icb = await factory.OrganisationIdAsync(DemoPeople.Icb);
        var teams = await factory.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Code == AuditEventCode.TeamCreated && e.OrganisationId == icb));

        var response = await auditor.GetAsync(Org("/audit?handler=Export&Filter.Code=1200"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd().Split('\n');
        Assert.StartsWith("sequence,code,event,occurred_at_utc", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(teams, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Contains(",1200,\"TeamCreated\",", l, StringComparison.Ordinal));
        Assert.True(await factory.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Code == AuditEventCode.AuditExported && e.ActorName == "Fiona MacLeod")));
    }

    [Fact]
    public async Task Export_OfANameThatLooksLikeAFormula_IsNeutralised()
    {
        // Someone whose name starts with "=" acts in the organisation; spreadsheets must not run it.
        var admin = await factory.SignInAsync(DemoPeople.Admin);
        await admin.SubmitFormAsync(Org("/admin/people/add"),
            new() { ["Input.Email"] = "formula@nhs.net", ["Input.DisplayName"] = "=HYPERLINK(\"http://evil.example\")", ["Input.InitialPassword"] = "violet harbour compass" },
            multiValueField: "Input.Roles", multiValues: ["StaffMember"]);
        var person = await factory.SignInAsync("formula@nhs.net", "violet harbour compass");
        await person.SubmitFormAsync("/profile/tokens", new() { ["Name"] = "Feed", ["ExpiresInDays"] = "30" }, handler: "Create");

        var csv = await admin.GetStringAsync(Org("/audit?handler=Export&Filter.Code=1020"));

        var line = csv.Split('\n').Single(l => l.Contains("HYPERLINK", StringComparison.Ordinal) && l.Contains(",1020,", StringComparison.Ordinal));
        Assert.Contains(",\"'=HYPERLINK(", line, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_OnTheAuditPage_ReportsTamperingWithTheFirstBrokenEvent()
    {
        var auditor = await factory.SignInAsync(DemoPeople.Auditor);
        var intact = await auditor.SubmitFormAsync(Org("/audit"), [], handler: "Verify");
        Assert.Contains("The audit trail is intact", await intact.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var icb = await factory.OrganisationIdAsync(DemoPeople.Icb);
        await factory.QueryAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEvents\" SET \"ActorName\" = 'Nobody' WHERE \"ChainId\" = {0} AND \"Sequence\" = 5", icb));

        var broken = await auditor.SubmitFormAsync(Org("/audit"), [], handler: "Verify");
        var text = await broken.Content.ReadAsStringAsync();
        Assert.Contains("The audit trail has been tampered with", text, StringComparison.Ordinal);
        Assert.Contains("Event 5", text, StringComparison.Ordinal);
    }
}
