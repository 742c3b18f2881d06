using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Posts;
using Signpost.Web.Tests.Infrastructure;
using Signpost.Web.Tests.Posts;

namespace Signpost.Web.Tests.Calendar;

public sealed class CalendarPagesTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    private const string CalendarPath = $"/o/{DemoPeople.Icb}/calendar";

    [Fact]
    public async Task Month_ShowsEachPostOnItsLondonDayAcrossTheClockChange_WithItsChannelsTimeAndState()
    {
        var facebook = await factory.CreateChannelAsync(DemoPeople.Icb, name: "Riverside ICB Facebook");
        var bluesky = await factory.CreateChannelAsync(DemoPeople.Icb, name: "Riverside ICB Bluesky");
        // 23:30 UTC on 24 October 2026 is 00:30 BST on the 25th; 23:30 UTC on the 25th is 23:30 GMT that day.
        await PostAsync("Clocks go back tonight", PostState.Scheduled, new DateTimeOffset(2026, 10, 24, 23, 30, 0, TimeSpan.Zero), [facebook, bluesky]);
        await PostAsync("First evening of winter time", PostState.Scheduled, new DateTimeOffset(2026, 10, 25, 23, 30, 0, TimeSpan.Zero), [bluesky]);
        await PostAsync("Flu clinics open", PostState.Published, new DateTimeOffset(2026, 10, 5, 7, 0, 0, TimeSpan.Zero), [facebook]);
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var page = await officer.GetDocumentAsync($"{CalendarPath}?date=2026-10-12");

        Assert.Equal("October 2026", page.QuerySelector("h1")!.TextContent);
        var day25 = page.QuerySelector("td[data-date='2026-10-25']")!.TextContent;
        var day24 = page.QuerySelector("td[data-date='2026-10-24']")!.TextContent;
        Assert.Contains("Clocks go back tonight", day25, StringComparison.Ordinal);
        Assert.Contains("12:30am", day25, StringComparison.Ordinal);
        Assert.Contains("Riverside ICB Bluesky, Riverside ICB Facebook", day25, StringComparison.Ordinal);
        Assert.Contains("First evening of winter time", day25, StringComparison.Ordinal);
        Assert.Contains("11:30pm", day25, StringComparison.Ordinal);
        Assert.DoesNotContain("Clocks go back", day24, StringComparison.Ordinal);
        var day5 = page.QuerySelector("td[data-date='2026-10-05']")!;
        Assert.Contains("8am", day5.TextContent, StringComparison.Ordinal);
        Assert.Equal("Published", day5.QuerySelectorAll(".nhsuk-tag").Single(t => t.TextContent != "Today").TextContent);
        Assert.Equal(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"], page.QuerySelectorAll("thead th abbr").Select(a => a.GetAttribute("title")));
        Assert.Equal("2026-09-28", page.QuerySelector("tbody tr td")!.GetAttribute("data-date"));
        Assert.Equal($"{CalendarPath}?date=2026-11-01", page.QuerySelector("a[rel=next]")!.GetAttribute("href"));

        var filtered = await officer.GetDocumentAsync($"{CalendarPath}?date=2026-10-12&channel={facebook.Id}");
        Assert.DoesNotContain("First evening of winter time", filtered.QuerySelector("td[data-date='2026-10-25']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(facebook.Id.ToString(), filtered.QuerySelector("select#channel option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Week_ListsEachDayWithItsAwarenessDaysAndMarksToday()
    {
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var added = await officer.SubmitFormAsync($"{CalendarPath}/awareness-days/new", new()
        {
            ["Input.Name"] = "Carers Week",
            ["Input.StartsOn.Day"] = "8",
            ["Input.StartsOn.Month"] = "6",
            ["Input.StartsOn.Year"] = "2027",
            ["Input.EndsOn.Day"] = "14",
            ["Input.EndsOn.Month"] = "6",
            ["Input.EndsOn.Year"] = "2027",
            ["Input.Link"] = "https://www.carersweek.org/",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        var week = await officer.GetDocumentAsync($"{CalendarPath}?view=week&date=2027-06-10");
        var today = await officer.GetDocumentAsync($"{CalendarPath}?view=week");

        Assert.Equal("Week of 7 to 13 June 2027", week.QuerySelector("h1")!.TextContent);
        var days = week.QuerySelectorAll("section.signpost-calendar-week__day").ToList();
        Assert.Equal(7, days.Count);
        Assert.Equal("Monday 7 June 2027", days[0].QuerySelector("h2")!.TextContent.Trim());
        Assert.DoesNotContain("Carers Week", days[0].TextContent, StringComparison.Ordinal);
        Assert.All(days.Skip(1), d => Assert.Contains("Carers Week", d.TextContent, StringComparison.Ordinal));
        Assert.Single(today.QuerySelectorAll("section.signpost-calendar-week__day--today"));
        Assert.Equal("Today", today.QuerySelector("section.signpost-calendar-week__day--today .nhsuk-tag")!.TextContent);
    }

    [Fact]
    public async Task AwarenessDay_WithADateThatIsNotReal_ShowsTheErrorAndSavesNothing()
    {
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var before = await factory.QueryAsync(db => db.AwarenessDays.CountAsync());

        var response = await officer.SubmitFormAsync($"{CalendarPath}/awareness-days/new", new()
        {
            ["Input.Name"] = "",
            ["Input.StartsOn.Day"] = "30",
            ["Input.StartsOn.Month"] = "2",
            ["Input.StartsOn.Year"] = "2027",
            ["Input.Link"] = "carersweek",
        });

        Assert.Equal(["Enter the name of the awareness day", "The first day must be a real date", "Enter a full web address starting with https://, like https://www.nhs.uk/"],
            (await response.ReadDocumentAsync()).ErrorMessages());
        Assert.Equal(before, await factory.QueryAsync(db => db.AwarenessDays.CountAsync()));
    }

    [Fact]
    public async Task Campaign_CreatedOnItsPage_IsAFilterOnTheCalendar()
    {
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var name = $"Winter {Guid.NewGuid():N}"[..20];

        var created = await officer.SubmitFormAsync($"{CalendarPath}/campaigns/new", new() { ["Input.Name"] = name, ["Input.Description"] = "Flu and COVID-19 vaccinations" });
        var list = await officer.GetDocumentAsync($"{CalendarPath}/campaigns");
        var calendar = await officer.GetDocumentAsync(CalendarPath);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains(list.QuerySelectorAll("table a"), a => a.TextContent == name);
        Assert.Contains(calendar.QuerySelectorAll("select#campaign option"), o => o.TextContent == name);
        Assert.True(await factory.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Code == AuditEventCode.CampaignCreated && e.Summary.Contains(name))));
    }

    [Fact]
    public async Task Feed_MadeOnTheCalendar_IsAnICalendarForAnyoneWithTheAddressUntilRevoked()
    {
        var channel = await factory.CreateChannelAsync(DemoPeople.Icb, name: "Riverside ICB, main");
        var trustChannel = await factory.CreateChannelAsync(DemoPeople.Trust, name: "Trust main");
        var soon = DateTimeOffset.UtcNow.AddDays(5);
        var post = await PostAsync("Walk-in clinic, Saturday; bring your red book", PostState.Scheduled, soon, [channel]);
        var trustPost = await PostAsync("Trust private plans", PostState.Scheduled, soon, [trustChannel], DemoPeople.Trust);
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var made = await officer.SubmitFormAsync(CalendarPath, new(), handler: "Create");
        var url = (await made.ReadDocumentAsync()).QuerySelector("#feed-url")!.TextContent.Trim();
        var path = new Uri(url).AbsolutePath;
        var feed = await factory.CreateClient().GetAsync(path);
        var again = await officer.GetStringAsync(CalendarPath);

        Assert.StartsWith("https://localhost/calendar/feed/", url, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", feed.Content.Headers.ContentType.CharSet);
        var ics = await feed.Content.ReadAsStringAsync();
        Assert.Contains($"UID:post-{post.Id}@localhost\r\n", ics, StringComparison.Ordinal);
        Assert.Contains(@"SUMMARY:Walk-in clinic\, Saturday\; bring your red book (Riverside ICB\, main)", ics.Replace("\r\n ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain(trustPost.Id.ToString(), ics, StringComparison.Ordinal);
        Assert.DoesNotContain(url, again, StringComparison.Ordinal);
        Assert.Contains("Revoke the address", again, StringComparison.Ordinal);

        var revoked = await officer.SubmitFormAsync(CalendarPath, new(), handler: "Revoke");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync("/calendar/feed/made-up-secret.ics")).StatusCode);
    }

    [Fact]
    public async Task Calendar_ForAStaffMember_IsForbidden()
    {
        var staff = await factory.SignInAsync(DemoPeople.Staff);

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync(CalendarPath)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"{CalendarPath}/campaigns")).StatusCode);
    }

    private async Task<Post> PostAsync(string title, PostState state, DateTimeOffset at, IReadOnlyList<Channel> channels, string organisation = DemoPeople.Icb)
    {
        await using var scope = factory.DataScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var organisationId = await db.Organisations.Where(o => o.Slug == organisation).Select(o => o.Id).SingleAsync();
        var author = await db.Users.SingleAsync(u => u.Email == DemoPeople.Officer);
        var post = new Post
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            AuthorUserId = author.Id,
            AuthorName = author.DisplayName,
            Title = title,
            Text = title,
            State = state,
            ScheduledFor = at,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
            PublishedAt = state == PostState.Published ? at : null,
        };
        foreach (var channel in channels)
        {
            post.Publications.Add(new Publication
            {
                Id = Guid.CreateVersion7(),
                OrganisationId = organisationId,
                PostId = post.Id,
                ChannelId = channel.Id,
                State = state == PostState.Published ? PublicationState.Published : PublicationState.Pending,
                DueAt = at,
                PublishedAt = state == PostState.Published ? at.AddSeconds(3) : null,
            });
        }

        db.Posts.Add(post);
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(new AuditRecord(AuditEventCode.PostCreated, Actor.System, organisationId, $"Test post {title}", "Post", post.Id.ToString()));
        return post;
    }
}
