using Signpost.Policy.Settings;

namespace Signpost.Policy.Tests.Settings;

public sealed class OrganisationSettingsLoadTests
{
    // The shape RULES.md says the CLI must accept, verbatim.
    private const string RulesExample = """
        {
          "organisation": {"name": "NHS Riverside Integrated Care Board", "shortNames": ["Riverside ICB", "NHS Riverside"]},
          "publishedPhones": ["0300 123 4567", "111", "999"],
          "publishedEmails": ["contactus.riversideicb@nhs.net"],
          "domains": ["riverside.icb.nhs.uk", "nhs.uk", "nhs.net", "gov.uk"],
          "premisesPostcodes": ["RV1 2AB"],
          "acronyms": ["NHS", "GP", "A&E", "ICB", "ICS", "RSV", "MMR", "COVID-19"],
          "jargon": {"PCN": "primary care network"},
          "preElectionPeriods": [{"name": "Local elections 2027", "start": "2027-03-25", "end": "2027-05-06"}],
          "incident": {"name": "Water supply failure", "landingUrl": "https://riverside.icb.nhs.uk/incident"},
          "limits": {"emojis": 3, "hashtags": 2, "lineLength": 280, "readingEase": 60},
          "workingHours": {"timeZone": "Europe/London", "start": "09:00", "end": "17:00",
                           "days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "bankHolidays": "england-and-wales"}
        }
        """;

    [Fact]
    public void Load_RulesMdExample_ReadsEveryField()
    {
        var result = OrganisationSettings.Load(RulesExample);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var settings = result.Settings!;
        Assert.Equal("NHS Riverside Integrated Care Board", settings.Organisation.Name);
        Assert.Equal(["Riverside ICB", "NHS Riverside"], settings.Organisation.ShortNames);
        Assert.Equal(3, settings.PublishedPhones.Count);
        Assert.Equal("primary care network", settings.Jargon["PCN"]);
        var period = Assert.Single(settings.PreElectionPeriods);
        Assert.Equal(new DateOnly(2027, 3, 25), period.Start);
        Assert.Equal(new DateOnly(2027, 5, 6), period.End);
        Assert.Equal("https://riverside.icb.nhs.uk/incident", settings.Incident!.LandingUrl);
        Assert.Equal(280, settings.Limits.LineLength);
        Assert.Equal(60, settings.Limits.ReadingEase);
        Assert.Equal(new TimeOnly(9, 0), settings.WorkingHours.Start);
        Assert.Equal(new TimeOnly(17, 0), settings.WorkingHours.End);
        Assert.Equal(["Mon", "Tue", "Wed", "Thu", "Fri"], settings.WorkingHours.Days);
    }

    [Fact]
    public void Load_EmptyObject_TakesEveryDefault()
    {
        var result = OrganisationSettings.Load("{}");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(new PolicyLimits(), result.Settings!.Limits);
        Assert.Null(result.Settings.Incident);
        Assert.Equal(new TimeOnly(9, 0), result.Settings.WorkingHours.Start);
    }

    [Theory]
    [InlineData("08:30", 8, 30, 0)]
    [InlineData("08:30:15", 8, 30, 15)]
    [InlineData("7:45", 7, 45, 0)]
    public void Load_WorkingHoursStart_ReadsHoursAndMinutes(string start, int hour, int minute, int second)
    {
        var result = OrganisationSettings.Load("{\"workingHours\": {\"start\": \"" + start + "\"}}");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(new TimeOnly(hour, minute, second), result.Settings!.WorkingHours.Start);
    }

    [Fact]
    public void Load_CommentsAndTrailingCommas_AreAccepted()
    {
        var result = OrganisationSettings.Load("""
            {
              // a settings file edited by hand
              "limits": {"emojis": 2,},
            }
            """);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(2, result.Settings!.Limits.Emojis);
    }

    [Fact]
    public void Load_UnknownFields_AreIgnored()
    {
        // RULES.md: "more fields may be added".
        var result = OrganisationSettings.Load("""{"futureSetting": {"x": 1}, "limits": {"emojis": 1}}""");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Load_SyntaxError_ReportsLineAndColumn()
    {
        var result = OrganisationSettings.Load("{\n  \"limits\": {\"emojis\": 3\n  \"hashtags\": 2}\n}");

        Assert.False(result.IsValid);
        Assert.Null(result.Settings);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("line 3, column 3: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongType_ReportsPathLineAndColumn()
    {
        var result = OrganisationSettings.Load("{\n  \"limits\": {\"emojis\": \"three\"}\n}");

        var error = Assert.Single(result.Errors);
        Assert.Equal("limits.emojis", error.Path);
        Assert.StartsWith("line 2, column ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Path:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadTime_ReportsThePath()
    {
        var result = OrganisationSettings.Load("""{"workingHours": {"start": "nine"}}""");

        var error = Assert.Single(result.Errors);
        Assert.Equal("workingHours.start", error.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    public void Load_NotAnObject_IsAnError(string json)
    {
        var result = OrganisationSettings.Load(json);

        Assert.False(result.IsValid);
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Load_ValidJsonWithBadValues_ReturnsNoSettingsAndEveryError()
    {
        var result = OrganisationSettings.Load("""{"limits": {"emojis": 99, "hashtags": -1}}""");

        Assert.Null(result.Settings);
        Assert.Equal(["limits.emojis", "limits.hashtags"], result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void ToJson_DemoIcb_LoadsBackEqualInEveryValue()
    {
        var json = OrganisationSettings.DemoIcb.ToJson();

        var result = OrganisationSettings.Load(json);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(json, result.Settings!.ToJson());
    }
}
