using System.Net;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Policy;

public sealed class PolicySettingsPageTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    private const string Settings = $"/o/{DemoPeople.Icb}/settings";
    private const string Check = $"/o/{DemoPeople.Icb}/check";

    [Fact]
    public async Task SaveSettings_WithANewPublishedPhone_StopsIgPhoneOnTheApiAndThePage()
    {
        const string post = "Questions about the clinic? Call 0300 555 0199 between 9am and 5pm.";
        var api = await factory.ApiAsync(DemoPeople.Officer, DemoPeople.Icb);
        Assert.Contains("IG-PHONE", await api.CheckCodesAsync(new { text = post }));
        var manager = await factory.SignInAsync(DemoPeople.Manager);
        var fields = await CurrentFieldsAsync(manager);
        fields["Input.PublishedPhones"] += "\n0300 555 0199";

        var saved = await manager.SubmitFormAsync(Settings, fields, multiValueField: "Input.Days", multiValues: ["Mon", "Tue", "Wed", "Thu", "Fri"]);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await manager.GetDocumentAsync(Settings);
        Assert.Equal("Settings saved", page.QuerySelector(".nhsuk-notification-banner__heading")?.TextContent.Trim());
        Assert.Contains("0300 555 0199", page.QuerySelector("#Input_PublishedPhones")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("IG-PHONE", await api.CheckCodesAsync(new { text = post }));
        var checkedPage = await (await factory.SignInAsync(DemoPeople.Officer)).SubmitFormAsync(Check, new() { ["Input.Text"] = post });
        var results = (await checkedPage.ReadDocumentAsync()).QuerySelector("#check-results")!.TextContent;
        Assert.DoesNotContain("IG-PHONE", results, StringComparison.Ordinal);
        var recorded = await factory.QueryAsync(db => db.AuditEvents.OrderByDescending(e => e.Sequence)
            .FirstAsync(e => e.Code == AuditEventCode.OrganisationSettingsUpdated && e.OrganisationId == db.Organisations.Single(o => o.Slug == DemoPeople.Icb).Id));
        Assert.Equal("Tom Okafor", recorded.ActorName);
        Assert.Contains("publishedPhones", recorded.Changes, StringComparison.Ordinal);
        Assert.Contains("0300 555 0199", recorded.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveSettings_WithMistakes_ShowsEachNextToItsFieldKeepsWhatWasTypedAndSavesNothing()
    {
        var manager = await factory.SignInAsync(DemoPeople.Manager);
        var before = await factory.QueryAsync(db => db.Organisations.Where(o => o.Slug == DemoPeople.Icb).Select(o => o.SettingsJson).SingleAsync());
        var events = await factory.AuditEventCountAsync(DemoPeople.Icb);
        var fields = await CurrentFieldsAsync(manager);
        fields["Input.PublishedEmails"] = "contactus.riversideicb@nhs.net\nnot an email";
        fields["Input.Emojis"] = "lots";
        fields["Input.Hashtags"] = "99";
        fields["Input.PreElectionPeriods"] = "Local elections 2027, 2027-05-06, 2027-03-25";
        fields["Input.Jargon"] = "PCN primary care network";

        var response = await manager.SubmitFormAsync(Settings, fields, multiValueField: "Input.Days", multiValues: ["Mon"]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        var errors = page.ErrorMessages();
        Assert.Contains(errors, e => e.Contains("\"not an email\" is not an email address", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Enter the emoji limit as a whole number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hashtag limit must be between 0 and 30", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("starts (2027-05-06) after it ends (2027-03-25)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Jargon, line 1", StringComparison.Ordinal));
        Assert.NotNull(page.QuerySelector("#Input_Emojis-error"));
        Assert.Equal("lots", page.QuerySelector("#Input_Emojis")!.GetAttribute("value"));
        Assert.Contains("not an email", page.QuerySelector("#Input_PublishedEmails")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll(".nhsuk-error-summary__list a"), a => a.GetAttribute("href") == "#Input_PublishedEmails");
        Assert.StartsWith("Error: ", page.Title, StringComparison.Ordinal);
        Assert.Equal(before, await factory.QueryAsync(db => db.Organisations.Where(o => o.Slug == DemoPeople.Icb).Select(o => o.SettingsJson).SingleAsync()));
        Assert.Equal(events, await factory.AuditEventCountAsync(DemoPeople.Icb));
    }

    [Fact]
    public async Task SettingsPage_ForACommunicationsOfficer_IsForbiddenAndNotInTheMenu()
    {
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var manager = await factory.SignInAsync(DemoPeople.Manager);

        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync(Settings)).StatusCode);
        var officerHome = await officer.GetDocumentAsync($"/o/{DemoPeople.Icb}");
        var managerHome = await manager.GetDocumentAsync($"/o/{DemoPeople.Icb}");

        Assert.DoesNotContain(officerHome.QuerySelectorAll(".nhsuk-header__navigation-link"), a => a.GetAttribute("href") == Settings);
        Assert.Contains(officerHome.QuerySelectorAll(".nhsuk-header__navigation-link"), a => a.GetAttribute("href") == Check);
        Assert.Contains(managerHome.QuerySelectorAll(".nhsuk-header__navigation-link"), a => a.GetAttribute("href") == Settings);
        Assert.Contains(managerHome.QuerySelectorAll(".nhsuk-card__link"), a => a.GetAttribute("href") == Settings);
    }

    [Fact]
    public async Task DownloadSettings_ForTheCli_IsTheSavedJson()
    {
        var manager = await factory.SignInAsync(DemoPeople.Manager);

        var response = await manager.GetAsync($"{Settings}?handler=Json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var settings = Signpost.Policy.Settings.OrganisationSettings.Load(await response.Content.ReadAsStringAsync());
        Assert.True(settings.IsValid);
        Assert.Equal("NHS Riverside Integrated Care Board", settings.Settings!.Organisation.Name);
    }

    /// <summary>The settings form's fields as the page shows them now.</summary>
    private static async Task<Dictionary<string, string>> CurrentFieldsAsync(HttpClient client)
    {
        var page = await client.GetDocumentAsync(Settings);
        var form = page.Forms.Single(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase) && f.QuerySelector("#Input_PublishedPhones") is not null);
        var fields = new Dictionary<string, string>();
        foreach (var element in form.QuerySelectorAll("input[name^='Input.'], textarea[name^='Input.'], select[name^='Input.']"))
        {
            var name = element.GetAttribute("name")!;
            if (name == "Input.Days")
            {
                continue;
            }

            fields[name] = element switch
            {
                AngleSharp.Html.Dom.IHtmlTextAreaElement t => t.Value ?? "",
                AngleSharp.Html.Dom.IHtmlSelectElement s => s.Value ?? "",
                AngleSharp.Html.Dom.IHtmlInputElement i => i.Value ?? "",
                _ => "",
            };
        }

        return fields;
    }
}
