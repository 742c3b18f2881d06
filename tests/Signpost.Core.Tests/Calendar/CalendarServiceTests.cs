using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Calendar;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Users;
using Signpost.Core.Tests.Posts;
using Signpost.Core.Validation;

namespace Signpost.Core.Tests.Calendar;

public sealed class CalendarServiceTests(PostsFixture fixture) : IClassFixture<PostsFixture>
{
    private const string Officer = "comms.officer@riverside.example";
    private static readonly Uri BaseUrl = new("https://signpost.riverside.example/");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    // 23:30 UTC on the last Saturday of British Summer Time is 00:30 on Sunday in London...
    [InlineData("2026-10-24T23:30:00Z", "2026-10-25")]
    // ...and 23:30 UTC the next day, in Greenwich Mean Time, is still that day in London.
    [InlineData("2026-10-25T23:30:00Z", "2026-10-25")]
    [InlineData("2026-03-28T23:30:00Z", "2026-03-28")]
    [InlineData("2026-03-29T23:30:00Z", "2026-03-30")]
    public void LondonDay_OfAnInstant_FollowsTheClocks(string utc, string day)
    {
        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), CalendarService.LondonDay(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Get_AMonth_PlacesScheduledAndPublishedPostsOnTheirLondonDaysByChannel()
    {
        await using var scope = fixture.Scope();
        var (calendar, icb) = await ServicesAsync(scope);
        var facebook = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, "Riverside ICB on Facebook", ct: Ct);
        var bluesky = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, "Riverside ICB on Bluesky", ct: Ct);
        var summerNight = await CalendarTestData.PostAsync(scope.ServiceProvider, icb, "Clocks go back tonight", PostState.Scheduled,
            new DateTimeOffset(2026, 10, 24, 23, 30, 0, TimeSpan.Zero), [facebook, bluesky]);
        var winterNight = await CalendarTestData.PostAsync(scope.ServiceProvider, icb, "Winter night post", PostState.Scheduled,
            new DateTimeOffset(2026, 10, 25, 23, 30, 0, TimeSpan.Zero), [bluesky]);
        var published = await CalendarTestData.PostAsync(scope.ServiceProvider, icb, "Flu clinic open", PostState.Published,
            new DateTimeOffset(2026, 10, 5, 8, 0, 0, TimeSpan.Zero), [facebook], publishedAt: new DateTimeOffset(2026, 10, 5, 8, 0, 4, TimeSpan.Zero));
        var cancelled = await CalendarTestData.PostAsync(scope.ServiceProvider, icb, "Cancelled post", PostState.Cancelled,
            new DateTimeOffset(2026, 10, 6, 8, 0, 0, TimeSpan.Zero), [facebook]);

        var view = await calendar.GetAsync(icb, new CalendarQuery(new DateOnly(2026, 9, 28), new DateOnly(2026, 11, 1)), Ct);
        var onlyFacebook = await calendar.GetAsync(icb, new CalendarQuery(new DateOnly(2026, 9, 28), new DateOnly(2026, 11, 1), ChannelId: facebook.Id), Ct);

        var first = Assert.Single(view.On(new DateOnly(2026, 10, 25)), e => e.PostId == summerNight.Id);
        Assert.Equal(["Riverside ICB on Bluesky", "Riverside ICB on Facebook"], first.Channels);
        Assert.Equal("Scheduled", first.StateText);
        Assert.Contains(view.On(new DateOnly(2026, 10, 25)), e => e.PostId == winterNight.Id);
        Assert.DoesNotContain(view.On(new DateOnly(2026, 10, 24)), e => e.PostId == summerNight.Id);
        var done = Assert.Single(view.On(new DateOnly(2026, 10, 5)), e => e.PostId == published.Id);
        Assert.Equal("Published", done.StateText);
        Assert.DoesNotContain(view.Entries, e => e.PostId == cancelled.Id);
        Assert.DoesNotContain(onlyFacebook.Entries, e => e.PostId == winterNight.Id);
        Assert.Equal(["Riverside ICB on Facebook"], onlyFacebook.Entries.Single(e => e.PostId == summerNight.Id).Channels);
    }

    [Fact]
    public async Task AwarenessDay_WithItsLastDayBeforeItsFirst_IsRefused_AndAWeekShowsOnEachOfItsDays()
    {
        await using var scope = fixture.Scope();
        var (calendar, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => calendar.AddAwarenessDayAsync(icb,
            new SaveAwarenessDayOptions("Carers Week", new DateOnly(2027, 6, 9), new DateOnly(2027, 6, 8), "not a link", null), officer, Ct));
        var week = await calendar.AddAwarenessDayAsync(icb,
            new SaveAwarenessDayOptions(" Carers Week ", new DateOnly(2027, 6, 8), new DateOnly(2027, 6, 14), "https://www.carersweek.org/", "Use #CarersWeek"), officer, Ct);

        Assert.Equal("The last day must be the same as or after the first day", error.Errors["EndsOn"].Single());
        Assert.StartsWith("Enter a full web address", error.Errors["Link"].Single(), StringComparison.Ordinal);
        var view = await calendar.GetAsync(icb, new CalendarQuery(new DateOnly(2027, 6, 1), new DateOnly(2027, 6, 30)), Ct);
        Assert.Equal("Carers Week", Assert.Single(view.AwarenessOn(new DateOnly(2027, 6, 8))).Name);
        Assert.Single(view.AwarenessOn(new DateOnly(2027, 6, 14)));
        Assert.Empty(view.AwarenessOn(new DateOnly(2027, 6, 15)));
        Assert.True(await Db(scope).AuditEvents.AnyAsync(e => e.SubjectId == week.Id.ToString() && e.Code == AuditEventCode.AwarenessDayAdded, Ct));

        await calendar.RemoveAwarenessDayAsync(icb, week.Id, officer, Ct);
        Assert.Empty((await calendar.GetAsync(icb, new CalendarQuery(new DateOnly(2027, 6, 1), new DateOnly(2027, 6, 30)), Ct)).AwarenessDays);
    }

    [Fact]
    public async Task Campaign_WithTheNameOfAnother_IsRefused_AndDeletingOneKeepsItsPosts()
    {
        await using var scope = fixture.Scope();
        var (calendar, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var name = $"Winter vaccinations {Guid.NewGuid():N}"[..30];
        var campaign = await calendar.CreateCampaignAsync(icb, new SaveCampaignOptions(name, "Flu and COVID-19", new DateOnly(2026, 10, 1), new DateOnly(2027, 1, 31)), officer, Ct);
        var post = await scope.ServiceProvider.GetRequiredService<PostService>().CreateAsync(icb, new SavePostOptions("Flu jab", "Get your flu jab.", [], CampaignId: campaign.Id), officer, Ct);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => calendar.CreateCampaignAsync(icb, new SaveCampaignOptions(name, null, null, null), officer, Ct));
        await calendar.DeleteCampaignAsync(icb, campaign.Id, officer, Ct);

        Assert.Equal("Another campaign already has this name", error.Errors["Name"].Single());
        await using var check = fixture.Scope();
        var stored = await Db(check).Posts.SingleAsync(p => p.Id == post.Id, Ct);
        Assert.Null(stored.CampaignId);
        Assert.False(await Db(check).Campaigns.AnyAsync(c => c.Id == campaign.Id, Ct));
    }

    [Fact]
    public async Task Feed_ForItsSecret_IsAValidCalendarOfTheOrganisationsPostsWithStableUids()
    {
        await using var scope = fixture.Scope();
        var (calendar, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var trust = await Db(scope).Organisations.Where(o => o.Slug == DemoData.TrustSlug).Select(o => o.Id).SingleAsync(Ct);
        var channel = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, "Riverside ICB, Facebook; main", ct: Ct);
        var trustChannel = await TestData.CreateChannelAsync(scope.ServiceProvider, trust, "Trust channel", ct: Ct);
        var at = fixture.Clock.GetUtcNow().AddDays(3);
        var post = await CalendarTestData.PostAsync(scope.ServiceProvider, icb, "Stoptober: day 1, stop; and \\ win " + new string('é', 40), PostState.Scheduled, at, [channel]);
        var trustPost = await CalendarTestData.PostAsync(scope.ServiceProvider, trust, "Trust only post", PostState.Scheduled, at, [trustChannel]);
        await calendar.AddAwarenessDayAsync(icb, new SaveAwarenessDayOptions("Stoptober", DateOnly.FromDateTime(at.UtcDateTime), null, "https://www.nhs.uk/better-health/quit-smoking/", "Quit, together"), officer, Ct);
        var created = await calendar.CreateFeedAsync(icb, officer, Ct);

        var first = await calendar.RenderFeedAsync(created.Secret, BaseUrl, Ct);
        var second = await calendar.RenderFeedAsync(created.Secret, BaseUrl, Ct);

        Assert.NotNull(first);
        Assert.Equal(first, second);
        Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", first, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", first, StringComparison.Ordinal);
        Assert.All(first.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, line));
        var calendarProperties = ICalendarText.Parse(first);
        Assert.Equal("Signpost: NHS Riverside Integrated Care Board", ICalendarText.Unescape(calendarProperties.Single(p => p.Name == "X-WR-CALNAME").Value));
        var events = ICalendarText.Events(first);
        var postEvent = events.Single(e => e.Any(p => p.Name == "UID" && p.Value == $"post-{post.Id}@signpost.riverside.example"));
        Assert.Equal($"Stoptober: day 1, stop; and \\ win {new string('é', 40)} (Riverside ICB, Facebook; main)", ICalendarText.Unescape(postEvent.Single(p => p.Name == "SUMMARY").Value));
        Assert.Equal(ICalendarWriter.FormatUtc(at), postEvent.Single(p => p.Name == "DTSTART").Value);
        Assert.Equal("PT15M", postEvent.Single(p => p.Name == "DURATION").Value);
        Assert.Equal("CONFIRMED", postEvent.Single(p => p.Name == "STATUS").Value);
        Assert.Equal($"https://signpost.riverside.example/o/riverside-icb/posts/{post.Id}", postEvent.Single(p => p.Name == "URL").Value);
        Assert.Single(postEvent, p => p.Name == "DTSTAMP");
        var day = events.Single(e => e.Any(p => p.Name == "SUMMARY" && p.Value == "Stoptober"));
        Assert.Equal(("VALUE=DATE", at.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)), (day.Single(p => p.Name == "DTSTART").Parameters, day.Single(p => p.Name == "DTSTART").Value));
        Assert.Equal(at.UtcDateTime.AddDays(1).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), day.Single(p => p.Name == "DTEND").Value);
        Assert.DoesNotContain(trustPost.Id.ToString(), first, StringComparison.Ordinal);
        Assert.DoesNotContain("Trust only post", first, StringComparison.Ordinal);

        await using var check = fixture.Scope();
        var feed = await Db(check).CalendarFeeds.SingleAsync(f => f.Id == created.Feed.Id, Ct);
        Assert.Equal(fixture.Clock.GetUtcNow(), feed.LastUsedAt);
        Assert.NotEqual(created.Secret, feed.SecretHash);
        Assert.DoesNotContain(created.Secret, feed.SecretHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feed_RevokedReplacedOrUnknownOrOwnerWithoutTheRole_GivesNothing()
    {
        await using var scope = fixture.Scope();
        var (calendar, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var staff = await TestData.AddPersonAsync(scope.ServiceProvider, icb, OrganisationRoles.CommunicationsOfficer, Ct);

        var old = await calendar.CreateFeedAsync(icb, officer, Ct);
        var replacement = await calendar.CreateFeedAsync(icb, officer, Ct);
        var revoked = await calendar.RevokeFeedAsync(icb, officer, Ct);
        var staffFeed = await calendar.CreateFeedAsync(icb, staff, Ct);
        Assert.NotNull(await calendar.RenderFeedAsync(staffFeed.Secret, BaseUrl, Ct));
        var membership = await Db(scope).Memberships.SingleAsync(m => m.UserId == staff.UserId && m.OrganisationId == icb, Ct);
        await scope.ServiceProvider.GetRequiredService<MembershipService>().ChangeMembershipAsync(icb, membership.Id,
            new ChangeMembershipOptions(OrganisationRoles.StaffMember, null), Actor.System, Ct);

        Assert.True(revoked);
        Assert.Null(await calendar.RenderFeedAsync(old.Secret, BaseUrl, Ct));
        Assert.Null(await calendar.RenderFeedAsync(replacement.Secret, BaseUrl, Ct));
        Assert.Null(await calendar.RenderFeedAsync("not-a-secret", BaseUrl, Ct));
        Assert.Null(await calendar.RenderFeedAsync(staffFeed.Secret, BaseUrl, Ct));
        var codes = await Db(scope).AuditEvents.Where(e => e.SubjectId == old.Feed.Id.ToString() || e.SubjectId == replacement.Feed.Id.ToString()).Select(e => e.Code).ToListAsync(Ct);
        Assert.Equal(2, codes.Count(c => c == AuditEventCode.CalendarFeedCreated));
        Assert.Equal(2, codes.Count(c => c == AuditEventCode.CalendarFeedRevoked));
    }

    private static AppDbContext Db(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<AppDbContext>();

    private static async Task<(CalendarService Calendar, Guid Icb)> ServicesAsync(AsyncServiceScope scope) =>
        (scope.ServiceProvider.GetRequiredService<CalendarService>(), await TestData.IcbAsync(scope.ServiceProvider, Ct));
}

/// <summary>Posts in a given state, written as the composer and the publisher would leave them.</summary>
public static class CalendarTestData
{
    public static async Task<Post> PostAsync(IServiceProvider services, Guid organisationId, string title, PostState state, DateTimeOffset scheduledFor,
        IReadOnlyList<Channel> channels, DateTimeOffset? publishedAt = null, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var author = await db.Users.FirstAsync(u => u.Email == "comms.officer@riverside.example", ct);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var post = new Post
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            AuthorUserId = author.Id,
            AuthorName = author.DisplayName,
            Title = title,
            Text = title,
            State = state,
            ScheduledFor = scheduledFor,
            CreatedAt = now,
            UpdatedAt = now,
            PublishedAt = publishedAt,
        };
        foreach (var channel in channels)
        {
            post.Publications.Add(new Publication
            {
                Id = Guid.CreateVersion7(),
                OrganisationId = organisationId,
                PostId = post.Id,
                ChannelId = channel.Id,
                State = state switch
                {
                    PostState.Published => PublicationState.Published,
                    PostState.Cancelled => PublicationState.Cancelled,
                    _ => PublicationState.Pending,
                },
                DueAt = state is PostState.Scheduled or PostState.Published ? scheduledFor : null,
                PublishedAt = publishedAt,
            });
        }

        db.Posts.Add(post);
        await services.GetRequiredService<AuditTrail>().SaveChangesAsync(new AuditRecord(AuditEventCode.PostCreated, Actor.System, organisationId, $"Test post {title}", "Post", post.Id.ToString()), ct);
        return post;
    }
}
