using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using NodaTime;

namespace Caseload.Reporting.Improvement;

/// <summary>A measure's figure at one month's last snapshot.</summary>
/// <param name="Month">The month.</param>
/// <param name="Actual">The actual, or null when the month has no snapshot or nothing to divide by.</param>
/// <param name="Expected">The trajectory's value at the month's snapshot (or its last day, without one).</param>
/// <param name="PolicyVersion">The policy the month's figures were evaluated under; null without a snapshot.</param>
/// <param name="HistoryComplete">Whether the stored snapshots covered the metric's look-back window at the month's snapshot.</param>
public sealed record TrendPoint(YearMonth Month, decimal? Actual, decimal Expected, string? PolicyVersion, bool HistoryComplete);

/// <summary>A measure's standing this month and its last twelve months, oldest first.</summary>
/// <param name="Standing">This month's standing.</param>
/// <param name="Months">Twelve months ending with this one.</param>
public sealed record MeasureTrend(MeasureStanding Standing, IReadOnlyList<TrendPoint> Months);

/// <summary>A worker who was over their limit in the month: the one place the digest names workers.</summary>
/// <param name="TeamId">Their team.</param>
/// <param name="Name">Their name, told apart from a namesake in their team (<see cref="Evaluation.WorkerNames"/>).</param>
/// <param name="Status">new, continuing or resolved, over the month.</param>
/// <param name="WeeksInBreach">Consecutive weeks over at the month's last evaluated week.</param>
/// <param name="OverBy">How far over at the month's last evaluated week; 0 when back within.</param>
/// <param name="Band">Their band at the month's last evaluated week.</param>
/// <param name="Escalation">Whom the breach had reached, nobody acting on it, at the last week it was seen; null when acted on or not yet.</param>
public sealed record MonthBreach(string TeamId, string Name, BreachStatus Status, int WeeksInBreach, decimal OverBy, Band Band, Actions.Escalation? Escalation)
{
    /// <summary>Over their limit for long enough, with no action in date, that it reached leadership.</summary>
    public bool NobodyActing => Escalation == Actions.Escalation.Leadership;
}

/// <summary>The council's case for posts at one month's last snapshot: FTE needed against funded vacancies; null without a snapshot that month.</summary>
/// <param name="Month">The month.</param>
/// <param name="Posts">The totals at its last snapshot, or null.</param>
public sealed record PostsPoint(YearMonth Month, Capacity.PostsTotals? Posts);

/// <summary>A snapshot the digest's figures came from.</summary>
/// <param name="Id">Its stored key.</param>
/// <param name="AsOf">The date it describes.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="Teams">Rows of teams.csv.</param>
/// <param name="Workers">Rows of workers.csv.</param>
/// <param name="Allocations">Allocations kept.</param>
/// <param name="FileHashes">SHA-256 of each file, by file name.</param>
public sealed record SnapshotLineage(string Id, LocalDate AsOf, string? Source, int Teams, int Workers, int Allocations, IReadOnlyDictionary<string, string> FileHashes);

/// <summary>
/// Everything the monthly leadership digest, its inspection-ready summary and its data pack are made from: the
/// plan's measures with their trends, the month-end snapshot's figures, the month's breaches, and the lineage.
/// </summary>
/// <param name="Month">The month reported.</param>
/// <param name="PlanName">The plan's name.</param>
/// <param name="PlanSetAt">When the plan became current.</param>
/// <param name="PlanVersion">The plan's version.</param>
/// <param name="PolicyVersion">The policy the caseload figures were evaluated under.</param>
/// <param name="Figures">The month's last snapshot's figures.</param>
/// <param name="Measures">Every measure, in the plan's order.</param>
/// <param name="WeeksEvaluated">The evaluated weeks whose Monday is in the month, whose breaches are reported.</param>
/// <param name="Breaches">The workers over their limit in those weeks.</param>
/// <param name="Snapshots">The snapshots used, this month's last.</param>
/// <param name="PostsTrend">FTE needed against funded vacancies at each of the last twelve months' last snapshot, oldest first.</param>
/// <param name="Benchmarks">DfE's published figures in use, the council's own on their definitions, and where it stands among them.</param>
public sealed record MonthlyDigest(
    YearMonth Month,
    string PlanName,
    DateTimeOffset PlanSetAt,
    string PlanVersion,
    string PolicyVersion,
    SnapshotFigures Figures,
    IReadOnlyList<MeasureTrend> Measures,
    IReadOnlyList<IsoWeek> WeeksEvaluated,
    IReadOnlyList<MonthBreach> Breaches,
    IReadOnlyList<SnapshotLineage> Snapshots,
    IReadOnlyList<PostsPoint> PostsTrend,
    Benchmarks.Benchmarking Benchmarks)
{
    /// <summary>The month as leadership reads it, e.g. "October 2026".</summary>
    public string MonthName => Month.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The policies the trend's months were evaluated under, oldest first, when more than one: a digest that spans
    /// a change of policy says so rather than mixing them silently. Empty when one policy covers every month.
    /// </summary>
    public IReadOnlyList<(string PolicyVersion, YearMonth From)> PolicyChanges
    {
        get
        {
            var changes = new List<(string, YearMonth)>();
            foreach (var point in Measures.Count == 0 ? [] : Measures[0].Months)
            {
                if (point.PolicyVersion is { } version && (changes.Count == 0 || changes[^1].Item1 != version))
                {
                    changes.Add((version, point.Month));
                }
            }

            return changes.Count > 1 ? changes : [];
        }
    }

    /// <summary>The plan as people name it: "Children's Services Improvement Plan 2026-28, set 2 Nov 2026".</summary>
    public string Plan => $"{PlanName}, set {PlanSetAt.UtcDateTime.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The date of the figures, e.g. "30 Oct 2026".</summary>
    public string AsOf => Figures.Caseloads.AsOf.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
}
