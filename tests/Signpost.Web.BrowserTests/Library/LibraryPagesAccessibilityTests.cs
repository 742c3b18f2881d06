using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Posts;
using Signpost.Platforms;
using Signpost.Web.BrowserTests.Infrastructure;

namespace Signpost.Web.BrowserTests.Library;

/// <summary>
/// The media library, content requests, calendar and notifications with something in them, which
/// the role crawl (on the bare demo data) does not see: a picture without alt text, forms with
/// errors (date inputs and file uploads), a month with posts and awareness days, a new feed address,
/// a request waiting for a decision, unread notifications. axe finds nothing on any of them.
/// </summary>
public sealed class LibraryPagesAccessibilityTests(SignpostSite site) : IClassFixture<SignpostSite>
{
    private const string Icb = "/o/riverside-icb";

    /// <summary>The smallest PNG there is (one transparent pixel).</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Fact]
    public async Task MediaLibrary_UploadWithAnErrorAnItemWithoutAltTextAndBothViews_HaveNoAxeViolations()
    {
        var page = await site.SignInAsync("comms.officer@riverside.example");
        var problems = new List<string>();

        await page.GotoAsync($"{Icb}/media/upload");
        await page.Locator("#File").SetInputFilesAsync(new FilePayload { Name = "poster.png", MimeType = "image/png", Buffer = "<html><body>Not a picture</body></html>"u8.ToArray() });
        await page.ClickButtonAsync("Add to library");
        Assert.Equal(1, await page.Locator(".nhsuk-error-summary").CountAsync());
        problems.AddRange((await page.AxeViolationsAsync()).Select(v => $"upload with an error: {v}"));

        await page.Locator("#File").SetInputFilesAsync(new FilePayload { Name = "clinic.jpg", MimeType = "image/jpeg", Buffer = Png });
        await page.ClickButtonAsync("Add to library");
        Assert.Contains("Alt text missing", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        problems.AddRange((await page.AxeViolationsAsync()).Select(v => $"item: {v}"));

        await page.GotoAsync($"{Icb}/media");
        problems.AddRange((await page.AxeViolationsAsync()).Select(v => $"grid: {v}"));
        await page.GotoAsync($"{Icb}/media?view=list");
        problems.AddRange((await page.AxeViolationsAsync()).Select(v => $"list: {v}"));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Calendar_AMonthWithPostsTheWeekANewFeedAndTheAwarenessDayForm_HaveNoAxeViolations()
    {
        var at = DateTimeOffset.UtcNow.AddDays(2);
        await SeedPostAsync("Flu clinic opens on Saturday, 9am to 1pm", at);
        var page = await site.SignInAsync("comms.manager@riverside.example");
        var problems = new List<string>();

        await page.GotoAsync($"{Icb}/calendar/awareness-days/new");
        await page.GetByLabel("Name").FillAsync("Self Care Week");
        await page.Locator("#Input_StartsOn").FillAsync("31");
        await page.Locator("#Input_StartsOn-month").FillAsync("2");
        await page.Locator("#Input_StartsOn-year").FillAsync("2027");
        await page.ClickButtonAsync("Add to the calendar");
        Assert.Equal(1, await page.Locator(".nhsuk-error-summary").CountAsync());
        problems.AddRange((await page.AxeViolationsAsync()).Select(v => $"awareness day with an error: {v}"));

        var day = DateOnly.FromDateTime(at.UtcDateTime);
        await page.Locator("#Input_StartsOn").FillAsync(day.Day.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#Input_StartsOn-month").FillAsync(day.Month.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#Input_StartsOn-year").FillAsync(day.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickButtonAsync("Add to the calendar");
        Assert.Contains("Self Care Week", await page.Locator("table.signpost-calendar").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Flu clinic opens", await page.Locator("table.signpost-calendar").InnerTextAsync(), StringComparison.Ordinal);
        problems.AddRange((await page.AxeViolationsAsync()).Select(v => $"month: {v}"));

        await page.ClickButtonAsync("Create a calendar address");
        Assert.Equal(1, await page.Locator("#feed-url").CountAsync());
        problems.AddRange((await page.AxeViolationsAsync()).Select(v => $"new feed: {v}"));

        await page.GotoAsync($"{Icb}/calendar?view=week&date={day:yyyy-MM-dd}");
        problems.AddRange((await page.AxeViolationsAsync()).Select(v => $"week: {v}"));
        await page.GotoAsync($"{Icb}/calendar/campaigns/new");
        await page.ClickButtonAsync("Create campaign");
        problems.AddRange((await page.AxeViolationsAsync()).Select(v => $"campaign with an error: {v}"));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task ContentRequests_TheFormWithErrorsTheRequestAndTheDecisionAndNotifications_HaveNoAxeViolations()
    {
        var staff = await site.SignInAsync("staff@riverside.example");
        var problems = new List<string>();

        await staff.GotoAsync($"{Icb}/requests/new");
        await staff.Locator("#Input_PublishBy").FillAsync("40");
        await staff.ClickButtonAsync("Send request");
        Assert.Equal(1, await staff.Locator(".nhsuk-error-summary").CountAsync());
        problems.AddRange((await staff.AxeViolationsAsync()).Select(v => $"request with errors: {v}"));

        await staff.GetByLabel("An event").CheckAsync();
        await staff.GetByLabel("Title").FillAsync("Family drop-in at Riverside Library");
        await staff.GetByLabel("What should the post say?").FillAsync("A drop-in for families on Saturday, 10am to 2pm.");
        await staff.GetByLabel("Why does it matter?").FillAsync("To reach families who do not come to clinics.");
        await staff.GetByLabel("Who is it for?").FillAsync("Families with children under 5");
        await staff.Locator("#Input_PublishBy").FillAsync("");
        await staff.Locator("#Attachments").SetInputFilesAsync(new FilePayload { Name = "families.png", MimeType = "image/png", Buffer = Png });
        await staff.ClickButtonAsync("Send request");
        Assert.Equal("Family drop-in at Riverside Library", await staff.HeadingAsync());
        problems.AddRange((await staff.AxeViolationsAsync()).Select(v => $"request (requester): {v}"));
        var requestPath = staff.PathAndQuery();

        var manager = await site.SignInAsync("comms.manager@riverside.example");
        await manager.GotoAsync(requestPath);
        problems.AddRange((await manager.AxeViolationsAsync()).Select(v => $"request (team): {v}"));
        await manager.ClickButtonAsync("Decline request");
        Assert.Equal(1, await manager.Locator(".nhsuk-error-summary").CountAsync());
        problems.AddRange((await manager.AxeViolationsAsync()).Select(v => $"decline without a reason: {v}"));
        await manager.GotoAsync($"{Icb}/requests");
        problems.AddRange((await manager.AxeViolationsAsync()).Select(v => $"requests (team): {v}"));
        await manager.GotoAsync($"{Icb}/notifications");
        Assert.True(await manager.Locator(".signpost-notification--unread").CountAsync() > 0);
        problems.AddRange((await manager.AxeViolationsAsync()).Select(v => $"notifications: {v}"));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private async Task SeedPostAsync(string title, DateTimeOffset at)
    {
        await using var scope = site.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var organisationId = await db.Organisations.Where(o => o.Slug == "riverside-icb").Select(o => o.Id).SingleAsync();
        var author = await db.Users.SingleAsync(u => u.Email == "comms.officer@riverside.example");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var channel = new Channel
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            Network = Network.Sandbox,
            Name = $"Riverside Sandbox {suffix}",
            Handle = $"riverside{suffix}",
            AccountId = $"a11y-{suffix}",
            CreatedAt = at,
            UpdatedAt = at,
        };
        var post = new Post
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            AuthorUserId = author.Id,
            AuthorName = author.DisplayName,
            Title = title,
            Text = title,
            State = PostState.Scheduled,
            ScheduledFor = at,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        post.Publications.Add(new Publication { Id = Guid.CreateVersion7(), OrganisationId = organisationId, PostId = post.Id, ChannelId = channel.Id, DueAt = at, AvailableAt = at });
        db.Channels.Add(channel);
        db.Posts.Add(post);
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(new AuditRecord(AuditEventCode.PostScheduled, Actor.System, organisationId, $"Test post {title}", "Post", post.Id.ToString()));
    }
}
