using Caseload.Reporting.Calendar;
using NodaTime;

namespace Caseload.Reporting.Tests;

public class IsoWeekTests
{
    [Theory]
    [InlineData(2026, 11, 16, "2026-W47")]
    [InlineData(2026, 1, 1, "2026-W01")]
    [InlineData(2027, 1, 1, "2026-W53")]
    [InlineData(2024, 12, 30, "2025-W01")]
    public void The_week_of_a_date_is_its_iso_week(int year, int month, int day, string week) =>
        Assert.Equal(week, IsoWeek.Of(new LocalDate(year, month, day)).ToString());

    [Fact]
    public void A_week_reads_back_and_knows_its_monday()
    {
        Assert.True(IsoWeek.TryParse("2026-W47", out var week));
        Assert.Equal(new LocalDate(2026, 11, 16), week.Monday);
        Assert.Equal(new IsoWeek(2026, 46), week.Previous);
        Assert.False(IsoWeek.TryParse("2026-W54", out _));
        Assert.False(IsoWeek.TryParse("2026-47", out _));
    }
}
