using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Demo;
using Signpost.Platforms;
using Signpost.Platforms.Meta;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Inbox;

/// <summary>The web host with a Meta app secret and verify token configured, and a Facebook Page channel of the ICB.</summary>
public sealed class WebhookWebFactory : SignpostWebFactory
{
    public const string AppSecret = "riverside-meta-app-secret";
    public const string VerifyToken = "riverside-verify";
    public const string PageId = "448242228374517";

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Platforms:Facebook:ClientSecret", AppSecret);
        builder.UseSetting("Platforms:Facebook:WebhookVerifyToken", VerifyToken);
    }

    /// <summary>The ICB's Facebook Page channel (made once), as if connected through Meta's sign-in.</summary>
    public async Task<Guid> PageChannelAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var existing = await db.Channels.Where(c => c.Network == Network.Facebook && c.AccountId == PageId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync();
        if (existing is { } id)
        {
            return id;
        }

        var icb = await db.Organisations.Where(o => o.Slug == DemoData.IcbSlug).Select(o => o.Id).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var channel = new Channel
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = icb,
            Network = Network.Facebook,
            Name = "Riverside ICB on Facebook",
            Handle = "RiversideICB",
            AccountId = PageId,
            Status = ChannelStatus.Active,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Channels.Add(channel);
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(
            new AuditRecord(AuditEventCode.ChannelConnected, Actor.System, icb, "Connected the test Page", "Channel", channel.Id.ToString()));
        return channel.Id;
    }
}

public sealed class WebhookEndpointTests(WebhookWebFactory factory) : IClassFixture<WebhookWebFactory>
{
    private static string FeedComment(string commentId, string message) => $$"""
        {"entry":[{"id":"{{WebhookWebFactory.PageId}}","time":1742667607,"changes":[{"value":{
          "from":{"id":"1029384756","name":"Sam Patel"},
          "post":{"status_type":"mobile_status_update","is_published":true,"updated_time":"2025-03-22T18:20:04+0000","promotion_status":"inactive","id":"{{WebhookWebFactory.PageId}}_122131676912594941"},
          "message":{{System.Text.Json.JsonSerializer.Serialize(message)}},
          "post_id":"{{WebhookWebFactory.PageId}}_122131676912594941","comment_id":"{{commentId}}","created_time":1742667604,"item":"comment",
          "parent_id":"{{WebhookWebFactory.PageId}}_122131676912594941","verb":"add"},"field":"feed"}]}],"object":"page"}
        """;

    private async Task<HttpResponseMessage> PostAsync(string body, string? signature)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            content.Headers.Add("X-Hub-Signature-256", signature);
        }

        return await factory.CreateClient().PostAsync("/webhooks/meta", content, TestContext.Current.CancellationToken);
    }

    private Task<int> StoredAsync(Guid channelId, string platformId) =>
        factory.QueryAsync(db => db.InboxMessages.IgnoreQueryFilters().CountAsync(m => m.ChannelId == channelId && m.PlatformId == platformId));

    [Fact]
    public async Task Post_SignedCommentTwice_Answers200AndStoresItOnceAsText()
    {
        var channelId = await factory.PageChannelAsync();
        var id = "122131676912594941_" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);
        var body = FeedComment(id, "<script>alert('x')</script> Is the walk-in centre open on Sunday?");
        var signature = MetaWebhookReceiver.Signature(WebhookWebFactory.AppSecret, Encoding.UTF8.GetBytes(body));

        using var first = await PostAsync(body, signature);
        using var second = await PostAsync(body, signature);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(1, await StoredAsync(channelId, id));
        var text = await factory.QueryAsync(db => db.InboxMessages.IgnoreQueryFilters().Where(m => m.PlatformId == id).Select(m => m.Text).SingleAsync());
        Assert.Equal("<script>alert('x')</script> Is the walk-in centre open on Sunday?", text);
        Assert.False(first.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Post_ForgedSignature_Is401AndStoresNothing()
    {
        var channelId = await factory.PageChannelAsync();
        var id = "122131676912594941_forged";
        var body = FeedComment(id, "Forged");

        using var forged = await PostAsync(body, MetaWebhookReceiver.Signature("not-the-secret", Encoding.UTF8.GetBytes(body)));
        using var unsigned = await PostAsync(body, null);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (forged.StatusCode, unsigned.StatusCode));
        Assert.Equal(0, await StoredAsync(channelId, id));
    }

    [Fact]
    public async Task Post_SignedButMalformed_Is400()
    {
        const string body = "{\"object\":\"page\",\"entry\":";

        using var response = await PostAsync(body, MetaWebhookReceiver.Signature(WebhookWebFactory.AppSecret, Encoding.UTF8.GetBytes(body)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_OverOneMebibyte_Is413AndStoresNothing()
    {
        var channelId = await factory.PageChannelAsync();
        var id = "122131676912594941_oversized";
        var body = FeedComment(id, new string('a', 1024 * 1024));

        using var response = await PostAsync(body, MetaWebhookReceiver.Signature(WebhookWebFactory.AppSecret, Encoding.UTF8.GetBytes(body)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await StoredAsync(channelId, id));
    }

    [Fact]
    public async Task Get_VerificationHandshake_EchoesTheChallengeOrRefuses403()
    {
        var client = factory.CreateClient();

        using var right = await client.GetAsync($"/webhooks/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={WebhookWebFactory.VerifyToken}", TestContext.Current.CancellationToken);
        using var wrong = await client.GetAsync("/webhooks/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("1158201444", await right.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
    }

    [Fact]
    public async Task Post_UnknownReceiver_Is404()
    {
        using var content = new StringContent("{}");
        using var response = await factory.CreateClient().PostAsync("/webhooks/nowhere", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
