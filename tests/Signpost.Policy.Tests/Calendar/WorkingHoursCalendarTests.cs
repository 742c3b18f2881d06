using Signpost.Policy.Calendar;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Tests.Calendar;

public sealed class WorkingHoursCalendarTests
{
    private static readonly WorkingHoursCalendar Calendar = WorkingHoursCalendar.Default;

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-11-24T10:00:00Z", false)] // Tuesday morning, GMT
    [InlineData("2026-11-24T16:59:00Z", false)] // one minute before 17:00
    [InlineData("2026-11-24T17:00:00Z", true)]  // 004 §6.4.1: checked between 9am and 5pm
    [InlineData("2026-11-24T19:30:00Z", true)]  // weekday evening
    [InlineData("2026-11-24T08:59:00Z", true)]  // before nine
    [InlineData("2026-11-28T11:00:00Z", true)]  // Saturday
    [InlineData("2026-11-29T11:00:00Z", true)]  // Sunday
    public void IsOutOfHours_GmtWeekdaysAndWeekend_FollowsNineToFiveMondayToFriday(string instant, bool expected)
    {
        Assert.Equal(expected, Calendar.IsOutOfHours(Utc(instant)));
    }

    [Theory]
    [InlineData("2026-12-25T11:00:00Z")] // Christmas Day, Friday
    [InlineData("2026-12-28T11:00:00Z")] // Boxing Day substitute day, Monday
    [InlineData("2027-03-26T11:00:00Z")] // Good Friday 2027
    [InlineData("2027-03-29T10:00:00Z")] // Easter Monday 2027
    [InlineData("2026-08-31T10:00:00Z")] // Summer bank holiday 2026
    public void IsOutOfHours_BankHoliday_IsTrueAllDay(string instant)
    {
        Assert.True(Calendar.IsOutOfHours(Utc(instant)));
    }

    [Fact]
    public void IsOutOfHours_DayAfterSubstituteDay_IsAWorkingDay()
    {
        Assert.False(Calendar.IsOutOfHours(Utc("2026-12-29T11:00:00Z")));
    }

    [Theory]
    [InlineData("2026-10-23T08:30:00Z", false)] // Friday before the change: 09:30 BST
    [InlineData("2026-10-23T16:30:00Z", true)]  // 17:30 BST
    [InlineData("2026-10-26T08:30:00Z", true)]  // Monday after the change: 08:30 GMT
    [InlineData("2026-10-26T16:30:00Z", false)] // 16:30 GMT
    [InlineData("2027-03-22T08:30:00Z", true)]  // Monday before the change: 08:30 GMT
    [InlineData("2027-03-30T08:30:00Z", false)] // Tuesday after the change: 09:30 BST
    [InlineData("2027-03-30T16:30:00Z", true)]  // 17:30 BST
    public void IsOutOfHours_AcrossClockChanges_UsesLondonLocalTime(string instant, bool expected)
    {
        Assert.Equal(expected, Calendar.IsOutOfHours(Utc(instant)));
    }

    [Fact]
    public void AddWorkingTime_FridayAfternoon_CarriesOverTheWeekend()
    {
        // 004 §6.4.1: a reply within two hours of a working day.
        var due = Calendar.AddWorkingTime(Utc("2026-11-27T16:30:00Z"), TimeSpan.FromHours(2));

        Assert.Equal(Utc("2026-11-30T10:30:00Z"), due);
    }

    [Fact]
    public void AddWorkingTime_ChristmasEve_SkipsChristmasAndTheSubstituteDay()
    {
        var due = Calendar.AddWorkingTime(Utc("2026-12-24T16:00:00Z"), TimeSpan.FromHours(2));

        Assert.Equal(Utc("2026-12-29T10:00:00Z"), due);
    }

    [Fact]
    public void AddWorkingTime_AcrossAutumnClockChange_CountsLocalHours()
    {
        // Friday 16:00 BST (15:00Z) + 2h: one hour on Friday, one on Monday from 09:00 GMT.
        var due = Calendar.AddWorkingTime(Utc("2026-10-23T15:00:00Z"), TimeSpan.FromHours(2));

        Assert.Equal(Utc("2026-10-26T10:00:00Z"), due);
        Assert.Equal(TimeSpan.Zero, due.Offset);
    }

    [Fact]
    public void AddWorkingTime_AcrossSpringClockChangeAndEaster_CountsLocalHours()
    {
        // Thursday 16:30 GMT + 2h: half an hour on Thursday, Good Friday and Easter Monday off,
        // then 1.5h from 09:00 BST on Tuesday = 10:30 BST = 09:30Z.
        var due = Calendar.AddWorkingTime(Utc("2027-03-25T16:30:00Z"), TimeSpan.FromHours(2));

        Assert.Equal(Utc("2027-03-30T09:30:00Z"), due);
        Assert.Equal(TimeSpan.FromHours(1), due.Offset);
    }

    [Fact]
    public void AddWorkingTime_MessageReceivedAtNight_StartsNextMorning()
    {
        var due = Calendar.AddWorkingTime(Utc("2026-11-24T22:00:00Z"), TimeSpan.FromHours(2));

        Assert.Equal(Utc("2026-11-25T11:00:00Z"), due);
    }

    [Fact]
    public void AddWorkingTime_NegativeDuration_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingTime(Utc("2026-11-24T10:00:00Z"), TimeSpan.FromHours(-1)));
    }

    [Fact]
    public void WorkingTimeBetween_FridayToMonday_CountsOnlyWorkingHours()
    {
        var worked = Calendar.WorkingTimeBetween(Utc("2026-11-27T16:00:00Z"), Utc("2026-11-30T10:00:00Z"));

        Assert.Equal(TimeSpan.FromHours(2), worked);
    }

    [Fact]
    public void WorkingTimeBetween_ChristmasWeek_IsFourDays()
    {
        var worked = Calendar.WorkingTimeBetween(Utc("2026-12-21T00:00:00Z"), Utc("2026-12-28T23:59:00Z"));

        Assert.Equal(TimeSpan.FromHours(4 * 8), worked);
    }

    [Fact]
    public void WorkingTimeBetween_Reversed_IsNegative()
    {
        var worked = Calendar.WorkingTimeBetween(Utc("2026-11-24T12:00:00Z"), Utc("2026-11-24T10:00:00Z"));

        Assert.Equal(TimeSpan.FromHours(-2), worked);
    }

    [Fact]
    public void WorkingTimeBetween_AcrossClockChange_MatchesAddWorkingTime()
    {
        var from = Utc("2026-10-23T15:00:00Z");
        var due = Calendar.AddWorkingTime(from, TimeSpan.FromHours(2));

        Assert.Equal(TimeSpan.FromHours(2), Calendar.WorkingTimeBetween(from, due));
    }

    [Fact]
    public void NextWorkingTime_SaturdayMessage_IsMondayNine()
    {
        Assert.Equal(Utc("2026-11-30T09:00:00Z"), Calendar.NextWorkingTime(Utc("2026-11-28T11:00:00Z")));
    }

    [Fact]
    public void IsOutOfHours_SevenDayRotaWithoutBankHolidays_IsInHoursOnChristmasDay()
    {
        var rota = new WorkingHoursCalendar(new WorkingHoursSettings
        {
            Start = new TimeOnly(8, 0),
            End = new TimeOnly(20, 0),
            Days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            BankHolidays = "none",
        });

        Assert.False(rota.IsOutOfHours(Utc("2026-12-25T11:00:00Z")));
        Assert.True(rota.IsOutOfHours(Utc("2026-12-25T20:30:00Z")));
    }

    [Fact]
    public void Constructor_EndBeforeStart_Throws()
    {
        Assert.Throws<ArgumentException>(() => new WorkingHoursCalendar(new WorkingHoursSettings { Start = new TimeOnly(17, 0), End = new TimeOnly(9, 0) }));
    }

    [Fact]
    public void Constructor_UnknownDay_Throws()
    {
        Assert.Throws<ArgumentException>(() => new WorkingHoursCalendar(new WorkingHoursSettings { Days = ["Mon", "Funday"] }));
    }

    [Fact]
    public void AddWorkingTime_NoWorkingDays_Throws()
    {
        var never = new WorkingHoursCalendar(new WorkingHoursSettings { Days = [] });

        Assert.Throws<InvalidOperationException>(() => never.AddWorkingTime(Utc("2026-11-24T10:00:00Z"), TimeSpan.FromHours(1)));
    }
}
