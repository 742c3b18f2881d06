using Signpost.Policy.Calendar;

namespace Signpost.Policy.Tests.Calendar;

public sealed class BankHolidayCalendarTests
{
    [Theory]
    [InlineData("2024-01-01")]
    [InlineData("2025-12-26")]
    [InlineData("2026-12-25")]
    [InlineData("2026-12-28")] // Boxing Day substitute day
    [InlineData("2027-03-26")] // Good Friday (Easter is 28 March 2027)
    [InlineData("2027-12-27")]
    [InlineData("2027-12-28")]
    public void IsBankHoliday_BuiltInEnglandAndWales_KnowsTheGovUkDates(string date)
    {
        Assert.True(BankHolidayCalendar.EnglandAndWalesBuiltIn.IsBankHoliday(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("2026-12-26")] // Saturday: gov.uk lists the substitute day, not the weekend date
    [InlineData("2027-04-02")] // a wrong Good Friday seen in a third-party list
    [InlineData("2026-11-24")]
    public void IsBankHoliday_OrdinaryDay_IsFalse(string date)
    {
        Assert.False(BankHolidayCalendar.EnglandAndWalesBuiltIn.IsBankHoliday(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void EnglandAndWalesBuiltIn_Loaded_HasEightHolidaysAYearFrom2024To2027()
    {
        var calendar = BankHolidayCalendar.EnglandAndWalesBuiltIn;

        Assert.Equal(32, calendar.Holidays.Count);
        Assert.Equal(new DateOnly(2024, 1, 1), calendar.First);
        Assert.Equal(new DateOnly(2027, 12, 28), calendar.Last);
        Assert.All(calendar.Holidays, h => Assert.NotEqual(DayOfWeek.Saturday, h.Date.DayOfWeek));
    }

    [Fact]
    public void FromFile_NewerGovUkFile_ReplacesTheBuiltInDates()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bank-holidays-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            {"england-and-wales": {"division": "england-and-wales", "events": [
              {"title": "New Year’s Day", "date": "2028-01-03", "notes": "Substitute day", "bunting": true},
              {"title": "Extra bank holiday", "date": "2028-06-05", "notes": "", "bunting": true}
            ]},
             "scotland": {"division": "scotland", "events": [{"title": "2nd January", "date": "2028-01-04", "notes": "", "bunting": true}]}}
            """);
        try
        {
            var calendar = BankHolidayCalendar.FromFile(path);

            Assert.True(calendar.IsBankHoliday(new DateOnly(2028, 6, 5)));
            Assert.False(calendar.IsBankHoliday(new DateOnly(2028, 1, 4)));
            Assert.Equal("Substitute day", calendar.Holidays[0].Notes);
            Assert.True(BankHolidayCalendar.ForSetting(path).IsBankHoliday(new DateOnly(2028, 1, 3)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromJson_NotGovUkShape_Throws()
    {
        Assert.Throws<FormatException>(() => BankHolidayCalendar.FromJson("""{"holidays": []}"""));
    }

    [Fact]
    public void ForSetting_None_HasNoHolidays()
    {
        Assert.Empty(BankHolidayCalendar.ForSetting("none").Holidays);
    }

    [Fact]
    public void ForSetting_UnknownName_Throws()
    {
        Assert.Throws<ArgumentException>(() => BankHolidayCalendar.ForSetting("narnia"));
    }
}
