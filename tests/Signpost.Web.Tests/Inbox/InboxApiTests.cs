using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Signpost.Policy.Triage;
using Signpost.Web.Tests.Infrastructure;
using Signpost.Web.Tests.Policy;

namespace Signpost.Web.Tests.Inbox;

public sealed class InboxApiTests(InboxWorkflowWebFactory factory) : IClassFixture<InboxWorkflowWebFactory>
{
    private const string Script = "<script>alert('api')</script>";

    [Fact]
    public async Task List_WithFiltersAndCursor_PagesThroughTheMatchingMessages_WithTextAsPlainStrings()
    {
        var channel = await factory.ChannelAsync(DemoPeople.Icb);
        var now = DateTimeOffset.UtcNow;
        await factory.MessageAsync(channel, $"First {Script}", [TriageLabel.Complaint], receivedAt: now.AddMinutes(-3));
        await factory.MessageAsync(channel, "Second", [TriageLabel.Complaint], receivedAt: now.AddMinutes(-2));
        await factory.MessageAsync(channel, "Praise", [TriageLabel.Praise], receivedAt: now.AddMinutes(-1));
        var api = await factory.ApiAsync(DemoPeople.Officer, DemoPeople.Icb);

        var first = await api.GetAsync($"/api/v1/inbox?channel={channel.Id}&label=complaint&limit=1");
        var raw = await first.Content.ReadAsStringAsync();
        var page1 = JsonDocument.Parse(raw).RootElement;
        var cursor = page1.GetProperty("nextCursor").GetString();
        var page2 = await api.GetFromJsonAsync<JsonElement>($"/api/v1/inbox?channel={channel.Id}&label=complaint&limit=1&cursor={cursor}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Second", page1.GetProperty("items")[0].GetProperty("text").GetString());
        var last = page2.GetProperty("items")[0];
        Assert.Equal($"First {Script}", last.GetProperty("text").GetString());
        Assert.Equal(["complaint"], last.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(("high", "new", "waiting"), (last.GetProperty("priority").GetString(), last.GetProperty("status").GetString(), last.GetProperty("clock").GetProperty("state").GetString()));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("nextCursor").ValueKind);

        // The text is a JSON string, served as JSON: never markup.
        Assert.Equal("application/json", first.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task List_WithAnUnknownLabel_IsAValidationProblem()
    {
        var api = await factory.ApiAsync(DemoPeople.Officer, DemoPeople.Icb);

        var response = await api.GetAsync("/api/v1/inbox?label=gossip");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("label", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task GetAssignReplyClose_WorkOnOneMessage_AndAStaleVersionIsAConflict()
    {
        var channel = await factory.ChannelAsync(DemoPeople.Icb);
        var message = await factory.MessageAsync(channel, $"When does the clinic open? {Script}", [TriageLabel.Enquiry]);
        var api = await factory.ApiAsync(DemoPeople.Manager, DemoPeople.Icb);
        var officerId = await factory.QueryAsync(db => db.Users.Where(u => u.Email == DemoPeople.Officer).Select(u => u.Id).SingleAsync());

        var got = await api.GetFromJsonAsync<JsonElement>($"/api/v1/inbox/{message.Id}");
        Assert.Equal($"When does the clinic open? {Script}", got.GetProperty("text").GetString());
        Assert.Equal(0, got.GetProperty("version").GetInt32());

        var assigned = await api.PostAsJsonAsync($"/api/v1/inbox/{message.Id}/assign", new { assigneeUserId = officerId, version = 0 });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        var afterAssign = await assigned.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("assigned", "Priya Shah"), (afterAssign.GetProperty("status").GetString(), afterAssign.GetProperty("assigneeName").GetString()));

        var blocked = await api.PostAsJsonAsync($"/api/v1/inbox/{message.Id}/reply", new { text = "Your NHS number is 943 476 5919", acceptWarnings = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blocked.StatusCode);
        Assert.Contains((await blocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("findings").EnumerateArray(), f => f.GetProperty("severity").GetString() == "error");

        var replied = await api.PostAsJsonAsync($"/api/v1/inbox/{message.Id}/reply", new { text = "The clinic opens at 8am on weekdays.", acceptWarnings = true });
        Assert.Equal(HttpStatusCode.Created, replied.StatusCode);
        Assert.Equal("sent", (await replied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());

        var stale = await api.PostAsJsonAsync($"/api/v1/inbox/{message.Id}/close", new { version = 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var current = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/inbox/{message.Id}")).GetProperty("version").GetInt32();
        var closed = await api.PostAsJsonAsync($"/api/v1/inbox/{message.Id}/close", new { version = current });
        Assert.Equal("closed", (await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Endpoints_ForAnAuditor_AreForbidden_AndAnotherOrganisationsMessageIsNotFound()
    {
        var channel = await factory.ChannelAsync(DemoPeople.Icb);
        var message = await factory.MessageAsync(channel, "An ICB message");
        var auditor = await factory.ApiAsync(DemoPeople.Auditor, DemoPeople.Icb);
        var trust = await factory.ApiAsync(DemoPeople.Manager, DemoPeople.Trust);

        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync("/api/v1/inbox")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync($"/api/v1/inbox/{message.Id}/close", new { version = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trust.GetAsync($"/api/v1/inbox/{message.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trust.PostAsJsonAsync($"/api/v1/inbox/{message.Id}/close", new { version = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trust.PostAsJsonAsync($"/api/v1/inbox/{message.Id}/reply", new { text = "Hello" })).StatusCode);
        Assert.Equal(0, (await factory.QueryAsync(db => db.InboxMessages.SingleAsync(m => m.Id == message.Id))).Version);
    }
}
