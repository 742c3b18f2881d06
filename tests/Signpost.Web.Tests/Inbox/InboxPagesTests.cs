using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Features.Inbox;
using Signpost.Policy.Triage;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Inbox;

public sealed class InboxPagesTests(InboxWorkflowWebFactory factory) : IClassFixture<InboxWorkflowWebFactory>
{
    private const string Script = "<script>alert('inbox')</script><b>bold</b>";
    private const string Icb = $"/o/{DemoPeople.Icb}";

    [Fact]
    public async Task List_WithoutJavaScript_ShowsMessagesWithWordedTagsAndClock_AndPublicScriptAsText()
    {
        var channel = await factory.ChannelAsync(DemoPeople.Icb);
        await factory.MessageAsync(channel, $"Can I take ibuprofen? {Script}", [TriageLabel.MedicalQuestion], author: "worried.parent");
        var client = await factory.SignInAsync(DemoPeople.Officer);

        var response = await client.GetAsync($"{Icb}/inbox?channel={channel.Id}");
        var html = await response.Content.ReadAsStringAsync();
        var page = await response.ReadDocumentAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold", html, StringComparison.Ordinal);
        var table = page.QuerySelector("table#inbox-table")!;
        Assert.StartsWith("Messages", table.QuerySelector("caption")!.TextContent.Trim(), StringComparison.Ordinal);
        var row = table.QuerySelectorAll("tbody tr").Single();
        Assert.Contains(Script, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("worried.parent", row.TextContent, StringComparison.Ordinal);
        var tags = row.QuerySelectorAll(".nhsuk-tag").Select(t => t.TextContent.Trim()).ToList();
        Assert.Equal(["High", "Medical question", "New", "Waiting"], tags);
        Assert.Contains("of working time", row.QuerySelectorAll("td")[4].TextContent, StringComparison.Ordinal);
        Assert.Contains("Inbox", page.QuerySelectorAll("a.nhsuk-header__navigation-link").Select(a => a.TextContent.Trim()));
        Assert.NotNull(page.QuerySelector("script[type=module][src^='/js/inbox.mjs']"));
    }

    [Fact]
    public async Task List_FilterForm_IsAGetFormAndFilters()
    {
        var channel = await factory.ChannelAsync(DemoPeople.Icb);
        await factory.MessageAsync(channel, "My complaint about parking", [TriageLabel.Complaint]);
        await factory.MessageAsync(channel, "Thank you to the nurses", [TriageLabel.Praise]);
        var client = await factory.SignInAsync(DemoPeople.Manager);

        var form = (await client.GetDocumentAsync($"{Icb}/inbox")).QuerySelector("form.signpost-filter") as IHtmlFormElement;
        var page = await client.GetDocumentAsync($"{Icb}/inbox?channel={channel.Id}&label=complaint&status=open");

        Assert.Equal("get", form!.Method, ignoreCase: true);
        Assert.NotNull(form.QuerySelector("select[name=clock] option[value=breached]"));
        var rows = page.QuerySelectorAll("#inbox-table tbody tr");
        Assert.Contains("My complaint about parking", Assert.Single(rows).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_FilterChoicesAreThisOrganisationsChannelsAndTeam_AndEachRowNamesItsChannelAuthorAndAssignee()
    {
        var channel = await factory.ChannelAsync(DemoPeople.Icb);
        var trustChannel = await factory.ChannelAsync(DemoPeople.Trust);
        var message = await factory.MessageAsync(channel, "Who do I ask about my referral letter?", [TriageLabel.Enquiry], author: "referral.letter");
        var client = await factory.SignInAsync(DemoPeople.Manager);
        var officerId = await factory.QueryAsync(db => db.Users.Where(u => u.Email == DemoPeople.Officer).Select(u => u.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync($"{Icb}/inbox/{message.Id}", new() { ["AssigneeUserId"] = officerId.ToString(), ["Version"] = "0" }, handler: "Assign")).StatusCode);

        var page = await client.GetDocumentAsync($"{Icb}/inbox?channel={channel.Id}");

        var channels = page.QuerySelectorAll("select[name=channel] option").Select(o => o.TextContent.Trim()).ToList();
        Assert.Contains(channel.Name, channels);
        Assert.DoesNotContain(trustChannel.Name, channels);
        var people = page.QuerySelectorAll("select[name=assignee] option").Select(o => o.TextContent.Trim()).ToList();
        Assert.Equal(["Anyone or no one", "Me", "No one (unassigned)"], people.Take(3));
        Assert.Contains("Priya Shah", people);
        Assert.Contains("Tom Okafor", people);
        Assert.DoesNotContain("Jordan Lee", people);
        var row = Assert.Single(page.QuerySelectorAll("#inbox-table tbody tr")).TextContent;
        Assert.Contains(channel.Name, row, StringComparison.Ordinal);
        Assert.Contains("referral.letter", row, StringComparison.Ordinal);
        Assert.Contains("Priya Shah", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_ForNewMessages_GivesTheCountAndEncodedRows()
    {
        var channel = await factory.ChannelAsync(DemoPeople.Icb);
        var since = DateTimeOffset.UtcNow.AddMinutes(-1).UtcTicks;
        await factory.MessageAsync(channel, $"New one {Script}");
        var client = await factory.SignInAsync(DemoPeople.Officer);

        var response = await client.GetAsync($"{Icb}/inbox?handler=Live&channel={channel.Id}&since={since}");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(1, json.GetProperty("count").GetInt32());
        var rows = json.GetProperty("html").GetString()!;
        Assert.DoesNotContain("<script>", rows, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", rows, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conversation_ShowsTheThreadAndAuthor_WithPublicScriptAsText_AndLinksToModerateAndRefer()
    {
        var channel = await factory.ChannelAsync(DemoPeople.Icb);
        var earlier = await factory.MessageAsync(channel, "An earlier message", author: "angry.person", receivedAt: DateTimeOffset.UtcNow.AddDays(-2));
        var message = await factory.MessageAsync(channel, $"Shame on you {Script}", [TriageLabel.Criticism], author: "angry.person");
        var client = await factory.SignInAsync(DemoPeople.Officer);

        var response = await client.GetAsync($"{Icb}/inbox/{message.Id}");
        var html = await response.Content.ReadAsStringAsync();
        var page = await response.ReadDocumentAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Equal($"Shame on you {Script}", page.QuerySelector("[data-message-text]")!.TextContent);
        Assert.Equal("Message from angry.person", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector($"a[href='{Icb}/inbox/{message.Id}/moderate']"));
        Assert.NotNull(page.QuerySelector($"a[href='{Icb}/inbox/{message.Id}/refer']"));
        Assert.NotNull(page.QuerySelector($"a[href='{Icb}/inbox/{earlier.Id}']"));
        Assert.Contains("0 strikes", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseSavedReply_WithoutJavaScript_FillsTheReplyBox_ThenSendingRepliesAndStopsTheClock()
    {
        var channel = await factory.ChannelAsync(DemoPeople.Icb);
        var message = await factory.MessageAsync(channel, "Should I take paracetamol for a fever?", [TriageLabel.MedicalQuestion]);
        var client = await factory.SignInAsync(DemoPeople.Officer);
        var page = await client.GetDocumentAsync($"{Icb}/inbox/{message.Id}");
        var select = page.QuerySelector("select[name=SavedReplyId]") as IHtmlSelectElement;
        var suggested = select!.Value ?? "";
        Assert.StartsWith("Suggested: Medical question", select.SelectedOptions.Single().TextContent, StringComparison.Ordinal);

        var filled = await (await client.PostFormAsync($"{Icb}/inbox/{message.Id}?handler=UseSaved", page, new() { ["SavedReplyId"] = suggested, ["ReplyText"] = "" })).ReadDocumentAsync();

        var text = filled.QuerySelector("textarea[name=ReplyText]")!.TextContent.Trim();
        Assert.StartsWith("We cannot give medical advice on social media.", text, StringComparison.Ordinal);

        var sent = await client.PostFormAsync($"{Icb}/inbox/{message.Id}?handler=Reply", page, new() { ["SavedReplyId"] = suggested, ["ReplyText"] = text, ["AcceptWarnings"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var after = await client.GetDocumentAsync($"{Icb}/inbox/{message.Id}");
        Assert.Contains("Your reply has been sent", after.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains(factory.Connector.Replies, r => r.Text == text && r.Target.PlatformId == message.PlatformId);
        var stored = await factory.QueryAsync(db => db.InboxMessages.SingleAsync(m => m.Id == message.Id));
        Assert.Equal(InboxStatus.Replied, stored.Status);
        Assert.NotNull(stored.FirstRespondedAt);
    }

    [Fact]
    public async Task Reply_WithAnNhsNumber_IsStoppedAndTheFindingIsShownInPlace_WithTheTextKept()
    {
        var channel = await factory.ChannelAsync(DemoPeople.Icb);
        var message = await factory.MessageAsync(channel, "Did you get my details?");
        var client = await factory.SignInAsync(DemoPeople.Officer);
        const string Reply = "We have your NHS number 943 476 5919.";

        var response = await client.SubmitFormAsync($"{Icb}/inbox/{message.Id}", new() { ["ReplyText"] = Reply, ["AcceptWarnings"] = "true" }, handler: "Reply");
        var page = await response.ReadDocumentAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Reply, page.QuerySelector("textarea[name=ReplyText]")!.TextContent.Trim());
        Assert.Contains("breaks the social media policy", string.Join(" ", page.ErrorMessages()), StringComparison.Ordinal);
        Assert.Contains("Error", page.QuerySelectorAll("#reply-form .nhsuk-tag").Select(t => t.TextContent.Trim()));
        Assert.False(await factory.QueryAsync(db => db.InboxReplies.AnyAsync(r => r.MessageId == message.Id)));
    }

    [Fact]
    public async Task AssignStatusAndNote_ThroughTheForms_AreSaved_AndAStaleFormIsRefused()
    {
        var channel = await factory.ChannelAsync(DemoPeople.Icb);
        var message = await factory.MessageAsync(channel, "Where is the nearest pharmacy?", [TriageLabel.Enquiry]);
        var client = await factory.SignInAsync(DemoPeople.Manager);
        var officerId = await factory.QueryAsync(db => db.Users.Where(u => u.Email == DemoPeople.Officer).Select(u => u.Id).SingleAsync());
        var path = $"{Icb}/inbox/{message.Id}";

        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync(path, new() { ["AssigneeUserId"] = officerId.ToString(), ["Version"] = "0" }, handler: "Assign")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync(path, new() { ["Note"] = "Ask the pharmacy team", }, handler: "Note")).StatusCode);
        var stale = await client.SubmitFormAsync(path, new() { ["NewStatus"] = "closed", ["Version"] = "0" }, handler: "Status");
        var stalePage = await stale.ReadDocumentAsync();
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains(InboxService.ConcurrencyMessage, stalePage.ErrorMessages());
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync(path, new() { ["NewStatus"] = "closed", ["Version"] = "1" }, handler: "Status")).StatusCode);

        var page = await client.GetDocumentAsync(path);
        Assert.Contains("Assigned to Priya Shah", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Ask the pharmacy team", page.Body.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("form[action*='handler=Reopen']"));
    }

    [Fact]
    public async Task HandOff_TheDepartmentAnswersWithoutSigningIn_AndTheAnswerIsShownInTheConversation()
    {
        var channel = await factory.ChannelAsync(DemoPeople.Icb);
        var message = await factory.MessageAsync(channel, $"How do I get my hearing aid fixed? {Script}", [TriageLabel.Enquiry]);
        var client = await factory.SignInAsync(DemoPeople.Officer);
        var path = $"{Icb}/inbox/{message.Id}";

        var sent = await client.SubmitFormAsync(path, new() { ["Department"] = "Audiology", ["DepartmentEmail"] = "audiology.web@riverside.example", ["Question"] = "Where are hearing aids repaired?" }, handler: "HandOff");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var email = await factory.QueryAsync(db => db.OutboxEmails.SingleAsync(e => e.To == "audiology.web@riverside.example"));
        var link = email.TextBody.Split('\n').Single(l => l.Contains("/handoff/", StringComparison.Ordinal)).Trim();
        var answerPath = new Uri(link).AbsolutePath;

        var department = factory.CreateBrowser();
        var form = await department.GetAsync(answerPath);
        var formHtml = await form.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.DoesNotContain("<script>alert", formHtml, StringComparison.Ordinal);
        Assert.Equal("no-referrer", form.Headers.GetValues("Referrer-Policy").Single());
        var answered = await department.SubmitFormAsync(answerPath, new() { ["Answer"] = "At the audiology clinic, weekdays.", ["AnsweredBy"] = "Sam Patel" });
        Assert.Contains("your answer has been sent", await answered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await department.GetAsync(answerPath + "x")).StatusCode);

        var page = await client.GetDocumentAsync(path);
        Assert.Equal("At the audiology clinic, weekdays.", page.QuerySelector("[data-handoff-answer]")!.TextContent);
    }

    [Theory]
    [InlineData(DemoPeople.Auditor, "/inbox")]
    [InlineData(DemoPeople.Staff, "/inbox")]
    [InlineData(DemoPeople.Auditor, "/inbox/saved-replies")]
    [InlineData(DemoPeople.Officer, "/inbox/settings")]
    [InlineData(DemoPeople.Officer, "/inbox/saved-replies/new")]
    [InlineData(DemoPeople.Staff, "/inbox/report")]
    public async Task Page_WithoutTheRole_IsForbidden(string person, string path)
    {
        var client = await factory.SignInAsync(person);

        var response = await client.GetAsync(Icb + path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Conversation_OfAnotherOrganisation_IsNotFound()
    {
        var channel = await factory.ChannelAsync(DemoPeople.Icb);
        var message = await factory.MessageAsync(channel, "An ICB message");

        // The trust's officer is not in the ICB; the manager is in both, but the message is not the trust's.
        var trust = await factory.SignInAsync(DemoPeople.TrustAdmin);
        var manager = await factory.SignInAsync(DemoPeople.Manager);

        Assert.Equal(HttpStatusCode.NotFound, (await trust.GetAsync($"{Icb}/inbox/{message.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/o/{DemoPeople.Trust}/inbox/{message.Id}")).StatusCode);
    }

    [Fact]
    public async Task SettingsAndSavedReplies_ManagersChangeThem()
    {
        var client = await factory.SignInAsync(DemoPeople.Manager);

        var saved = await client.SubmitFormAsync($"/o/{DemoPeople.Trust}/inbox/settings", new()
        {
            ["ResponseTargetMinutes"] = "120",
            ["AutoReplyEnabled"] = "true",
            ["AutoReplyText"] = "We read messages from 9am to 5pm, Monday to Friday. For help now, call 111. In an emergency, call 999.",
            ["StrikeThreshold"] = "3",
            ["PageAcknowledgeMinutes"] = "15",
            ["BlockedWords"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var created = await client.SubmitFormAsync($"/o/{DemoPeople.Trust}/inbox/saved-replies/new", new() { ["Title"] = "Car parking", ["Text"] = "Parking is free for blue badge holders." }, multiValueField: "SuggestedFor", multiValues: ["enquiry"]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var list = await client.GetDocumentAsync($"/o/{DemoPeople.Trust}/inbox/saved-replies");
        var rows = list.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("Car parking", StringComparison.Ordinal) && r.Contains("Enquiry", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("NHS 111 online and by phone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_CountsRespondedAndBreachedPerChannel()
    {
        var channel = await factory.ChannelAsync(DemoPeople.Icb);
        await factory.MessageAsync(channel, "Still waiting");
        var client = await factory.SignInAsync(DemoPeople.Auditor);

        var page = await client.GetDocumentAsync($"{Icb}/inbox/report");

        var row = page.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(channel.Name, StringComparison.Ordinal));
        Assert.Equal("1", row.QuerySelectorAll("td")[0].TextContent.Trim());
    }
}

internal static class InboxFormExtensions
{
    /// <summary>Posts fields with the antiforgery token of an already loaded page (a second button of one form).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string action, IHtmlDocument page, Dictionary<string, string> fields)
    {
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }));
    }
}
