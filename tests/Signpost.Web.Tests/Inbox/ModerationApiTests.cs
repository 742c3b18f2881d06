using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Signpost.Core.Features.Inbox;
using Signpost.Policy.Triage;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Inbox;

public sealed class ModerationApiTests(ModerationWebFactory factory) : IClassFixture<ModerationWebFactory>
{
    private readonly Dictionary<string, string> _tokens = [];

    private async Task<HttpClient> ApiAsync(string email)
    {
        if (!_tokens.TryGetValue(email, out var secret))
        {
            var browser = await factory.SignInAsync(email);
            var organisation = email == DemoPeople.TrustAdmin ? DemoPeople.Trust : DemoPeople.Icb;
            var organisationId = await factory.OrganisationIdAsync(organisation);
            var created = await browser.SubmitFormAsync("/profile/tokens",
                new() { ["Name"] = $"Test {Guid.NewGuid():N}", ["ExpiresInDays"] = "30", ["OrganisationId"] = organisationId.ToString() }, handler: "Create");
            _tokens[email] = secret = (await created.ReadDocumentAsync()).QuerySelector("#new-token")!.TextContent.Trim();
        }

        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    [Fact]
    public async Task Moderate_Hide_201WithTheRecordAndListed()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, "You lot are clowns.");
        var api = await ApiAsync(DemoPeople.Officer);

        var response = await api.PostAsJsonAsync($"/api/v1/inbox/{id}/moderate", new { action = "hide", reason = "abusive", note = "Name-calling." });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var record = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("hide", record.GetProperty("action").GetString());
        Assert.Equal("done", record.GetProperty("outcome").GetString());
        Assert.Equal("abusive", record.GetProperty("reason").GetString());
        Assert.Equal("Name-calling.", record.GetProperty("note").GetString());
        Assert.Equal(InboxVisibility.Hidden, (await factory.MessageAsync(id)).Visibility);
        var list = await api.GetFromJsonAsync<JsonElement>(response.Headers.Location!.ToString());
        Assert.Equal(record.GetProperty("id").GetGuid(), Assert.Single(list.EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Moderate_ActionThePlatformCannotDo_200NotSupported()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, "You lot are clowns.", kind: "message");
        var api = await ApiAsync(DemoPeople.Officer);

        var response = await api.PostAsJsonAsync($"/api/v1/inbox/{id}/moderate", new { action = "hide", reason = "abusive" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("not_supported", record.GetProperty("outcome").GetString());
        Assert.Contains("does not let an account hide direct messages", record.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moderate_PlatformRefuses_200FailedWithTheError()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, "You lot are clowns.");
        await factory.RevokeAsync(channel);
        var api = await ApiAsync(DemoPeople.Officer);

        var response = await api.PostAsJsonAsync($"/api/v1/inbox/{id}/moderate", new { action = "report", reason = "abusive" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("failed", record.GetProperty("outcome").GetString());
        Assert.False(string.IsNullOrWhiteSpace(record.GetProperty("error").GetString()));
    }

    [Theory]
    [InlineData("hide", "rude", "reason", "Choose a reason from the house rules")]
    [InlineData("shout", "abusive", "action", "Give an action: hide, unhide, delete, block, unblock or report")]
    [InlineData("unhide", "", "action", "This message is not hidden")]
    public async Task Moderate_BadInput_400WithAMessagePerField(string action, string reason, string field, string message)
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, "You lot are clowns.");
        var api = await ApiAsync(DemoPeople.Officer);

        var response = await api.PostAsJsonAsync($"/api/v1/inbox/{id}/moderate", new { action, reason, note = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(message, problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(await factory.RecordsAsync(id));
    }

    [Fact]
    public async Task Moderate_OfficerHidesCriticism_403WithThePolicy()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, ModerationWebFactory.Criticism);
        await factory.SetLabelsAsync(id, TriageLabel.Criticism);
        var api = await ApiAsync(DemoPeople.Officer);

        var response = await api.PostAsJsonAsync($"/api/v1/inbox/{id}/moderate", new { action = "delete", reason = "offensive-language", note = "Rude" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(CriticismPolicy.Text, problem.GetProperty("policy").GetString());
        Assert.Equal("003 §3.2.6", problem.GetProperty("policySource").GetString());
        Assert.Empty(await factory.RecordsAsync(id));
    }

    [Fact]
    public async Task Moderate_ManagerHidesCriticismWithANote_201()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, ModerationWebFactory.Criticism);
        await factory.SetLabelsAsync(id, TriageLabel.Criticism);
        var api = await ApiAsync(DemoPeople.Manager);

        var response = await api.PostAsJsonAsync($"/api/v1/inbox/{id}/moderate", new { action = "hide", reason = "offensive-language", note = "It names a nurse." });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Moderate_StaffToken_403()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, "You lot are clowns.");
        var api = await ApiAsync(DemoPeople.Staff);

        var response = await api.PostAsJsonAsync($"/api/v1/inbox/{id}/moderate", new { action = "hide", reason = "abusive" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await factory.RecordsAsync(id));
    }

    [Fact]
    public async Task Moderate_AnotherOrganisationsMessage_404()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, "You lot are clowns.");
        var api = await ApiAsync(DemoPeople.TrustAdmin);

        var response = await api.PostAsJsonAsync($"/api/v1/inbox/{id}/moderate", new { action = "hide", reason = "abusive" });
        var list = await api.GetAsync($"/api/v1/inbox/{id}/moderation");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Empty(await factory.RecordsAsync(id));
    }
}
