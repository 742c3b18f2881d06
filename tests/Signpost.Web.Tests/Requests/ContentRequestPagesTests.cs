using System.Net;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Features.ContentRequests;
using Signpost.Tests.Shared;
using Signpost.Web.Tests.Infrastructure;
using Signpost.Web.Tests.Media;

namespace Signpost.Web.Tests.Requests;

public sealed class ContentRequestPagesTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    private const string Requests = $"/o/{DemoPeople.Icb}/requests";

    [Fact]
    public async Task Submit_WithMistakes_ShowsEveryOneInTheOrderOfTheFormAndKeepsWhatWasTyped()
    {
        var staff = await factory.SignInAsync(DemoPeople.Staff);
        var before = await factory.QueryAsync(db => db.ContentRequests.CountAsync());

        var response = await staff.SubmitMultipartAsync($"{Requests}/new",
        [
            new("Input.Title", ""), new("Input.Details", "Our clinic is open on Saturdays."), new("Input.Why", ""), new("Input.Audience", "Parents"),
            new("Input.PublishBy.Day", "31"), new("Input.PublishBy.Month", "2"), new("Input.PublishBy.Year", "2027"),
            new("Input.Links", "www.riverside.example"),
        ], []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Equal(
        [
            "Select what you would like posted",
            "Enter a title for your request",
            "Enter why it matters and what it should achieve",
            "The date it must go out by must be a real date",
            "Web address 1 (\u201Cwww.riverside.example\u201D) must be a full web address starting with https://, like https://www.nhs.uk/",
        ], page.ErrorMessages());
        Assert.Equal("#Input_PublishBy", page.QuerySelectorAll(".nhsuk-error-summary__list a")[3].GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("input#Input_PublishBy"));
        Assert.Equal("Our clinic is open on Saturdays.", page.QuerySelector("#Input_Details")!.TextContent);
        Assert.Equal("31", page.QuerySelector("#Input_PublishBy")!.GetAttribute("value"));
        Assert.Equal(before, await factory.QueryAsync(db => db.ContentRequests.CountAsync()));
    }

    [Fact]
    public async Task Decline_NeedsAReason_AndTheRequesterIsToldItOnTheRequestInTheAppAndByEmail()
    {
        var staff = await factory.SignInAsync(DemoPeople.Staff);
        var id = await SubmitAsync(staff, "Team quiz night photos");
        var manager = await factory.SignInAsync(DemoPeople.Manager);
        var waiting = await manager.GetDocumentAsync(Requests);
        Assert.Contains(waiting.QuerySelectorAll("table a"), a => a.GetAttribute("href") == $"{Requests}/{id}" && a.TextContent == "Team quiz night photos");

        var refused = await manager.SubmitFormAsync($"{Requests}/{id}", new() { ["Reason"] = "" }, handler: "Decline");
        var declined = await manager.SubmitFormAsync($"{Requests}/{id}", new() { ["Reason"] = "Internal events go in the staff bulletin, not on our public channels." }, handler: "Decline");

        Assert.Equal(["Enter why the request is declined: the person who asked will be told"], (await refused.ReadDocumentAsync()).ErrorMessages());
        Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);
        var seen = await staff.GetDocumentAsync($"{Requests}/{id}");
        Assert.Equal("Declined", seen.QuerySelector("main .nhsuk-tag")!.TextContent);
        Assert.Contains("Internal events go in the staff bulletin", seen.QuerySelector(".nhsuk-inset-text")!.TextContent, StringComparison.Ordinal);
        var notifications = await staff.GetDocumentAsync($"/o/{DemoPeople.Icb}/notifications");
        Assert.Contains(notifications.QuerySelectorAll(".signpost-notification--unread a"), a => a.TextContent == "Your content request has been declined: Team quiz night photos" && a.GetAttribute("href") == $"{Requests}/{id}");
        var email = await factory.QueryAsync(db => db.OutboxEmails.SingleAsync(e => e.To == DemoPeople.Staff && e.Subject == "Your content request has been declined: Team quiz night photos"));
        Assert.Contains("Internal events go in the staff bulletin, not on our public channels.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/o/{DemoPeople.Icb}/requests/{id}", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_StartsADraftLinkedToTheRequestAndOpensTheComposer()
    {
        var staff = await factory.SignInAsync(DemoPeople.Staff);
        var id = await SubmitAsync(staff, "Health visitor vacancies", [new UploadFile("Attachments", "team.png", TestImages.Png(16, 9), "image/png")]);
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var request = await officer.GetDocumentAsync($"{Requests}/{id}");
        Assert.NotNull(request.QuerySelector($"img[src^='/o/{DemoPeople.Icb}/media/']"));

        var accepted = await officer.SubmitFormAsync($"{Requests}/{id}", new(), handler: "Accept");

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var location = accepted.Headers.Location!.OriginalString;
        Assert.Matches($"^/o/{DemoPeople.Icb}/posts/[0-9a-f-]{{36}}/edit$", location);
        var postId = Guid.Parse(location.Split('/')[4]);
        var post = await factory.QueryAsync(db => db.Posts.Include(p => p.Media).SingleAsync(p => p.Id == postId));
        Assert.Equal((id, "Health visitor vacancies"), (post.ContentRequestId!.Value, post.Title));
        Assert.Single(post.Media);
        var stored = await factory.QueryAsync(db => db.ContentRequests.SingleAsync(r => r.Id == id));
        Assert.Equal((ContentRequestStatus.Accepted, postId), (stored.Status, stored.PostId!.Value));
        Assert.Equal("Accepted", (await staff.GetDocumentAsync($"{Requests}/{id}")).QuerySelector("main .nhsuk-tag")!.TextContent);
    }

    [Fact]
    public async Task Request_IsHiddenFromOtherStaff_AndTheRequesterCanWithdrawItWhileItWaits()
    {
        var staff = await factory.SignInAsync(DemoPeople.Staff);
        var id = await SubmitAsync(staff, "Car park closure");
        var peopleTeam = await factory.SignInAsync(DemoPeople.PeopleTeam);

        Assert.Equal(HttpStatusCode.NotFound, (await peopleTeam.GetAsync($"{Requests}/{id}")).StatusCode);
        Assert.DoesNotContain("Car park closure", await peopleTeam.GetStringAsync(Requests), StringComparison.Ordinal);
        var own = await staff.GetDocumentAsync(Requests);
        Assert.Null(own.QuerySelector("select#status"));
        Assert.Contains(own.QuerySelectorAll("table a"), a => a.TextContent == "Car park closure");
        var withdrawn = await staff.SubmitFormAsync($"{Requests}/{id}", new(), handler: "Withdraw");

        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        var page = await staff.GetDocumentAsync($"{Requests}/{id}");
        Assert.Equal("Withdrawn", page.QuerySelector("main .nhsuk-tag")!.TextContent);
        Assert.DoesNotContain(page.Forms, f => (f.Action ?? "").Contains("handler=", StringComparison.Ordinal));
    }

    private static async Task<Guid> SubmitAsync(HttpClient client, string title, IEnumerable<UploadFile>? files = null)
    {
        var next = DateTime.UtcNow.AddDays(30);
        var response = await client.SubmitMultipartAsync($"{Requests}/new",
        [
            new("Input.Kind", "Event"), new("Input.Title", title),
            new("Input.Details", "A drop-in session for families at Riverside Library on Saturday, 10am to 2pm."),
            new("Input.Why", "To reach families who do not come to clinics."), new("Input.Audience", "Families with children under 5"),
            new("Input.PublishBy.Day", next.Day.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.PublishBy.Month", next.Month.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.PublishBy.Year", next.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.Links", "https://riverside.example/events/family-drop-in"),
        ], files ?? []);
        return MediaTestData.IdFromRedirect(response);
    }
}
