using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Caseload.Reporting.Tests;

/// <summary>Properties of the limit and band rules that must hold for every policy and worker.</summary>
public class PolicyPropertyTests
{
    private static readonly TeamType[] TeamTypes = Enum.GetValues<TeamType>();

    /// <summary>FTE from 0.01 to 1 in hundredths, as HR records it.</summary>
    private static decimal Fte(int hundredths) => (Math.Abs(hundredths) % 100 + 1) / 100m;

    private static Worker Worker(decimal fte, bool asye) => new("W1", "Worker", "w@council.example", "T1", Role.SocialWorker, fte, asye, false);

    private static Policy Policy(int limit, bool weighted, int? asyeMax) => Policies.Policy.Default with
    {
        LimitOn = weighted ? LimitOn.Weighted : LimitOn.Count,
        Limits = new CaseloadLimits(Math.Abs(limit) % 40 + 1, Policies.Policy.Default.Limits.TeamTypes),
        Asye = new AsyeProtection(0.8m, asyeMax is { } max ? Math.Abs(max) % 30 + 1 : null),
    };

    [Property]
    public bool Pro_rated_limit_never_exceeds_the_full_time_limit(int limit, int hundredths, bool asye, bool weighted, int? asyeMax, byte team)
    {
        var policy = Policy(limit, weighted, asyeMax);
        var type = TeamTypes[team % TeamTypes.Length];

        return policy.LimitFor(Worker(Fte(hundredths), asye), type) <= policy.LimitFor(Worker(1m, asye), type);
    }

    [Property]
    public bool An_asye_limit_never_exceeds_the_same_workers_limit_without_asye(int limit, int hundredths, bool weighted, int? asyeMax)
    {
        var policy = Policy(limit, weighted, asyeMax);

        return policy.LimitFor(Worker(Fte(hundredths), asye: true), TeamType.CinCp) <= policy.LimitFor(Worker(Fte(hundredths), asye: false), TeamType.CinCp);
    }

    [Property]
    public bool A_count_limit_is_a_whole_number_and_a_weighted_limit_has_at_most_two_decimals(int limit, int hundredths, bool asye, bool weighted)
    {
        var value = Policy(limit, weighted, null).LimitFor(Worker(Fte(hundredths), asye), TeamType.CinCp)!.Value;

        return weighted ? decimal.Round(value, 2) == value : decimal.Truncate(value) == value;
    }

    [Property]
    public Property Adding_a_case_never_lowers_a_band() =>
        Prop.ForAll(
            Gen.Choose(0, 45).ToArbitrary(),
            Gen.Elements(Enum.GetValues<CaseType>()).ToArbitrary(),
            Gen.Elements(true, false).ToArbitrary(),
            (cases, added, weighted) =>
            {
                var policy = Policies.Policy.Default with { LimitOn = weighted ? LimitOn.Weighted : LimitOn.Count };
                var before = Council.OneWorker(cases, fte: 0.8m).Evaluate(policy).Worker("W1");
                var after = Council.OneWorker(cases, fte: 0.8m).Case("extra", "W1", type: added).Evaluate(policy).Worker("W1");
                return after.Band >= before.Band && after.OverBy >= before.OverBy;
            });
}
