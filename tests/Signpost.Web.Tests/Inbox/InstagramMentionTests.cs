using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Inbox;
using Signpost.Platforms;
using Signpost.Platforms.Meta;
using Signpost.Policy.Triage;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Inbox;

/// <summary>
/// The web host with a Meta app, pointed at a local Graph API (Kestrel on 127.0.0.1) that answers as
/// Meta documents it: the IG User mentioned_comment read, a Page's id and name, and Page Subscribed
/// Apps; with an Instagram channel of the ICB.
/// </summary>
public sealed class LocalGraphWebFactory : SignpostWebFactory
{
    public const string AppSecret = "riverside-meta-app-secret";
    public const string InstagramId = "17841405822304914";
    public const string UserToken = "EAAB-riverside-user-token";

    private WebApplication? _graph;

    /// <summary>What the local Graph API answers for a mentioned comment id; missing: Graph's "object does not exist" error.</summary>
    public ConcurrentDictionary<string, string> Comments { get; } = new();

    public const string PageId = "448242228374599";
    public const string PageToken = "EAAB-riverside-page-token";

    /// <summary>When set, Page Subscribed Apps answers with this Graph error (status 403).</summary>
    public string? SubscribeError { get; set; }

    /// <summary>The Page Subscribed Apps requests received: page id, subscribed_fields and the bearer token.</summary>
    public ConcurrentQueue<(string PageId, string Fields, string Authorization)> Subscriptions { get; } = new();

    /// <summary>The Graph requests received (path and query).</summary>
    public ConcurrentQueue<string> GraphRequests { get; } = new();

    protected override async ValueTask StartDependenciesAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _graph = builder.Build();
        _graph.MapGet("/v25.0/{id}", (string id, HttpContext context) =>
        {
            var fields = context.Request.Query["fields"].ToString();
            GraphRequests.Enqueue(context.Request.Path + context.Request.QueryString);
            if (id == PageId)
            {
                // The Page a token was made for (connecting with a Page token).
                return Results.Content($$"""{"id":"{{PageId}}","name":"Riverside ICB"}""", "application/json");
            }

            // GET /{ig-user-id}?fields=mentioned_comment.comment_id({comment-id}){fields}
            var start = fields.IndexOf("comment_id(", StringComparison.Ordinal);
            var commentId = start < 0 ? "" : fields[(start + "comment_id(".Length)..fields.IndexOf(')', start)];
            if (id != InstagramId || !Comments.TryGetValue(commentId, out var comment))
            {
                return Results.Content($$$"""{"error":{"message":"Unsupported get request. Object with ID '{{{commentId}}}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"AGm2NbXk9Qp"}}""", "application/json", statusCode: 400);
            }

            return Results.Content($$"""{"mentioned_comment":{{comment}},"id":"{{InstagramId}}"}""", "application/json");
        });
        _graph.MapPost("/v25.0/{id}/subscribed_apps", async (string id, HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            Subscriptions.Enqueue((id, form["subscribed_fields"].ToString(), context.Request.Headers.Authorization.ToString()));
            return SubscribeError is { } error
                ? Results.Content($$$"""{"error":{"message":"{{{error}}}","type":"OAuthException","code":200,"fbtrace_id":"AbC1dEf2GhI"}}""", "application/json", statusCode: 403)
                : Results.Content("""{"success":true}""", "application/json");
        });
        await _graph.StartAsync();
    }

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Platforms:Facebook:ClientId", "1234567890123");
        builder.UseSetting("Platforms:Facebook:ClientSecret", AppSecret);
        builder.UseSetting("Platforms:Facebook:ApiBaseUrl", _graph!.Urls.First() + "/v25.0/");
    }

    /// <summary>The ICB's Instagram channel (made once), with its user token stored as connecting stores it.</summary>
    public async Task<Guid> InstagramChannelAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var existing = await db.Channels.Where(c => c.Network == Network.Instagram && c.AccountId == InstagramId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync();
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
            Network = Network.Instagram,
            Name = "Riverside ICB on Instagram",
            Handle = "riversideicb",
            AccountId = InstagramId,
            Status = ChannelStatus.Active,
            CredentialCiphertext = scope.ServiceProvider.GetRequiredService<ChannelCredentials>().Protect(new PlatformCredential { AccessToken = UserToken }),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Channels.Add(channel);
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(
            new AuditRecord(AuditEventCode.ChannelConnected, Actor.System, icb, "Connected the test Instagram account", "Channel", channel.Id.ToString()));
        return channel.Id;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_graph is not null)
        {
            await _graph.DisposeAsync();
        }
    }
}

/// <summary>An Instagram @mention stored from Meta's webhook (ids only) is read from Instagram after it is stored, before triage's users see it.</summary>
public sealed class InstagramMentionTests(LocalGraphWebFactory factory) : IClassFixture<LocalGraphWebFactory>
{
    private const string MediaId = "17887498072083520";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Webhooks for Instagram, field "mentions" in a comment: only the media and comment ids.</summary>
    private static string MentionWebhook(string commentId) => $$"""
        {"object":"instagram","entry":[{"id":"{{LocalGraphWebFactory.InstagramId}}","time":1764064800,"changes":[{"field":"mentions","value":{"media_id":"{{MediaId}}","comment_id":"{{commentId}}"} }]}]}
        """;

    private async Task<HttpResponseMessage> PostAsync(string body)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.Add("X-Hub-Signature-256", MetaWebhookReceiver.Signature(LocalGraphWebFactory.AppSecret, Encoding.UTF8.GetBytes(body)));
        return await factory.CreateClient().PostAsync("/webhooks/meta", content, Ct);
    }

    private Task<InboxMessage> StoredAsync(Guid channelId, string platformId) =>
        factory.QueryAsync(db => db.InboxMessages.IgnoreQueryFilters().AsNoTracking().SingleAsync(m => m.ChannelId == channelId && m.PlatformId == platformId, Ct));

    private async Task<bool> ProcessAsync(Guid messageId)
    {
        var processor = factory.Services.GetRequiredService<InboxArrivalProcessor>();
        return await processor.ProcessAsync(messageId, Ct);
    }

    [Fact]
    public async Task Webhook_CommentMention_StoredThenReadWithTextAuthorAndLabels()
    {
        var channelId = await factory.InstagramChannelAsync();
        var commentId = "1789422797218" + Random.Shared.Next(1000, 9999);
        factory.Comments[commentId] = $$"""
            {"id":"{{commentId}}","text":"@riversideicb can I take ibuprofen with my blood pressure tablets?","timestamp":"2026-11-24T09:58:00+0000","username":"sam.patel.88"}
            """;

        using var response = await PostAsync(MentionWebhook(commentId));
        var stored = await StoredAsync(channelId, commentId);
        var processed = await ProcessAsync(stored.Id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", stored.Text);
        Assert.True(processed);
        var message = await StoredAsync(channelId, commentId);
        Assert.Equal("@riversideicb can I take ibuprofen with my blood pressure tablets?", message.Text);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 58, 0, TimeSpan.Zero), message.SentAt);
        Assert.Contains(TriageLabel.MedicalQuestion, message.Labels);
        Assert.Equal(TriagePriority.High, message.Priority);
        Assert.NotNull(message.ProcessedAt);
        var author = await factory.QueryAsync(db => db.PublicAuthors.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == message.AuthorId, Ct));
        Assert.Equal(("sam.patel.88", "sam.patel.88", channelId), (author.PlatformId, author.Handle, author.ChannelId));
        Assert.Contains(factory.GraphRequests, r => r.StartsWith($"/v25.0/{LocalGraphWebFactory.InstagramId}?", StringComparison.Ordinal)
            && r.Contains("appsecret_proof=", StringComparison.Ordinal) && r.Contains(Uri.EscapeDataString($"mentioned_comment.comment_id({commentId})"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Webhook_MentionInstagramCannotRead_ShownAsUnreadAndReadOnALaterPass()
    {
        var channelId = await factory.InstagramChannelAsync();
        var commentId = "1789422797219" + Random.Shared.Next(1000, 9999);
        using var response = await PostAsync(MentionWebhook(commentId));
        var stored = await StoredAsync(channelId, commentId);

        var first = await ProcessAsync(stored.Id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(first);
        var unread = await StoredAsync(channelId, commentId);
        Assert.StartsWith("Could not read this mention from Instagram: ", unread.Text, StringComparison.Ordinal);
        Assert.EndsWith("; open it on Instagram.", unread.Text, StringComparison.Ordinal);
        Assert.Null(unread.ProcessedAt);

        // Instagram answers again; the lease is cleared as if it had run out, and the next pass reads it.
        factory.Comments[commentId] = $$"""{"id":"{{commentId}}","text":"Thanks @riversideicb for the vaccine clinic info","timestamp":"2026-11-24T09:59:00+0000","username":"jo.w"}""";
        await factory.QueryAsync(db => db.InboxMessages.IgnoreQueryFilters().Where(m => m.Id == stored.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessingLeaseUntil, (DateTimeOffset?)null), Ct));
        var second = await ProcessAsync(stored.Id);

        Assert.True(second);
        var read = await StoredAsync(channelId, commentId);
        Assert.Equal("Thanks @riversideicb for the vaccine clinic info", read.Text);
        Assert.NotNull(read.ProcessedAt);
    }
}
