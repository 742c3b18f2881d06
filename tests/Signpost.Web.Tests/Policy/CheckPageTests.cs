using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Policy;

public sealed class CheckPageTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    private const string Check = $"/o/{DemoPeople.Icb}/check";

    [Fact]
    public async Task CheckPost_WithoutJavaScript_MarksTheHashtagAndUseThisFixReplacesIt()
    {
        var staff = await factory.SignInAsync(DemoPeople.Staff);

        var response = await staff.SubmitFormAsync(Check, new() { ["Input.Text"] = "We are hiring nurses! #nhsjobs" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        var finding = FindingsOf(page).Single(f => f.QuerySelector(".signpost-finding__code")!.TextContent == "A11Y-HASHTAG-CASE");
        Assert.Equal("Warning", finding.QuerySelector(".nhsuk-tag")!.TextContent.Trim());
        Assert.Contains("#NHSJobs", finding.TextContent, StringComparison.Ordinal);
        var mark = page.QuerySelectorAll("#check-results mark").Single(m => m.TextContent == "#nhsjobs");
        Assert.Equal("#" + finding.Id, mark.NextElementSibling!.GetAttribute("href"));
        var fix = (IHtmlButtonElement)finding.QuerySelector("button[name=Fix]")!;
        Assert.Equal("check-form", fix.GetAttribute("form"));

        var token = page.QuerySelector("#check-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var fixedResponse = await staff.PostAsync(Check + fix.GetAttribute("formaction"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Text"] = "We are hiring nurses! #nhsjobs",
            ["Fix"] = fix.Value,
        }));

        Assert.Equal(HttpStatusCode.OK, fixedResponse.StatusCode);
        var after = await fixedResponse.ReadDocumentAsync();
        Assert.Equal("We are hiring nurses! #NHSJobs", after.QuerySelector("#Input_Text")!.TextContent);
        Assert.DoesNotContain(FindingsOf(after), f => f.QuerySelector(".signpost-finding__code")!.TextContent == "A11Y-HASHTAG-CASE");
        Assert.Contains("“#nhsjobs” is now “#NHSJobs”", after.QuerySelector(".nhsuk-inset-text")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckPost_ForTwoPlatforms_ShowsEachPlatformsFindings()
    {
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var text = "Flu jabs now open. " + string.Concat(Enumerable.Repeat("Book yours today at riverside.icb.nhs.uk. ", 8));

        var response = await officer.SubmitFormAsync(Check, new() { ["Input.Text"] = text }, multiValueField: "Input.Platforms", multiValues: ["x", "facebook"]);

        var page = await response.ReadDocumentAsync();
        var sections = page.QuerySelectorAll("#check-results section");
        Assert.Equal(["Facebook", "X (formerly Twitter)"], sections.Select(s => s.QuerySelector("h3")!.FirstChild!.TextContent.Trim()));
        Assert.Contains("PLATFORM-LENGTH", sections[1].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("PLATFORM-LENGTH", sections[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckPost_WithMarkupEmojiAndOverlappingFindings_EncodesEveryPieceOfText()
    {
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        const string text = "<script>alert(1)</script> 😀 Call 0300 555 0142 or email jo.bloggs@example.com #nhsjobs";

        var response = await officer.SubmitFormAsync(Check, new() { ["Input.Text"] = text });

        var html = await response.Content.ReadAsStringAsync();
        var page = await response.ReadDocumentAsync();
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        var marked = page.QuerySelector("#check-results .signpost-marked-text")!;
        // Without the hidden words and the numbers, the marked text is the text itself.
        foreach (var hidden in marked.QuerySelectorAll(".nhsuk-u-visually-hidden, .signpost-mark__ref").ToList())
        {
            hidden.Remove();
        }

        Assert.Equal(text, marked.TextContent);
        Assert.Contains(marked.QuerySelectorAll("mark"), m => m.TextContent == "0300 555 0142");
    }

    [Fact]
    public async Task LiveCheck_WithJavaScript_GivesTheSameResultsAsTheForm()
    {
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var fields = new Dictionary<string, string>
        {
            ["Input.Text"] = "CLICK HERE for #covidvaccine info http://bit.ly/abc",
            ["Input.Media[0].Kind"] = "image",
            ["Input.Media[0].Alt"] = "image",
            ["Input.Media[1].Kind"] = "video",
        };
        var formResponse = await officer.SubmitFormAsync(Check, fields, multiValueField: "Input.Platforms", multiValues: ["instagram"]);
        var formPage = await formResponse.ReadDocumentAsync();

        var liveResponse = await PostLiveAsync(officer, fields, ["instagram"]);

        var live = await liveResponse.Content.ReadFromJsonAsync<JsonElement>();
        var formResults = formPage.QuerySelector("#check-results")!.InnerHtml;
        var liveResults = new HtmlParser().ParseDocument($"<div id=\"check-results\">{live.GetProperty("html").GetString()}</div>").QuerySelector("#check-results")!.InnerHtml;
        Assert.Equal(Normalise(formResults), Normalise(liveResults));
        Assert.Equal(formPage.QuerySelector("#check-status")!.TextContent.Trim(), live.GetProperty("summary").GetString());
        Assert.True(live.GetProperty("count").GetInt32() >= 4);
        Assert.Contains("A11Y-ALT-MISSING", formResults, StringComparison.Ordinal);
        Assert.Contains("A11Y-CAPTIONS-MISSING", formResults, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveCheck_WithoutTheFormsAntiforgeryToken_IsRefused()
    {
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var response = await officer.PostAsync($"{Check}?handler=Live", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Text"] = "Hello" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task CheckPost_WithNoTextAndABadDate_ShowsTheErrors()
    {
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var response = await officer.SubmitFormAsync(Check, new() { ["Input.Text"] = " ", ["Input.ScheduledDay"] = "31", ["Input.ScheduledMonth"] = "2", ["Input.ScheduledYear"] = "2027" });

        var page = await response.ReadDocumentAsync();
        Assert.Equal(["Enter the text of the post", "The date the post goes out must be a real date, like 25 3 2027"], page.ErrorMessages());
        Assert.Equal("31", page.QuerySelector("#Input_ScheduledDay")!.GetAttribute("value"));
        Assert.Null(page.QuerySelector("#check-results section"));
    }

    private static async Task<HttpResponseMessage> PostLiveAsync(HttpClient client, Dictionary<string, string> fields, string[] platforms)
    {
        var page = await client.GetDocumentAsync(Check);
        var form = page.QuerySelector("#check-form")!;
        var values = new List<KeyValuePair<string, string>>(fields)
        {
            new("__RequestVerificationToken", form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
        };
        values.AddRange(platforms.Select(p => new KeyValuePair<string, string>("Input.Platforms", p)));
        var response = await client.PostAsync(form.GetAttribute("data-live-url"), new FormUrlEncodedContent(values));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return response;
    }

    private static IReadOnlyList<AngleSharp.Dom.IElement> FindingsOf(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("#check-results .signpost-findings__item")];

    private static string Normalise(string html) =>
        string.Join(' ', html.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
