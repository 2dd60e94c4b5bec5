using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>Periods, staleness, a month's weeks and breaches, the stability window and the policy in force.</summary>
public class PeriodRulesTests
{
    [Theory]
    [InlineData("2026-11-16T06:59:59Z", "2026-W46", "2026-10")]  // Monday 06:59 in London (GMT): last week; the 1st has passed
    [InlineData("2026-11-16T07:00:00Z", "2026-W47", "2026-10")]  // the weekly hour has come
    [InlineData("2026-11-22T23:00:00Z", "2026-W47", "2026-10")]  // Sunday night
    [InlineData("2026-12-01T06:00:00Z", "2026-W49", "2026-10")]  // the 1st, before the monthly hour
    [InlineData("2026-12-01T07:15:00Z", "2026-W49", "2026-11")]  // Tuesday 1 December: week 49 began Monday 30 November
    [InlineData("2026-06-01T06:00:00Z", "2026-W23", "2026-05")]  // 07:00 in London is 06:00 UTC in summer
    public void The_latest_period_due_is_the_one_whose_hour_has_come_in_the_councils_time(string now, string week, string month)
    {
        var schedule = new ReportingSchedule();
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(week, schedule.LatestWeekDue(at).ToString());
        Assert.Equal(month, schedule.LatestMonthDue(at).ToString("yyyy-MM", null));
    }

    [Fact]
    public void A_period_is_a_week_or_a_month_and_reads_back_as_written()
    {
        Assert.True(ReportingPeriod.TryParse("2026-W53", out var week));
        Assert.True(ReportingPeriod.TryParse("2026-10", out var month));

        Assert.Equal((new IsoWeek(2026, 53), (YearMonth?)null), (week.Week, week.Month));
        Assert.Equal(new LocalDate(2027, 1, 3), week.End);
        Assert.Equal(((IsoWeek?)null, new YearMonth(2026, 10)), (month.Week, month.Month));
        Assert.Equal((new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 31)), (month.Start, month.End));
        Assert.Equal("2026-W53", week.ToString());
        Assert.Equal("2026-10", month.ToString());
        Assert.NotEqual(ReportingPeriod.Of(new IsoWeek(2026, 40)), ReportingPeriod.Of(new YearMonth(2026, 9)));
        Assert.False(ReportingPeriod.TryParse("2026-13", out _));
        Assert.False(ReportingPeriod.TryParse("2025-W53", out _));
        Assert.False(ReportingPeriod.TryParse("October", out _));
    }

    [Fact]
    public void A_week_cannot_be_made_invalid_and_its_default_is_a_real_week()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IsoWeek(2025, 53));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IsoWeek(2026, 0));
        Assert.Equal("0001-W01", default(IsoWeek).ToString());
        Assert.Equal(new IsoWeek(2027, 1), new IsoWeek(2026, 53).Next);
        Assert.Equal(5, new IsoWeek(2027, 2).WeeksSince(new IsoWeek(2026, 50)));
    }

    [Theory]
    [InlineData("2026-11-16", null)]
    [InlineData("2026-11-09", null)]
    [InlineData("2026-11-08", 8)]
    [InlineData("2026-11-02", 14)]
    public void Data_taken_more_than_a_week_before_the_week_began_is_stale(string asOf, int? days) =>
        Assert.Equal(days, Staleness.DaysBefore(NodaTime.Text.LocalDatePattern.Iso.Parse(asOf).Value, new IsoWeek(2026, 47)));

    [Fact]
    public void A_months_weeks_are_those_whose_monday_is_in_it()
    {
        Assert.Equal(["2026-W41", "2026-W42", "2026-W43", "2026-W44"], MonthBreaches.WeeksOf(new YearMonth(2026, 10)).Select(w => w.ToString()));
        Assert.Equal(["2026-W50", "2026-W51", "2026-W52", "2026-W53"], MonthBreaches.WeeksOf(new YearMonth(2026, 12)).Select(w => w.ToString()));
    }

    [Fact]
    public void Over_a_month_a_breach_is_new_if_it_began_in_it_resolved_if_back_within_by_its_end_else_continuing()
    {
        // W1 over all month (over before it), W2 over from the second week, W3 back within in the last week.
        CaseloadEvaluation Week(int w1, int w2, int w3, CaseloadEvaluation? previous) =>
            new Council().Team("T1").Worker("W1").Worker("W2").Worker("W3").Cases(w1, "W1").Cases(w2, "W2").Cases(w3, "W3").Evaluate(previous: previous);
        var before = Week(20, 10, 20, null);
        var first = Week(20, 10, 20, before);
        var second = Week(21, 19, 20, first);
        var third = Week(21, 19, 10, second);

        var breaches = MonthBreaches.Of([first, second, third]).ToDictionary(b => b.Name);

        Assert.Equal((BreachStatus.Continuing, 4), (breaches["Worker W1"].Status, breaches["Worker W1"].WeeksInBreach));
        Assert.Equal((BreachStatus.New, 2), (breaches["Worker W2"].Status, breaches["Worker W2"].WeeksInBreach));
        Assert.Equal((BreachStatus.Resolved, 0m), (breaches["Worker W3"].Status, breaches["Worker W3"].OverBy));
    }

    [Fact]
    public void A_snapshot_is_read_under_the_policy_its_week_used_else_the_one_in_force_then()
    {
        StoredSnapshot Snapshot(string id, int month, int day) => new(id, new LocalDate(2026, month, day), null, DateTimeOffset.UnixEpoch, 0, 0, 0, 0, new Dictionary<string, string>(), "any");
        EvaluatedWeek[] weeks =
        [
            new(new IsoWeek(2026, 36), "s-sep-7", "2026-01-a"),
            new(new IsoWeek(2026, 40), "s-sep-28", "2026-09-b"),
            new(new IsoWeek(2026, 44), "s-oct-26", "2026-10-c"),
        ];

        Assert.Equal("2026-09-b", PolicyInForce.Of(Snapshot("s-sep-28", 9, 28), weeks));
        Assert.Equal("2026-09-b", PolicyInForce.Of(Snapshot("s-oct-15", 10, 15), weeks));
        Assert.Equal("2026-01-a", PolicyInForce.Of(Snapshot("s-aug-31", 8, 31), weeks));
        Assert.Null(PolicyInForce.Of(Snapshot("s-aug-30", 8, 30), weeks));
    }

    [Fact]
    public void A_policy_cannot_be_made_to_break_its_rules()
    {
        Assert.Throws<ArgumentException>(() => Policy.Default with { Version = " " });
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy.Default with { AmberMax = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy.Default.Limits with { Default = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy.Default.Asye with { Fraction = 1.5m });
        Assert.Throws<ArgumentException>(() => Policy.Default.Weights with { ByCaseType = new Dictionary<CaseType, decimal> { [CaseType.Cin] = 1 } });
    }

    [Fact]
    public void A_workers_evaluation_cannot_be_made_inconsistent()
    {
        var worker = Council.OneWorker(20).Evaluate().Worker("W1");

        Assert.Throws<ArgumentOutOfRangeException>(() => worker with { WeeksInBreach = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => worker with { Caseload = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => worker with { Fte = 0 });
        Assert.Throws<ArgumentException>(() => worker with { Band = Band.Exempt });
    }
}
