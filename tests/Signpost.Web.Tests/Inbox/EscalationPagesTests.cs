using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Signpost.Policy.Triage;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Inbox;

/// <summary>The duty page and the on-call rota pages (004 §6.4.5), out of hours, with text messages through a local Notify server.</summary>
public sealed class EscalationPagesTests(EscalationWebFactory factory) : IClassFixture<EscalationWebFactory>
{
    private const string Duty = "duty.manager@riverside.example";
    private const string Disclosure = "I have taken all my tablets and I'm alone at home. Sorry for posting here.";

    [Fact]
    public async Task DutyPage_OutOfHours_ShowsTheMessageAndTheTextSent_AndThePersonPagedAcknowledgesIt()
    {
        await factory.SetMobileAsync(Duty, "07700 900 311");
        var messageId = await factory.ReceiveAsync(Disclosure, TriageLabel.Safeguarding, TriageLabel.ImmediateDanger);
        await factory.SendTextMessagesAsync();
        var page = await factory.PageForAsync(messageId);
        var sms = Assert.Single(factory.Notify!.Received, r => r.Reference == page.Id.ToString());
        var client = await factory.SignInAsync(Duty);

        var before = await client.GetDocumentAsync($"/o/riverside-icb/pages/{page.Id}");
        var response = await client.SubmitFormAsync($"/o/riverside-icb/pages/{page.Id}", []);
        var after = await client.GetDocumentAsync($"/o/riverside-icb/pages/{page.Id}");

        Assert.Contains($"/o/riverside-icb/pages/{page.Id}", sms.Personalisation["message"], StringComparison.Ordinal);
        Assert.Equal("+447700900311", sms.PhoneNumber);
        Assert.Equal("Urgent message (immediate danger, safeguarding) on " + (await factory.ChannelAsync()).Name, before.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains(Disclosure, before.QuerySelector(".nhsuk-inset-text")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Sent to 07700 900311 through GOV.UK Notify", before.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("dial 999", before.QuerySelector(".nhsuk-card--care--emergency")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Not acknowledged", before.QuerySelector(".nhsuk-tag")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("Acknowledged", after.QuerySelector(".nhsuk-tag")!.TextContent.Trim());
        Assert.Contains("Acknowledged by Grace Williams", after.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(after.QuerySelectorAll("form[method=post] button"), b => b.TextContent.Contains("Acknowledge", StringComparison.Ordinal));
        Assert.NotNull(await factory.QueryAsync(db => db.DutyPages.Where(p => p.Id == page.Id).Select(p => p.AcknowledgedAt).SingleAsync()));
    }

    [Fact]
    public async Task DutyPage_NotifyRefusedTheText_ShowsNotifysReason()
    {
        await factory.SetMobileAsync(Duty, "07700 900 312");
        factory.Notify!.BadRequestNext("Can't send to this recipient using a team-only API key");
        var messageId = await factory.ReceiveAsync(Disclosure, TriageLabel.Safeguarding);
        await factory.SendTextMessagesAsync();
        var page = await factory.PageForAsync(messageId);
        var client = await factory.SignInAsync(DemoPeople.Manager);

        var document = await client.GetDocumentAsync($"/o/riverside-icb/pages/{page.Id}");

        Assert.Contains("Not sent to 07700 900312: GOV.UK Notify answered 400: BadRequestError: Can't send to this recipient using a team-only API key",
            document.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DutyPage_ForAnOfficer_IsShownWithoutTheButton_AndForStaff_IsForbidden()
    {
        var messageId = await factory.ReceiveAsync(Disclosure, TriageLabel.Safeguarding);
        var page = await factory.PageForAsync(messageId);
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var staff = await factory.SignInAsync(DemoPeople.Staff);

        var document = await officer.GetDocumentAsync($"/o/riverside-icb/pages/{page.Id}");
        var token = (await officer.GetDocumentAsync($"/o/riverside-icb/inbox/{messageId}/refer")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = await officer.PostAsync("/o/riverside-icb/on-call", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Input.Position"] = "1" }));
        var forbidden = await staff.GetAsync($"/o/riverside-icb/pages/{page.Id}");

        Assert.Contains("Only Grace Williams or a communications or duty manager can acknowledge it", document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task OnCallRota_ManagerAddsAShift_MistakesFirst_ThenItIsOnCallNow()
    {
        var client = await factory.SignInAsync(DemoPeople.Manager);
        var dutyId = await factory.QueryAsync(db => db.Users.Where(u => u.Email == Duty).Select(u => u.Id).SingleAsync());

        var wrong = await client.SubmitFormAsync("/o/riverside-icb/on-call", new()
        {
            ["Input.UserId"] = "",
            ["Input.StartDay.Day"] = "31",
            ["Input.StartDay.Month"] = "2",
            ["Input.StartDay.Year"] = "2026",
            ["Input.StartTime"] = "",
            ["Input.EndDay.Day"] = "27",
            ["Input.EndDay.Month"] = "11",
            ["Input.EndDay.Year"] = "2026",
            ["Input.EndTime"] = "9am",
            ["Input.Position"] = "0",
        });
        var added = await client.SubmitFormAsync("/o/riverside-icb/on-call", new()
        {
            ["Input.UserId"] = dutyId.ToString(),
            ["Input.StartDay.Day"] = "27",
            ["Input.StartDay.Month"] = "11",
            ["Input.StartDay.Year"] = "2026",
            ["Input.StartTime"] = "5pm",
            ["Input.EndDay.Day"] = "30",
            ["Input.EndDay.Month"] = "11",
            ["Input.EndDay.Year"] = "2026",
            ["Input.EndTime"] = "9am",
            ["Input.Position"] = "1",
        });
        var rota = await client.GetDocumentAsync("/o/riverside-icb/on-call");

        Assert.Equal(
            ["Select who is on call", "The start date must be a real date", "Enter a time, like 5pm or 17:00", "The shift must end in the future", "Enter the order of paging as a number from 1 to 21"],
            (await wrong.ReadDocumentAsync()).ErrorMessages());
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("Grace Williams, until 30 November 2026, 9am", rota.QuerySelector("ol")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Grace Williams (on call now)", rota.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnCallRota_Staff_IsForbidden_AndTheApiSaysWhoIsOnCall()
    {
        var staff = await factory.SignInAsync(DemoPeople.Staff);
        var browser = await factory.SignInAsync(DemoPeople.Officer);
        var organisationId = await factory.OrganisationIdAsync(DemoPeople.Icb);
        var created = await browser.SubmitFormAsync("/profile/tokens",
            new() { ["Name"] = $"Test {Guid.NewGuid():N}", ["ExpiresInDays"] = "30", ["OrganisationId"] = organisationId.ToString() }, handler: "Create");
        var api = factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await created.ReadDocumentAsync()).QuerySelector("#new-token")!.TextContent.Trim());

        var forbidden = await staff.GetAsync("/o/riverside-icb/on-call");
        var onCall = await api.GetFromJsonAsync<List<Signpost.Web.Api.OnCallPersonDto>>("/api/v1/on-call");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains(onCall!, p => p.Name == "Grace Williams");
    }
}

/// <summary>With no GOV.UK Notify settings, a duty page says that no text message could be sent, and why.</summary>
public sealed class EscalationPagesWithoutSmsTests(EscalationWebFactoryWithoutSms factory) : IClassFixture<EscalationWebFactoryWithoutSms>
{
    [Fact]
    public async Task DutyPage_NotifyNotConfigured_SaysTextMessagesAreNotSetUp_AndTheEmailStillWent()
    {
        await factory.SetMobileAsync("duty.manager@riverside.example", "07700 900 313");
        var messageId = await factory.ReceiveAsync("Please help, my friend says she will hurt herself tonight.", TriageLabel.Safeguarding);
        var page = await factory.PageForAsync(messageId);
        var client = await factory.SignInAsync(DemoPeople.Manager);

        var document = await client.GetDocumentAsync($"/o/riverside-icb/pages/{page.Id}");

        Assert.Contains("None sent. Text messages are not set up: GOV.UK Notify has no API key (Notify:ApiKey).", document.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        Assert.False(await factory.QueryAsync(db => db.OutboxTextMessages.AnyAsync(s => s.Reference == page.Id.ToString())));
        Assert.True(await factory.QueryAsync(db => db.OutboxEmails.AnyAsync(e => e.To == "duty.manager@riverside.example" && e.TextBody.Contains(page.Id.ToString()))));
    }
}
