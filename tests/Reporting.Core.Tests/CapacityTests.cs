using Caseload.Reporting.Capacity;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>The capacity spec by example: absence, headroom, cover needed, shortfall, FTE needed, moves and the trend.</summary>
public class CapacityTests
{
    private static readonly LocalDate AsOf = new(2026, 11, 16);

    [Theory]
    [InlineData("2026-10-17", null, true)]          // open-ended
    [InlineData("2026-10-17", "2026-11-16", true)]  // ends on the snapshot's date
    [InlineData("2026-10-17", "2026-11-15", false)] // over
    [InlineData("2026-11-17", null, false)]         // not yet begun
    [InlineData("2026-11-16", "2026-11-16", true)]
    public void A_worker_is_absent_when_an_absence_has_begun_and_not_ended(string from, string? to, bool absent)
    {
        var absence = new Absence(LocalDate.FromDateTime(DateTime.Parse(from, System.Globalization.CultureInfo.InvariantCulture)), to is null ? null : LocalDate.FromDateTime(DateTime.Parse(to, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(absent, absence.On(AsOf));
        Assert.Throws<ArgumentException>(() => absence with { To = absence.From.PlusDays(-1) });
    }

    [Fact]
    public void Headroom_is_room_under_the_limit_of_a_present_worker_and_an_absent_worker_keeps_their_load_but_gives_and_takes_nothing()
    {
        var away = new Absence(new LocalDate(2026, 10, 1), null);
        var evaluation = new Council().Team("T1")
            .Worker("W1").Cases(12, "W1")
            .Worker("W2", absence: away).Cases(22, "W2")
            .Worker("W3").Cases(21, "W3")
            .Worker("W4", fte: 0.5m).Cases(3, "W4")
            .Worker("M1", role: Role.TeamManager).Cases(2, "M1")
            .Evaluate();

        Assert.Equal((false, 6m), (evaluation.Worker("W1").Absent, evaluation.Worker("W1").Headroom));
        Assert.Equal((true, 0m, Band.Red), (evaluation.Worker("W2").Absent, evaluation.Worker("W2").Headroom, evaluation.Worker("W2").Band));
        Assert.Null(evaluation.Worker("W2").FollowUp.Escalation);             // an absent worker's breach does not escalate
        Assert.Equal(6m, evaluation.Worker("W4").Headroom);                   // 0.5 × 18 = 9, holding 3
        Assert.Equal(0m, evaluation.Worker("M1").Headroom);                   // exempt: no limit, no headroom
        var team = evaluation.Team("T1").Capacity;
        Assert.Equal((12m, 3m), (team.Headroom, team.Excess));                // W2's 4 over is not excess: W2 is away
        Assert.Equal(22m, team.CoverNeeded);                                  // W2's children, held by no one present
        Assert.Equal([new CaseMove("W3", "W1", 3)], team.Moves);
    }

    [Fact]
    public void Cover_needed_counts_children_only_absent_workers_hold_in_each_of_their_teams_in_the_policys_unit()
    {
        var away = new Absence(new LocalDate(2026, 9, 1), new LocalDate(2027, 1, 31));
        var council = new Council().Team("T1").Team("T2")
            .Worker("A1", absence: away).Worker("A2", absence: away).Worker("P1").Worker("B1", team: "T2", absence: away)
            .Case("C1", "A1", family: "F1").Case("C2", "A1", family: "F1")   // siblings: 2 children, 1 family
            .Case("C3", "A1").Case("C3", "P1")                                 // someone present holds C3: no cover needed
            .Case("C4", "A1", type: CaseType.Cp, inProceedings: true).Case("C4", "A2", type: CaseType.Cp, inProceedings: true) // two absent workers, one child
            .Case("C5", "B1").Case("C4", "B1", type: CaseType.Cp, inProceedings: true) // T2's absent worker holds C4 too
            .Case("C6", null, team: "T1", family: "F9").Case("C7", null, team: "T1", family: "F9");                          // unallocated siblings
        var caseloads = CaseloadSummary.Of(council.Snapshot(AsOf));

        var byChild = CaseloadEvaluation.Evaluate(caseloads, Policy.Default);
        var byFamily = CaseloadEvaluation.Evaluate(caseloads, Policy.Default with { CountBy = CountBy.Family });
        var weighted = CaseloadEvaluation.Evaluate(caseloads, Policy.Default with { LimitOn = LimitOn.Weighted });

        Assert.Equal((3m, 2m), (byChild.Team("T1").Capacity.CoverNeeded, byChild.Team("T2").Capacity.CoverNeeded));  // T1: C1, C2, C4; T2: C5, C4
        Assert.Equal(2m, byFamily.Team("T1").Capacity.CoverNeeded);                 // F1, and C4 its own family
        Assert.Equal(1m + 1m + 2m, weighted.Team("T1").Capacity.CoverNeeded);        // cin 1, cin 1, cp 1.5 + 0.5 in proceedings
        Assert.Equal((2m, 1m), (byChild.Team("T1").Capacity.Waiting, byFamily.Team("T1").Capacity.Waiting));
        Assert.Equal(2, byFamily.Team("T1").Figures.Unallocated);                   // the field stays a count of children
        Assert.Equal(5m, byChild.Capacity.CoverNeeded);                              // summed over teams
    }

    [Theory]
    // excess, waiting, cover, headroom, full-time limit → shortfall, FTE needed (rounded up to one decimal)
    [InlineData(5, 3, 2, 4, 18, 6, 0.4)]
    [InlineData(5, 0, 0, 9, 18, 0, 0.0)]
    [InlineData(18, 0, 0, 0, 18, 18, 1.0)]
    [InlineData(19, 0, 0, 0, 15, 19, 1.3)]
    [InlineData(0.5, 0, 0, 0, 18, 0.5, 0.1)]
    public void Shortfall_is_what_the_team_cannot_absorb_and_fte_needed_is_it_in_full_time_posts(double excess, double waiting, double cover, double headroom, double limit, double shortfall, double fte)
    {
        var capacity = new TeamCapacity((decimal)headroom, (decimal)excess, (decimal)cover, (decimal)waiting, (decimal)limit, [], []);

        Assert.Equal(((decimal)shortfall, (decimal)fte), (capacity.Shortfall, capacity.FteNeeded));
    }

    [Theory]
    // pressures oldest first → trend per week, weeks to within
    [InlineData(new[] { 10.0, 8, 6 }, null, null)]             // fewer than 4 weeks: no trend
    [InlineData(new[] { 10.0, 8, 6, 4 }, -2.0, 2)]             // 4 ÷ 2
    [InlineData(new[] { 9.0, 7, 6, 5 }, -1.3, 4)]              // slope −1.3: ceil(5 ÷ 1.3) = 4
    [InlineData(new[] { 4.0, 3, 1, -1 }, -1.7, 0)]             // within already
    [InlineData(new[] { 4.0, 5, 6, 7 }, 1.0, null)]            // not coming down
    [InlineData(new[] { 5.0, 5, 5, 5 }, 0.0, null)]
    public void The_trend_is_the_slope_of_the_last_weeks_pressure_and_how_soon_it_reaches_nothing(double[] pressures, double? slope, int? weeks)
    {
        var capacity = new TeamCapacity(0, (decimal)pressures[^1], 0, 0, 18, [], [.. pressures.Select(p => (decimal)p)]);

        Assert.Equal(slope, capacity.TrendPerWeek is { } t ? (double)Math.Round(t, 1) : null);
        Assert.Equal(weeks, capacity.WeeksToWithin);
    }

    [Fact]
    public void A_week_carries_the_last_eleven_pressures_and_its_own()
    {
        var carried = TeamCapacity.Carried([.. Enumerable.Range(1, 15).Select(i => (decimal)i)], 99m);

        Assert.Equal([5m, 6m, 7m, 8m, 9m, 10m, 11m, 12m, 13m, 14m, 15m, 99m], carried);
        Assert.Equal([3m], TeamCapacity.Carried(null, 3m));
    }

    [Fact]
    public void The_evaluation_carries_each_teams_pressure_from_the_previous_week()
    {
        var council = Council.OneWorker(21);
        var caseloads = CaseloadSummary.Of(council.Snapshot(AsOf));
        CaseloadEvaluation? week = null;
        for (var i = 0; i < 5; i++)
        {
            week = CaseloadEvaluation.Evaluate(caseloads, Policy.Default, week);
        }

        Assert.Equal([3m, 3m, 3m, 3m, 3m], week!.Team("T1").Capacity.Pressures);
        Assert.Equal(0m, week!.Team("T1").Capacity.TrendPerWeek);
    }

    /// <summary>A team's workers: load and limit in whole cases, some absent.</summary>
    private static readonly Gen<WorkerCaseload[]> Teams =
        Gen.ArrayOf(
            from load in Gen.Choose(0, 40)
            from limit in Gen.Choose(5, 25)
            from absent in Gen.Frequency((1, Gen.Constant(true)), (5, Gen.Constant(false)))
            select (load, limit, absent))
        .Select(rows => rows.Select((r, i) =>
        {
            var band = Policy.Default.BandFor(r.load, r.limit);
            var over = Math.Max(0, r.load - r.limit);
            var inBreach = band is Band.Amber or Band.Red;
            return new WorkerCaseload($"W{i:D2}", $"Worker {i}", "T1", Role.SocialWorker, 1m, false, false, r.load, r.load, r.limit, over, band,
                inBreach ? BreachStatus.New : null, inBreach ? 1 : 0, r.absent, !r.absent && r.load < r.limit ? r.limit - r.load : 0, Actions.BreachFollowUp.None);
        }).ToArray());

    [Property(MaxTest = 300, Replay = "17250383401333035612,2460416727029785473")]
    public Property Moves_keep_every_property_the_spec_asks_of_them() =>
        Prop.ForAll(Teams.ToArbitrary(), team =>
        {
            var moves = CaseMoves.Suggest(team);
            var byId = team.ToDictionary(w => w.WorkerId);
            var present = team.Where(w => !w.Absent).ToList();
            var givers = present.Count(w => w.OverBy > 0);
            var receivers = present.Count(w => w.Headroom > 0);
            var excess = present.Sum(w => w.OverBy);
            var headroom = present.Sum(w => w.Headroom);
            return (moves.All(m => m.Cases >= 1 && !byId[m.From].Absent && !byId[m.To].Absent && byId[m.From].OverBy > 0 && byId[m.To].Headroom > 0).Label("present givers over their limit to present receivers with headroom")
                .And(moves.GroupBy(m => m.From).All(g => g.Sum(m => m.Cases) <= byId[g.Key].OverBy)).Label("no giver gives more than its excess")
                .And(moves.GroupBy(m => m.To).All(g => g.Sum(m => m.Cases) <= byId[g.Key].Headroom)).Label("no receiver takes more than its headroom")
                .And(moves.Sum(m => m.Cases) == Math.Min(excess, headroom)).Label("the total moved is min(excess, headroom)")
                .And(moves.Count <= Math.Max(0, givers + receivers - 1)).Label("at most givers + receivers - 1 moves"));
        });
}
