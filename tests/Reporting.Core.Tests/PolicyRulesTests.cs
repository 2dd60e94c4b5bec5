using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Tests;

/// <summary>The policy spec's per-worker rules, one test (or theory) per rule.</summary>
public class PolicyRulesTests
{
    private static Worker Worker(Role role = Role.SocialWorker, decimal fte = 1m, bool asye = false) =>
        new("W1", "Worker", "w@council.example", "T1", role, fte, asye, false);

    [Fact]
    public void Caseload_counts_distinct_children()
    {
        var evaluation = new Council().Team("T1").Worker("W1")
            .Case("C1", "W1").Case("C2", "W1").Case("C1", "W1")
            .Evaluate();

        Assert.Equal(2, evaluation.Worker("W1").Caseload);
    }

    [Fact]
    public void Caseload_counts_families_when_the_policy_counts_by_family()
    {
        var evaluation = new Council().Team("T1").Worker("W1")
            .Case("C1", "W1", family: "F1").Case("C2", "W1", family: "F1").Case("C3", "W1", family: "F2")
            .Case("C4", "W1").Case("C5", "W1")
            .Evaluate(Policy.Default with { CountBy = CountBy.Family });

        // F1 and F2, and each child without a family_id is its own family.
        Assert.Equal(4, evaluation.Worker("W1").Caseload);
    }

    [Fact]
    public void Caseload_counts_a_family_split_between_workers_once_for_each()
    {
        var evaluation = new Council().Team("T1").Worker("W1").Worker("W2")
            .Case("C1", "W1", family: "F1").Case("C2", "W2", family: "F1").Case("C3", "W2", family: "F1").Case("C1", "W2", family: "F1")
            .Evaluate(Policy.Default with { CountBy = CountBy.Family });

        Assert.Equal(1, evaluation.Worker("W1").Caseload);
        Assert.Equal(1, evaluation.Worker("W2").Caseload);
        Assert.Equal(3, evaluation.Team("T1").Figures.Cases);
    }

    [Fact]
    public void WeightedLoad_sums_case_type_weights_and_the_in_proceedings_uplift()
    {
        var evaluation = new Council().Team("T1").Worker("W1")
            .Case("C1", "W1", type: CaseType.Cp)
            .Case("C2", "W1", type: CaseType.Cla, inProceedings: true)
            .Case("C3", "W1", type: CaseType.CareLeaver)
            .Evaluate();

        Assert.Equal(1.5m + 1.25m + 0.5m + 0.5m, evaluation.Worker("W1").WeightedLoad);
    }

    [Fact]
    public void WeightedLoad_counts_each_child_once_even_when_counting_families()
    {
        var evaluation = new Council().Team("T1").Worker("W1")
            .Case("C1", "W1", type: CaseType.Cp, family: "F1").Case("C2", "W1", type: CaseType.Cp, family: "F1")
            .Evaluate(Policy.Default with { CountBy = CountBy.Family });

        Assert.Equal(1, evaluation.Worker("W1").Caseload);
        Assert.Equal(3m, evaluation.Worker("W1").WeightedLoad);
    }

    [Theory]
    [InlineData(Role.TeamManager)]
    [InlineData(Role.FamilyWorker)]
    [InlineData(Role.Student)]
    public void Limit_is_none_for_an_exempt_role(Role role)
    {
        Assert.Null(Policy.Default.LimitFor(Worker(role), TeamType.CinCp));
        Assert.Equal(Band.Exempt, Council.OneWorker(40, role).Evaluate().Worker("W1").Band);
    }

    [Fact]
    public void Limit_is_the_team_types_limit_else_the_default()
    {
        Assert.Equal(15m, Policy.Default.LimitFor(Worker(), TeamType.Adolescent));
        Assert.Equal(18m, Policy.Default.LimitFor(Worker(), TeamType.ChildrenInCare));
    }

    [Fact]
    public void Limit_for_an_asye_is_the_fraction_of_the_team_limit() =>
        Assert.Equal(14m, Policy.Default.LimitFor(Worker(asye: true), TeamType.CinCp));

    [Fact]
    public void Limit_for_an_asye_is_the_smaller_of_fraction_and_max()
    {
        var capped = Policy.Default with { Asye = new AsyeProtection(0.8m, 12m) };
        var loose = Policy.Default with { Asye = new AsyeProtection(0.8m, 16m) };
        var maxOnly = Policy.Default with { Asye = new AsyeProtection(null, 12m) };

        Assert.Equal(12m, capped.LimitFor(Worker(asye: true), TeamType.CinCp));
        Assert.Equal(14m, loose.LimitFor(Worker(asye: true), TeamType.CinCp));
        Assert.Equal(12m, maxOnly.LimitFor(Worker(asye: true), TeamType.CinCp));
    }

    [Theory]
    [InlineData(0.6, false, 10)] // 0.6 × 18 = 10.8
    [InlineData(0.5, false, 9)]
    [InlineData(1.0, true, 14)] // 0.8 × 18 = 14.4
    [InlineData(0.7, true, 10)] // 0.8 × 18 × 0.7 = 10.08
    [InlineData(0.55, true, 7)] // 0.8 × 18 × 0.55 = 7.92
    public void Limit_is_pro_rated_by_fte_and_rounded_down(double fte, bool asye, int expected) =>
        Assert.Equal(expected, Policy.Default.LimitFor(Worker(fte: (decimal)fte, asye: asye), TeamType.CinCp));

    [Fact]
    public void Limit_ignores_fte_without_pro_rating() =>
        Assert.Equal(18m, (Policy.Default with { ProRataFte = false }).LimitFor(Worker(fte: 0.5m), TeamType.CinCp));

    [Fact]
    public void Limit_on_weighted_loads_keeps_two_decimals_rounded_down()
    {
        var weighted = Policy.Default with { LimitOn = LimitOn.Weighted };
        Assert.Equal(10.08m, weighted.LimitFor(Worker(fte: 0.7m, asye: true), TeamType.CinCp));
        Assert.Equal(8.32m, (weighted with { Limits = new CaseloadLimits(18.51m, weighted.Limits.TeamTypes) }).LimitFor(Worker(fte: 0.45m), TeamType.CinCp));
    }

    [Fact]
    public void Load_is_the_weighted_load_when_limits_are_on_weighted_loads()
    {
        var policy = Policy.Default with { LimitOn = LimitOn.Weighted };
        var worker = new Council().Team("T1").Worker("W1").Cases(13, "W1", CaseType.Cp).Evaluate(policy).Worker("W1");

        Assert.Equal(19.5m, worker.WeightedLoad);
        Assert.Equal(1.5m, worker.OverBy);
        Assert.Equal(Band.Amber, worker.Band);
    }

    [Theory]
    [InlineData(17, "within", 0)]
    [InlineData(18, "at_limit", 0)]
    [InlineData(19, "amber", 1)]
    [InlineData(20, "amber", 2)]
    [InlineData(21, "red", 3)]
    public void Band_and_overBy_follow_the_load_against_the_limit(int cases, string band, int overBy)
    {
        var worker = Council.OneWorker(cases).Evaluate().Worker("W1");

        Assert.Equal(band, Vocabulary.Code(worker.Band));
        Assert.Equal(overBy, worker.OverBy);
    }

    [Fact]
    public void Band_red_starts_past_amberMax() =>
        Assert.Equal(Band.Amber, Council.OneWorker(21).Evaluate(Policy.Default with { AmberMax = 3 }).Worker("W1").Band);

    [Fact]
    public void Every_worker_on_the_roster_appears_including_those_with_no_cases()
    {
        var evaluation = new Council().Team("T1").Worker("W1").Worker("W2", role: Role.TeamManager).Evaluate();

        Assert.Equal(["W1", "W2"], evaluation.Workers.Select(w => w.WorkerId));
        Assert.All(evaluation.Workers, w => Assert.Equal(0, w.Caseload));
    }
}
