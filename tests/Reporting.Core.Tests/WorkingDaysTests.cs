using Caseload.Reporting.Calendar;
using NodaTime;

namespace Caseload.Reporting.Tests;

public class WorkingDaysTests
{
    private static readonly WorkingDays Calendar = WorkingDays.EnglandAndWales;

    [Theory]
    [InlineData(2026, 11, 16, true)] // a Monday
    [InlineData(2026, 11, 21, false)] // a Saturday
    [InlineData(2026, 12, 25, false)] // Christmas Day
    [InlineData(2026, 12, 28, false)] // Boxing Day, substitute
    [InlineData(2026, 12, 29, true)]
    [InlineData(2027, 3, 26, false)] // Good Friday
    [InlineData(2028, 1, 3, false)] // New Year's Day, substitute
    public void A_working_day_is_monday_to_friday_less_bank_holidays(int year, int month, int day, bool working) =>
        Assert.Equal(working, Calendar.IsWorkingDay(new LocalDate(year, month, day)));

    [Fact]
    public void Working_days_between_two_dates_skip_weekends_and_bank_holidays()
    {
        Assert.Equal(5, Calendar.Between(new LocalDate(2026, 11, 13), new LocalDate(2026, 11, 20)));
        Assert.Equal(4, Calendar.Between(new LocalDate(2026, 12, 23), new LocalDate(2026, 12, 31))); // 24, 29, 30, 31: not 25, 28 (bank holidays) nor the weekend
        Assert.Equal(0, Calendar.Between(new LocalDate(2026, 11, 20), new LocalDate(2026, 11, 20)));
    }

    [Fact]
    public void A_date_beyond_the_bank_holiday_list_is_refused_not_guessed()
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.IsWorkingDay(new LocalDate(2029, 1, 2)));

        Assert.Contains("add the year to Calendar/bank-holidays-england-and-wales.txt", refused.Message, StringComparison.Ordinal);
        Assert.Equal(new LocalDate(2028, 12, 31), Calendar.CoversTo);
    }
}
