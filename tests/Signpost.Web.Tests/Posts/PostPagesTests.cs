using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Signpost.Core.Features.Posts;
using Signpost.Platforms;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Posts;

public sealed class PostPagesTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    private const string Posts = $"/o/{DemoPeople.Icb}/posts";
    private const string Hashtag = "#mentalhealthawareness";

    [Fact]
    public async Task Submit_WithALowercaseHashtagInOneChannelsOwnText_ShowsItForThatChannelAndUseThisFixChangesOnlyThatText()
    {
        var sandbox = await factory.CreateChannelAsync(DemoPeople.Icb, Network.Sandbox, name: "Riverside Sandbox A");
        var bluesky = await factory.CreateChannelAsync(DemoPeople.Icb, Network.Bluesky, name: "Riverside Bluesky B");
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var response = await officer.SubmitFormAsync($"{Posts}/new", new()
        {
            ["Input.Title"] = "Mental health week",
            ["Input.Text"] = "Join us this week at the Riverside hub.",
            [$"Input.Variants[{bluesky.Id}]"] = $"Join us for {Hashtag} week at the Riverside hub.",
            ["Input.When"] = "approved",
            ["Save"] = "submit",
        }, multiValueField: "Input.ChannelIds", multiValues: [sandbox.Id.ToString(), bluesky.Id.ToString()]);

        var postId = PostsTestData.PostIdFrom(response);
        Assert.Equal($"{Posts}/{postId}", response.Headers.Location!.OriginalString);
        var page = await officer.GetDocumentAsync($"{Posts}/{postId}");
        Assert.Contains("Waiting for approval", page.QuerySelector("h1 + p .nhsuk-tag")!.TextContent, StringComparison.Ordinal);
        var onBluesky = Section(page, bluesky.Id);
        var onSandbox = Section(page, sandbox.Id);
        Assert.Contains(Codes(onBluesky), c => c == "A11Y-HASHTAG-CASE");
        Assert.DoesNotContain(Codes(onSandbox), c => c == "A11Y-HASHTAG-CASE");
        var fix = (IHtmlButtonElement)Finding(onBluesky, "A11Y-HASHTAG-CASE").QuerySelector("button[name=Fix]")!;
        Assert.Equal("#MentalHealthAwareness", Finding(onBluesky, "A11Y-HASHTAG-CASE").QuerySelector("p strong")!.ParentElement!.TextContent.Replace("Suggestion:", "", StringComparison.Ordinal).Trim());

        var fixedResponse = await officer.SubmitFormAsync($"{Posts}/{postId}", new() { ["Version"] = "1", ["Fix"] = fix.Value }, handler: "Fix");

        Assert.Equal(HttpStatusCode.Redirect, fixedResponse.StatusCode);
        var stored = await factory.StoredPostAsync(postId);
        Assert.Equal("Join us for #MentalHealthAwareness week at the Riverside hub.", stored.Publications.Single(p => p.ChannelId == bluesky.Id).Text);
        Assert.Null(stored.Publications.Single(p => p.ChannelId == sandbox.Id).Text);
        Assert.Equal("Join us this week at the Riverside hub.", stored.Text);
        Assert.Equal(2, stored.Version);
        Assert.Equal(PostState.Submitted, stored.State);
        var after = await officer.GetDocumentAsync($"{Posts}/{postId}");
        Assert.Contains($"“{Hashtag}” is now “#MentalHealthAwareness” in the text for Riverside Bluesky B", after.QuerySelector(".nhsuk-notification-banner")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(Codes(Section(after, bluesky.Id)), c => c == "A11Y-HASHTAG-CASE");
    }

    [Fact]
    public async Task SaveDraft_WithoutJavaScript_ShowsFindingsPerChannelAndUseThisFixChangesTheFormNotTheStoredPost()
    {
        var sandbox = await factory.CreateChannelAsync(DemoPeople.Icb, Network.Sandbox);
        var mastodon = await factory.CreateChannelAsync(DemoPeople.Icb, Network.Mastodon);
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var text = $"Talking helps. {Hashtag}";

        var response = await officer.SubmitFormAsync($"{Posts}/new", new() { ["Input.Text"] = text, ["Input.When"] = "approved", ["Save"] = "draft" },
            multiValueField: "Input.ChannelIds", multiValues: [sandbox.Id.ToString(), mastodon.Id.ToString()]);

        var postId = PostsTestData.PostIdFrom(response);
        Assert.Equal($"{Posts}/{postId}/edit", response.Headers.Location!.OriginalString);
        var edit = await officer.GetDocumentAsync($"{Posts}/{postId}/edit");
        Assert.Contains(Codes(Section(edit, sandbox.Id)), c => c == "A11Y-HASHTAG-CASE");
        Assert.Contains(Codes(Section(edit, mastodon.Id)), c => c == "A11Y-HASHTAG-CASE");
        var fix = (IHtmlButtonElement)Finding(Section(edit, mastodon.Id), "A11Y-HASHTAG-CASE").QuerySelector("button[name=Fix]")!;
        Assert.Equal("composer-form", fix.GetAttribute("form"));
        Assert.Equal("Input.Text", fix.GetAttribute("data-fix-field"));

        var token = edit.QuerySelector("#composer-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var fixedResponse = await officer.PostAsync($"{Posts}/{postId}/edit{fix.GetAttribute("formaction")}", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token),
            new("Input.Version", "1"),
            new("Input.Text", text),
            new("Input.ChannelIds", sandbox.Id.ToString()),
            new("Input.ChannelIds", mastodon.Id.ToString()),
            new("Input.When", "approved"),
            new("Fix", fix.Value),
        ]));

        Assert.Equal(HttpStatusCode.OK, fixedResponse.StatusCode);
        var after = await fixedResponse.ReadDocumentAsync();
        Assert.Equal("Talking helps. #MentalHealthAwareness", after.QuerySelector("#Input_Text")!.TextContent);
        Assert.DoesNotContain(Codes(Section(after, sandbox.Id)), c => c == "A11Y-HASHTAG-CASE");
        Assert.Equal(text, (await factory.StoredPostAsync(postId)).Text);
    }

    [Fact]
    public async Task Approve_ByTheManager_ListsItInTheQueueFirstThenSchedulesIt()
    {
        var channel = await factory.CreateChannelAsync(DemoPeople.Icb);
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var manager = await factory.SignInAsync(DemoPeople.Manager);
        var postId = await SubmitAsync(officer, "Flu clinic", "Flu vaccines are available at your local pharmacy.", channel.Id);

        var queue = await manager.GetDocumentAsync($"/o/{DemoPeople.Icb}/approvals");
        var home = await manager.GetDocumentAsync($"/o/{DemoPeople.Icb}");
        Assert.Contains(queue.QuerySelectorAll("table a"), a => a.GetAttribute("href") == $"{Posts}/{postId}" && a.TextContent == "Flu clinic");
        Assert.Contains(home.QuerySelectorAll(".nhsuk-card__link"), a => a.TextContent.StartsWith("Posts awaiting your approval (", StringComparison.Ordinal) && a.GetAttribute("href") == $"/o/{DemoPeople.Icb}/approvals");

        var approved = await manager.SubmitFormAsync($"{Posts}/{postId}", new() { ["Version"] = "1" }, handler: "Approve");

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var stored = await factory.StoredPostAsync(postId);
        Assert.Equal(PostState.Scheduled, stored.State);
        Assert.Equal("Tom Okafor", Assert.Single(stored.Approvals).ApproverName);
        Assert.NotNull(Assert.Single(stored.Publications).AvailableAt);
        var page = await manager.GetDocumentAsync($"{Posts}/{postId}");
        Assert.Contains("You approved the post. It goes out now", page.QuerySelector(".nhsuk-notification-banner")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Scheduled", page.QuerySelector("h1 + p .nhsuk-tag")!.TextContent);
        var queueAfter = await manager.GetDocumentAsync($"/o/{DemoPeople.Icb}/approvals");
        Assert.DoesNotContain(queueAfter.QuerySelectorAll("table a"), a => a.GetAttribute("href") == $"{Posts}/{postId}");
    }

    [Fact]
    public async Task Approve_ByAnOfficer_IsForbiddenAndTheQueueOnlyFollowsThePosts()
    {
        var channel = await factory.CreateChannelAsync(DemoPeople.Icb);
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var postId = await SubmitAsync(officer, "Walk-in centre", "The walk-in centre is open until 8pm today.", channel.Id);
        var page = await officer.GetDocumentAsync($"{Posts}/{postId}");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await officer.PostAsync($"{Posts}/{postId}?handler=Approve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Version"] = "1",
        }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(page.QuerySelector("form[action*='handler=Approve']"));
        Assert.Contains("waiting for a communications manager to approve it", page.QuerySelector(".nhsuk-inset-text")!.TextContent, StringComparison.Ordinal);
        var queue = await officer.GetDocumentAsync($"/o/{DemoPeople.Icb}/approvals");
        Assert.Equal("Posts awaiting approval", queue.QuerySelector("h1")!.TextContent);
        Assert.Contains(queue.QuerySelectorAll("table a"), a => a.GetAttribute("href") == $"{Posts}/{postId}");
        Assert.Empty((await factory.StoredPostAsync(postId)).Approvals);
    }

    [Fact]
    public async Task Approve_OfTheManagersOwnPost_IsNotOfferedAndIsRefused()
    {
        var channel = await factory.CreateChannelAsync(DemoPeople.Icb);
        var manager = await factory.SignInAsync(DemoPeople.Manager);
        var postId = await SubmitAsync(manager, "Manager's post", "Our board meets in public on Thursday.", channel.Id);

        var page = await manager.GetDocumentAsync($"{Posts}/{postId}");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await manager.PostAsync($"{Posts}/{postId}?handler=Approve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Version"] = "1",
        }));

        Assert.Null(page.QuerySelector("form[action*='handler=Approve']"));
        Assert.Contains("You wrote this post, so another communications manager must approve it.", page.QuerySelector(".nhsuk-inset-text")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refused = await response.ReadDocumentAsync();
        Assert.Contains(refused.ErrorMessages(), m => m.StartsWith("You wrote this post, so you cannot approve it", StringComparison.Ordinal));
        Assert.Empty((await factory.StoredPostAsync(postId)).Approvals);
    }

    [Fact]
    public async Task RequestChanges_WithoutAReason_SaysWhatIsMissingAndWithOneSendsItBack()
    {
        var channel = await factory.CreateChannelAsync(DemoPeople.Icb);
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var manager = await factory.SignInAsync(DemoPeople.Manager);
        var postId = await SubmitAsync(officer, "Clinic hours", "The clinic opens at 8am.", channel.Id);

        var missing = await manager.SubmitFormAsync($"{Posts}/{postId}", new() { ["Version"] = "1", ["Reason"] = " " }, handler: "RequestChanges");

        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        var page = await missing.ReadDocumentAsync();
        Assert.Equal(["Enter what needs to change"], page.ErrorMessages());
        Assert.Equal("#Reason", page.QuerySelector(".nhsuk-error-summary__list a")!.GetAttribute("href"));
        Assert.Equal(PostState.Submitted, (await factory.StoredPostAsync(postId)).State);

        var sent = await manager.SubmitFormAsync($"{Posts}/{postId}", new() { ["Version"] = "1", ["Reason"] = "Which clinic?" }, handler: "RequestChanges");

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var stored = await factory.StoredPostAsync(postId);
        Assert.Equal(PostState.ChangesRequested, stored.State);
        var edit = await officer.GetDocumentAsync($"{Posts}/{postId}/edit");
        Assert.Contains("Which clinic?", edit.QuerySelector(".nhsuk-inset-text")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Composer_InTheRepeatedAutumnHour_AsksWhichOneAndTheSpringGapIsRefused()
    {
        var channel = await factory.CreateChannelAsync(DemoPeople.Icb);
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        Dictionary<string, string> Fields(string day, string month, string time, string? clock = null)
        {
            var fields = new Dictionary<string, string>
            {
                ["Input.Text"] = "Clocks change this weekend.",
                ["Input.When"] = "at",
                ["Input.Day"] = day,
                ["Input.Month"] = month,
                ["Input.Year"] = "2027",
                ["Input.Time"] = time,
                ["Save"] = "draft",
            };
            if (clock is not null)
            {
                fields["Input.Clock"] = clock;
            }

            return fields;
        }

        var gap = await (await officer.SubmitFormAsync($"{Posts}/new", Fields("28", "3", "1:30am"), multiValueField: "Input.ChannelIds", multiValues: [channel.Id.ToString()])).ReadDocumentAsync();
        var twice = await (await officer.SubmitFormAsync($"{Posts}/new", Fields("31", "10", "1:30am"), multiValueField: "Input.ChannelIds", multiValues: [channel.Id.ToString()])).ReadDocumentAsync();
        var chosen = await officer.SubmitFormAsync($"{Posts}/new", Fields("31", "10", "1:30am", "gmt"), multiValueField: "Input.ChannelIds", multiValues: [channel.Id.ToString()]);

        Assert.Equal(["1:30am on 28 March 2027 does not exist: the clocks go forward from 1am to 2am that night. Enter a time before 1am or from 2am"], gap.ErrorMessages());
        Assert.Null(gap.QuerySelector("input[name='Input.Clock']"));
        Assert.Contains(twice.ErrorMessages(), m => m.Contains("happens twice", StringComparison.Ordinal));
        Assert.Equal(["bst", "gmt"], twice.QuerySelectorAll("input[name='Input.Clock']").Select(i => i.GetAttribute("value")));
        var postId = PostsTestData.PostIdFrom(chosen);
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 1, 30, 0, TimeSpan.Zero), (await factory.StoredPostAsync(postId)).ScheduledFor);
        var page = await officer.GetDocumentAsync($"{Posts}/{postId}");
        Assert.Contains("31 October 2027, 1:30am GMT", page.QuerySelector(".nhsuk-summary-list")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostsList_ShowsEachPostInItsStateFilter()
    {
        var channel = await factory.CreateChannelAsync(DemoPeople.Icb);
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var postId = await SubmitAsync(officer, "Listed post", "Our annual report is out.", channel.Id);

        var awaiting = await officer.GetDocumentAsync($"{Posts}?show=awaiting");
        var drafts = await officer.GetDocumentAsync($"{Posts}?show=drafts");

        var row = awaiting.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("a")!.GetAttribute("href") == $"{Posts}/{postId}");
        Assert.Contains("Waiting for approval", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(channel.Name, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Priya Shah", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(drafts.QuerySelectorAll("tbody a"), a => a.GetAttribute("href") == $"{Posts}/{postId}");
        Assert.Equal("page", awaiting.QuerySelectorAll("nav[aria-label='Show posts'] a").Single(a => a.TextContent.Trim().StartsWith("Waiting for approval", StringComparison.Ordinal)).GetAttribute("aria-current"));
    }

    private async Task<Guid> SubmitAsync(HttpClient client, string title, string text, Guid channelId)
    {
        var response = await client.SubmitFormAsync($"{Posts}/new", new() { ["Input.Title"] = title, ["Input.Text"] = text, ["Input.When"] = "approved", ["Save"] = "submit" },
            multiValueField: "Input.ChannelIds", multiValues: [channelId.ToString()]);
        return PostsTestData.PostIdFrom(response);
    }

    private static IElement Section(IDocument page, Guid channelId) =>
        page.QuerySelector($"#findings-{channelId:N}")?.Closest("section") ?? throw new InvalidOperationException($"No findings for channel {channelId}");

    private static IEnumerable<string> Codes(IElement section) => section.QuerySelectorAll(".signpost-finding__code").Select(c => c.TextContent);

    private static IElement Finding(IElement section, string code) =>
        section.QuerySelectorAll(".signpost-findings__item").Single(f => f.QuerySelector(".signpost-finding__code")!.TextContent == code);
}
