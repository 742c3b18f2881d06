using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Policy;

public sealed class PolicyApiTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    private const string IcbEmail = "contactus.riversideicb@nhs.net";
    private const string TrustEmail = "rcht.communications@nhs.net";

    [Fact]
    public async Task Check_ForEachOrganisation_UsesThatOrganisationsPublishedEmails()
    {
        var icb = await factory.ApiAsync(DemoPeople.Officer, DemoPeople.Icb);
        var trust = await factory.ApiAsync(DemoPeople.TrustAdmin, DemoPeople.Trust);

        Assert.DoesNotContain("IG-EMAIL", await icb.CheckCodesAsync(new { text = $"Questions? Email {IcbEmail}" }));
        Assert.Contains("IG-EMAIL", await icb.CheckCodesAsync(new { text = $"Questions? Email {TrustEmail}" }));
        Assert.Contains("IG-EMAIL", await trust.CheckCodesAsync(new { text = $"Questions? Email {IcbEmail}" }));
        Assert.DoesNotContain("IG-EMAIL", await trust.CheckCodesAsync(new { text = $"Questions? Email {TrustEmail}" }));
    }

    [Fact]
    public async Task Check_OnePost_ReturnsFindingsInTheCliShape()
    {
        var api = await factory.ApiAsync(DemoPeople.Staff, DemoPeople.Icb);

        var response = await api.PostAsJsonAsync("/api/v1/check", new { text = "We are hiring! #nhsjobs", platform = "x", account = "corporate" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var finding = body.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "A11Y-HASHTAG-CASE");
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal(15, finding.GetProperty("start").GetInt32());
        Assert.Equal(8, finding.GetProperty("length").GetInt32());
        Assert.Equal("#NHSJobs", finding.GetProperty("suggestion").GetString());
        Assert.False(body.TryGetProperty("results", out _));
    }

    [Fact]
    public async Task Check_ABatch_ReturnsEachPostsFindingsInOrderWithItsId()
    {
        var api = await factory.ApiAsync(DemoPeople.Officer, DemoPeople.Icb);

        var response = await api.PostAsJsonAsync("/api/v1/check", new
        {
            posts = new object[]
            {
                new { id = "p1", text = "Read more here: http://example.com" },
                new { id = 2, text = "Our new clinic opens on Monday.", media = new[] { new { kind = "image", alt = "" } } },
                new { text = "Thank you to everyone who came." },
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        Assert.Equal("p1", results[0].GetProperty("id").GetString());
        Assert.Equal(2, results[1].GetProperty("id").GetInt32());
        Assert.False(results[2].TryGetProperty("id", out _));
        Assert.Contains(results[0].GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "LINK-INSECURE");
        Assert.Contains(results[1].GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "A11Y-ALT-MISSING");
    }

    [Fact]
    public async Task Triage_ASafeguardingDisclosureAt1930OnAWeekday_IsUrgentAndOutOfHours()
    {
        var api = await factory.ApiAsync(DemoPeople.Officer, DemoPeople.Icb);

        // Tuesday 24 November 2026, 7:30pm in London (GMT).
        var response = await api.PostAsJsonAsync("/api/v1/triage", new
        {
            text = "I think my niece is being groomed by an older man she met online",
            platform = "facebook",
            kind = "message",
            receivedAt = "2026-11-24T19:30:00Z",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("safeguarding", body.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("urgent", body.GetProperty("priority").GetString());
        Assert.True(body.GetProperty("outOfHours").GetBoolean());
        Assert.True(body.GetProperty("pageDutyManager").GetBoolean());
        Assert.Contains(body.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("label").GetString() == "safeguarding");
    }

    [Fact]
    public async Task Triage_ABatch_ForTheTrust_ReturnsEachMessagesLabels()
    {
        var api = await factory.ApiAsync(DemoPeople.TrustAdmin, DemoPeople.Trust);

        var response = await api.PostAsJsonAsync("/api/v1/triage", new
        {
            messages = new object[]
            {
                new { id = "m1", text = "Thank you so much to the nurses on the ward, you were wonderful", receivedAt = "2026-11-24T10:00:00Z" },
                new { id = "m2", text = "I'm a journalist at the Riverside Echo, can your press office comment?", receivedAt = "2026-11-28T11:00:00Z" },
            },
        });

        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal("m1", results[0].GetProperty("id").GetString());
        Assert.Contains("praise", results[0].GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.False(results[0].GetProperty("outOfHours").GetBoolean());
        Assert.Contains("media", results[1].GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        // A Saturday.
        Assert.True(results[1].GetProperty("outOfHours").GetBoolean());
    }

    [Theory]
    [InlineData("/api/v1/check", """{"text":"Hello","platform":"twitter"}""", "platform", "\"twitter\" is not a platform")]
    [InlineData("/api/v1/check", """{"platform":"x"}""", "text", "text is missing")]
    [InlineData("/api/v1/check", """{"posts":[{"text":"ok"},{"text":"Hi","media":[{"kind":"photo"}]}]}""", "posts[1].media[0].kind", "\"photo\" is not a kind")]
    [InlineData("/api/v1/check", """{"text":"Hi","scheduledFor":"next Tuesday"}""", "scheduledFor", "ISO 8601")]
    [InlineData("/api/v1/check", """{"posts":{"text":"Hi"}}""", "posts", "must be a list")]
    [InlineData("/api/v1/check", """{ not json""", "request", "not valid JSON")]
    [InlineData("/api/v1/check", """["Hi"]""", "request", "must be a JSON object")]
    [InlineData("/api/v1/triage", """{"text":"Hi","kind":"tweet"}""", "kind", "\"tweet\" is not a kind")]
    [InlineData("/api/v1/triage", """{"messages":[{"text":5}]}""", "messages[0].text", "text is missing")]
    public async Task PolicyApi_WithABadBody_ReturnsValidationProblemDetails(string url, string body, string field, string message)
    {
        var api = await factory.ApiAsync(DemoPeople.Officer, DemoPeople.Icb);

        var response = await api.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains(message, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WithMoreThan500Posts_IsRefusedWithAMessage()
    {
        var api = await factory.ApiAsync(DemoPeople.Officer, DemoPeople.Icb);

        var response = await api.PostAsJsonAsync("/api/v1/check", new { posts = Enumerable.Range(0, 501).Select(i => new { text = $"Post {i}" }) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("posts can have at most 500 entries", problem.GetProperty("errors").GetProperty("posts")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_Always_DescribesCheckAndTriage()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/v1/check").TryGetProperty("post", out var check));
        Assert.True(paths.GetProperty("/api/v1/triage").TryGetProperty("post", out _));
        Assert.Contains("RULES.md", check.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }
}
