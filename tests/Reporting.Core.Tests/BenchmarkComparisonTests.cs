using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Snapshots;
using Caseload.Reporting.Workforce;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>The comparison's rules on a small file made by hand: ranks and quarters, ties, joint returns, neighbours without a figure.</summary>
public sealed class BenchmarkComparisonTests
{
    private static PublishedArea Council(int year, string codes, string name, decimal? caseload, string region = "E12000008") =>
        new(year, AreaLevel.LocalAuthority, region, region == "E12000008" ? "South East" : "London", codes.Split(" / "), name, 100m, 1500m, [caseload, 15m, 20m, 10m, 3m]);

    private static PublishedArea Area(int year, AreaLevel level, decimal caseload, string? region = null) =>
        new(year, level, region, region is null ? null : "South East", [], null, 30000m, 320000m, [caseload, 12m, 13m, 14m, 3.5m]);

    private static WorkforceIndicators File() => new(
    [
        Area(2024, AreaLevel.National, 15.4m), Area(2025, AreaLevel.National, 15.2m),
        Area(2025, AreaLevel.Regional, 15.6m, "E12000008"),
        Council(2024, "100", "Ours", 14.7m), Council(2025, "100", "Ours", 15.7m),
        Council(2025, "101", "Lower", 12m), Council(2025, "102", "Same", 15.7m), Council(2025, "103", "Higher", 19m),
        Council(2025, "104 / 105", "North / South", 17m), Council(2025, "106", "Suppressed", null),
        Council(2025, "107", "Elsewhere", 10m, "E13000001"), Council(2025, "108", "Far", 30m),
    ], "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

    private static StatisticalNeighbours Neighbours(params string[] codes) =>
        new(new Dictionary<string, IReadOnlyList<Neighbour>> { ["100"] = [.. codes.Select((c, i) => new Neighbour(i + 1, c, null, "Close"))] }, "sha");

    [Fact]
    public void Ranks_share_the_better_place_quarters_come_from_the_rank_and_a_joint_return_is_one_figure()
    {
        var file = File();
        var council = BenchmarkCouncil.In(file, "100")!;

        // 104 and 105 return jointly: one figure, counted once; 106 has none; 999 is not in the file.
        var comparison = BenchmarkComparison.Of(file, Neighbours("101", "102", "104", "105", "106", "999"), council, null, null);
        var caseload = comparison.Measures[0];

        Assert.Equal(2025, comparison.Year);
        Assert.Equal(("South East", false), (council.RegionName, council.Joint));
        Assert.Equal((15.7m, 14.7m, 15.6m, 15.2m), (caseload.Published!.Value, caseload.PublishedPrevious!.Value, caseload.Region!.Value, caseload.England!.Value));
        Assert.Equal(new NeighbourStanding(15.7m, 12m, 17m, 3, 2, 4), caseload.Neighbours);   // 12, 15.7, 17: ours ties 15.7 and shares the better rank
        Assert.Equal(new Ranking(3, 7, "B"), caseload.AllCouncils);                              // 10, 12 lower; 15.7 tied; of 7 with a figure; ⌈7/4⌉ = 2, ⌈7/2⌉ = 4
        Assert.Null(caseload.Now);
        Assert.Null(caseload.NowAgainstAll);
        Assert.Equal(WorkforceMeasureDefinition.Catalogue.Select(d => d.Measure), comparison.Measures.Select(m => m.Measure));
    }

    [Fact]
    public void Now_ranks_among_the_others_published_figures_in_place_of_our_own()
    {
        var file = File();
        var snapshot = new Council().Team("T1").Worker("A", "T1", fte: 1m).Cases(11, "A").Snapshot(new LocalDate(2026, 10, 26));
        var now = WorkforceFigures.Of(CaseloadSummary.Of(snapshot), null, History.Of(Metric.TurnoverRateFte, snapshot.AsOf, snapshot.AsOf));

        var comparison = BenchmarkComparison.Of(file, Neighbours("101"), BenchmarkCouncil.In(file, "100")!, now, null);

        var caseload = comparison.Measures[0];
        Assert.Equal(11m, caseload.Now);
        Assert.Equal(new Ranking(2, 7, "A"), caseload.NowAgainstAll);   // only 10 lower among the six others
        var turnover = comparison.Measures[1];
        Assert.Null(turnover.Now);
        Assert.False(turnover.History.Complete);
        Assert.Equal(new LocalDate(2026, 10, 26), comparison.AsOf);
        Assert.Null(comparison.Measures[4].Now);   // sickness absence: published only
    }

    [Fact]
    public void A_council_in_a_joint_return_is_compared_by_the_joint_row_and_its_partner_is_not_its_own_neighbour()
    {
        var file = File();
        var council = BenchmarkCouncil.In(file, "105")!;
        var neighbours = new StatisticalNeighbours(new Dictionary<string, IReadOnlyList<Neighbour>> { ["105"] = [new(1, "104", null, "Close"), new(2, "101", "Lower", "Close")] }, "sha");

        var comparison = BenchmarkComparison.Of(file, neighbours, council, null, null);

        Assert.Equal(("South", "North / South", true), (council.Name, council.ReturnedAs, council.Joint));
        Assert.Equal(17m, comparison.Measures[0].Published);
        Assert.Equal(new NeighbourStanding(12m, 12m, 12m, 1, 2, 2), comparison.Measures[0].Neighbours);
    }

    [Fact]
    public void A_median_of_an_even_count_is_the_mean_of_the_middle_two_rounded_as_published()
    {
        var file = File();
        var comparison = BenchmarkComparison.Of(file, Neighbours("101", "102", "103", "108"), BenchmarkCouncil.In(file, "100")!, null, null);

        Assert.Equal(17.4m, comparison.Measures[0].Neighbours.Median);   // (15.7 + 19) / 2 = 17.35, away from zero
        Assert.Null(BenchmarkCouncil.In(file, "999"));
        Assert.True(BenchmarkCouncil.IsCode("887"));
        Assert.False(BenchmarkCouncil.IsCode("88"));
        Assert.False(BenchmarkCouncil.IsCode("88a"));
    }

    [Fact]
    public void The_census_day_is_the_stored_snapshot_nearest_30_September_within_a_week()
    {
        DatedSnapshot On(int month, int day) => new($"{month}-{day}", new LocalDate(2025, month, day));

        Assert.Equal(On(9, 29), BenchmarkComparison.CensusDayOf([On(9, 22), On(9, 29), On(10, 6)], 2025));
        Assert.Equal(On(10, 3), BenchmarkComparison.CensusDayOf([On(9, 19), On(10, 3)], 2025));
        Assert.Equal(On(9, 27), BenchmarkComparison.CensusDayOf([On(9, 27), On(10, 3)], 2025));   // as near: the earlier
        Assert.Null(BenchmarkComparison.CensusDayOf([On(9, 22), On(10, 8)], 2025));
    }

    [Fact]
    public void Turnover_as_a_plan_metric_counts_leavers_in_the_team_they_were_last_in()
    {
        var snapshot = new Council().Team("T1", TeamType.Assessment).Team("T2", TeamType.CinCp)
            .Worker("A", "T1", fte: 1m).Worker("B", "T1", fte: 1m).Worker("C", "T2", fte: 0.5m).Worker("D", "T2", agency: true)
            .Snapshot(new LocalDate(2026, 10, 26));
        var caseloads = CaseloadSummary.Of(snapshot);
        var figures = new SnapshotFigures(caseloads, CaseloadEvaluation.Evaluate(caseloads, Policies.Policy.Default), null, null)
        {
            Turnover = new StaffTurnover(snapshot.AsOf, [new Leaver("T1", 1m), new Leaver("T2", 0.25m), new Leaver("gone", 0.5m)]),
        };
        var assessment = MeasureFilter.Everyone with { TeamTypes = new HashSet<TeamType> { TeamType.Assessment } };

        Assert.Equal(1.75m * 100m / 2.5m, figures.Of(Metric.TurnoverRateFte, MeasureFilter.Everyone));   // a team since closed counts for the whole council
        Assert.Equal(1m * 100m / 2m, figures.Of(Metric.TurnoverRateFte, assessment));
        Assert.Null((figures with { Turnover = null }).Of(Metric.TurnoverRateFte, MeasureFilter.Everyone));
        Assert.True(MetricDefinition.TryParse("turnover_rate_fte", out var metric) && metric == Metric.TurnoverRateFte);
        Assert.NotNull(MetricDefinition.Of(Metric.TurnoverRateFte).Window);
    }
}
