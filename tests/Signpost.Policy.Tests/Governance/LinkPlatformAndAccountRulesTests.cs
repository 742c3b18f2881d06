using Signpost.Policy.Platforms;
using Signpost.Policy.Settings;
using static Signpost.Policy.Tests.Governance.GovernanceTestKit;

namespace Signpost.Policy.Tests.Governance;

public sealed class LinkPlatformAndAccountRulesTests
{
    private static OrganisationSettings WithIncident() => OrganisationSettings.DemoIcb with
    {
        Incident = new IncidentSettings { Name = "Water supply failure", LandingUrl = "https://riverside.icb.nhs.uk/incident" },
    };

    [Theory]
    [InlineData("Book: bit.ly/flu now", "bit.ly/flu")]
    [InlineData("See https://tinyurl.com/abc.", "https://tinyurl.com/abc")]
    [InlineData("See (https://go.ow.ly/x)", "https://go.ow.ly/x")]
    public void Shortener_ShortLink_FiresOnTheLink(string text, string link)
    {
        var finding = Assert.Single(Findings("LINK-SHORTENER", text));

        Assert.Equal(link, Spanned(text, finding));
        Assert.Equal(Severity.Warning, finding.Severity);
    }

    [Theory]
    [InlineData("See https://www.nhs.uk/flu")]
    [InlineData("e.g. tiredness, i.e. feeling worn out.")]
    [InlineData("See https://abit.ly.example.com/x")]
    public void Shortener_FullAddressOrAbbreviation_DoesNotFire(string text)
    {
        Assert.Empty(Findings("LINK-SHORTENER", text));
    }

    [Fact]
    public void Insecure_HttpLink_SuggestsHttps()
    {
        const string text = "Read more at http://riverside.icb.nhs.uk/winter.";

        var finding = Assert.Single(Findings("LINK-INSECURE", text));

        Assert.Equal("http://riverside.icb.nhs.uk/winter", Spanned(text, finding));
        Assert.Equal("https://riverside.icb.nhs.uk/winter", finding.Suggestion);
    }

    [Fact]
    public void Insecure_HttpsLink_DoesNotFire()
    {
        Assert.Empty(Findings("LINK-INSECURE", "Read more at https://www.nhs.uk/flu"));
    }

    [Fact]
    public void IncidentPage_OtherLinkDuringIncident_FiresWithLandingPage()
    {
        const string text = "Updates at https://www.nhs.uk/water";

        var finding = Assert.Single(Findings("LINK-INCIDENT-PAGE", text, settings: WithIncident()));

        Assert.Equal("https://www.nhs.uk/water", Spanned(text, finding));
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("https://riverside.icb.nhs.uk/incident", finding.Suggestion);
    }

    [Theory]
    [InlineData("Updates: https://riverside.icb.nhs.uk/incident")]
    [InlineData("Updates: https://riverside.icb.nhs.uk/incident/")]
    [InlineData("Updates: https://riverside.icb.nhs.uk/incident?utm_source=x")]
    [InlineData("Updates: http://www.Riverside.icb.nhs.uk/incident/#latest")]
    [InlineData("No link at all.")]
    public void IncidentPage_LandingPageOrNoLink_DoesNotFire(string text)
    {
        Assert.Empty(Findings("LINK-INCIDENT-PAGE", text, settings: WithIncident()));
    }

    [Fact]
    public void IncidentPage_NoIncident_DoesNotFire()
    {
        Assert.Empty(Findings("LINK-INCIDENT-PAGE", "Updates at https://www.nhs.uk/water"));
    }

    [Fact]
    public void Length_XPostOver280_FiresWithWordBoundaryCut()
    {
        var text = string.Concat(Enumerable.Repeat("Winter is here and services are busy. ", 8));

        var finding = Assert.Single(Findings("PLATFORM-LENGTH", text, Platform.X));

        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(280, finding.Start);
        Assert.Equal(text.Length - 280, finding.Length);
        Assert.EndsWith("…", finding.Suggestion, StringComparison.Ordinal);
        Assert.True(finding.Suggestion!.Length <= 279);
        Assert.StartsWith(finding.Suggestion[..^1], text, StringComparison.Ordinal);
        Assert.EndsWith("busy. Winter is…", finding.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_XLongUrlCountsAs23_DoesNotFire()
    {
        var text = string.Concat(new string('a', 250), " https://www.nhs.uk/", new string('b', 100));

        Assert.Empty(Findings("PLATFORM-LENGTH", text, Platform.X));
    }

    [Fact]
    public void Length_XWeightsCjkAsTwo()
    {
        var limit = PlatformLimit.Defaults(Platform.X);

        Assert.Equal(4, PlatformTextMeasure.Count("感谢", limit, []));
        Assert.Equal(2, PlatformTextMeasure.Count("💙", limit, []));
        Assert.Equal(2, PlatformTextMeasure.Count("👩‍⚕️", limit, []));
        Assert.Equal(3, PlatformTextMeasure.Count("a—b", limit, []));
    }

    [Fact]
    public void Length_BlueskyCountsGraphemes()
    {
        // "é" as e + combining accent: one grapheme, two UTF-16 code units, three bytes.
        var text = string.Concat(Enumerable.Repeat("e\u0301", 300));

        Assert.Empty(Findings("PLATFORM-LENGTH", text, Platform.Bluesky));
        Assert.Single(Findings("PLATFORM-LENGTH", text + "!", Platform.Bluesky));
    }

    [Fact]
    public void Length_BlueskyOver3000Bytes_Fires()
    {
        var text = string.Concat(Enumerable.Repeat("👩‍⚕️", 250));

        var finding = Assert.Single(Findings("PLATFORM-LENGTH", text, Platform.Bluesky));

        Assert.Contains("3000 bytes", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_MastodonMentionDomainIsFree()
    {
        var limit = PlatformLimit.Defaults(Platform.Mastodon);

        Assert.Equal("Hi @nhs".Length, PlatformTextMeasure.Count("Hi @nhs@mastodon.social", limit, []));
    }

    [Fact]
    public void Length_OverrideFromSettings_IsHonoured()
    {
        var settings = OrganisationSettings.DemoIcb with
        {
            PlatformLimits = new Dictionary<string, PlatformLimitOverride> { ["mastodon"] = new() { MaxLength = 20 } },
        };

        var finding = Assert.Single(Findings("PLATFORM-LENGTH", "Thank you to all our staff today.", Platform.Mastodon, settings: settings));

        Assert.Equal("Thank you to all…", finding.Suggestion);
    }

    [Fact]
    public void Length_NoPlatform_DoesNotFire()
    {
        Assert.Empty(Findings("PLATFORM-LENGTH", new string('a', 5000)));
    }

    [Fact]
    public void Length_InstagramOver30Hashtags_Fires()
    {
        var text = "Tags " + string.Join(' ', Enumerable.Range(1, 31).Select(i => $"#Tag{i}"));
        var post = new Post { Text = text, Platform = Platform.Instagram, Media = [Image()] };

        var finding = Assert.Single(Findings("PLATFORM-LENGTH", post));

        Assert.StartsWith("#Tag31", Spanned(text, finding), StringComparison.Ordinal);
    }

    [Fact]
    public void Media_InstagramWithoutMedia_Fires()
    {
        var finding = Assert.Single(Findings("PLATFORM-MEDIA", "Our new hub is open!", Platform.Instagram));

        Assert.Null(finding.Start);
        Assert.Equal(Severity.Error, finding.Severity);
    }

    [Fact]
    public void Media_XWithFiveImages_Fires()
    {
        var post = new Post { Text = "Open day", Platform = Platform.X, Media = [Image(), Image(), Image(), Image(), Image()] };

        Assert.Single(Findings("PLATFORM-MEDIA", post));
        Assert.Empty(Findings("PLATFORM-MEDIA", post with { Media = [Image(), Image(), Image(), Image()] }));
    }

    [Fact]
    public void Media_OverrideFromSettings_IsHonoured()
    {
        var settings = OrganisationSettings.DemoIcb with
        {
            PlatformLimits = new Dictionary<string, PlatformLimitOverride> { ["x"] = new() { MaxImages = 1 } },
        };
        var post = new Post { Text = "Open day", Platform = Platform.X, Media = [Image(), Image()] };

        Assert.Single(Findings("PLATFORM-MEDIA", post, settings));
    }

    [Fact]
    public void Link_InstagramCaptionLink_FiresAsInfo()
    {
        const string text = "Book at https://www.nhs.uk/flu";
        var post = new Post { Text = text, Platform = Platform.Instagram, Media = [Image()] };

        var finding = Assert.Single(Findings("PLATFORM-LINK", post));

        Assert.Equal("https://www.nhs.uk/flu", Spanned(text, finding));
        Assert.Equal(Severity.Info, finding.Severity);
    }

    [Fact]
    public void Link_FacebookLink_DoesNotFire()
    {
        Assert.Empty(Findings("PLATFORM-LINK", "Book at https://www.nhs.uk/flu", Platform.Facebook));
    }

    [Theory]
    [InlineData("@JaneBloggsRiversideICB", "@JaneBloggs")]
    [InlineData("@DrSamNHSRiverside", "@DrSam")]
    [InlineData("@joe_riverside_icb", null)]
    public void PersonalHandle_NamesOrganisation_Fires(string handle, string? suggestion)
    {
        var post = new Post { Text = "Hello", Account = AccountKind.Personal, Handle = handle };

        var finding = Assert.Single(Findings("ACCOUNT-PERSONAL-HANDLE", post));

        Assert.Null(finding.Start);
        Assert.Equal(suggestion, finding.Suggestion);
    }

    [Fact]
    public void PersonalHandle_MseVariation_Fires()
    {
        var settings = OrganisationSettings.DemoIcb with
        {
            Organisation = new OrganisationIdentity { Name = "NHS Mid and South Essex Integrated Care Board", ShortNames = ["MSE ICB"] },
        };
        var post = new Post { Text = "Hello", Account = AccountKind.Personal, Handle = "@JoeBloggsMSEICS" };

        Assert.Single(Findings("ACCOUNT-PERSONAL-HANDLE", post, settings));
    }

    [Fact]
    public void PersonalHandle_OwnName_DoesNotFire()
    {
        Assert.Empty(Findings("ACCOUNT-PERSONAL-HANDLE", new Post { Text = "Hi", Account = AccountKind.Personal, Handle = "@DrSamPatel" }));
    }

    [Theory]
    [InlineData("@PharmacyTeamRV", true)]
    [InlineData("@NHSRiverside_Pharmacy", false)]
    [InlineData("@Riverside_ICB_MH", false)]
    public void DepartmentHandle_WithoutOrganisationName_Fires(string handle, bool fires)
    {
        var post = new Post { Text = "Hello", Account = AccountKind.Departmental, Handle = handle };

        Assert.Equal(fires ? 1 : 0, Findings("ACCOUNT-DEPARTMENT-HANDLE", post).Count);
    }

    [Theory]
    [InlineData(PostTextKind.Profile, "Community nurse at NHS Riverside.", true)]
    [InlineData(PostTextKind.Blog, "Twenty years of community nursing.", true)]
    [InlineData(PostTextKind.Profile, "Physio. Views are my own.", false)]
    [InlineData(PostTextKind.Profile, "GP. Views my own.", false)]
    [InlineData(PostTextKind.Blog, "Opinions are my own.", false)]
    [InlineData(PostTextKind.Profile, "Nurse. Personal views.", false)]
    [InlineData(PostTextKind.Post, "Great clinic today!", false)]
    public void Disclaimer_PersonalProfileOrBlog_FiresWithoutDisclaimer(PostTextKind kind, string text, bool fires)
    {
        var post = new Post { Text = text, Account = AccountKind.Personal, TextKind = kind };

        var findings = Findings("ACCOUNT-DISCLAIMER", post);

        Assert.Equal(fires ? 1 : 0, findings.Count);
        if (fires)
        {
            Assert.Equal("Views are my own and not those of my employer.", findings[0].Suggestion);
        }
    }

    [Fact]
    public void Disclaimer_CorporateProfile_DoesNotFire()
    {
        Assert.Empty(Findings("ACCOUNT-DISCLAIMER", new Post { Text = "The official account.", TextKind = PostTextKind.Profile }));
    }
}
