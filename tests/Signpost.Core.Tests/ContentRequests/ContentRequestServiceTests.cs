using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.ContentRequests;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Users;
using Signpost.Core.Tests.Posts;
using Signpost.Core.Validation;
using Signpost.Tests.Shared;

namespace Signpost.Core.Tests.ContentRequests;

public sealed class ContentRequestServiceTests(PostsFixture fixture) : IClassFixture<PostsFixture>
{
    private const string Officer = "comms.officer@riverside.example";
    private const string Manager = "comms.manager@riverside.example";
    private const string Staff = "staff@riverside.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Submit_WithMistakes_ListsEveryOneAndSavesNothing()
    {
        await using var scope = fixture.Scope();
        var (requests, icb) = await ServicesAsync(scope);
        var staff = await TestData.ActorAsync(scope.ServiceProvider, Staff, Ct);
        var before = await CountsAsync(icb);
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => requests.SubmitAsync(icb, new SubmitContentRequestOptions(
            (ContentRequestKind)42, " ", "", null, "Parents", today.AddDays(10), today.AddDays(5),
            "https://www.nhs.uk/flu\nwww.riverside.example/jobs\njavascript:alert(1)",
            [new ContentRequestAttachment("notes.html", new MemoryStream(TestImages.Html()))]), staff, Ct));

        Assert.Equal("Select what you would like posted", error.Errors["Kind"].Single());
        Assert.Equal("Enter a title for your request", error.Errors["Title"].Single());
        Assert.Equal("Enter what you would like to be posted", error.Errors["Details"].Single());
        Assert.Equal("Enter why it matters and what it should achieve", error.Errors["Why"].Single());
        Assert.False(error.Errors.ContainsKey("Audience"));
        Assert.Equal("The date it must go out by must be the same as or after the earliest date", error.Errors["PublishBy"].Single());
        Assert.Equal(2, error.Errors["Links"].Length);
        Assert.StartsWith("Web address 2 (\u201Cwww.riverside.example/jobs\u201D) must be a full web address", error.Errors["Links"][0], StringComparison.Ordinal);
        Assert.StartsWith("Web address 3", error.Errors["Links"][1], StringComparison.Ordinal);
        Assert.Equal("notes.html: The selected file must be a JPEG, PNG, GIF or WebP picture", error.Errors["Attachments"].Single());
        Assert.Equal(before, await CountsAsync(icb));
    }

    [Fact]
    public async Task Submit_TellsTheTeamInTheApp_AndEmailsTheManagers()
    {
        await using var scope = fixture.Scope();
        var (requests, icb) = await ServicesAsync(scope);
        var staff = await TestData.ActorAsync(scope.ServiceProvider, Staff, Ct);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var manager = await TestData.ActorAsync(scope.ServiceProvider, Manager, Ct);

        var request = await requests.SubmitAsync(icb, Valid("Walk-in vaccination clinic", [new ContentRequestAttachment("poster.jpg", new MemoryStream(TestImages.Png(8, 6)))]), staff, Ct);

        await using var check = fixture.Scope();
        var db = Db(check);
        var stored = await db.ContentRequests.Include(r => r.Media).SingleAsync(r => r.Id == request.Id, Ct);
        Assert.Equal(ContentRequestStatus.Submitted, stored.Status);
        Assert.Equal("Chloe Martin", stored.RequesterName);
        Assert.Equal("https://www.nhs.uk/conditions/vaccinations/\nhttps://riverside.example/clinics", stored.Links);
        var attachment = await db.MediaItems.SingleAsync(m => m.Id == stored.Media.Single().MediaItemId, Ct);
        Assert.Equal(("poster.png", "image/png"), (attachment.FileName, attachment.ContentType));
        var told = await db.Notifications.Where(n => n.Link == $"/o/riverside-icb/requests/{request.Id}").Select(n => n.UserId).ToListAsync(Ct);
        Assert.Contains(officer.UserId!.Value, told);
        Assert.Contains(manager.UserId!.Value, told);
        Assert.DoesNotContain(staff.UserId!.Value, told);
        var mail = await db.OutboxEmails.Where(e => e.Subject == "New content request: Walk-in vaccination clinic").Select(e => e.To).ToListAsync(Ct);
        Assert.Contains(Manager, mail);
        Assert.DoesNotContain(Officer, mail);
        var events = await db.AuditEvents.Where(e => e.OrganisationId == icb && (e.SubjectId == request.Id.ToString() || e.SubjectId == attachment.Id.ToString())).Select(e => e.Code).ToListAsync(Ct);
        Assert.Equal([AuditEventCode.MediaUploaded, AuditEventCode.ContentRequestSubmitted], events.Order());
    }

    [Fact]
    public async Task Decline_WithoutAReason_IsRefused_AndWithOneTheRequesterIsToldItInTheAppAndByEmail()
    {
        await using var scope = fixture.Scope();
        var (requests, icb) = await ServicesAsync(scope);
        var staff = await TestData.ActorAsync(scope.ServiceProvider, Staff, Ct);
        var manager = await TestData.ActorAsync(scope.ServiceProvider, Manager, Ct);
        var request = await requests.SubmitAsync(icb, Valid("Team away day photos"), staff, Ct);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => requests.DeclineAsync(icb, request.Id, "   ", manager, Ct));
        await requests.DeclineAsync(icb, request.Id, "Internal news goes in the staff bulletin, not on public channels.", manager, Ct);

        Assert.StartsWith("Enter why the request is declined", error.Errors["Reason"].Single(), StringComparison.Ordinal);
        await using var check = fixture.Scope();
        var db = Db(check);
        var stored = await db.ContentRequests.SingleAsync(r => r.Id == request.Id, Ct);
        Assert.Equal(ContentRequestStatus.Declined, stored.Status);
        Assert.Equal("Internal news goes in the staff bulletin, not on public channels.", stored.DeclineReason);
        Assert.Equal("Tom Okafor", stored.DecidedByName);
        var notification = await db.Notifications.SingleAsync(n => n.UserId == staff.UserId && n.Kind == "content-request-declined" && n.Link.EndsWith(request.Id.ToString()), Ct);
        Assert.Contains("staff bulletin", notification.Body, StringComparison.Ordinal);
        var email = await db.OutboxEmails.SingleAsync(e => e.To == Staff && e.Subject == "Your content request has been declined: Team away day photos", Ct);
        Assert.Contains("Internal news goes in the staff bulletin, not on public channels.", email.TextBody, StringComparison.Ordinal);
        Assert.True(await db.AuditEvents.AnyAsync(e => e.SubjectId == request.Id.ToString() && e.Code == AuditEventCode.ContentRequestDeclined, Ct));
        await Assert.ThrowsAsync<InvalidRequestException>(() => requests.AcceptAsync(icb, request.Id, manager, Ct));
    }

    [Fact]
    public async Task Accept_StartsADraftLinkedToTheRequestWithItsWordsAndPictures_AndTellsTheRequester()
    {
        await using var scope = fixture.Scope();
        var (requests, icb) = await ServicesAsync(scope);
        var staff = await TestData.ActorAsync(scope.ServiceProvider, Staff, Ct);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var request = await requests.SubmitAsync(icb, Valid("Community nurse vacancies", [new ContentRequestAttachment("team.png", new MemoryStream(TestImages.Png(9, 9)))]), staff, Ct);

        var postId = await requests.AcceptAsync(icb, request.Id, officer, Ct);

        await using var check = fixture.Scope();
        var db = Db(check);
        var post = await db.Posts.Include(p => p.Media).SingleAsync(p => p.Id == postId, Ct);
        Assert.Equal(PostState.Draft, post.State);
        Assert.Equal("Community nurse vacancies", post.Title);
        Assert.Equal(request.Id, post.ContentRequestId);
        Assert.Equal(officer.UserId, post.AuthorUserId);
        Assert.StartsWith("Our walk-in clinic at Riverside Library", post.Text, StringComparison.Ordinal);
        Assert.EndsWith("https://riverside.example/clinics", post.Text, StringComparison.Ordinal);
        Assert.Single(post.Media);
        var stored = await db.ContentRequests.SingleAsync(r => r.Id == request.Id, Ct);
        Assert.Equal((ContentRequestStatus.Accepted, postId), (stored.Status, stored.PostId));
        Assert.True(await db.OutboxEmails.AnyAsync(e => e.To == Staff && e.Subject == "Your content request has been accepted: Community nurse vacancies", Ct));
        Assert.True(await db.Notifications.AnyAsync(n => n.UserId == staff.UserId && n.Kind == "content-request-accepted", Ct));
        var codes = await db.AuditEvents.Where(e => e.SubjectId == request.Id.ToString() || e.SubjectId == postId.ToString()).Select(e => e.Code).ToListAsync(Ct);
        Assert.Contains(AuditEventCode.ContentRequestAccepted, codes);
        Assert.Contains(AuditEventCode.PostCreated, codes);

        // A second decision finds it already taken: no second draft.
        var again = await Assert.ThrowsAsync<InvalidRequestException>(() => requests.AcceptAsync(icb, request.Id, officer, Ct));
        Assert.Contains("already been accepted", again.Errors[""].Single(), StringComparison.Ordinal);
        Assert.Equal(1, await db.Posts.CountAsync(p => p.ContentRequestId == request.Id, Ct));
    }

    [Fact]
    public async Task Withdraw_BySomeoneElse_IsNotFound_AndByTheRequesterStopsTheTeamActingOnIt()
    {
        await using var scope = fixture.Scope();
        var (requests, icb) = await ServicesAsync(scope);
        var staff = await TestData.ActorAsync(scope.ServiceProvider, Staff, Ct);
        var manager = await TestData.ActorAsync(scope.ServiceProvider, Manager, Ct);
        var other = await TestData.AddPersonAsync(scope.ServiceProvider, icb, OrganisationRoles.StaffMember, Ct);
        var request = await requests.SubmitAsync(icb, Valid("Blood donation session"), staff, Ct);

        await Assert.ThrowsAsync<NotFoundException>(() => requests.WithdrawAsync(icb, request.Id, other, Ct));
        await requests.WithdrawAsync(icb, request.Id, staff, Ct);

        await using var check = fixture.Scope();
        Assert.Equal(ContentRequestStatus.Withdrawn, await Db(check).ContentRequests.Where(r => r.Id == request.Id).Select(r => r.Status).SingleAsync(Ct));
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => requests.DeclineAsync(icb, request.Id, "Too late", manager, Ct));
        Assert.Equal("This request cannot be declined: it has already been withdrawn.", error.Errors[""].Single());
    }

    [Fact]
    public void StartingText_OfAVeryLongRequest_FitsAPost()
    {
        var request = new ContentRequest { Details = new string('x', 9990), Links = "https://www.nhs.uk/a-long-address" };

        var text = ContentRequestService.StartingText(request);

        Assert.Equal(PostService.TextMaxLength, text.Length);
    }

    private SubmitContentRequestOptions Valid(string title, IReadOnlyList<ContentRequestAttachment>? attachments = null)
    {
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        return new SubmitContentRequestOptions(ContentRequestKind.Event, title,
            "Our walk-in clinic at Riverside Library gives flu jabs to adults aged 65 and over, every Saturday in October, 9am to 1pm.",
            "We have 200 places and want them all used before winter.", "Adults aged 65 and over in Riverside, and their carers",
            today.AddDays(2), today.AddDays(20), " https://www.nhs.uk/conditions/vaccinations/ \r\n\r\nhttps://riverside.example/clinics", attachments);
    }

    private static AppDbContext Db(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<AppDbContext>();

    private static async Task<(ContentRequestService Requests, Guid Icb)> ServicesAsync(AsyncServiceScope scope) =>
        (scope.ServiceProvider.GetRequiredService<ContentRequestService>(), await TestData.IcbAsync(scope.ServiceProvider, Ct));

    private async Task<(int Requests, int Media, int Events, int Notifications, int Emails)> CountsAsync(Guid organisationId)
    {
        await using var scope = fixture.Scope();
        var db = Db(scope);
        return (await db.ContentRequests.CountAsync(Ct), await db.MediaItems.CountAsync(Ct), await db.AuditEvents.CountAsync(e => e.OrganisationId == organisationId, Ct),
            await db.Notifications.CountAsync(Ct), await db.OutboxEmails.CountAsync(Ct));
    }
}
