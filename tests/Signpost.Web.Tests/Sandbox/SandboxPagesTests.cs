using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Features.Sandbox;
using Signpost.Platforms;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Sandbox;

public sealed class SandboxPagesTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    private const string SandboxPage = $"/o/{DemoPeople.Icb}/sandbox";

    /// <summary>The smallest PNG there is (one transparent pixel).</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Fact]
    public async Task CreateAccount_ShowsTheTokenOnceAndConnectsItAsAChannelWithoutRetyping()
    {
        var manager = await factory.SignInAsync(DemoPeople.Manager);
        var handle = "s" + Guid.NewGuid().ToString("N")[..10];

        var created = await manager.SubmitFormAsync(SandboxPage, new() { ["Handle"] = handle, ["DisplayName"] = "Riverside flu campaign" }, handler: "Create");
        var page = await created.ReadDocumentAsync();
        var token = page.QuerySelector("#new-token")!.TextContent.Trim();
        var later = await manager.GetStringAsync(SandboxPage);
        var connect = page.Forms.Single(f => (f.Action ?? "").Contains("handler=Connect", StringComparison.Ordinal));
        var fields = connect.QuerySelectorAll("input[name]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        var connected = await manager.PostAsync(connect.GetAttribute("action"), new FormUrlEncodedContent(fields));

        Assert.StartsWith("sbx_", token, StringComparison.Ordinal);
        Assert.DoesNotContain(token, later, StringComparison.Ordinal);
        Assert.Contains("@" + handle, later, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, connected.StatusCode);
        var channel = await manager.GetDocumentAsync(connected.Headers.Location!.OriginalString);
        Assert.Equal("Riverside flu campaign on the Sandbox", channel.QuerySelector("h1")!.TextContent.Trim());
        Assert.True(await factory.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Code == AuditEventCode.SandboxAccountCreated && e.Summary.Contains(handle))));
    }

    [Fact]
    public async Task FaultForm_RateLimitForTwoPosts_SetsTheFaultAndShowsIt()
    {
        var account = await CreateAccountAsync();
        var manager = await factory.SignInAsync(DemoPeople.Manager);

        var response = await manager.SubmitFormAsync(SandboxPage, new()
        {
            ["AccountId"] = account.Account.Id.ToString(),
            ["Fault"] = "RateLimit",
            ["Count"] = "2",
            ["RetryAfterSeconds"] = "60",
        }, handler: "Fault");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await factory.QueryAsync(db => db.SandboxAccounts.AsNoTracking().SingleAsync(a => a.Id == account.Account.Id));
        Assert.Equal((SandboxFault.RateLimit, 2, 60), (stored.Fault, stored.FaultRemaining, stored.RetryAfterSeconds));
        var page = await manager.GetDocumentAsync(SandboxPage);
        var card = page.QuerySelectorAll("section.nhsuk-card").Single(s => s.TextContent.Contains("@" + account.Account.Handle, StringComparison.Ordinal));
        Assert.Contains("Limit requests (429, retry after 60 seconds) for the next 2 posts", card.TextContent, StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<PlatformException>(() => factory.Services.GetRequiredService<SandboxNetwork>()
            .PublishAsync(account.Account.Id.ToString(), account.Token, Request(account, "Flu jabs", []), TestContext.Current.CancellationToken));
        Assert.Equal((PlatformErrorKind.RateLimited, TimeSpan.FromSeconds(60)), (error.Kind, error.RetryAfter));
    }

    [Fact]
    public async Task FaultForm_WithACountThatIsNotANumber_ShowsTheErrorByThatAccountsField()
    {
        var account = await CreateAccountAsync();
        var manager = await factory.SignInAsync(DemoPeople.Manager);

        var response = await manager.SubmitFormAsync(SandboxPage, new() { ["AccountId"] = account.Account.Id.ToString(), ["Fault"] = "Reject", ["Count"] = "three" }, handler: "Fault");

        var page = await response.ReadDocumentAsync();
        var key = account.Account.Id.ToString("N");
        Assert.Equal($"#Count-{key}", page.QuerySelector(".nhsuk-error-summary__list a")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector($"#Count-{key}-error"));
        Assert.Equal(SandboxFault.None, await factory.QueryAsync(db => db.SandboxAccounts.Where(a => a.Id == account.Account.Id).Select(a => a.Fault).SingleAsync()));
    }

    [Fact]
    public async Task SandboxPage_ForAnOfficer_IsForbidden()
    {
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync(SandboxPage)).StatusCode);
    }

    [Fact]
    public async Task Timeline_ShowsPostsNewestFirstWithTheirImagesAltTextAndDeletedPostsMarked()
    {
        var account = await CreateAccountAsync();
        var network = factory.Services.GetRequiredService<SandboxNetwork>();
        var ct = TestContext.Current.CancellationToken;
        var first = await network.PublishAsync(account.Account.Id.ToString(), account.Token, Request(account, "An older post", []), ct);
        await network.DeleteAsync(account.Account.Id.ToString(), account.Token, first.PlatformPostId, ct);
        var second = await network.PublishAsync(account.Account.Id.ToString(), account.Token,
            Request(account, "Flu jabs are free for over-65s.\nBook at your GP.", [new MediaUpload("clinic.png", "image/png", Png, "A nurse giving a flu jab to an older man")]), ct);
        var viewer = await factory.SignInAsync(DemoPeople.Staff);

        var page = await viewer.GetDocumentAsync($"/sandbox/{account.Account.Handle}");

        var posts = page.QuerySelectorAll("article").ToList();
        Assert.Equal(2, posts.Count);
        Assert.Contains("Flu jabs are free for over-65s.", posts[0].TextContent, StringComparison.Ordinal);
        var image = posts[0].QuerySelector("img")!;
        Assert.Equal("A nurse giving a flu jab to an older man", image.GetAttribute("alt"));
        Assert.Contains("Deleted", posts[1].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("An older post", posts[1].TextContent, StringComparison.Ordinal);
        var media = await viewer.GetAsync(image.GetAttribute("src"));
        Assert.Equal("image/png", media.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await media.Content.ReadAsByteArrayAsync(ct));
        // The address the network gave back for the post opens it on its own.
        var single = await viewer.GetDocumentAsync(second.Url!.PathAndQuery);
        Assert.Equal("A nurse giving a flu jab to an older man", single.QuerySelector("article img")!.GetAttribute("alt"));
    }

    [Fact]
    public async Task PostPage_ShowsPublicRepliesWithHiddenOnesMarked_AndNeverADirectMessage()
    {
        var ours = await CreateAccountAsync();
        var member = await CreateAccountAsync();
        var network = factory.Services.GetRequiredService<SandboxNetwork>();
        var ct = TestContext.Current.CancellationToken;
        var post = await network.PublishAsync(ours.Account.Id.ToString(), ours.Token, Request(ours, "Our walk-in centre is open until 8pm.", []), ct);
        var postId = Guid.Parse(post.PlatformPostId);
        var (reply, hidden, message) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await using (var scope = factory.DataScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>();
            var now = DateTimeOffset.UtcNow;
            var sequence = await db.SandboxPosts.MaxAsync(p => (long?)p.Sequence, ct) ?? 0;
            db.SandboxPosts.AddRange(
                new SandboxPost { Id = reply, AccountId = member.Account.Id, ReplyToId = postId, Text = "Is it open on Sunday?", CreatedAt = now, Sequence = sequence + 1 },
                new SandboxPost { Id = hidden, AccountId = member.Account.Id, ReplyToId = postId, Text = "Buy cheap pills here", CreatedAt = now, HiddenAt = now, Sequence = sequence + 2 },
                new SandboxPost { Id = message, AccountId = member.Account.Id, ReplyToId = postId, RecipientAccountId = ours.Account.Id, Text = "My date of birth is 1 May 1970", CreatedAt = now, Sequence = sequence + 3 });
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(new AuditRecord(AuditEventCode.SandboxAccountCreated, Actor.System, null, "Sandbox posts for the test"));
        }

        var viewer = await factory.SignInAsync(DemoPeople.Staff);
        var page = await viewer.GetDocumentAsync(post.Url!.PathAndQuery);
        var timeline = await viewer.GetStringAsync($"/sandbox/{member.Account.Handle}", ct);
        var directly = await viewer.GetAsync($"/sandbox/{member.Account.Handle}/{message}", ct);

        var replies = page.QuerySelectorAll("ol[aria-label^='Replies'] article").ToList();
        Assert.Equal(2, replies.Count);
        Assert.Contains("Is it open on Sunday?", replies[0].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden", replies[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Hidden by the owner of the thread", replies[1].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("1 May 1970", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("1 May 1970", timeline, StringComparison.Ordinal);
        Assert.Contains("Is it open on Sunday?", timeline, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, directly.StatusCode);
    }

    [Fact]
    public async Task Timeline_OfAnAccountThatDoesNotExist_IsNotFound()
    {
        var viewer = await factory.SignInAsync(DemoPeople.Staff);

        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/sandbox/nobody-here")).StatusCode);
    }

    private async Task<CreatedSandboxAccount> CreateAccountAsync()
    {
        await using var scope = factory.DataScope();
        return await scope.ServiceProvider.GetRequiredService<SandboxService>().CreateAccountAsync(await factory.OrganisationIdAsync(DemoPeople.Icb),
            new CreateSandboxAccountOptions("p" + Guid.NewGuid().ToString("N")[..12], "Sandbox page test"), Actor.System);
    }

    private static PublishRequest Request(CreatedSandboxAccount account, string text, IReadOnlyList<MediaUpload> media) =>
        new(new ChannelCall(new PlatformAccount(account.Account.Id.ToString(), account.Account.Handle), new PlatformCredential { AccessToken = account.Token }),
            text, media, Guid.NewGuid().ToString("N"));
}
