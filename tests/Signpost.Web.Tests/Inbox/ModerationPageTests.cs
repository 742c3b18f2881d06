using System.Net;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Features.Inbox;
using Signpost.Platforms.Inbox;
using Signpost.Policy.Triage;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Inbox;

public sealed class ModerationPageTests(ModerationWebFactory factory) : IClassFixture<ModerationWebFactory>
{
    private const string Org = "/o/" + DemoPeople.Icb;

    private static List<string> OfferedActions(AngleSharp.Html.Dom.IHtmlDocument page) =>
        [.. page.QuerySelectorAll("input[name=Action][type=radio]").Select(i => i.GetAttribute("value")!)];

    [Fact]
    public async Task Moderate_Comment_OffersEveryActionTheSandboxAllowsWithHouseRulesReasons()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, "You lot are clowns.");
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var page = await officer.GetDocumentAsync($"{Org}/inbox/{id}/moderate");

        Assert.Equal(["hide", "delete", "block", "report"], OfferedActions(page));
        var reasons = page.QuerySelectorAll("select[name=Reason] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal(HouseRuleReasons.All.Count + 1, reasons.Count);
        Assert.Contains("abusive", reasons);
        Assert.Contains("You lot are clowns.", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moderate_DirectMessageThePlatformCannotHide_HideNotOfferedAndSaidSo()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, "You lot are clowns.", kind: "message");
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var page = await officer.GetDocumentAsync($"{Org}/inbox/{id}/moderate");

        Assert.DoesNotContain("hide", OfferedActions(page));
        Assert.Contains("does not let an account do these through Signpost: hide", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moderate_HideWithAReason_HiddenAndTheOutcomeShown()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, "You lot are clowns.");
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var response = await officer.SubmitFormAsync($"{Org}/inbox/{id}/moderate", new() { ["Action"] = "hide", ["Reason"] = "abusive", ["Note"] = "Name-calling." });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await officer.GetDocumentAsync(response.Headers.Location!.ToString());
        var main = page.QuerySelector("main")!.TextContent;
        Assert.Contains("Hide on Sandbox: done", main, StringComparison.Ordinal);
        Assert.Contains("Name-calling.", main, StringComparison.Ordinal);
        Assert.Equal(["unhide", "delete", "block", "report"], OfferedActions(page));
        Assert.Equal(InboxVisibility.Hidden, (await factory.MessageAsync(id)).Visibility);
    }

    [Fact]
    public async Task Moderate_NoActionOrReason_ErrorsShownInFormOrder()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, "You lot are clowns.");
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var noAction = await (await officer.SubmitFormAsync($"{Org}/inbox/{id}/moderate", new() { ["Reason"] = "" })).ReadDocumentAsync();
        var noReason = await (await officer.SubmitFormAsync($"{Org}/inbox/{id}/moderate", new() { ["Action"] = "hide", ["Reason"] = "" })).ReadDocumentAsync();

        Assert.Equal(["Choose what to do", "Choose the house rule the message breaks"], noAction.ErrorMessages());
        Assert.Equal(["Choose the house rule the message breaks"], noReason.ErrorMessages());
        Assert.Empty(await factory.RecordsAsync(id));
    }

    [Fact]
    public async Task Moderate_ForcedHideThePlatformCannotDo_RecordedAndShownAsNotPossible()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, "You lot are clowns.", kind: "message");
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var response = await officer.SubmitFormAsync($"{Org}/inbox/{id}/moderate", new() { ["Action"] = "hide", ["Reason"] = "abusive" });

        var page = await officer.GetDocumentAsync(response.Headers.Location!.ToString());
        var main = page.QuerySelector("main")!.TextContent;
        Assert.Contains("Hide: not possible on Sandbox", main, StringComparison.Ordinal);
        Assert.Contains("Sandbox does not let an account hide direct messages through Signpost", main, StringComparison.Ordinal);
        Assert.Equal(ModerationOutcome.NotSupported, Assert.Single(await factory.RecordsAsync(id)).Outcome);
        Assert.Equal(InboxVisibility.Visible, (await factory.MessageAsync(id)).Visibility);
    }

    [Fact]
    public async Task Moderate_PlatformRefuses_TheFailureIsShownAndKept()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, "You lot are clowns.");
        await factory.RevokeAsync(channel);
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var response = await officer.SubmitFormAsync($"{Org}/inbox/{id}/moderate", new() { ["Action"] = "hide", ["Reason"] = "abusive" });

        var page = await officer.GetDocumentAsync(response.Headers.Location!.ToString());
        var record = Assert.Single(await factory.RecordsAsync(id));
        Assert.Equal(ModerationOutcome.Failed, record.Outcome);
        var main = page.QuerySelector("main")!.TextContent;
        Assert.Contains("Hide: Sandbox did not do it", main, StringComparison.Ordinal);
        Assert.Contains(record.Error!, main, StringComparison.Ordinal);
        Assert.Equal(InboxVisibility.Visible, (await factory.MessageAsync(id)).Visibility);
        Assert.Contains("hide", OfferedActions(page));
    }

    [Fact]
    public async Task Moderate_Delete_ConfirmedBeforeTheNetworkIsCalled()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, "You lot are clowns.");
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var asked = await officer.SubmitFormAsync($"{Org}/inbox/{id}/moderate", new() { ["Action"] = "delete", ["Reason"] = "abusive" });
        var confirm = await asked.ReadDocumentAsync();

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("Deleting is final", confirm.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await factory.RecordsAsync(id));
        var form = confirm.Forms.Single(f => f.QuerySelector("input[name=Confirm]") is not null);
        var fields = form.QuerySelectorAll("input").Where(i => i.GetAttribute("name") is not null)
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        var done = await officer.PostAsync($"{Org}/inbox/{id}/moderate", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(InboxVisibility.Deleted, (await factory.MessageAsync(id)).Visibility);
    }

    [Fact]
    public async Task Moderate_OfficerOnCriticism_PolicyShownAndNoHideOrDelete()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, ModerationWebFactory.Criticism);
        await factory.SetLabelsAsync(id, TriageLabel.Criticism);
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var page = await officer.GetDocumentAsync($"{Org}/inbox/{id}/moderate");

        Assert.Equal(["block", "report"], OfferedActions(page));
        var policy = page.QuerySelector("#criticism-policy")!.TextContent;
        Assert.Contains(CriticismPolicy.Text, policy, StringComparison.Ordinal);
        Assert.Contains("You cannot hide or delete it", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moderate_OfficerForcesHideOnCriticism_RefusedWithThePolicy()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, ModerationWebFactory.Criticism);
        await factory.SetLabelsAsync(id, TriageLabel.Criticism);
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var response = await officer.SubmitFormAsync($"{Org}/inbox/{id}/moderate", new() { ["Action"] = "hide", ["Reason"] = "offensive-language", ["Note"] = "Rude." });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var main = (await response.ReadDocumentAsync()).QuerySelector("main")!.TextContent;
        Assert.Contains("Only a communications manager can hide a message that criticises us", main, StringComparison.Ordinal);
        Assert.Contains(CriticismPolicy.Text, main, StringComparison.Ordinal);
        Assert.Empty(await factory.RecordsAsync(id));
        Assert.Equal(InboxVisibility.Visible, (await factory.MessageAsync(id)).Visibility);
    }

    [Fact]
    public async Task Moderate_ManagerHidesCriticismWithANote_Hidden()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, ModerationWebFactory.Criticism);
        await factory.SetLabelsAsync(id, TriageLabel.Criticism);
        var manager = await factory.SignInAsync(DemoPeople.Manager);

        var page = await manager.GetDocumentAsync($"{Org}/inbox/{id}/moderate");
        var withoutNote = await (await manager.SubmitFormAsync($"{Org}/inbox/{id}/moderate", new() { ["Action"] = "hide", ["Reason"] = "offensive-language" })).ReadDocumentAsync();
        var response = await manager.SubmitFormAsync($"{Org}/inbox/{id}/moderate", new() { ["Action"] = "hide", ["Reason"] = "offensive-language", ["Note"] = "It names a nurse." });

        Assert.Contains("hide", OfferedActions(page));
        Assert.Contains(CriticismPolicy.Text, page.QuerySelector("#criticism-policy")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(withoutNote.ErrorMessages(), m => m.StartsWith("Write why this criticism is being hidden", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(InboxVisibility.Hidden, (await factory.MessageAsync(id)).Visibility);
    }

    [Fact]
    public async Task ModerationPages_StaffMember_Forbidden()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, "You lot are clowns.");
        var author = (await factory.MessageAsync(id)).AuthorId;
        var staff = await factory.SignInAsync(DemoPeople.Staff);

        foreach (var path in new[] { $"{Org}/inbox/{id}/moderate", $"{Org}/inbox/moderation", $"{Org}/inbox/authors/{author}" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public async Task ModerationPages_AnotherOrganisationsMessage_NotFound()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var id = await factory.SendAsync(channel, "You lot are clowns.");
        var author = (await factory.MessageAsync(id)).AuthorId;
        var trust = await factory.SignInAsync(DemoPeople.TrustAdmin);

        Assert.Equal(HttpStatusCode.NotFound, (await trust.GetAsync($"/o/{DemoPeople.Trust}/inbox/{id}/moderate")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trust.GetAsync($"/o/{DemoPeople.Trust}/inbox/authors/{author}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trust.GetAsync($"{Org}/inbox/{id}/moderate")).StatusCode);
    }

    [Fact]
    public async Task AuthorPage_ThreeStrikes_ProposalShownAndAManagerBlocks()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var handle = ModerationWebFactory.NewHandle();
        Guid last = default;
        foreach (var (text, reason) in new[] { ("Idiots.", "abusive"), ("Morons.", "offensive-language"), ("Clowns.", "abusive") })
        {
            last = await factory.SendAsync(channel, text, handle);
            await factory.ApplyAsync(DemoPeople.Officer, last, ModerationAction.Hide, reason);
        }

        var authorId = (await factory.MessageAsync(last)).AuthorId;
        var manager = await factory.SignInAsync(DemoPeople.Manager);
        var page = await manager.GetDocumentAsync($"{Org}/inbox/authors/{authorId}");
        var log = await manager.GetDocumentAsync($"{Org}/inbox/moderation");
        var blocked = await manager.SubmitFormAsync($"{Org}/inbox/authors/{authorId}", new() { ["Reason"] = "abusive", ["Note"] = "Three strikes." }, handler: "Block");
        var after = await manager.GetDocumentAsync(blocked.Headers.Location!.ToString());

        var main = page.QuerySelector("main")!.TextContent;
        Assert.Contains("A block is proposed", main, StringComparison.Ordinal);
        Assert.Contains("3 strikes", main, StringComparison.Ordinal);
        Assert.Equal(3, page.QuerySelectorAll("#strikes + table tbody tr").Length);
        Assert.Contains("Swearing or offensive language", main, StringComparison.Ordinal);
        Assert.Contains(handle, log.QuerySelector("main table")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Block author on Sandbox: done", after.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.True(await factory.QueryAsync(db => db.PublicAuthors.Where(a => a.Id == authorId).Select(a => a.Blocked).SingleAsync()));
    }

    [Fact]
    public async Task AuthorPage_ManagerDismissesAndRemovesAStrike_OfficerCannot()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var handle = ModerationWebFactory.NewHandle();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await factory.SendAsync(channel, $"Idiots {i}.", handle));
            await factory.ApplyAsync(DemoPeople.Officer, ids[i], ModerationAction.Hide, "abusive");
        }

        var authorId = (await factory.MessageAsync(ids[0])).AuthorId;
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var officerPage = await officer.GetDocumentAsync($"{Org}/inbox/authors/{authorId}");
        var manager = await factory.SignInAsync(DemoPeople.Manager);

        var dismissed = await manager.SubmitFormAsync($"{Org}/inbox/authors/{authorId}", new() { ["DismissNote"] = "One more chance." }, handler: "Dismiss");
        var strikeId = await factory.QueryAsync(db => db.AuthorStrikes.Where(s => s.MessageId == ids[0]).Select(s => s.Id).SingleAsync());
        var removeForm = await manager.GetDocumentAsync($"{Org}/inbox/authors/{authorId}?removeStrike={strikeId}");
        var noNote = await (await manager.SubmitFormAsync($"{Org}/inbox/authors/{authorId}?removeStrike={strikeId}", new() { ["StrikeId"] = strikeId.ToString(), ["StrikeNote"] = "" }, handler: "RemoveStrike")).ReadDocumentAsync();
        var removed = await manager.SubmitFormAsync($"{Org}/inbox/authors/{authorId}?removeStrike={strikeId}", new() { ["StrikeId"] = strikeId.ToString(), ["StrikeNote"] = "Quoted someone else." }, handler: "RemoveStrike");

        Assert.Null(officerPage.QuerySelector("form[action*=Dismiss]"));
        Assert.Null(officerPage.QuerySelector("a[href*=removeStrike]"));
        Assert.Equal(HttpStatusCode.Redirect, dismissed.StatusCode);
        Assert.NotNull(removeForm.QuerySelector("#remove-strike"));
        Assert.Equal(["Write why the strike is removed"], noNote.ErrorMessages());
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        var author = await factory.QueryAsync(db => db.PublicAuthors.AsNoTracking().SingleAsync(a => a.Id == authorId));
        Assert.Equal((2, false), (author.Strikes, author.BlockProposed));
    }

    [Fact]
    public async Task ModerationLog_FilteredByOutcome_ShowsOnlyThose()
    {
        var channel = await factory.ConnectSandboxChannelAsync();
        var done = await factory.SendAsync(channel, "Done one.");
        var notPossible = await factory.SendAsync(channel, "Not possible one.", kind: "message");
        await factory.ApplyAsync(DemoPeople.Officer, done, ModerationAction.Report, "spam");
        await factory.ApplyAsync(DemoPeople.Officer, notPossible, ModerationAction.Hide, "spam");
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var page = await officer.GetDocumentAsync($"{Org}/inbox/moderation?outcome=not-supported");

        var table = page.QuerySelector("main table:last-of-type")!.TextContent;
        Assert.Contains("Not possible one.", table, StringComparison.Ordinal);
        Assert.DoesNotContain("Done one.", table, StringComparison.Ordinal);
        Assert.DoesNotContain(">Done<", page.QuerySelector("main table:last-of-type")!.InnerHtml, StringComparison.Ordinal);
    }
}
