using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Features.Inbox;
using Signpost.Policy.Triage;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Inbox;

/// <summary>Referring a safeguarding concern (000 §6.1) and the safeguarding leads' queue.</summary>
public sealed class SafeguardingPagesTests(EscalationWebFactoryWithoutSms factory) : IClassFixture<EscalationWebFactoryWithoutSms>
{
    private const string Lead = "safeguarding.lead@riverside.example";
    private const string Disclosure = "A man keeps messaging my 12 year old on here asking to meet her. What do I do?";

    [Fact]
    public async Task Refer_AnOfficer_SeesMistakesInFormOrder_ThenThe999PromptForImmediateDanger_AndTheLeadWorksIt()
    {
        var messageId = await factory.ReceiveAsync(Disclosure, TriageLabel.Safeguarding);
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var lead = await factory.SignInAsync(Lead);
        var url = $"/o/riverside-icb/inbox/{messageId}/refer";

        var form = await officer.GetDocumentAsync(url);
        var wrong = await officer.SubmitFormAsync(url, new() { ["Concern"] = "", ["WhoIsAtRisk"] = "" });
        var sent = await officer.SubmitFormAsync(url, new() { ["Concern"] = "An adult is trying to meet a child.", ["WhoIsAtRisk"] = "A 12-year-old girl", ["ImmediateDanger"] = "yes" });
        var confirmation = await officer.GetDocumentAsync(sent.Headers.Location!.OriginalString);
        var officerQueue = await officer.GetAsync("/o/riverside-icb/safeguarding");
        var queue = await lead.GetDocumentAsync("/o/riverside-icb/safeguarding");
        var referralId = await factory.QueryAsync(db => db.SafeguardingReferrals.Where(r => r.MessageId == messageId).Select(r => r.Id).SingleAsync());
        var details = await lead.GetDocumentAsync($"/o/riverside-icb/safeguarding/{referralId}");
        var updated = await lead.SubmitFormAsync($"/o/riverside-icb/safeguarding/{referralId}", new() { ["Status"] = "InProgress", ["LeadUserId"] = "", ["Outcome"] = "" });

        Assert.Contains("If someone is in immediate danger, call 999 now", form.QuerySelector(".nhsuk-card--care--emergency")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Disclosure, form.QuerySelector(".nhsuk-inset-text")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Enter what the concern is", "Enter who is at risk", "Select yes if anyone is in immediate danger"], (await wrong.ReadDocumentAsync()).ErrorMessages());
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains("Call 999 now", confirmation.QuerySelector(".nhsuk-card--care--emergency")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Safeguarding concern referred", confirmation.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Forbidden, officerQueue.StatusCode);
        Assert.Contains("A 12-year-old girl", queue.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Disclosure, details.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, updated.StatusCode);
        Assert.Equal(SafeguardingStatus.InProgress, await factory.QueryAsync(db => db.SafeguardingReferrals.Where(r => r.Id == referralId).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task Referral_AfterTheMessageIsRedacted_StillShowsTheEvidence()
    {
        var messageId = await factory.ReceiveAsync(Disclosure, TriageLabel.Safeguarding);
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        await officer.SubmitFormAsync($"/o/riverside-icb/inbox/{messageId}/refer", new() { ["Concern"] = "Grooming.", ["WhoIsAtRisk"] = "A child", ["ImmediateDanger"] = "no" });
        var now = factory.Clock.GetUtcNow();
        await factory.QueryAsync(db => db.InboxMessages.Where(m => m.Id == messageId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Text, "").SetProperty(m => m.RedactedAt, now)));
        var referralId = await factory.QueryAsync(db => db.SafeguardingReferrals.Where(r => r.MessageId == messageId).Select(r => r.Id).SingleAsync());
        var lead = await factory.SignInAsync(Lead);

        var details = await lead.GetDocumentAsync($"/o/riverside-icb/safeguarding/{referralId}");

        Assert.Contains(Disclosure, details.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("The message has since been deleted, hidden or redacted", details.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_ReferSafeguarding_201ForAnOfficer_400PerField_403ForStaff()
    {
        var messageId = await factory.ReceiveAsync(Disclosure, TriageLabel.Safeguarding);

        var officer = await ApiAsync(DemoPeople.Officer);
        var staff = await ApiAsync(DemoPeople.Staff);
        var created = await officer.PostAsJsonAsync($"/api/v1/inbox/{messageId}/refer-safeguarding", new { concern = "Grooming of a child.", whoIsAtRisk = "A 12-year-old", immediateDanger = false });
        var invalid = await officer.PostAsJsonAsync($"/api/v1/inbox/{messageId}/refer-safeguarding", new { concern = "", whoIsAtRisk = "x" });
        var forbidden = await staff.PostAsJsonAsync($"/api/v1/inbox/{messageId}/refer-safeguarding", new { concern = "x", whoIsAtRisk = "x", immediateDanger = false });
        var missing = await officer.PostAsJsonAsync($"/api/v1/inbox/{Guid.NewGuid()}/refer-safeguarding", new { concern = "x", whoIsAtRisk = "x", immediateDanger = false });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("New", body.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name.ToLowerInvariant()).ToList();
        Assert.Equal(["concern", "immediatedanger"], fields.Order());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<HttpClient> ApiAsync(string email)
    {
        var browser = await factory.SignInAsync(email);
        var organisationId = await factory.OrganisationIdAsync(DemoPeople.Icb);
        var created = await browser.SubmitFormAsync("/profile/tokens",
            new() { ["Name"] = $"Test {Guid.NewGuid():N}", ["ExpiresInDays"] = "30", ["OrganisationId"] = organisationId.ToString() }, handler: "Create");
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await created.ReadDocumentAsync()).QuerySelector("#new-token")!.TextContent.Trim());
        return client;
    }
}
