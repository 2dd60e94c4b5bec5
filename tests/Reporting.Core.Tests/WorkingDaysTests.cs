using Caseload.Reporting.Calendar;
using NodaTime;
using NodaTime.Text;

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
    [InlineData(2029, 1, 1, false)] // beyond the list the project used to ship
    [InlineData(2035, 3, 23, false)] // Good Friday 2035
    [InlineData(2035, 12, 24, true)]
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
    public void The_bank_holidays_are_govuks_for_2023_to_2028_one_off_holidays_included()
    {
        // The list GOV.UK publishes (https://www.gov.uk/bank-holidays), as the project shipped it before issue 14.
        var published = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "gov-uk-bank-holidays-england-and-wales-2023-2028.txt"))
            .Where(l => l.Length >= 10 && !l.StartsWith('#'))
            .Select(l => LocalDatePattern.Iso.Parse(l[..10]).Value)
            .ToHashSet();

        var computed = Enumerable.Range(2023, 6).SelectMany(Calendar.BankHolidays).ToHashSet();

        Assert.Equal(published.Order(), computed.Order());
        Assert.Contains(new LocalDate(2023, 5, 8), computed); // the coronation of King Charles III
        Assert.Contains(new LocalDate(2022, 9, 19), Calendar.BankHolidays(2022)); // the state funeral of Queen Elizabeth II
    }

    [Fact]
    public void The_calendar_answers_for_every_year_a_snapshot_may_carry()
    {
        Assert.Equal(8, Calendar.BankHolidays(WorkingDays.CoversTo.Year).Count);
        Assert.InRange(Calendar.Between(WorkingDays.CoversFrom, WorkingDays.CoversFrom.PlusYears(1)), 240, 260);
        Assert.Equal(new LocalDate(2098, 12, 22), Calendar.CountBack(new LocalDate(2098, 12, 31), 5)); // 23, 24, 29, 30 and 31 December: not Christmas or Boxing Day
    }
}
