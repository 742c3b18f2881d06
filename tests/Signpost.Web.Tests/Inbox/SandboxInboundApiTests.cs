using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Inbox;

public sealed class SandboxInboundApiTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Inbound_MessageFromAMemberOfThePublic_Is201AndInTheInboxList()
    {
        var api = await ApiAsync("comms.officer@riverside.example");
        var channelId = await IcbSandboxChannelAsync();

        using var response = await api.PostAsJsonAsync($"/api/v1/sandbox/channels/{channelId}/inbound",
            new { kind = "message", text = "Is the walk-in centre open on Sunday? <b>thanks</b>", author = "pat.public" }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var messageId = created.GetProperty("messageId").GetGuid();
        var stored = await factory.QueryAsync(db => db.InboxMessages.IgnoreQueryFilters().AsNoTracking().SingleAsync(m => m.Id == messageId));
        Assert.Equal((channelId, InboundKind.Message, "Is the walk-in centre open on Sunday? <b>thanks</b>"), (stored.ChannelId, stored.Kind, stored.Text));
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/inbox", Ct);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetGuid() == messageId);
    }

    [Fact]
    public async Task Inbound_NoText_Is400WithTheFieldAndNothingStored()
    {
        var api = await ApiAsync("comms.officer@riverside.example");
        var channelId = await IcbSandboxChannelAsync();
        var before = await factory.QueryAsync(db => db.InboxMessages.IgnoreQueryFilters().CountAsync(m => m.ChannelId == channelId));

        using var response = await api.PostAsJsonAsync($"/api/v1/sandbox/channels/{channelId}/inbound", new { kind = "mention", text = " " }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter what the member of the public writes", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(before, await factory.QueryAsync(db => db.InboxMessages.IgnoreQueryFilters().CountAsync(m => m.ChannelId == channelId)));
    }

    [Fact]
    public async Task Inbound_AnotherOrganisationsChannel_Is404()
    {
        var api = await ApiAsync("comms.officer@riverside.example");
        var trustChannel = await factory.QueryAsync(db => db.Channels.IgnoreQueryFilters()
            .Where(c => c.Network == Network.Sandbox && c.Handle == "riversidecommunity").Select(c => c.Id).SingleAsync());

        using var response = await api.PostAsJsonAsync($"/api/v1/sandbox/channels/{trustChannel}/inbound", new { kind = "mention", text = "Hello" }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Inbound_AsAnAuditor_Is403()
    {
        var api = await ApiAsync("auditor@riverside.example");
        var channelId = await IcbSandboxChannelAsync();

        using var response = await api.PostAsJsonAsync($"/api/v1/sandbox/channels/{channelId}/inbound", new { kind = "mention", text = "Hello" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private Task<Guid> IcbSandboxChannelAsync() =>
        factory.QueryAsync(db => db.Channels.IgnoreQueryFilters().Where(c => c.Network == Network.Sandbox && c.Handle == "riversideicb").Select(c => c.Id).SingleAsync());

    private async Task<HttpClient> ApiAsync(string email)
    {
        var browser = await factory.SignInAsync(email);
        var created = await browser.SubmitFormAsync("/profile/tokens", new() { ["Name"] = $"Test {Guid.NewGuid():N}", ["ExpiresInDays"] = "30" }, handler: "Create");
        var secret = (await created.ReadDocumentAsync()).QuerySelector("#new-token")!.TextContent.Trim();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

}
