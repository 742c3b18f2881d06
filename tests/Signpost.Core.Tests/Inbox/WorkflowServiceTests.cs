using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Platforms;
using Signpost.Platforms.Inbox;
using Signpost.Policy;
using Signpost.Policy.Triage;

namespace Signpost.Core.Tests.Inbox;

public sealed class WorkflowServiceTests(WorkflowFixture fixture) : IClassFixture<WorkflowFixture>
{
    private const string Officer = "comms.officer@riverside.example";
    private const string Manager = "comms.manager@riverside.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Tuesday 24 November 2026, 10:00 in London (GMT): working hours.
    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    private static async Task<(Organisation Icb, Channel Channel)> SetUpAsync(IServiceProvider services, Network network = Network.Sandbox, string slug = "riverside-icb")
    {
        var db = services.GetRequiredService<AppDbContext>();
        var icb = await db.Organisations.SingleAsync(o => o.Slug == slug, Ct);
        return (icb, await WorkflowTestData.ChannelAsync(services, icb.Id, network, Ct));
    }

    private static async Task<Actor> ActorAsync(IServiceProvider services, string email)
    {
        var user = await services.GetRequiredService<AppDbContext>().Users.SingleAsync(u => u.Email == email, Ct);
        return AccountService.ActorFor(user);
    }

    [Fact]
    public async Task List_WithFilters_ShowsOnlyTheMatchingMessages()
    {
        await using var scope = fixture.Scope();
        var s = scope.ServiceProvider;
        var (icb, channel) = await SetUpAsync(s);
        var officer = await ActorAsync(s, Officer);
        var inbox = s.GetRequiredService<InboxService>();
        var medical = await WorkflowTestData.MessageAsync(s, channel, "Can I take ibuprofen with my tablets?", [TriageLabel.MedicalQuestion], Now.AddMinutes(-10), ct: Ct);
        var urgent = await WorkflowTestData.MessageAsync(s, channel, "Someone has collapsed outside the clinic", [TriageLabel.PatientSafety], Now.AddMinutes(-5), ct: Ct);
        var praise = await WorkflowTestData.MessageAsync(s, channel, "Lovely staff, thank you", [TriageLabel.Praise], Now.AddMinutes(-20), status: InboxStatus.Closed, ct: Ct);
        await inbox.AssignAsync(icb.Id, medical.Id, officer.UserId, 0, officer, Ct);

        async Task<List<Guid>> Ids(InboxQuery q) => [.. (await inbox.ListAsync(icb, q with { ChannelId = channel.Id }, Ct)).Items.Select(i => i.Id)];

        Assert.Equal([urgent.Id, medical.Id, praise.Id], await Ids(new InboxQuery()));
        Assert.Equal([medical.Id], await Ids(new InboxQuery(Label: TriageLabel.MedicalQuestion)));
        Assert.Equal([urgent.Id], await Ids(new InboxQuery(Priority: TriagePriority.Urgent)));
        Assert.Equal([urgent.Id, medical.Id], await Ids(new InboxQuery(Statuses: InboxService.OpenStatuses)));
        Assert.Equal([praise.Id], await Ids(new InboxQuery(Statuses: [InboxStatus.Closed])));
        Assert.Equal([medical.Id], await Ids(new InboxQuery(Assignee: "me", Me: officer.UserId)));
        Assert.Equal([urgent.Id, praise.Id], await Ids(new InboxQuery(Assignee: "unassigned")));
        Assert.Equal([urgent.Id], await Ids(new InboxQuery(Search: "COLLAPSED")));
        Assert.Equal([urgent.Id, medical.Id, praise.Id], await Ids(new InboxQuery(Order: InboxOrder.MostUrgent)));
    }

    [Fact]
    public async Task List_PagedByCursor_GivesEveryMessageOnceInOrder()
    {
        await using var scope = fixture.Scope();
        var s = scope.ServiceProvider;
        var (icb, channel) = await SetUpAsync(s);
        var inbox = s.GetRequiredService<InboxService>();
        var same = Now.AddMinutes(-30);
        var made = new List<InboxMessage>();
        for (var i = 0; i < 7; i++)
        {
            // Three share one received time, so that the id breaks the tie.
            made.Add(await WorkflowTestData.MessageAsync(s, channel, $"Message {i}", [], i < 3 ? same : Now.AddMinutes(-i), ct: Ct));
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await inbox.ListAsync(icb, new InboxQuery(ChannelId: channel.Id, PageSize: 3, Cursor: cursor), Ct);
            seen.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        var all = (await inbox.ListAsync(icb, new InboxQuery(ChannelId: channel.Id, PageSize: 100), Ct)).Items.Select(i => i.Id).ToList();
        Assert.Equal(3, pages);
        Assert.Equal(7, seen.Distinct().Count());
        Assert.Equal(all, seen);
        Assert.Equal(made.OrderByDescending(m => m.ReceivedAt).Select(m => m.ReceivedAt), seen.Select(id => made.Single(m => m.Id == id).ReceivedAt));
    }

    [Fact]
    public async Task List_ClockStates_AreShownAndFiltered()
    {
        await using var scope = fixture.Scope();
        var s = scope.ServiceProvider;
        var (icb, channel) = await SetUpAsync(s);
        var inbox = s.GetRequiredService<InboxService>();
        var waiting = await WorkflowTestData.MessageAsync(s, channel, "waiting", dueAt: Now.AddHours(2), ct: Ct);
        var dueSoon = await WorkflowTestData.MessageAsync(s, channel, "due soon", dueAt: Now.AddMinutes(20), ct: Ct);
        var overdue = await WorkflowTestData.MessageAsync(s, channel, "overdue", receivedAt: Now.AddHours(-3), dueAt: Now.AddMinutes(-45), ct: Ct);
        var inTime = await WorkflowTestData.MessageAsync(s, channel, "in time", receivedAt: Now.AddHours(-1), dueAt: Now.AddHours(1), respondedAt: Now.AddMinutes(-30), status: InboxStatus.Replied, ct: Ct);
        var late = await WorkflowTestData.MessageAsync(s, channel, "late", receivedAt: Now.AddHours(-4), dueAt: Now.AddHours(-2), respondedAt: Now.AddHours(-1), status: InboxStatus.Replied, ct: Ct);
        var uncounted = await WorkflowTestData.MessageAsync(s, channel, "not counted", noDue: true, ct: Ct);

        var all = (await inbox.ListAsync(icb, new InboxQuery(ChannelId: channel.Id), Ct)).Items.ToDictionary(i => i.Id);
        Assert.Equal(ClockState.Waiting, all[waiting.Id].Clock.State);
        Assert.Equal("Due in 2 hours of working time", all[waiting.Id].Clock.Text);
        Assert.Equal(ClockState.DueSoon, all[dueSoon.Id].Clock.State);
        Assert.Equal(ClockState.Overdue, all[overdue.Id].Clock.State);
        Assert.Equal("Overdue by 45 minutes of working time", all[overdue.Id].Clock.Text);
        Assert.Equal(ClockState.RespondedInTime, all[inTime.Id].Clock.State);
        Assert.Equal(ClockState.RespondedLate, all[late.Id].Clock.State);
        Assert.Equal(ClockState.NotCounted, all[uncounted.Id].Clock.State);

        async Task<HashSet<Guid>> Ids(ClockFilter f) => [.. (await inbox.ListAsync(icb, new InboxQuery(ChannelId: channel.Id, Clock: f), Ct)).Items.Select(i => i.Id)];
        Assert.Equal([waiting.Id, dueSoon.Id], await Ids(ClockFilter.Waiting));
        Assert.Equal([dueSoon.Id], await Ids(ClockFilter.DueSoon));
        Assert.Equal([overdue.Id, late.Id], await Ids(ClockFilter.Breached));
        Assert.Equal([inTime.Id, late.Id], await Ids(ClockFilter.Responded));
        Assert.Equal([uncounted.Id], await Ids(ClockFilter.NotCounted));
    }

    [Fact]
    public async Task Assign_WithAnOldVersion_IsRefusedAndChangesNothing()
    {
        await using var scope = fixture.Scope();
        var s = scope.ServiceProvider;
        var (icb, channel) = await SetUpAsync(s);
        var officer = await ActorAsync(s, Officer);
        var manager = await ActorAsync(s, Manager);
        var inbox = s.GetRequiredService<InboxService>();
        var message = await WorkflowTestData.MessageAsync(s, channel, "Where do I park?", [TriageLabel.Enquiry], ct: Ct);

        await inbox.AssignAsync(icb.Id, message.Id, officer.UserId, 0, manager, Ct);
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => inbox.AssignAsync(icb.Id, message.Id, manager.UserId, 0, manager, Ct));

        Assert.Equal(InboxService.ConcurrencyMessage, error.Errors[""].Single());
        await using var check = fixture.Scope();
        var db = check.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.InboxMessages.SingleAsync(m => m.Id == message.Id, Ct);
        Assert.Equal((officer.UserId, InboxStatus.Assigned, 1), (stored.AssigneeUserId, stored.Status, stored.Version));
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.SubjectId == message.Id.ToString() && e.Code == AuditEventCode.InboxMessageAssigned, Ct));
    }

    [Fact]
    public async Task Assign_ToSomeoneOutsideTheTeam_IsRefused()
    {
        await using var scope = fixture.Scope();
        var s = scope.ServiceProvider;
        var (icb, channel) = await SetUpAsync(s);
        var auditor = await ActorAsync(s, "auditor@riverside.example");
        var message = await WorkflowTestData.MessageAsync(s, channel, "Hello", ct: Ct);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => s.GetRequiredService<InboxService>().AssignAsync(icb.Id, message.Id, auditor.UserId, 0, auditor, Ct));

        Assert.Equal("Select someone in the communications team", error.Errors["AssigneeUserId"].Single());
    }

    [Fact]
    public async Task NotesAndStatus_AreSavedAndAudited_AndClosedMessagesReopen()
    {
        await using var scope = fixture.Scope();
        var s = scope.ServiceProvider;
        var (icb, channel) = await SetUpAsync(s);
        var officer = await ActorAsync(s, Officer);
        var inbox = s.GetRequiredService<InboxService>();
        var message = await WorkflowTestData.MessageAsync(s, channel, "My mum's phone is 07700 900123", [TriageLabel.PersonalData], ct: Ct);

        await inbox.AddNoteAsync(icb.Id, message.Id, "Called PALS about 07700 900123", officer, Ct);
        await inbox.CloseAsync(icb.Id, message.Id, 0, officer, Ct);
        await inbox.ReopenAsync(icb.Id, message.Id, 1, officer, Ct);

        var conversation = await inbox.ConversationAsync(icb, message.Id, Ct);
        Assert.Equal("Called PALS about 07700 900123", conversation!.Notes.Single().Text);
        Assert.Equal(InboxStatus.New, conversation.Message.Status);
        var events = await s.GetRequiredService<AppDbContext>().AuditEvents.Where(e => e.SubjectId == message.Id.ToString()).OrderBy(e => e.Sequence).ToListAsync(Ct);
        Assert.Equal([AuditEventCode.InboxNoteAdded, AuditEventCode.InboxStatusChanged, AuditEventCode.InboxStatusChanged], events.Select(e => e.Code));
        Assert.DoesNotContain(events, e => (e.Changes ?? "").Contains("07700", StringComparison.Ordinal));
        Assert.Equal(["Added an internal note to a message", "Closed a message", "Reopened a message"], events.Select(e => e.Summary));
    }

    [Fact]
    public async Task Reply_ThatBreaksThePolicy_IsNotSavedOrSent()
    {
        await using var scope = fixture.Scope();
        var s = scope.ServiceProvider;
        var (icb, channel) = await SetUpAsync(s);
        var officer = await ActorAsync(s, Officer);
        var message = await WorkflowTestData.MessageAsync(s, channel, "Did you get my details?", ct: Ct);
        var before = fixture.Sandbox.Replies.Count;

        var outcome = await s.GetRequiredService<InboxReplyService>().ReplyAsync(icb, message.Id, new SendReplyOptions("Yes, we have your NHS number 943 476 5919 on file.", AcceptWarnings: true), officer, Ct);

        Assert.True(outcome.Blocked);
        Assert.Null(outcome.Reply);
        Assert.Contains(outcome.Findings, f => f.Severity == Severity.Error);
        Assert.Equal(before, fixture.Sandbox.Replies.Count);
        Assert.False(await s.GetRequiredService<AppDbContext>().InboxReplies.AnyAsync(r => r.MessageId == message.Id, Ct));
    }

    [Fact]
    public async Task Reply_Sent_UsesItsIdAsTheKey_StopsTheClockAndMarksTheMessageReplied()
    {
        await using var scope = fixture.Scope();
        var s = scope.ServiceProvider;
        var (icb, channel) = await SetUpAsync(s);
        var officer = await ActorAsync(s, Officer);
        var message = await WorkflowTestData.MessageAsync(s, channel, "Is the walk-in centre open on Sunday?", [TriageLabel.Enquiry], author: "asker", ct: Ct);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));

        var outcome = await s.GetRequiredService<InboxReplyService>().ReplyAsync(icb, message.Id, new SendReplyOptions("Yes, it is open from 8am to 8pm on Sundays.", AcceptWarnings: true), officer, Ct);

        Assert.Equal(InboxReplyState.Sent, outcome.Reply!.State);
        var request = fixture.Sandbox.Replies.Single(r => r.IdempotencyKey == outcome.Reply.Id.ToString("N"));
        Assert.Equal((message.PlatformId, "did:asker"), (request.Target.PlatformId, request.Target.AuthorPlatformId));
        await using var check = fixture.Scope();
        var db = check.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.InboxMessages.SingleAsync(m => m.Id == message.Id, Ct);
        Assert.Equal((InboxStatus.Replied, (DateTimeOffset?)fixture.Clock.GetUtcNow()), (stored.Status, stored.FirstRespondedAt));
        var reply = await db.InboxReplies.SingleAsync(r => r.MessageId == message.Id, Ct);
        Assert.Equal(($"reply-{reply.Id:N}", InboxReplyState.Sent), (reply.PlatformId, reply.State));
        Assert.True(await db.AuditEvents.AnyAsync(e => e.SubjectId == message.Id.ToString() && e.Code == AuditEventCode.InboxReplySent, Ct));
    }

    [Fact]
    public async Task Reply_ThatFails_IsKeptWithTheReason_AndSendsOnRetry()
    {
        await using var scope = fixture.Scope();
        var s = scope.ServiceProvider;
        var (icb, channel) = await SetUpAsync(s);
        var officer = await ActorAsync(s, Officer);
        var message = await WorkflowTestData.MessageAsync(s, channel, "When is the next vaccine clinic?", ct: Ct);
        fixture.Sandbox.FailNext = new PlatformException(PlatformErrorKind.Retryable, "The Sandbox is down for maintenance.");
        var replies = s.GetRequiredService<InboxReplyService>();

        var outcome = await replies.ReplyAsync(icb, message.Id, new SendReplyOptions("The next clinic is on Saturday.", AcceptWarnings: true), officer, Ct);

        Assert.Equal(InboxReplyState.Failed, outcome.Reply!.State);
        Assert.Equal("The Sandbox is down for maintenance.", outcome.Reply.Error);
        await using (var check = fixture.Scope())
        {
            var stored = await check.ServiceProvider.GetRequiredService<AppDbContext>().InboxMessages.SingleAsync(m => m.Id == message.Id, Ct);
            Assert.Null(stored.FirstRespondedAt);
        }

        var retried = await replies.RetryAsync(icb.Id, outcome.Reply.Id, officer, Ct);

        Assert.Equal(InboxReplyState.Sent, retried.State);
        Assert.Single(fixture.Sandbox.Replies, r => r.IdempotencyKey == outcome.Reply.Id.ToString("N"));
    }

    [Fact]
    public async Task SavedReplies_ArePreloaded_AndAMedicalQuestionGetsTheSignpostingFirst()
    {
        await using var scope = fixture.Scope();
        var s = scope.ServiceProvider;
        var (icb, channel) = await SetUpAsync(s);
        var officer = await ActorAsync(s, Officer);

        var suggestions = await s.GetRequiredService<SavedReplyService>().ForMessageAsync(icb.Id, InboxLabels.Bit(TriageLabel.MedicalQuestion), Ct);

        Assert.Equal(5, suggestions.Count);
        Assert.Equal("Medical question: GP, NHS 111 or 999", suggestions[0].Title);
        var text = string.Join("\n", suggestions.Select(r => r.Text));
        Assert.Contains("111.nhs.uk", text, StringComparison.Ordinal);
        Assert.Contains("call 999", text, StringComparison.Ordinal);
        Assert.Contains("riversideicb.pals@nhs.net", text, StringComparison.Ordinal);

        // Every preloaded reply can be sent: the policy finds no error in it.
        var message = await WorkflowTestData.MessageAsync(s, channel, "Should I take paracetamol for my fever?", [TriageLabel.MedicalQuestion], ct: Ct);
        foreach (var saved in suggestions)
        {
            var findings = s.GetRequiredService<InboxReplyService>().Check(icb, channel, saved.Text);
            Assert.DoesNotContain(findings, f => f.Severity == Severity.Error);
        }

        var outcome = await s.GetRequiredService<InboxReplyService>().ReplyAsync(icb, message.Id, new SendReplyOptions(suggestions[0].Text, suggestions[0].Id, AcceptWarnings: true), officer, Ct);
        Assert.Equal(suggestions[0].Id, outcome.Reply!.SavedReplyId);

        // Asking again does not add them twice.
        Assert.Equal(5, (await s.GetRequiredService<SavedReplyService>().ListAsync(icb.Id, includeArchived: true, Ct)).Count);
    }

    [Fact]
    public async Task HandOff_TheDepartmentAnswersThroughTheLink_AndTheTeamIsTold()
    {
        await using var scope = fixture.Scope();
        var s = scope.ServiceProvider;
        var (icb, channel) = await SetUpAsync(s);
        var officer = await ActorAsync(s, Officer);
        var message = await WorkflowTestData.MessageAsync(s, channel, "How do I get my hearing aid repaired?", [TriageLabel.Enquiry], ct: Ct);
        var service = s.GetRequiredService<DepartmentHandOffService>();

        var (handOff, token) = await service.HandOffAsync(icb.Id, message.Id, new HandOffOptions("Audiology", "audiology@riverside.example", "Where do people get hearing aids repaired?", false), officer, Ct);

        var db = s.GetRequiredService<AppDbContext>();
        var stored = await db.DepartmentHandOffs.AsNoTracking().SingleAsync(h => h.Id == handOff.Id, Ct);
        Assert.NotEqual(token, stored.TokenHash);
        Assert.DoesNotContain(token, stored.TokenHash, StringComparison.Ordinal);
        var email = await db.OutboxEmails.AsNoTracking().SingleAsync(e => e.To == "audiology@riverside.example", Ct);
        Assert.Contains($"/handoff/{token}", email.TextBody, StringComparison.Ordinal);
        Assert.Equal(InboxStatus.AwaitingDepartment, (await db.InboxMessages.AsNoTracking().SingleAsync(m => m.Id == message.Id, Ct)).Status);
        Assert.Null(await service.FindByTokenAsync(token + "x", Ct));

        await service.AnswerAsync(token, "Bring it to the audiology clinic, Monday to Friday.", "Sam Patel", Ct);

        await using var check = fixture.Scope();
        var after = check.ServiceProvider.GetRequiredService<AppDbContext>();
        var answered = await after.DepartmentHandOffs.SingleAsync(h => h.Id == handOff.Id, Ct);
        Assert.Equal(("Bring it to the audiology clinic, Monday to Friday.", "Sam Patel"), (answered.Answer, answered.AnsweredBy));
        Assert.Equal(InboxStatus.New, (await after.InboxMessages.SingleAsync(m => m.Id == message.Id, Ct)).Status);
        Assert.True(await after.Notifications.AnyAsync(n => n.UserId == officer.UserId && n.Link == $"/o/riverside-icb/inbox/{message.Id}", Ct));
        await Assert.ThrowsAsync<InvalidRequestException>(() => check.ServiceProvider.GetRequiredService<DepartmentHandOffService>().AnswerAsync(token, "Again", "Sam", Ct));

        // The link stops working after its lifetime.
        fixture.Clock.Advance(DepartmentHandOffService.LinkLifetime + TimeSpan.FromMinutes(1));
        try
        {
            Assert.Null(await check.ServiceProvider.GetRequiredService<DepartmentHandOffService>().FindByTokenAsync(token, Ct));
        }
        finally
        {
            fixture.Clock.Advance(-(DepartmentHandOffService.LinkLifetime + TimeSpan.FromMinutes(1)));
        }
    }

    [Fact]
    public async Task Redact_AfterAConfirmedHandOff_RemovesTheData_AndTheAuditHasOnlyTheCategories()
    {
        await using var scope = fixture.Scope();
        var s = scope.ServiceProvider;
        var (icb, channel) = await SetUpAsync(s);
        var officer = await ActorAsync(s, Officer);
        const string Text = "My NHS number is 943 476 5919 and I live at 14 Elm Road, RV1 2AB";
        var message = await WorkflowTestData.MessageAsync(s, channel, Text, [TriageLabel.PersonalData, TriageLabel.Complaint], ct: Ct,
            reasonsJson: """[{"label":"personal_data","start":17,"length":12,"evidence":"943 476 5919","rule":"NHS number (passes the Modulus 11 check)"}]""");
        var service = s.GetRequiredService<DepartmentHandOffService>();

        var early = await Assert.ThrowsAsync<InvalidRequestException>(() => service.RedactAsync(icb.Id, message.Id, ["NHS number"], officer, Ct));
        Assert.StartsWith("Pass the message to the right department", early.Errors[""].Single(), StringComparison.Ordinal);

        var (handOff, _) = await service.HandOffAsync(icb.Id, message.Id, new HandOffOptions("Patient experience", "riversideicb.pals@nhs.net", $"Please contact them: {Text}", true), officer, Ct);
        await service.ConfirmAsync(icb.Id, handOff.Id, officer, Ct);
        await service.RedactAsync(icb.Id, message.Id, ["NHS number", "address", "postcode"], officer, Ct);

        await using var check = fixture.Scope();
        var db = check.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.InboxMessages.SingleAsync(m => m.Id == message.Id, Ct);
        Assert.Equal("[redacted: NHS number, postcode, address]", stored.Text);
        Assert.Equal(("NHS number, postcode, address", officer.UserId), (stored.RedactedCategories, stored.RedactedByUserId));
        Assert.NotNull(stored.RedactedAt);
        Assert.Equal("[]", stored.TriageReasonsJson);
        Assert.DoesNotContain("943", (await db.DepartmentHandOffs.SingleAsync(h => h.Id == handOff.Id, Ct)).Question, StringComparison.Ordinal);
        var redaction = await db.AuditEvents.SingleAsync(e => e.SubjectId == message.Id.ToString() && e.Code == AuditEventCode.InboxMessageRedacted, Ct);
        Assert.Equal(officer.Name, redaction.ActorName);
        Assert.Contains("NHS number", redaction.Changes, StringComparison.Ordinal);
        var events = await db.AuditEvents.Where(e => e.SubjectId == message.Id.ToString()).ToListAsync(Ct);
        Assert.DoesNotContain(events, e => (e.Summary + e.Changes).Contains("943 476 5919", StringComparison.Ordinal) || (e.Summary + e.Changes).Contains("Elm Road", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AutoReply_OutOfHoursMessage_IsSentOncePerConversationPerPeriod()
    {
        await using var scope = fixture.Scope();
        var s = scope.ServiceProvider;
        var (icb, channel) = await SetUpAsync(s, Network.Facebook);
        var db = s.GetRequiredService<AppDbContext>();

        // Tuesday 24 November 2026, 19:00 and 21:00 in London: out of hours; Wednesday 19:00: the next period.
        var evening = new DateTimeOffset(2026, 11, 24, 19, 0, 0, TimeSpan.Zero);
        var first = await WorkflowTestData.MessageAsync(s, channel, "Are you open tomorrow?", kind: InboundKind.Message, conversationId: "t_1", receivedAt: evening, outOfHours: true, ct: Ct);
        var second = await WorkflowTestData.MessageAsync(s, channel, "Hello?", kind: InboundKind.Message, conversationId: "t_1", receivedAt: evening.AddHours(2), outOfHours: true, ct: Ct);
        var nextNight = await WorkflowTestData.MessageAsync(s, channel, "Me again", kind: InboundKind.Message, conversationId: "t_1", receivedAt: evening.AddDays(1), outOfHours: true, ct: Ct);
        var comment = await WorkflowTestData.MessageAsync(s, channel, "Nice post", kind: InboundKind.Comment, receivedAt: evening, outOfHours: true, ct: Ct);

        async Task HandleAsync(InboxMessage m)
        {
            await using var handlerScope = fixture.Scope();
            var hs = handlerScope.ServiceProvider;
            var hdb = hs.GetRequiredService<AppDbContext>();
            var message = await hdb.InboxMessages.SingleAsync(x => x.Id == m.Id, Ct);
            var handler = hs.GetServices<IInboxArrivalHandler>().OfType<OutOfHoursAutoReply>().Single();
            await handler.HandleAsync(new InboxArrival(message, await hdb.Channels.SingleAsync(c => c.Id == message.ChannelId, Ct), await hdb.PublicAuthors.SingleAsync(a => a.Id == message.AuthorId, Ct)), Ct);
        }

        await HandleAsync(first);
        await HandleAsync(first);
        await HandleAsync(second);
        await HandleAsync(nextNight);
        await HandleAsync(comment);

        var automatic = await db.InboxReplies.AsNoTracking().Where(r => r.Automatic && (r.MessageId == first.Id || r.MessageId == second.Id || r.MessageId == nextNight.Id || r.MessageId == comment.Id)).ToListAsync(Ct);
        Assert.Equal([first.Id, nextNight.Id], automatic.Select(r => r.MessageId).Order());
        Assert.All(automatic, r => Assert.Equal((InboxReplyService.AutomaticReplyName, InboxSettingsService.DefaultAutoReplyText, InboxReplyState.Sent), (r.AuthorName, r.Text, r.State)));
        Assert.Equal(2, fixture.Facebook.Replies.Count(r => r.Target.ConversationId == "t_1"));
        Assert.Null((await db.InboxMessages.AsNoTracking().SingleAsync(m => m.Id == first.Id, Ct)).FirstRespondedAt);
    }

    [Fact]
    public async Task Settings_AutoReplyBreakingThePolicy_IsRefused_AndGoodSettingsAreSaved()
    {
        await using var scope = fixture.Scope();
        var s = scope.ServiceProvider;
        // The trust, so that the ICB's automatic reply stays on for the other tests.
        var (icb, _) = await SetUpAsync(s, slug: "riverside-community");
        var manager = await ActorAsync(s, Manager);
        var service = s.GetRequiredService<InboxSettingsService>();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => service.SaveAsync(icb, new SaveInboxSettingsOptions(5, true, "Send us your NHS number 943 476 5919", 0, 15, ""), manager, Ct));
        Assert.Equal(["AutoReplyText", "ResponseTargetMinutes", "StrikeThreshold"], error.Errors.Keys.Order(StringComparer.Ordinal));

        await service.SaveAsync(icb, new SaveInboxSettingsOptions(90, false, "We read messages from 9am to 5pm.", 4, 10, "badword\n badword \nother"), manager, Ct);

        var saved = await service.GetAsync(icb.Id, Ct);
        Assert.Equal((90, false, 4, 10, "badword\nother"), (saved.ResponseTargetMinutes, saved.AutoReplyEnabled, saved.StrikeThreshold, saved.PageAcknowledgeMinutes, saved.BlockedWords));
    }
}
