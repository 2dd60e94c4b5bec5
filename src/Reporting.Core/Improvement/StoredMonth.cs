using NodaTime;

namespace Caseload.Reporting.Improvement;

/// <summary>A month's measure as stored.</summary>
/// <param name="Id">The measure's id.</param>
/// <param name="Title">The measure as people read it.</param>
/// <param name="Metric">Its metric's code.</param>
/// <param name="Filter">Its teams, in words.</param>
/// <param name="Actual">The actual, unrounded.</param>
/// <param name="Expected">The expected value on the snapshot's date.</param>
/// <param name="Target">The target.</param>
/// <param name="Rag">green, amber or red; null without an actual.</param>
/// <param name="Previous">Last month's actual.</param>
/// <param name="History">Whether the stored snapshots covered the metric's look-back window; no RAG without it.</param>
/// <param name="Trend">The twelve months ending with this one, oldest first.</param>
public sealed record StoredMeasure(string Id, string Title, string Metric, string Filter, decimal? Actual, decimal Expected, decimal Target, string? Rag, decimal? Previous, History History, IReadOnlyList<TrendPoint> Trend);

/// <summary>A month's measures as stored, with their lineage.</summary>
/// <param name="Month">The month.</param>
/// <param name="SnapshotId">The month's last snapshot, which the actuals come from.</param>
/// <param name="PolicyVersion">The policy the caseload figures were evaluated under.</param>
/// <param name="PlanVersion">The plan the measures come from.</param>
/// <param name="ComputedAt">When they were computed.</param>
/// <param name="Measures">The measures, in the plan's order.</param>
public sealed record StoredMonth(YearMonth Month, string SnapshotId, string PolicyVersion, string PlanVersion, DateTimeOffset ComputedAt, IReadOnlyList<StoredMeasure> Measures)
{
    /// <summary>Where the council stood among DfE's published figures, as the month's digest said; null when no council was named (or for a month stored before).</summary>
    public Benchmarks.BenchmarkComparison? Benchmarks { get; init; }
}
