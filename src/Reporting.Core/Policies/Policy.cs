using System.Collections.Frozen;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Policies;

/// <summary>What a worker's caseload counts: children, or families (siblings count once).</summary>
public enum CountBy
{
    /// <summary>Each distinct child is one case (the census definition).</summary>
    Child,

    /// <summary>Each distinct family is one case; a child without a family is its own family.</summary>
    Family,
}

/// <summary>What the limit is compared with.</summary>
public enum LimitOn
{
    /// <summary>The caseload; limits are whole numbers.</summary>
    Count,

    /// <summary>The complexity-weighted load; limits keep two decimals.</summary>
    Weighted,
}

/// <summary>The full-time caseload limits: a default and one per team type.</summary>
/// <param name="Default">The limit for a team type without its own.</param>
/// <param name="TeamTypes">Limits that replace the default for some team types.</param>
public sealed record CaseloadLimits(decimal Default, IReadOnlyDictionary<TeamType, decimal> TeamTypes)
{
    /// <summary>The limit for a team type without its own; more than 0.</summary>
    public decimal Default { get; init => field = Must.Positive(value, nameof(Default)); } = Must.Positive(Default, nameof(Default));

    /// <summary>Limits that replace the default for some team types; each more than 0.</summary>
    public IReadOnlyDictionary<TeamType, decimal> TeamTypes { get; init => field = Checked(value); } = Checked(TeamTypes);


    /// <summary>The full-time limit for a team of this type.</summary>
    public decimal For(TeamType teamType) => TeamTypes.TryGetValue(teamType, out var limit) ? limit : Default;

    private static IReadOnlyDictionary<TeamType, decimal> Checked(IReadOnlyDictionary<TeamType, decimal> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        foreach (var limit in limits.Values)
        {
            Must.Positive(limit, nameof(TeamTypes));
        }

        return limits;
    }
}

/// <summary>The protection of ASYE (newly qualified) workers: a share of the team limit and/or an absolute cap.</summary>
/// <param name="Fraction">The share of the team limit, greater than 0 and at most 1, or null.</param>
/// <param name="Max">An absolute cap, or null.</param>
public sealed record AsyeProtection(decimal? Fraction, decimal? Max)
{
    /// <summary>The share of the team limit, more than 0 and at most 1, or null.</summary>
    public decimal? Fraction { get; init => field = Must.Fraction(value, nameof(Fraction)); } = Must.Fraction(Fraction, nameof(Fraction));

    /// <summary>An absolute cap, more than 0, or null.</summary>
    public decimal? Max { get; init => field = Must.Positive(value, nameof(Max)); } = Must.Positive(Max, nameof(Max));

    /// <summary>The limit for an ASYE worker in a team whose full-time limit is <paramref name="teamLimit"/>; with both a fraction and a cap, the smaller wins.</summary>
    public decimal Apply(decimal teamLimit)
    {
        var limit = Fraction is { } fraction ? fraction * teamLimit : teamLimit;
        return Max is { } max ? Math.Min(limit, max) : limit;
    }
}

/// <summary>The complexity weight of each case type, and the uplift for a child in proceedings.</summary>
/// <param name="ByCaseType">The weight of each case type.</param>
/// <param name="InProceedingsUplift">Added for each child in care proceedings or pre-proceedings.</param>
public sealed record CaseWeights(IReadOnlyDictionary<CaseType, decimal> ByCaseType, decimal InProceedingsUplift)
{
    /// <summary>The weight of every case type, none negative.</summary>
    public IReadOnlyDictionary<CaseType, decimal> ByCaseType { get; init => field = Checked(value); } = Checked(ByCaseType);

    /// <summary>Added for each child in proceedings; not negative.</summary>
    public decimal InProceedingsUplift { get; init => field = Must.NotNegative(value, nameof(InProceedingsUplift)); } = Must.NotNegative(InProceedingsUplift, nameof(InProceedingsUplift));

    /// <summary>The weight one child adds to a worker's weighted load.</summary>
    public decimal Of(CaseType caseType, bool inProceedings) =>
        ByCaseType[caseType] + (inProceedings ? InProceedingsUplift : 0m);

    private static IReadOnlyDictionary<CaseType, decimal> Checked(IReadOnlyDictionary<CaseType, decimal> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        foreach (var caseType in Enum.GetValues<CaseType>())
        {
            Must.NotNegative(weights.TryGetValue(caseType, out var weight) ? weight : throw new ArgumentException($"No weight for {caseType}.", nameof(weights)), nameof(weights));
        }

        return weights;
    }
}

/// <summary>
/// A council's caseload threshold policy (policy spec): who has a limit, how large, and how far over is red.
/// Limits are decimal throughout: a limit is never computed in binary floating point.
/// </summary>
/// <param name="Version">The version recorded with every evaluation that used it.</param>
/// <param name="CountBy">Whether caseloads count children or families.</param>
/// <param name="LimitOn">Whether limits apply to the caseload or the weighted load.</param>
/// <param name="Limits">The full-time limits.</param>
/// <param name="Asye">The ASYE protection.</param>
/// <param name="ProRataFte">Whether limits are multiplied by FTE.</param>
/// <param name="AmberMax">How far over the limit is still amber; further is red.</param>
/// <param name="ExemptRoles">Roles that hold no limit.</param>
/// <param name="Weights">The complexity weights.</param>
/// <param name="Escalation">When a breach nobody acts on reaches the head of service, then leadership.</param>
public sealed record Policy(
    string Version,
    CountBy CountBy,
    LimitOn LimitOn,
    CaseloadLimits Limits,
    AsyeProtection Asye,
    bool ProRataFte,
    decimal AmberMax,
    IReadOnlySet<Role> ExemptRoles,
    CaseWeights Weights,
    Actions.EscalationPolicy Escalation)
{
    /// <summary>The version recorded with every evaluation that used it; never empty.</summary>
    public string Version { get; init => field = Must.NotEmpty(value, nameof(Version)); } = Must.NotEmpty(Version, nameof(Version));

    /// <summary>How far over the limit is still amber; not negative.</summary>
    public decimal AmberMax { get; init => field = Must.NotNegative(value, nameof(AmberMax)); } = Must.NotNegative(AmberMax, nameof(AmberMax));

    /// <summary>The built-in defaults of the policy spec: 18 for frontline social workers, 15 in adolescent teams.</summary>
    public static Policy Default { get; } = new(
        Version: "2026-11-a",
        CountBy: CountBy.Child,
        LimitOn: LimitOn.Count,
        Limits: new CaseloadLimits(18m, new Dictionary<TeamType, decimal> { [TeamType.Adolescent] = 15m }.ToFrozenDictionary()),
        Asye: new AsyeProtection(Fraction: 0.8m, Max: null),
        ProRataFte: true,
        AmberMax: 2m,
        ExemptRoles: new[] { Role.TeamManager, Role.FamilyWorker, Role.Student }.ToFrozenSet(),
        Weights: new CaseWeights(
            new Dictionary<CaseType, decimal>
            {
                [CaseType.Assessment] = 1.0m,
                [CaseType.Cin] = 1.0m,
                [CaseType.Cp] = 1.5m,
                [CaseType.Cla] = 1.25m,
                [CaseType.CareLeaver] = 0.5m,
                [CaseType.EarlyHelp] = 0.75m,
                [CaseType.Other] = 1.0m,
            }.ToFrozenDictionary(),
            InProceedingsUplift: 0.5m),
        Escalation: Actions.EscalationPolicy.Default);

    /// <summary>
    /// The worker's limit, or null for an exempt role: the team type's limit, then ASYE protection, then FTE
    /// pro-rating, rounded down (to a whole number on counts, to two decimals on weighted loads).
    /// </summary>
    public decimal? LimitFor(Worker worker, TeamType teamType)
    {
        ArgumentNullException.ThrowIfNull(worker);
        if (ExemptRoles.Contains(worker.Role))
        {
            return null;
        }

        var limit = Limits.For(teamType);
        if (worker.Asye)
        {
            limit = Asye.Apply(limit);
        }

        if (ProRataFte)
        {
            limit *= worker.Fte;
        }

        return LimitOn == LimitOn.Count ? decimal.Floor(limit) : decimal.Floor(limit * 100m) / 100m;
    }

    /// <summary>The band of a load against a limit (null: exempt).</summary>
    public Band BandFor(decimal load, decimal? limit)
    {
        if (limit is not { } value)
        {
            return Band.Exempt;
        }

        var overBy = load - value;
        return overBy switch
        {
            < 0 => Band.Within,
            0 => Band.AtLimit,
            _ when overBy <= AmberMax => Band.Amber,
            _ => Band.Red,
        };
    }
}
