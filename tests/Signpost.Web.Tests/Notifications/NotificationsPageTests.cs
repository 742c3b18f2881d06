using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Notifications;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Notifications;

public sealed class NotificationsPageTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    private const string Page = $"/o/{DemoPeople.Icb}/notifications";

    [Fact]
    public async Task Notifications_AreListedNewestFirstWithTheUnreadCountInTheHeader_UntilMarkedRead()
    {
        var now = DateTimeOffset.UtcNow;
        await NotifyAsync(DemoPeople.Auditor, "Older notice", "/o/riverside-icb/audit", now.AddMinutes(-10));
        await NotifyAsync(DemoPeople.Auditor, "Newer notice", "/o/riverside-icb", now.AddMinutes(-5));
        await NotifyAsync(DemoPeople.Admin, "Someone else's notice", "/o/riverside-icb", now);
        var auditor = await factory.SignInAsync(DemoPeople.Auditor);

        var page = await auditor.GetDocumentAsync(Page);

        Assert.Equal("Notifications (2 unread)", HeaderLink(page));
        var titles = page.QuerySelectorAll(".signpost-notification h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["Newer notice", "Older notice"], titles);
        Assert.Equal(2, page.QuerySelectorAll(".signpost-notification--unread").Length);
        Assert.Equal("/o/riverside-icb/audit", page.QuerySelectorAll(".signpost-notification h2 a")[1].GetAttribute("href"));

        var read = await auditor.SubmitFormAsync(Page, new(), handler: "ReadAll");

        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        var after = await auditor.GetDocumentAsync(Page);
        Assert.Equal("Notifications (0 unread)", HeaderLink(after));
        Assert.Empty(after.QuerySelectorAll(".signpost-notification--unread"));
        Assert.Equal(2, after.QuerySelectorAll(".signpost-notification").Length);
        Assert.True(await factory.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Code == AuditEventCode.NotificationsRead && e.ActorName == "Fiona MacLeod")));
        Assert.Equal(1, await factory.QueryAsync(db => db.Notifications.CountAsync(n => n.Title == "Someone else's notice" && n.ReadAt == null)));
    }

    [Fact]
    public async Task Header_OnEveryOrganisationPage_LinksToTheNotifications()
    {
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var home = await officer.GetDocumentAsync($"/o/{DemoPeople.Icb}");

        var link = home.QuerySelectorAll(".nhsuk-header__account-link").Single(a => a.TextContent.StartsWith("Notifications", StringComparison.Ordinal));
        Assert.Equal(Page, link.GetAttribute("href"));
    }

    private static string HeaderLink(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll(".nhsuk-header__account-link").Single(a => a.TextContent.StartsWith("Notifications", StringComparison.Ordinal)).TextContent.Trim();

    /// <summary>A notification as NotificationService adds it, at a known time.</summary>
    private async Task NotifyAsync(string email, string title, string link, DateTimeOffset at)
    {
        await using var scope = factory.DataScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var organisationId = await db.Organisations.Where(o => o.Slug == DemoPeople.Icb).Select(o => o.Id).SingleAsync();
        db.Notifications.Add(new Notification
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            UserId = user.Id,
            Kind = "test",
            Title = title,
            Body = "Something happened.",
            Link = link,
            CreatedAt = at,
        });
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(new AuditRecord(AuditEventCode.PostCreated, Actor.System, organisationId, "Test notification"));
    }
}
