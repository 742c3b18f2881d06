using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Platforms;

namespace Signpost.Core.Tests.Posts;

public sealed class PostServiceTests(PostsFixture fixture) : IClassFixture<PostsFixture>
{
    private const string Officer = "comms.officer@riverside.example";
    private const string Manager = "comms.manager@riverside.example";
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Approve_ByTheAuthor_IsRefusedAndNothingIsRecorded()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var manager = await TestData.ActorAsync(scope.ServiceProvider, Manager, Ct);
        var channel = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, ct: Ct);
        var post = await service.CreateAsync(icb, Options("Our new clinic opens on Monday.", channel), manager, Ct);
        await service.SubmitAsync(icb, post.Id, manager, Ct);
        var events = await EventCountAsync(icb);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => service.ApproveAsync(icb, post.Id, new ApprovePostOptions(), manager, Ct));

        Assert.StartsWith("You wrote this post, so you cannot approve it", error.Errors[""][0], StringComparison.Ordinal);
        var stored = await StoredAsync(post.Id);
        Assert.Equal(PostState.Submitted, stored.State);
        Assert.Empty(stored.Approvals);
        Assert.Equal(events, await EventCountAsync(icb));
    }

    [Fact]
    public async Task Approve_ByACommunicationsOfficer_IsRefused()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var otherOfficer = await TestData.AddPersonAsync(scope.ServiceProvider, icb, OrganisationRoles.CommunicationsOfficer, Ct);
        var channel = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, ct: Ct);
        var post = await SubmittedAsync(service, icb, officer, Options("Our new clinic opens on Monday.", channel));

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => service.ApproveAsync(icb, post.Id, new ApprovePostOptions(), otherOfficer, Ct));

        Assert.Equal("Only a communications manager can approve posts", error.Errors[""][0]);
        Assert.Empty((await StoredAsync(post.Id)).Approvals);
    }

    [Fact]
    public async Task Approve_OnAChannelThatNeedsTwoApprovals_SchedulesOnlyAfterASecondManager()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var first = await TestData.ActorAsync(scope.ServiceProvider, Manager, Ct);
        var second = await TestData.AddPersonAsync(scope.ServiceProvider, icb, OrganisationRoles.CommunicationsManager, Ct);
        var oneApproval = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, ct: Ct);
        var twoApprovals = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, approvalsRequired: 2, ct: Ct);
        var post = await SubmittedAsync(service, icb, officer, Options("Flu vaccines are available at your pharmacy.", oneApproval, twoApprovals) with { ScheduledFor = Now.AddDays(2) });

        await service.ApproveAsync(icb, post.Id, new ApprovePostOptions(1), first, Ct);
        var again = await Assert.ThrowsAsync<InvalidRequestException>(() => service.ApproveAsync(icb, post.Id, new ApprovePostOptions(1), first, Ct));
        var afterOne = await StoredAsync(post.Id);

        Assert.StartsWith("You have already approved this version", again.Errors[""][0], StringComparison.Ordinal);
        Assert.Equal(PostState.Submitted, afterOne.State);
        Assert.Equal(new ApprovalProgress(1, 2), await ProgressAsync(post.Id));
        Assert.All(afterOne.Publications, p => Assert.Null(p.AvailableAt));

        await service.ApproveAsync(icb, post.Id, new ApprovePostOptions(1), second, Ct);

        var approved = await StoredAsync(post.Id);
        Assert.Equal(PostState.Scheduled, approved.State);
        Assert.Equal([first.Name, second.Name], approved.Approvals.OrderBy(a => a.ApprovedAt).ThenBy(a => a.Id).Select(a => a.ApproverName));
        Assert.All(approved.Publications, p =>
        {
            Assert.Equal(PublicationState.Pending, p.State);
            Assert.Equal(Now.AddDays(2), p.DueAt);
            Assert.Equal(Now.AddDays(2), p.AvailableAt);
        });
    }

    [Fact]
    public async Task Update_AfterApproval_SendsThePostBackForApprovalAndTakesItOffTheSchedule()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var manager = await TestData.ActorAsync(scope.ServiceProvider, Manager, Ct);
        var channel = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, ct: Ct);
        var options = Options("Our new clinic opens on Monday.", channel) with { ScheduledFor = Now.AddDays(3) };
        var post = await SubmittedAsync(service, icb, officer, options);
        await service.ApproveAsync(icb, post.Id, new ApprovePostOptions(1), manager, Ct);
        Assert.Equal(PostState.Scheduled, (await StoredAsync(post.Id)).State);

        // The approver changes it: that too needs approving again, by someone else.
        await service.UpdateAsync(icb, post.Id, options with { Text = "Our new clinic opens on Tuesday." }, 1, manager, Ct);

        var stored = await StoredAsync(post.Id);
        Assert.Equal(PostState.Submitted, stored.State);
        Assert.Equal(2, stored.Version);
        Assert.Equal("Our new clinic opens on Tuesday.", stored.Text);
        Assert.Null(stored.ApprovedAt);
        Assert.Equal(new ApprovalProgress(0, 1), await ProgressAsync(post.Id));
        var publication = Assert.Single(stored.Publications);
        Assert.Equal(PublicationState.Pending, publication.State);
        Assert.Null(publication.DueAt);
        Assert.Null(publication.AvailableAt);
        var codes = await LastEventCodesAsync(icb, 2);
        Assert.Equal([AuditEventCode.PostUpdated, AuditEventCode.PostReturnedForApproval], codes);
    }

    [Fact]
    public async Task Approve_WithAnErrorFinding_IsBlockedUntilAnApproverOverridesItWithAReason()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var manager = await TestData.ActorAsync(scope.ServiceProvider, Manager, Ct);
        var channel = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, ct: Ct);
        var post = await SubmittedAsync(service, icb, officer, Options("Call 01632 960 123 to book your appointment.", channel));

        var blocked = await Assert.ThrowsAsync<InvalidRequestException>(() => service.ApproveAsync(icb, post.Id, new ApprovePostOptions(1), manager, Ct));
        var noReason = await Assert.ThrowsAsync<InvalidRequestException>(() => service.OverrideFindingAsync(icb, post.Id, "IG-PHONE", channel.Id, "  ", manager, Ct));
        var byAuthor = await Assert.ThrowsAsync<InvalidRequestException>(() => service.OverrideFindingAsync(icb, post.Id, "IG-PHONE", channel.Id, "It is the booking line", officer, Ct));

        Assert.StartsWith("IG-PHONE on ", blocked.Errors["Findings"][0], StringComparison.Ordinal);
        Assert.Equal("Enter why the post may go out with this finding", noReason.Errors["Reason"][0]);
        Assert.Equal("Only a communications manager can override findings", byAuthor.Errors[""][0]);
        Assert.Equal(PostState.Submitted, (await StoredAsync(post.Id)).State);

        await service.OverrideFindingAsync(icb, post.Id, "IG-PHONE", channel.Id, "This is the new clinic's booking line, published on our website", manager, Ct);
        await service.ApproveAsync(icb, post.Id, new ApprovePostOptions(1), manager, Ct);

        var stored = await StoredAsync(post.Id);
        Assert.Equal(PostState.Scheduled, stored.State);
        var recorded = Assert.Single(stored.Overrides);
        Assert.Equal("IG-PHONE", recorded.Code);
        Assert.Equal(channel.Id, recorded.ChannelId);
        Assert.Equal("01632 960 123", recorded.Excerpt);
        Assert.False(string.IsNullOrWhiteSpace(recorded.Message));
        Assert.Equal("This is the new clinic's booking line, published on our website", recorded.Reason);
        Assert.Equal(manager.Name, recorded.ApproverName);
        Assert.Equal(1, recorded.PostVersion);
        var overridden = await LastEventAsync(icb, AuditEventCode.FindingOverridden);
        Assert.Contains("01632 960 123", overridden.Changes, StringComparison.Ordinal);
        Assert.Contains("booking line", overridden.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_WithOverridesInTheSameStep_StoresThemAndApproves()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var manager = await TestData.ActorAsync(scope.ServiceProvider, Manager, Ct);
        var channel = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, ct: Ct);
        var post = await SubmittedAsync(service, icb, officer, Options("Call 01632 960 123 to book your appointment.", channel));

        await service.ApproveAsync(icb, post.Id, new ApprovePostOptions(1, [new OverrideFindingOptions("IG-PHONE", null, "Booking line")]), manager, Ct);

        var stored = await StoredAsync(post.Id);
        Assert.Equal(PostState.Scheduled, stored.State);
        Assert.Null(Assert.Single(stored.Overrides).ChannelId);
    }

    [Fact]
    public async Task Approve_ForALondonTimeInSummerAndInWinter_SchedulesTheRightUtcInstant()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var manager = await TestData.ActorAsync(scope.ServiceProvider, Manager, Ct);
        var channel = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, ct: Ct);
        var summer = PostTimes.Read(new LondonDateTimeInput("24", "6", "2026", "7:30pm"));
        var winter = PostTimes.Read(new LondonDateTimeInput("24", "11", "2026", "19:30"));
        var inSummer = await SubmittedAsync(service, icb, officer, Options("Our summer fete is on Saturday.", channel) with { ScheduledFor = summer });
        var inWinter = await SubmittedAsync(service, icb, officer, Options("Our winter fair is on Saturday.", channel) with { ScheduledFor = winter });

        await service.ApproveAsync(icb, inSummer.Id, new ApprovePostOptions(1), manager, Ct);
        await service.ApproveAsync(icb, inWinter.Id, new ApprovePostOptions(1), manager, Ct);

        var bst = Assert.Single((await StoredAsync(inSummer.Id)).Publications);
        var gmt = Assert.Single((await StoredAsync(inWinter.Id)).Publications);
        Assert.Equal(new DateTimeOffset(2026, 6, 24, 18, 30, 0, TimeSpan.Zero), bst.DueAt);
        Assert.Equal(bst.DueAt, bst.AvailableAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 19, 30, 0, TimeSpan.Zero), gmt.DueAt);
        Assert.Equal(gmt.DueAt, gmt.AvailableAt);
        Assert.Equal("24 June 2026, 7:30pm BST", PostTimes.Format(bst.DueAt!.Value));
        Assert.Equal("24 November 2026, 7:30pm GMT", PostTimes.Format(gmt.DueAt!.Value));
    }

    [Fact]
    public void Read_InTheRepeatedAutumnHour_AsksWhichOneAndEachAnswerIsAnHourApart()
    {
        var error = Assert.Throws<InvalidRequestException>(() => PostTimes.Read(new LondonDateTimeInput("25", "10", "2026", "1:30am")));
        var bst = PostTimes.Read(new LondonDateTimeInput("25", "10", "2026", "1:30am", "bst"));
        var gmt = PostTimes.Read(new LondonDateTimeInput("25", "10", "2026", "01:30", "gmt"));

        Assert.Contains("happens twice", error.Errors[PostTimes.ClockField][0], StringComparison.Ordinal);
        Assert.True(PostTimes.IsRepeatedHour(new LondonDateTimeInput("25", "10", "2026", "1:30am")));
        Assert.False(PostTimes.IsRepeatedHour(new LondonDateTimeInput("25", "10", "2026", "2:30am")));
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), bst);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero), gmt);
        Assert.Equal("25 October 2026, 1:30am BST", PostTimes.Format(bst));
        Assert.Equal("25 October 2026, 1:30am GMT", PostTimes.Format(gmt));
    }

    [Fact]
    public void Read_InTheSpringGap_IsRefusedWithAClearMessage()
    {
        var error = Assert.Throws<InvalidRequestException>(() => PostTimes.Read(new LondonDateTimeInput("29", "3", "2026", "1:30am")));

        Assert.Equal("1:30am on 29 March 2026 does not exist: the clocks go forward from 1am to 2am that night. Enter a time before 1am or from 2am", error.Errors[PostTimes.TimeField][0]);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), PostTimes.Read(new LondonDateTimeInput("29", "3", "2026", "2am")));
    }

    [Theory]
    [InlineData("14:30", 14, 30)]
    [InlineData("2.30pm", 14, 30)]
    [InlineData("2:30 PM", 14, 30)]
    [InlineData("9am", 9, 0)]
    [InlineData("12am", 0, 0)]
    [InlineData("12pm", 12, 0)]
    [InlineData("midday", 12, 0)]
    [InlineData("00:05", 0, 5)]
    public void TryParseTime_TheWaysPeopleWriteTimes_AreRead(string text, int hour, int minute)
    {
        Assert.True(PostTimes.TryParseTime(text, out var time));
        Assert.Equal(new TimeOnly(hour, minute), time);
    }

    [Theory]
    [InlineData("9")]
    [InlineData("25:00")]
    [InlineData("13pm")]
    [InlineData("9:75")]
    [InlineData("tea time")]
    public void TryParseTime_WhatIsNotATime_IsRefused(string text) => Assert.False(PostTimes.TryParseTime(text, out _));

    [Fact]
    public async Task Approve_WhenItsTimeHasPassed_AsksForANewTimeOrPublishNow()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var manager = await TestData.ActorAsync(scope.ServiceProvider, Manager, Ct);
        var channel = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, ct: Ct);
        var post = await SubmittedAsync(service, icb, officer, Options("Walk-in clinic this afternoon.", channel) with { ScheduledFor = Now.AddHours(2) });
        fixture.Clock.Set(Now.AddHours(3));

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => service.ApproveAsync(icb, post.Id, new ApprovePostOptions(1), manager, Ct));
        Assert.Equal("This post was due to go out at 1 June 2026, 12pm BST, which has passed. Choose a new time, or publish it as soon as it is approved", error.Errors["ScheduledFor"][0]);
        Assert.Empty((await StoredAsync(post.Id)).Approvals);

        await service.ApproveAsync(icb, post.Id, new ApprovePostOptions(1, PublishNow: true), manager, Ct);

        var stored = await StoredAsync(post.Id);
        Assert.Equal(PostState.Scheduled, stored.State);
        Assert.Null(stored.ScheduledFor);
        Assert.Equal(Now.AddHours(3), Assert.Single(stored.Publications).AvailableAt);
    }

    [Fact]
    public async Task ScheduleAndUnschedule_AnApprovedPost_MoveItsPublicationsOnAndOffTheQueue()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var manager = await TestData.ActorAsync(scope.ServiceProvider, Manager, Ct);
        var channel = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, status: ChannelStatus.Paused, ct: Ct);
        var post = await SubmittedAsync(service, icb, officer, Options("Our annual report is out.", channel) with { ScheduledFor = Now.AddDays(1) });
        await service.ApproveAsync(icb, post.Id, new ApprovePostOptions(1), manager, Ct);

        await service.UnscheduleAsync(icb, post.Id, officer, Ct);
        var unscheduled = await StoredAsync(post.Id);
        Assert.Equal(PostState.Approved, unscheduled.State);
        Assert.Null(Assert.Single(unscheduled.Publications).AvailableAt);

        var past = await Assert.ThrowsAsync<InvalidRequestException>(() => service.ScheduleAsync(icb, post.Id, Now.AddMinutes(-1), officer, Ct));
        Assert.Equal("The time must be in the future", past.Errors["ScheduledFor"][0]);

        await service.ScheduleAsync(icb, post.Id, null, officer, Ct);
        var now = await StoredAsync(post.Id);
        Assert.Equal(PostState.Scheduled, now.State);
        Assert.Null(now.ScheduledFor);
        Assert.Equal(Now, Assert.Single(now.Publications).DueAt);
        Assert.Equal(Now, now.Publications[0].AvailableAt);
    }

    [Fact]
    public async Task Update_OfAScheduledPost_TakesItOffTheSchedule()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var manager = await TestData.ActorAsync(scope.ServiceProvider, Manager, Ct);
        var channel = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, ct: Ct);
        var other = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, ct: Ct);
        var options = Options("Our annual report is out.", channel) with { ScheduledFor = Now.AddDays(1) };
        var post = await SubmittedAsync(service, icb, officer, options);
        await service.ApproveAsync(icb, post.Id, new ApprovePostOptions(1), manager, Ct);

        await service.UpdateAsync(icb, post.Id, options with { ChannelIds = [channel.Id, other.Id], Variants = new Dictionary<Guid, string?> { [other.Id] = "Read our annual report." } }, 1, officer, Ct);

        var stored = await StoredAsync(post.Id);
        Assert.Equal(PostState.Submitted, stored.State);
        Assert.Equal(2, stored.Publications.Count);
        Assert.All(stored.Publications, p => Assert.Null(p.AvailableAt));
        Assert.Equal("Read our annual report.", stored.Publications.Single(p => p.ChannelId == other.Id).Text);
        Assert.Null(stored.Publications.Single(p => p.ChannelId == channel.Id).Text);
    }

    [Fact]
    public async Task Cancel_AScheduledPost_CancelsItAndItsPendingPublications()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var manager = await TestData.ActorAsync(scope.ServiceProvider, Manager, Ct);
        var channel = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, ct: Ct);
        var post = await SubmittedAsync(service, icb, officer, Options("Our annual report is out.", channel) with { ScheduledFor = Now.AddDays(1) });
        await service.ApproveAsync(icb, post.Id, new ApprovePostOptions(1), manager, Ct);

        await service.CancelAsync(icb, post.Id, officer, Ct);

        var stored = await StoredAsync(post.Id);
        Assert.Equal(PostState.Cancelled, stored.State);
        var publication = Assert.Single(stored.Publications);
        Assert.Equal(PublicationState.Cancelled, publication.State);
        Assert.Null(publication.AvailableAt);
        var again = await Assert.ThrowsAsync<InvalidRequestException>(() => service.CancelAsync(icb, post.Id, officer, Ct));
        Assert.Equal("This post has already been cancelled", again.Errors[""][0]);
        var edit = await Assert.ThrowsAsync<InvalidRequestException>(() => service.UpdateAsync(icb, post.Id, Options("Changed", channel), 1, officer, Ct));
        Assert.Equal("This post is cancelled: it can no longer be changed", edit.Errors[""][0]);
    }

    [Fact]
    public async Task Update_WithAnOlderVersion_IsAConflictAndSavesNothing()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var manager = await TestData.ActorAsync(scope.ServiceProvider, Manager, Ct);
        var channel = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, ct: Ct);
        var post = await service.CreateAsync(icb, Options("Version one.", channel), officer, Ct);
        await service.UpdateAsync(icb, post.Id, Options("Version two, by the officer.", channel), 1, officer, Ct);
        var events = await EventCountAsync(icb);

        await using var other = Start();
        var error = await Assert.ThrowsAsync<PostConflictException>(() => Service(other).UpdateAsync(icb, post.Id, Options("Version two, by the manager.", channel) with { Title = "Manager's title" }, 1, manager, Ct));

        Assert.Equal(2, error.CurrentVersion);
        var stored = await StoredAsync(post.Id);
        Assert.Equal("Version two, by the officer.", stored.Text);
        Assert.Equal(2, stored.Version);
        Assert.Equal(events, await EventCountAsync(icb));
    }

    [Fact]
    public async Task Update_WhenAnotherSaveWinsTheRace_IsAConflictAndNothingIsHalfSaved()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var manager = await TestData.ActorAsync(scope.ServiceProvider, Manager, Ct);
        var channel = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, ct: Ct);
        var other = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, ct: Ct);
        var post = await service.CreateAsync(icb, Options("Version one.", channel), officer, Ct);

        // The manager's unit of work read version 1 before the officer saved version 2.
        await using var managers = Start();
        var stale = await managers.ServiceProvider.GetRequiredService<AppDbContext>().Posts
            .Include(p => p.Publications).Include(p => p.Media).Include(p => p.Approvals).Include(p => p.Overrides)
            .SingleAsync(p => p.Id == post.Id, Ct);
        Assert.Equal(1, stale.Version);
        await service.UpdateAsync(icb, post.Id, Options("Version two, by the officer.", channel), 1, officer, Ct);
        var events = await EventCountAsync(icb);

        await Assert.ThrowsAsync<PostConflictException>(() =>
            Service(managers).UpdateAsync(icb, post.Id, Options("Version two, by the manager.", channel, other), 1, manager, Ct));

        var stored = await StoredAsync(post.Id);
        Assert.Equal("Version two, by the officer.", stored.Text);
        Assert.Equal(2, stored.Version);
        Assert.Equal(channel.Id, Assert.Single(stored.Publications).ChannelId);
        Assert.Equal(events, await EventCountAsync(icb));
    }

    [Fact]
    public async Task RequestChanges_WithoutAReason_IsRefusedAndWithOneGoesBackToTheAuthor()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var manager = await TestData.ActorAsync(scope.ServiceProvider, Manager, Ct);
        var channel = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, ct: Ct);
        var post = await SubmittedAsync(service, icb, officer, Options("Our new clinic opens on Monday.", channel));

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => service.RequestChangesAsync(icb, post.Id, " ", manager, Ct));
        Assert.Equal("Enter what needs to change", error.Errors["Reason"][0]);

        await service.RequestChangesAsync(icb, post.Id, "Say which clinic, and its address.", manager, Ct);

        var stored = await StoredAsync(post.Id);
        Assert.Equal(PostState.ChangesRequested, stored.State);
        Assert.Equal("Say which clinic, and its address.", stored.ChangesRequestedReason);
        var notification = await Data(scope).Notifications.Where(n => n.UserId == officer.UserId && n.Kind == "post-changes-requested").OrderByDescending(n => n.CreatedAt).FirstAsync(Ct);
        Assert.Contains("Say which clinic", notification.Body, StringComparison.Ordinal);
        Assert.Equal($"/o/riverside-icb/posts/{post.Id}", notification.Link);

        await service.SubmitAsync(icb, post.Id, officer, Ct);
        var resubmitted = await StoredAsync(post.Id);
        Assert.Equal(PostState.Submitted, resubmitted.State);
        Assert.Null(resubmitted.ChangesRequestedReason);
    }

    [Fact]
    public async Task Submit_WithoutAChannel_IsRefused()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var post = await service.CreateAsync(icb, new SavePostOptions(null, "A draft with no channel yet.", []), officer, Ct);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => service.SubmitAsync(icb, post.Id, officer, Ct));

        Assert.Equal("Choose at least one channel before you submit the post", error.Errors["ChannelIds"][0]);
        Assert.Equal("A draft with no channel yet.", (await StoredAsync(post.Id)).Title);
    }

    [Fact]
    public async Task Submit_NotifiesTheManagersButNotTheAuthor()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var manager = await TestData.ActorAsync(scope.ServiceProvider, Manager, Ct);
        var channel = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, ct: Ct);

        var post = await SubmittedAsync(service, icb, officer, Options("Our new clinic opens on Monday.", channel) with { Title = "New clinic" });

        var db = Data(scope);
        Assert.True(await db.Notifications.AnyAsync(n => n.UserId == manager.UserId && n.Link.EndsWith(post.Id.ToString()) && n.Title == "Post awaiting your approval: New clinic", Ct));
        Assert.False(await db.Notifications.AnyAsync(n => n.UserId == officer.UserId && n.Link.EndsWith(post.Id.ToString()), Ct));
        Assert.True(await db.OutboxEmails.AnyAsync(e => e.To == Manager && e.Subject == "Post awaiting your approval: New clinic", Ct));
    }

    [Fact]
    public async Task Check_ALongPost_FindsThePlatformLengthOnlyWhereThePlatformLimitsIt()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var sandbox = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, "A Sandbox", Network.Sandbox, ct: Ct);
        var bluesky = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, "B Bluesky", Network.Bluesky, ct: Ct);
        var longText = string.Join(' ', Enumerable.Repeat("Our new clinic opens on Monday in the town centre.", 8));
        var post = await service.CreateAsync(icb, Options(longText, sandbox, bluesky) with { Variants = new Dictionary<Guid, string?> { [sandbox.Id] = longText + " Sandbox." } }, officer, Ct);
        var organisation = await Data(scope).Organisations.SingleAsync(o => o.Id == icb, Ct);

        var findings = await service.CheckAsync(organisation, await StoredAsync(post.Id), Ct);

        Assert.Equal([sandbox.Id, bluesky.Id], findings.Select(f => f.Channel!.Id));
        Assert.True(findings[0].HasOwnText);
        Assert.EndsWith("Sandbox.", findings[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(findings[0].Findings, f => f.Code == "PLATFORM-LENGTH");
        Assert.Contains(findings[1].Findings, f => f.Code == "PLATFORM-LENGTH");
    }

    [Fact]
    public async Task Create_WithMistakes_SaysWhatIsWrongPerFieldAndSavesNothing()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var events = await EventCountAsync(icb);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => service.CreateAsync(icb,
            new SavePostOptions(new string('t', 201), " ", [Guid.NewGuid()], MediaIds: [Guid.NewGuid()], ScheduledFor: Now.AddMinutes(-5)), officer, Ct));

        Assert.Equal("The title must be 200 characters or fewer", error.Errors["Title"][0]);
        Assert.Equal("Enter the text of the post", error.Errors["Text"][0]);
        Assert.Equal("One of the channels chosen does not exist in this organisation", error.Errors["ChannelIds"][0]);
        Assert.Equal("One of the images or videos chosen is not in the media library", error.Errors["MediaIds"][0]);
        Assert.Equal("The time the post goes out must be in the future", error.Errors["ScheduledFor"][0]);
        Assert.Equal(events, await EventCountAsync(icb));
    }

    [Fact]
    public async Task Create_WithAnImage_ChecksItsAltText()
    {
        await using var scope = Start();
        var (service, icb) = await ServicesAsync(scope);
        var officer = await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct);
        var channel = await TestData.CreateChannelAsync(scope.ServiceProvider, icb, ct: Ct);
        var noAlt = await TestData.CreateImageAsync(scope.ServiceProvider, icb, null, Ct);
        var withAlt = await TestData.CreateImageAsync(scope.ServiceProvider, icb, "Nurses outside the new clinic", Ct);
        var organisation = await Data(scope).Organisations.SingleAsync(o => o.Id == icb, Ct);

        var post = await service.CreateAsync(icb, Options("Our new clinic opens on Monday.", channel) with { MediaIds = [withAlt.Id, noAlt.Id] }, officer, Ct);
        var findings = await service.CheckAsync(organisation, await StoredAsync(post.Id), Ct);

        Assert.Equal([withAlt.Id, noAlt.Id], (await StoredAsync(post.Id)).Media.OrderBy(m => m.Position).Select(m => m.MediaItemId));
        Assert.Contains(Assert.Single(findings).Findings, f => f.Code == "A11Y-ALT-MISSING");
    }

    private AsyncServiceScope Start()
    {
        fixture.Clock.Set(Now);
        return fixture.Scope();
    }

    private static PostService Service(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<PostService>();

    private static AppDbContext Data(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<AppDbContext>();

    private static async Task<(PostService Service, Guid Icb)> ServicesAsync(AsyncServiceScope scope) =>
        (Service(scope), await TestData.IcbAsync(scope.ServiceProvider, Ct));

    private static SavePostOptions Options(string text, params Channel[] channels) => new(null, text, [.. channels.Select(c => c.Id)]);

    private static async Task<Post> SubmittedAsync(PostService service, Guid icb, Actor author, SavePostOptions options)
    {
        var post = await service.CreateAsync(icb, options, author, Ct);
        await service.SubmitAsync(icb, post.Id, author, Ct);
        return post;
    }

    private async Task<Post> StoredAsync(Guid postId)
    {
        await using var scope = fixture.Scope();
        return await Data(scope).Posts.AsNoTracking()
            .Include(p => p.Publications).Include(p => p.Media).Include(p => p.Approvals).Include(p => p.Overrides)
            .SingleAsync(p => p.Id == postId, Ct);
    }

    private async Task<ApprovalProgress> ProgressAsync(Guid postId)
    {
        await using var scope = fixture.Scope();
        return await Service(scope).ProgressAsync(await StoredAsync(postId), Ct);
    }

    private async Task<int> EventCountAsync(Guid organisationId)
    {
        await using var scope = fixture.Scope();
        return await Data(scope).AuditEvents.CountAsync(e => e.OrganisationId == organisationId, Ct);
    }

    private async Task<List<AuditEventCode>> LastEventCodesAsync(Guid organisationId, int count)
    {
        await using var scope = fixture.Scope();
        var codes = await Data(scope).AuditEvents.Where(e => e.OrganisationId == organisationId)
            .OrderByDescending(e => e.Sequence).Take(count).Select(e => e.Code).ToListAsync(Ct);
        codes.Reverse();
        return codes;
    }

    private async Task<AuditEvent> LastEventAsync(Guid organisationId, AuditEventCode code)
    {
        await using var scope = fixture.Scope();
        return await Data(scope).AuditEvents.Where(e => e.OrganisationId == organisationId && e.Code == code).OrderByDescending(e => e.Sequence).FirstAsync(Ct);
    }
}
