using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Tests;

public class ImprovementMetricsTests
{
    private static readonly LocalDate AsOf = new(2026, 11, 16);

    private static SnapshotFigures Figures(Council council, LocalDate? asOf = null, IEnumerable<OpenChild>? history = null)
    {
        var snapshot = council.Snapshot(asOf ?? AsOf);
        var caseloads = CaseloadSummary.Of(snapshot);
        return new SnapshotFigures(
            caseloads, CaseloadEvaluation.Evaluate(caseloads, Policy.Default), ChildCounts.Of(snapshot, WorkingDays.EnglandAndWales), history is null ? null : ChildCounts.OfHistory([.. history]));
    }

    private static MeasureFilter TeamTypes(params TeamType[] types) => MeasureFilter.Everyone with { TeamTypes = types.ToHashSet() };

    [Fact]
    public void Caseload_metrics_count_case_holders_only_and_follow_the_policy()
    {
        // Limit 18 full-time; W4 is a team manager (exempt), W3 an ASYE (limit 14).
        var council = new Council().Team("T1")
            .Worker("W1").Cases(20, "W1")                // over by 2: amber
            .Worker("W2", fte: 0.5m).Cases(12, "W2")     // limit 9, over by 3: red
            .Worker("W3", asye: true).Cases(10, "W3")    // within
            .Worker("W4", role: Role.TeamManager).Cases(30, "W4");

        var figures = Figures(council);

        Assert.Equal(14m, figures.Of(Improvement.Metric.AverageCaseload, MeasureFilter.Everyone));          // (20 + 12 + 10) / 3
        Assert.Equal(16.8m, figures.Of(Improvement.Metric.CasesPerFte, MeasureFilter.Everyone));            // 42 / 2.5
        Assert.Equal(20m, figures.Of(Improvement.Metric.MaxCaseload, MeasureFilter.Everyone));              // the manager's 30 is not a case holder's
        Assert.Equal(200m / 3, figures.Of(Improvement.Metric.PctWorkersOverLimit, MeasureFilter.Everyone));
        Assert.Equal(1m, figures.Of(Improvement.Metric.WorkersOverBy1To2, MeasureFilter.Everyone));
        Assert.Equal(1m, figures.Of(Improvement.Metric.WorkersOverBy3Plus, MeasureFilter.Everyone));
        Assert.Equal(100m, figures.Of(Improvement.Metric.PctAsyeWithinLimit, MeasureFilter.Everyone));
    }

    [Fact]
    public void Workforce_metrics_count_social_work_posts_and_the_teams_that_give_an_establishment()
    {
        var council = new Council()
            .Team("T1", establishment: 5m).Team("T2", establishment: 2m).Team("T3")
            .Worker("W1").Worker("W2", agency: true).Worker("W3", fte: 0.5m, agency: true)
            .Worker("S1", role: Role.Student).Worker("F1", role: Role.FamilyWorker)
            .Worker("W4", team: "T2").Worker("W5", team: "T2").Worker("W6", team: "T2")  // over-filled
            .Worker("W7", team: "T3", agency: true);                                      // no establishment

        var figures = Figures(council);

        Assert.Equal(2.5m * 100 / 6.5m, figures.Of(Improvement.Metric.AgencyFtePct, MeasureFilter.Everyone));        // students and family workers are not social work posts
        Assert.Equal(150m / 7, figures.Of(Improvement.Metric.VacancyRatePct, MeasureFilter.Everyone));                 // 7 posts, 5.5 filled; T3 gives no establishment
        Assert.Equal(50m, figures.Of(Improvement.Metric.VacancyRatePct, MeasureFilter.Everyone with { Teams = new HashSet<string> { "T1" } }));
        Assert.Null(figures.Of(Improvement.Metric.VacancyRatePct, MeasureFilter.Everyone with { Teams = new HashSet<string> { "T3" } }));
    }

    [Fact]
    public void Unallocated_over_5_working_days_skips_christmas_bank_holidays()
    {
        // 31 Dec 2026 is a Thursday; 25 Dec (Friday) and 28 Dec (Monday, for Boxing Day) are bank holidays.
        // Working days back: 31, 30, 29, 24, 23 = 5 (from the 22nd), then 22 = 6 (from the 21st).
        var asOf = new LocalDate(2026, 12, 31);
        var council = new Council().Team("T1")
            .Case("A", null, "T1", allocatedOn: new LocalDate(2026, 12, 21))   // 6 working days: over
            .Case("B", null, "T1", allocatedOn: new LocalDate(2026, 12, 22))   // 5 working days: not over (7 without the holidays)
            .Case("C", null, "T1")                                              // no date: cannot be said to wait
            .Case("D", null, "T1", allocatedOn: new LocalDate(2026, 12, 30));

        var figures = Figures(council, asOf);

        Assert.Equal(4m, figures.Of(Improvement.Metric.UnallocatedCases, MeasureFilter.Everyone));
        Assert.Equal(1m, figures.Of(Improvement.Metric.UnallocatedOver5WorkingDays, MeasureFilter.Everyone));
    }

    [Fact]
    public void Visits_and_plans_are_measured_back_from_the_data_date()
    {
        // 16 Nov 2026 is a Monday: 10 working days back is Monday 2 Nov.
        var council = new Council().Team("T1").Worker("W1")
            .Case("P1", "W1", type: CaseType.Cp, planStart: new LocalDate(2024, 11, 16), lastVisit: new LocalDate(2026, 11, 2))  // 2 years to the day; visited 10 WD ago
            .Case("P2", "W1", type: CaseType.Cp, planStart: new LocalDate(2024, 11, 17), lastVisit: new LocalDate(2026, 10, 30)) // 11 WD ago
            .Case("P3", "W1", type: CaseType.Cp)                                                                                  // no plan start, no visit
            .Case("L1", "W1", type: CaseType.Cla, lastVisit: new LocalDate(2026, 10, 5))   // 42 days
            .Case("L2", "W1", type: CaseType.Cla, lastVisit: new LocalDate(2026, 10, 4))   // 43 days
            .Case("L3", "W1", type: CaseType.Cla, lastVisit: new LocalDate(2026, 11, 20))  // in the future: not a visit that happened
            .Case("N1", "W1", type: CaseType.Cin);

        var figures = Figures(council);

        Assert.Equal(50m, figures.Of(Improvement.Metric.PctCpPlans2YearsPlus, MeasureFilter.Everyone));
        Assert.Equal(100m / 3, figures.Of(Improvement.Metric.PctCpVisited10WorkingDays, MeasureFilter.Everyone));
        Assert.Equal(3m, figures.Of(Improvement.Metric.ChildrenLookedAfter, MeasureFilter.Everyone));
        Assert.Equal(100m / 3, figures.Of(Improvement.Metric.PctClaVisited6Weeks, MeasureFilter.Everyone));
    }

    [Fact]
    public void A_child_in_two_teams_counts_once_in_a_filter_that_covers_both()
    {
        var council = new Council().Team("A", TeamType.ChildrenInCare).Team("B", TeamType.CareLeavers).Team("C", TeamType.CinCp)
            .Worker("WA", "A").Worker("WB", "B").Worker("WC", "C")
            .Case("X", "WA", type: CaseType.Cla).Case("X", "WB", type: CaseType.Cla)
            .Case("Y", "WA", type: CaseType.Cla)
            .Case("Z", "WC", type: CaseType.Cla);

        var figures = Figures(council);

        Assert.Equal(3m, figures.Of(Improvement.Metric.ChildrenLookedAfter, MeasureFilter.Everyone));
        Assert.Equal(2m, figures.Of(Improvement.Metric.ChildrenLookedAfter, TeamTypes(TeamType.ChildrenInCare, TeamType.CareLeavers)));
        Assert.Equal(1m, figures.Of(Improvement.Metric.ChildrenLookedAfter, TeamTypes(TeamType.CareLeavers)));
        Assert.Equal(3m, figures.Of(Improvement.Metric.ChildrenLookedAfter, TeamTypes(TeamType.ChildrenInCare, TeamType.CinCp)));
    }

    [Fact]
    public void Three_or_more_workers_in_a_year_is_counted_from_the_history_by_team_with_shared_children_once()
    {
        var council = new Council().Team("T1").Team("T2").Worker("W1").Worker("W2", team: "T2");
        OpenChild[] history =
        [
            new(["T1"], 3),
            new(["T1"], 1),
            new(["T1", "T2"], 4),   // co-worked across the two teams
            new(["T2"], 2),
        ];

        var figures = Figures(council, history: history);

        Assert.Equal(50m, figures.Of(Improvement.Metric.PctChildren3PlusWorkers12M, MeasureFilter.Everyone));
        Assert.Equal(200m / 3, figures.Of(Improvement.Metric.PctChildren3PlusWorkers12M, MeasureFilter.Everyone with { Teams = new HashSet<string> { "T1" } }));
        Assert.Equal(50m, figures.Of(Improvement.Metric.PctChildren3PlusWorkers12M, MeasureFilter.Everyone with { Teams = new HashSet<string> { "T2" } }));
        Assert.Null(Figures(new Council().Team("T1")).Of(Improvement.Metric.PctChildren3PlusWorkers12M, MeasureFilter.Everyone));
    }

    [Fact]
    public void A_metric_with_nothing_to_divide_by_has_no_figure_and_no_rag()
    {
        var council = new Council().Team("T1").Worker("W1").Cases(3, "W1");

        var figures = Figures(council);

        Assert.Null(figures.Of(Improvement.Metric.PctAsyeWithinLimit, MeasureFilter.Everyone));
        Assert.Null(figures.Of(Improvement.Metric.AverageCaseload, MeasureFilter.Everyone with { Services = new HashSet<string> { "Nowhere" } }));
        Assert.Null(Measure(Direction.AtMost).RagOf(null, AsOf));
    }

    private static Measure Measure(Direction direction, decimal baseline = 24m, decimal target = 18m, decimal tolerance = 1m) =>
        new("m", Improvement.Metric.AverageCaseload, MeasureFilter.Everyone, direction, new Baseline(baseline, new LocalDate(2026, 1, 31)), target, new LocalDate(2027, 3, 31), tolerance);

    [Theory]
    [InlineData("2025-12-01", 24)]      // before the baseline: the baseline
    [InlineData("2026-01-31", 24)]
    [InlineData("2026-08-31", 21)]      // 212 of 424 days: half way
    [InlineData("2027-03-31", 18)]      // on the target date: the target
    [InlineData("2027-09-30", 18)]      // after it: stays at the target
    public void The_expected_value_runs_straight_from_baseline_to_target_then_stays(string date, double expected)
    {
        var on = NodaTime.Text.LocalDatePattern.Iso.Parse(date).Value;

        Assert.Equal((decimal)expected, decimal.Round(Measure(Direction.AtMost).ExpectedOn(on), 3));
    }

    [Theory]
    [InlineData("2026-08-31", 21.0, Rag.Green)]   // before the target date: against the trajectory (21)
    [InlineData("2026-08-31", 22.0, Rag.Amber)]   // misses by the tolerance
    [InlineData("2026-08-31", 22.1, Rag.Red)]
    [InlineData("2027-03-31", 18.0, Rag.Green)]   // on the target date: against the target
    [InlineData("2027-03-31", 19.0, Rag.Amber)]   // misses by exactly the tolerance
    [InlineData("2027-03-31", 19.01, Rag.Red)]
    [InlineData("2027-06-30", 17.5, Rag.Green)]   // after it: still the target
    [InlineData("2027-06-30", 18.5, Rag.Amber)]
    [InlineData("2027-06-30", 20.0, Rag.Red)]
    public void Rag_compares_the_actual_with_the_expected_value_in_the_measures_direction(string date, double actual, Rag rag)
    {
        var on = NodaTime.Text.LocalDatePattern.Iso.Parse(date).Value;

        Assert.Equal(rag, Measure(Direction.AtMost).RagOf((decimal)actual, on));
    }

    [Fact]
    public void At_least_measures_are_green_at_or_above_the_expected_value()
    {
        var visits = Measure(Direction.AtLeast, baseline: 70m, target: 95m, tolerance: 2.5m);
        var onTarget = new LocalDate(2027, 3, 31);

        Assert.Equal(Rag.Green, visits.RagOf(96m, onTarget));
        Assert.Equal(Rag.Amber, visits.RagOf(92.5m, onTarget));
        Assert.Equal(Rag.Red, visits.RagOf(92.4m, onTarget));
        Assert.Equal(Rag.Green, visits.RagOf(70m, new LocalDate(2026, 1, 1)));
    }

    [Theory]
    [InlineData(Direction.AtMost, 20.0, 21.0, true)]     // a caseload down
    [InlineData(Direction.AtMost, 21.0, 20.0, false)]
    [InlineData(Direction.AtLeast, 92.0, 90.0, true)]    // visits up
    [InlineData(Direction.AtLeast, 90.0, 92.0, false)]
    [InlineData(Direction.AtMost, 20.0, 20.0, null)]     // no change is no move
    [InlineData(Direction.AtMost, 20.0, null, null)]     // no last month
    public void A_change_is_an_improvement_when_it_goes_the_way_the_measure_wants(Direction direction, double actual, double? previous, bool? improved)
    {
        var standing = new MeasureStanding(Measure(direction), AsOf, (decimal)actual, 20m, Rag.Green, (decimal?)previous, History.Enough);

        Assert.Equal(improved, standing.Improved);
    }

    [Fact]
    public void Englands_figures_from_other_releases_come_from_one_file_that_names_each_release()
    {
        var lookedAfter = England.For(Improvement.Metric.ChildrenLookedAfter)!;
        var stability = England.For(Improvement.Metric.PctChildren3PlusWorkers12M)!;

        Assert.Equal((81770m, new LocalDate(2025, 3, 31)), (lookedAfter.Value, lookedAfter.Release.AsAt));
        Assert.Contains("Children looked after in England", lookedAfter.Source, StringComparison.Ordinal);

        // The 3+ workers figure is not a DfE statistic: it is named for what it is, the Children's Commissioner's.
        Assert.Equal("about 25.0%", stability.Text);
        Assert.Contains("Children's Commissioner, Stability Index 2018", stability.Description, StringComparison.Ordinal);
        Assert.Contains("not a DfE statistic", stability.Description, StringComparison.Ordinal);

        // The workforce figures come from DfE's indicators file in use, not from here.
        Assert.Null(England.For(Improvement.Metric.CasesPerFte));
        Assert.Null(England.For(Improvement.Metric.AgencyFtePct));
        Assert.Null(England.For(Improvement.Metric.PctWorkersOverLimit));
        Assert.All(England.Figures, f => Assert.Same(f, England.For(f.Metric)));
    }

    [Fact]
    public void The_specs_plan_reads_with_the_default_tolerance_and_a_digest_version()
    {
        var plan = PlanDocument.Parse("""
            {
              "name": "Children's Services Improvement Plan 2026-28",
              "measures": [
                { "id": "avg-caseload-frontline", "metric": "average_caseload",
                  "filter": { "teamTypes": ["assessment", "cin_cp"] },
                  "direction": "at_most", "baseline": { "value": 24, "date": "2026-01-31" },
                  "target": 18, "targetDate": "2027-03-31", "tolerance": 1 },
                { "id": "cla-visits", "metric": "pct_cla_visited_6_weeks", "direction": "at_least",
                  "baseline": { "value": 80, "date": "2026-01-31" }, "target": 95, "targetDate": "2027-01-31" }
              ]
            }
            """);

        Assert.Equal("Children's Services Improvement Plan 2026-28", plan.Name);
        Assert.StartsWith("sha-", plan.Version, StringComparison.Ordinal);
        Assert.Equal(1m, plan.Measures[0].Tolerance);
        Assert.Equal(new HashSet<TeamType> { TeamType.Assessment, TeamType.CinCp }, plan.Measures[0].Filter.TeamTypes);
        Assert.Equal(1.5m, plan.Measures[1].Tolerance);  // 10% of |95 - 80|
        Assert.Equal(Direction.AtLeast, plan.Measures[1].Direction);
        Assert.Equal("all teams", plan.Measures[1].Filter.ToString());
    }

    [Fact]
    public void A_wrong_plan_is_refused_with_every_problem_at_its_path()
    {
        var refused = Assert.Throws<InvalidInputException>(() => PlanDocument.Parse("""
            {
              "name": "Plan",
              "measures": [
                { "id": "a", "metric": "average_caseloads", "direction": "down",
                  "baseline": { "value": 24, "date": "2026-01-31" }, "target": 18, "targetDate": "2025-03-31" },
                { "id": "a", "metric": "unallocated_cases", "filter": { "teamTypes": ["frontline"] }, "direction": "at_most",
                  "baseline": { "value": 40 }, "target": 10 }
              ]
            }
            """));

        var problems = refused.Problems.Select(p => p.Column).ToList();
        Assert.Contains("measures[0].metric", problems);
        Assert.Contains("measures[0].direction", problems);
        Assert.Contains("measures[0].targetDate", problems);
        Assert.Contains("measures[1].filter.teamTypes[0]", problems);
        Assert.Contains("measures[1].baseline", problems);
        Assert.Contains("measures[1].targetDate", problems);
        Assert.All(refused.Problems, p => Assert.Equal("plan.json", p.File));
    }

    [Theory]
    [InlineData("2025-10-27", true, 12)]   // the window opened 26 Oct 2025: a week's slack covers it
    [InlineData("2025-11-02", true, 12)]   // 358 days before: the last date that covers it
    [InlineData("2025-11-03", false, 11)]  // 357 days before: the demo's year, one snapshot short
    [InlineData("2026-05-25", false, 5)]
    [InlineData("2026-10-26", false, 0)]   // only this snapshot
    public void A_twelve_month_measure_has_enough_history_only_when_the_stored_snapshots_cover_its_window(string earliest, bool complete, int months)
    {
        var asOf = new LocalDate(2026, 10, 26);

        var history = History.Of(Improvement.Metric.PctChildren3PlusWorkers12M, asOf, LocalDate.FromDateTime(DateTime.Parse(earliest, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal((complete, months, 12), (history.Complete, history.MonthsCovered, history.MonthsNeeded));
        Assert.Equal(complete ? "enough history" : $"not enough history yet: {months} of 12 months", history.ToString());
        Assert.Equal(History.Enough, History.Of(Improvement.Metric.AverageCaseload, asOf, asOf));
        Assert.False(History.Of(Improvement.Metric.PctChildren3PlusWorkers12M, asOf, null).Complete);
    }

    [Fact]
    public void A_measure_without_enough_history_is_shown_but_not_rated_and_one_with_it_is_rated()
    {
        var measure = new Measure("stability", Improvement.Metric.PctChildren3PlusWorkers12M, MeasureFilter.Everyone, Direction.AtMost, new Baseline(30, new LocalDate(2025, 10, 31)), 20, new LocalDate(2027, 3, 31), 1);
        var figures = Figures(new Council().Team("T1"), history: [new(["T1"], 3), new(["T1"], 1)]);

        var early = MeasureStanding.Of(measure, figures, null, AsOf.PlusMonths(-5));
        var covered = MeasureStanding.Of(measure, figures, null, AsOf.PlusYears(-1));

        Assert.Equal(50m, early.Actual);
        Assert.Null(early.Rag);
        Assert.False(early.History.Complete);
        Assert.Equal(50m, covered.Actual);
        Assert.Equal(Rag.Red, covered.Rag);
    }

    [Fact]
    public void A_measure_goes_by_the_plans_title_and_without_one_by_its_metrics()
    {
        var plan = PlanDocument.Parse("""
            { "name": "Plan", "measures": [
              { "id": "frontline", "title": "Average caseload, frontline teams", "metric": "average_caseload", "direction": "at_most",
                "baseline": { "value": 24, "date": "2025-10-31" }, "target": 18, "targetDate": "2027-03-31" },
              { "id": "agency", "metric": "agency_fte_pct", "direction": "at_most",
                "baseline": { "value": 20, "date": "2025-10-31" }, "target": 12, "targetDate": "2027-03-31" } ] }
            """);
        var refused = Assert.Throws<InvalidInputException>(() => PlanDocument.Parse($$"""
            { "name": "Plan", "measures": [
              { "id": "a", "title": "{{new string('x', 81)}}", "metric": "average_caseload", "direction": "at_most",
                "baseline": { "value": 24, "date": "2025-10-31" }, "target": 18, "targetDate": "2027-03-31" },
              { "id": "b", "title": " ", "metric": "average_caseload", "direction": "at_most",
                "baseline": { "value": 24, "date": "2025-10-31" }, "target": 18, "targetDate": "2027-03-31" } ] }
            """));

        Assert.Equal(["Average caseload, frontline teams", "Agency FTE"], plan.Measures.Select(m => m.Name));
        Assert.Equal(["measures[0].title", "measures[1].title"], refused.Problems.Select(p => p.Column));
        Assert.Contains("at most 80", refused.Problems[0].Message, StringComparison.Ordinal);
    }
}
