using Caseload.Reporting.Calendar;

namespace Caseload.Reporting.Tests;

/// <summary>Timers fire in UTC on Flex; the jobs act at the configured hour in England, summer time or not.</summary>
public class ScheduleTests
{
    private readonly ReportingSchedule schedule = new();

    [Theory]
    [InlineData("2026-11-16T07:00:00Z", "2026-W47")] // GMT: 07:00 in London is 07:00 UTC
    [InlineData("2026-11-16T06:00:00Z", null)]
    [InlineData("2026-07-06T06:00:00Z", "2026-W28")] // BST: 07:00 in London is 06:00 UTC
    [InlineData("2026-07-06T07:00:00Z", null)]
    [InlineData("2026-11-17T07:00:00Z", null)] // a Tuesday
    public void The_weekly_job_is_due_at_seven_on_monday_in_london(string utc, string? week) =>
        Assert.Equal(week, schedule.WeekDue(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture))?.ToString());

    [Fact]
    public void Missed_weeks_since_the_last_evaluated_one_are_caught_up_oldest_first()
    {
        Assert.Equal(["2026-W45", "2026-W46", "2026-W47"], WeeklyCatchUp.WeeksToRun(new IsoWeek(2026, 47), new IsoWeek(2026, 44)).Select(w => w.ToString()));
        Assert.Equal(["2026-W47"], WeeklyCatchUp.WeeksToRun(new IsoWeek(2026, 47), null).Select(w => w.ToString()));
        Assert.Equal(["2026-W47"], WeeklyCatchUp.WeeksToRun(new IsoWeek(2026, 47), new IsoWeek(2026, 47)).Select(w => w.ToString()));
        Assert.Equal(9, WeeklyCatchUp.WeeksToRun(new IsoWeek(2027, 10), new IsoWeek(2026, 30)).Count);
        Assert.Equal(["2026-W52", "2026-W53", "2027-W01"], WeeklyCatchUp.WeeksToRun(new IsoWeek(2027, 1), new IsoWeek(2026, 51)).Select(w => w.ToString()));
    }

    [Theory]
    [InlineData("2026-12-01T07:00:00Z", "2026-11")]
    [InlineData("2026-06-01T06:00:00Z", "2026-05")]
    [InlineData("2026-06-01T07:00:00Z", null)]
    [InlineData("2026-12-02T07:00:00Z", null)]
    [InlineData("2027-01-01T07:00:00Z", "2026-12")]
    public void The_monthly_digest_of_last_month_is_due_at_seven_on_the_first_in_london(string utc, string? month) =>
        Assert.Equal(month, schedule.MonthDue(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture))?.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
}
