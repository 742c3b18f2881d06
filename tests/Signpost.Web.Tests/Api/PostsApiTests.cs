using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Signpost.Platforms;
using Signpost.Web.Tests.Infrastructure;
using Signpost.Web.Tests.Policy;
using Signpost.Web.Tests.Posts;

namespace Signpost.Web.Tests.Api;

public sealed class PostsApiTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    [Fact]
    public async Task CreateSubmitApproveGet_WithRealTokens_TakesThePostToScheduledWithItsFindingsPerChannel()
    {
        var sandbox = await factory.CreateChannelAsync(DemoPeople.Icb, Network.Sandbox, name: "API Sandbox");
        var bluesky = await factory.CreateChannelAsync(DemoPeople.Icb, Network.Bluesky, name: "API Bluesky");
        var officer = await factory.ApiAsync(DemoPeople.Officer, DemoPeople.Icb);
        var manager = await factory.ApiAsync(DemoPeople.Manager, DemoPeople.Icb);

        var created = await officer.PostAsJsonAsync("/api/v1/posts", new
        {
            title = "Mental health week",
            text = "Join us this week at the Riverside hub.",
            channelIds = new[] { sandbox.Id, bluesky.Id },
            variants = new Dictionary<Guid, string> { [bluesky.Id] = "Join us for #mentalhealthawareness week." },
            scheduledFor = "2030-06-24T19:30:00+01:00",
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var post = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = post.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/posts/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("draft", post.GetProperty("state").GetString());
        Assert.Equal(1, post.GetProperty("version").GetInt32());
        Assert.Equal(new DateTimeOffset(2030, 6, 24, 18, 30, 0, TimeSpan.Zero), post.GetProperty("scheduledFor").GetDateTimeOffset());
        var channels = post.GetProperty("channels").EnumerateArray().ToList();
        var onBluesky = channels.Single(c => c.GetProperty("channelId").GetGuid() == bluesky.Id);
        var onSandbox = channels.Single(c => c.GetProperty("channelId").GetGuid() == sandbox.Id);
        Assert.Equal("bluesky", onBluesky.GetProperty("network").GetString());
        Assert.True(onBluesky.GetProperty("ownText").GetBoolean());
        var hashtag = onBluesky.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "A11Y-HASHTAG-CASE");
        Assert.Equal("warning", hashtag.GetProperty("severity").GetString());
        Assert.Equal("#MentalHealthAwareness", hashtag.GetProperty("suggestion").GetString());
        Assert.Equal(12, hashtag.GetProperty("start").GetInt32());
        Assert.DoesNotContain(onSandbox.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "A11Y-HASHTAG-CASE");
        Assert.Equal("pending", onSandbox.GetProperty("publication").GetProperty("state").GetString());

        var submitted = await officer.PostAsync($"/api/v1/posts/{id}/submit", null);
        Assert.Equal("submitted", (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        var approved = await manager.PostAsJsonAsync($"/api/v1/posts/{id}/approve", new { version = 1 });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        var got = await (await manager.GetAsync($"/api/v1/posts/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("scheduled", got.GetProperty("state").GetString());
        Assert.Equal(1, got.GetProperty("approvalsGiven").GetInt32());
        Assert.Equal("Tom Okafor", got.GetProperty("approvals")[0].GetProperty("approverName").GetString());
        Assert.All(got.GetProperty("channels").EnumerateArray(), c =>
        {
            var publication = c.GetProperty("publication");
            Assert.Equal("pending", publication.GetProperty("state").GetString());
            Assert.Equal(new DateTimeOffset(2030, 6, 24, 18, 30, 0, TimeSpan.Zero), publication.GetProperty("dueAt").GetDateTimeOffset());
            Assert.Equal(0, publication.GetProperty("attempts").GetInt32());
        });
    }

    [Fact]
    public async Task Approve_WithAnOfficersToken_IsForbidden()
    {
        var channel = await factory.CreateChannelAsync(DemoPeople.Icb);
        var officer = await factory.ApiAsync(DemoPeople.Officer, DemoPeople.Icb);
        var id = await CreateSubmittedAsync(officer, channel.Id, "Flu vaccines are available at your pharmacy.");

        var response = await officer.PostAsync($"/api/v1/posts/{id}/approve", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("submitted", (await (await officer.GetAsync($"/api/v1/posts/{id}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Approve_WithAnErrorFinding_IsRefusedUntilTheApproverOverridesItWithAReason()
    {
        var channel = await factory.CreateChannelAsync(DemoPeople.Icb);
        var officer = await factory.ApiAsync(DemoPeople.Officer, DemoPeople.Icb);
        var manager = await factory.ApiAsync(DemoPeople.Manager, DemoPeople.Icb);
        var id = await CreateSubmittedAsync(officer, channel.Id, "Call 01632 960 123 to book your appointment.");

        var blocked = await manager.PostAsync($"/api/v1/posts/{id}/approve", null);
        var noReason = await manager.PostAsJsonAsync($"/api/v1/posts/{id}/approve", new { overrides = new[] { new { code = "IG-PHONE", reason = "" } } });
        var approved = await manager.PostAsJsonAsync($"/api/v1/posts/{id}/approve", new { overrides = new[] { new { code = "IG-PHONE", channelId = channel.Id, reason = "The clinic's published booking line" } } });

        Assert.Equal(HttpStatusCode.BadRequest, blocked.StatusCode);
        Assert.StartsWith("IG-PHONE on ", (await blocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("findings")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("Enter why the post may go out with this finding", (await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("reason")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var body = await approved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("scheduled", body.GetProperty("state").GetString());
        var recorded = body.GetProperty("overrides")[0];
        Assert.Equal("01632 960 123", recorded.GetProperty("excerpt").GetString());
        Assert.Equal("The clinic's published booking line", recorded.GetProperty("reason").GetString());
        Assert.True(body.GetProperty("channels")[0].GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "IG-PHONE").GetProperty("overridden").GetBoolean());
    }

    [Fact]
    public async Task RequestChanges_WithoutAReason_IsAProblemWithTheFieldAndWithOneSendsItBack()
    {
        var channel = await factory.CreateChannelAsync(DemoPeople.Icb);
        var officer = await factory.ApiAsync(DemoPeople.Officer, DemoPeople.Icb);
        var manager = await factory.ApiAsync(DemoPeople.Manager, DemoPeople.Icb);
        var id = await CreateSubmittedAsync(officer, channel.Id, "The clinic opens at 8am.");

        var missing = await manager.PostAsJsonAsync($"/api/v1/posts/{id}/request-changes", new { reason = "" });
        var sent = await manager.PostAsJsonAsync($"/api/v1/posts/{id}/request-changes", new { reason = "Which clinic?" });

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Enter what needs to change", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("reason")[0].GetString());
        var body = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("changes_requested", body.GetProperty("state").GetString());
        Assert.Equal("Which clinic?", body.GetProperty("changesRequestedReason").GetString());
    }

    [Fact]
    public async Task Create_WithMistakes_IsAProblemWithAMessagePerField()
    {
        var officer = await factory.ApiAsync(DemoPeople.Officer, DemoPeople.Icb);

        var noOffset = await officer.PostAsJsonAsync("/api/v1/posts", new { text = "Hello", channelIds = Array.Empty<Guid>(), scheduledFor = "2030-06-24T19:30:00" });
        var bad = await officer.PostAsJsonAsync("/api/v1/posts", new { text = "", channelIds = new[] { Guid.NewGuid() } });

        Assert.Equal(HttpStatusCode.BadRequest, noOffset.StatusCode);
        Assert.StartsWith("scheduledFor must be an ISO 8601 date and time with its offset", (await noOffset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("scheduledFor")[0].GetString(), StringComparison.Ordinal);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("Enter the text of the post", errors.GetProperty("text")[0].GetString());
        Assert.Equal("One of the channels chosen does not exist in this organisation", errors.GetProperty("channelIds")[0].GetString());
    }

    [Fact]
    public async Task Get_AnotherOrganisationsPost_IsNotFound()
    {
        var channel = await factory.CreateChannelAsync(DemoPeople.Icb);
        var officer = await factory.ApiAsync(DemoPeople.Officer, DemoPeople.Icb);
        var trust = await factory.ApiAsync(DemoPeople.TrustAdmin, DemoPeople.Trust);
        var id = await CreateSubmittedAsync(officer, channel.Id, "Our board meets on Thursday.");

        Assert.Equal(HttpStatusCode.NotFound, (await trust.GetAsync($"/api/v1/posts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trust.PostAsync($"/api/v1/posts/{id}/cancel", null)).StatusCode);
        Assert.Equal("submitted", (await (await officer.GetAsync($"/api/v1/posts/{id}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Update_WithAnOlderVersion_IsAConflict()
    {
        var channel = await factory.CreateChannelAsync(DemoPeople.Icb);
        var officer = await factory.ApiAsync(DemoPeople.Officer, DemoPeople.Icb);
        var created = await (await officer.PostAsJsonAsync("/api/v1/posts", new { text = "Version one.", channelIds = new[] { channel.Id } })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        var first = await officer.PutAsJsonAsync($"/api/v1/posts/{id}", new { text = "Version two.", channelIds = new[] { channel.Id }, version = 1 });

        var second = await officer.PutAsJsonAsync($"/api/v1/posts/{id}", new { text = "Another version two.", channelIds = new[] { channel.Id }, version = 1 });

        Assert.Equal(2, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(2, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentVersion").GetInt32());
        Assert.Equal("Version two.", (await (await officer.GetAsync($"/api/v1/posts/{id}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Cancel_ASubmittedPost_CancelsItAndItsPublications()
    {
        var channel = await factory.CreateChannelAsync(DemoPeople.Icb);
        var officer = await factory.ApiAsync(DemoPeople.Officer, DemoPeople.Icb);
        var id = await CreateSubmittedAsync(officer, channel.Id, "Event postponed.");

        var body = await (await officer.PostAsync($"/api/v1/posts/{id}/cancel", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("cancelled", body.GetProperty("state").GetString());
        Assert.Equal("cancelled", body.GetProperty("channels")[0].GetProperty("publication").GetProperty("state").GetString());
    }

    private static async Task<Guid> CreateSubmittedAsync(HttpClient api, Guid channelId, string text)
    {
        var created = await api.PostAsJsonAsync("/api/v1/posts", new { text, channelIds = new[] { channelId } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var submitted = await api.PostAsync($"/api/v1/posts/{id}/submit", null);
        Assert.True(submitted.StatusCode == HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        return id;
    }
}
