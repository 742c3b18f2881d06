using Signpost.Policy.Settings;

namespace Signpost.Policy.Tests.Settings;

public sealed class OrganisationSettingsValidatorTests
{
    private static SettingsError SingleError(OrganisationSettings settings) =>
        Assert.Single(OrganisationSettingsValidator.Validate(settings));

    [Fact]
    public void Validate_DemoIcb_HasNoErrors()
    {
        Assert.Empty(OrganisationSettingsValidator.Validate(OrganisationSettings.DemoIcb));
    }

    [Fact]
    public void Validate_Defaults_HaveNoErrors()
    {
        Assert.Empty(OrganisationSettingsValidator.Validate(new OrganisationSettings()));
    }

    [Fact]
    public void Validate_UnknownPlatformName_NamesTheAllowedPlatforms()
    {
        var settings = new OrganisationSettings
        {
            PlatformLimits = new Dictionary<string, PlatformLimitOverride> { ["twitter"] = new() { MaxLength = 280 } },
        };

        var error = SingleError(settings);

        Assert.Equal("platformLimits.twitter", error.Path);
        Assert.Contains("facebook, instagram, x, linkedin", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mastodon")]
    [InlineData("Bluesky")]
    [InlineData("x")]
    public void Validate_KnownPlatformName_IsAccepted(string name)
    {
        var settings = new OrganisationSettings
        {
            PlatformLimits = new Dictionary<string, PlatformLimitOverride> { [name] = new() { MaxLength = 1000, MaxImages = 2 } },
        };

        Assert.Empty(OrganisationSettingsValidator.Validate(settings));
    }

    [Fact]
    public void Validate_PlatformLimitNotPositive_IsAnError()
    {
        var settings = new OrganisationSettings
        {
            PlatformLimits = new Dictionary<string, PlatformLimitOverride> { ["mastodon"] = new() { MaxLength = 0, MaxImages = -1 } },
        };

        var errors = OrganisationSettingsValidator.Validate(settings);

        Assert.Equal(["platformLimits.mastodon.maxLength", "platformLimits.mastodon.maxImages"], errors.Select(e => e.Path));
    }

    [Theory]
    [InlineData(-1, 2, 280, 60, "limits.emojis")]
    [InlineData(51, 2, 280, 60, "limits.emojis")]
    [InlineData(3, -1, 280, 60, "limits.hashtags")]
    [InlineData(3, 31, 280, 60, "limits.hashtags")]
    [InlineData(3, 2, 19, 60, "limits.lineLength")]
    [InlineData(3, 2, 5001, 60, "limits.lineLength")]
    [InlineData(3, 2, 280, -0.5, "limits.readingEase")]
    [InlineData(3, 2, 280, 100.5, "limits.readingEase")]
    public void Validate_LimitOutOfRange_NamesTheLimit(int emojis, int hashtags, int lineLength, double readingEase, string path)
    {
        var settings = new OrganisationSettings
        {
            Limits = new PolicyLimits { Emojis = emojis, Hashtags = hashtags, LineLength = lineLength, ReadingEase = readingEase },
        };

        var error = SingleError(settings);

        Assert.Equal(path, error.Path);
        Assert.Contains("must be", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, 20, 0)]
    [InlineData(50, 30, 5000, 100)]
    public void Validate_LimitsAtTheEdges_AreAccepted(int emojis, int hashtags, int lineLength, double readingEase)
    {
        var settings = new OrganisationSettings
        {
            Limits = new PolicyLimits { Emojis = emojis, Hashtags = hashtags, LineLength = lineLength, ReadingEase = readingEase },
        };

        Assert.Empty(OrganisationSettingsValidator.Validate(settings));
    }

    [Fact]
    public void Validate_PreElectionPeriodStartsAfterItEnds_IsAnError()
    {
        var settings = new OrganisationSettings
        {
            PreElectionPeriods = [new PreElectionPeriod { Name = "Local elections 2027", Start = new(2027, 5, 6), End = new(2027, 3, 25) }],
        };

        var error = SingleError(settings);

        Assert.Equal("preElectionPeriods[0]", error.Path);
        Assert.Contains("2027-05-06", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PreElectionPeriodOfOneDay_IsAccepted()
    {
        var settings = new OrganisationSettings
        {
            PreElectionPeriods = [new PreElectionPeriod { Name = "By-election", Start = new(2027, 5, 6), End = new(2027, 5, 6) }],
        };

        Assert.Empty(OrganisationSettingsValidator.Validate(settings));
    }

    [Fact]
    public void Validate_PreElectionPeriodWithoutNameOrDates_ReportsEachField()
    {
        var settings = new OrganisationSettings { PreElectionPeriods = [new PreElectionPeriod()] };

        var errors = OrganisationSettingsValidator.Validate(settings);

        Assert.Equal(["preElectionPeriods[0].name", "preElectionPeriods[0].start", "preElectionPeriods[0].end"], errors.Select(e => e.Path));
    }

    [Theory]
    [InlineData(17, 0, 9, 0)]
    [InlineData(9, 0, 9, 0)]
    public void Validate_WorkingHoursStartNotBeforeEnd_IsAnError(int startHour, int startMinute, int endHour, int endMinute)
    {
        var settings = new OrganisationSettings
        {
            WorkingHours = new WorkingHoursSettings { Start = new(startHour, startMinute), End = new(endHour, endMinute) },
        };

        Assert.Equal("workingHours", SingleError(settings).Path);
    }

    [Fact]
    public void Validate_WorkingHoursEndingAtMidnight_IsAccepted()
    {
        // WorkingHoursCalendar reads "end": "00:00" as the end of the day (a 24-hour service).
        var settings = new OrganisationSettings { WorkingHours = new WorkingHoursSettings { Start = new(0, 0), End = new(0, 0) } };

        Assert.Empty(OrganisationSettingsValidator.Validate(settings));
    }

    [Fact]
    public void Validate_DayNotMonToSun_NamesTheDay()
    {
        var settings = new OrganisationSettings { WorkingHours = new WorkingHoursSettings { Days = ["Mon", "Tues", "Funday", "saturday"] } };

        var errors = OrganisationSettingsValidator.Validate(settings);

        Assert.Equal(["workingHours.days[1]", "workingHours.days[2]"], errors.Select(e => e.Path));
        Assert.Contains("\"Funday\"", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownTimeZone_IsAnError()
    {
        var settings = new OrganisationSettings { WorkingHours = new WorkingHoursSettings { TimeZone = "Europe/Riverside" } };

        var error = SingleError(settings);

        Assert.Equal("workingHours.timeZone", error.Path);
        Assert.Contains("Europe/Riverside", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("england-and-wales")]
    [InlineData("none")]
    [InlineData("/etc/signpost/bank-holidays.json")]
    public void Validate_BankHolidaysTheCalendarReads_IsAccepted(string value)
    {
        var settings = new OrganisationSettings { WorkingHours = new WorkingHoursSettings { BankHolidays = value } };

        Assert.Empty(OrganisationSettingsValidator.Validate(settings));
    }

    [Theory]
    [InlineData("scotland", "not built in")]
    [InlineData("northern-ireland", "not built in")]
    [InlineData("wales", "is not a bank-holiday calendar")]
    public void Validate_BankHolidaysTheCalendarCannotRead_IsAnError(string value, string expected)
    {
        var settings = new OrganisationSettings { WorkingHours = new WorkingHoursSettings { BankHolidays = value } };

        var error = SingleError(settings);

        Assert.Equal("workingHours.bankHolidays", error.Path);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://riverside.icb.nhs.uk/incident")]
    [InlineData("/incident")]
    [InlineData("riverside.icb.nhs.uk/incident")]
    [InlineData("")]
    public void Validate_IncidentLandingUrlNotAbsoluteHttps_IsAnError(string url)
    {
        var settings = new OrganisationSettings { Incident = new IncidentSettings { Name = "Water supply failure", LandingUrl = url } };

        Assert.Equal("incident.landingUrl", SingleError(settings).Path);
    }

    [Fact]
    public void Validate_IncidentLandingUrlHttps_IsAccepted()
    {
        var settings = new OrganisationSettings { Incident = new IncidentSettings { Name = "Water supply failure", LandingUrl = "https://riverside.icb.nhs.uk/incident" } };

        Assert.Empty(OrganisationSettingsValidator.Validate(settings));
    }

    [Theory]
    [InlineData("0300 123 4567")]
    [InlineData("contactus.riversideicb")]
    [InlineData("contact us@nhs.net")]
    [InlineData("contactus@nhs")]
    [InlineData("a@@nhs.net")]
    public void Validate_MalformedPublishedEmail_IsAnError(string email)
    {
        var settings = new OrganisationSettings { PublishedEmails = ["contactus.riversideicb@nhs.net", email] };

        var error = SingleError(settings);

        Assert.Equal("publishedEmails[1]", error.Path);
        Assert.Contains(email, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RV1")]
    [InlineData("RV1 2A")]
    [InlineData("12345")]
    [InlineData("QV1 2AB")]
    public void Validate_MalformedPostcode_IsAnError(string postcode)
    {
        var settings = new OrganisationSettings { PremisesPostcodes = [postcode] };

        Assert.Equal("premisesPostcodes[0]", SingleError(settings).Path);
    }

    [Theory]
    [InlineData("RV1 2AB")]
    [InlineData("rv12ab")]
    [InlineData("SW1A 2AA")]
    [InlineData("M1 1AE")]
    public void Validate_FullPostcode_IsAccepted(string postcode)
    {
        var settings = new OrganisationSettings { PremisesPostcodes = [postcode] };

        Assert.Empty(OrganisationSettingsValidator.Validate(settings));
    }

    [Fact]
    public void Validate_EmptyJargonKey_IsAnError()
    {
        var settings = new OrganisationSettings { Jargon = new Dictionary<string, string> { [" "] = "primary care network" } };

        Assert.Equal("jargon", SingleError(settings).Path);
    }

    [Fact]
    public void Validate_NullList_IsAnErrorNotACrash()
    {
        var settings = OrganisationSettings.Load("""{"acronyms": null, "limits": null}""");

        Assert.Equal(["acronyms", "limits"], settings.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Validate_ManyProblems_ReportsThemAllInDocumentOrder()
    {
        var settings = new OrganisationSettings
        {
            PublishedEmails = ["nobody"],
            Limits = new PolicyLimits { Emojis = 100 },
            WorkingHours = new WorkingHoursSettings { Days = ["Someday"] },
        };

        var errors = OrganisationSettingsValidator.Validate(settings);

        Assert.Equal(["publishedEmails[0]", "limits.emojis", "workingHours.days[0]"], errors.Select(e => e.Path));
    }
}
