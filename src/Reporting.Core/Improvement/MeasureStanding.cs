using NodaTime;

namespace Caseload.Reporting.Improvement;

/// <summary>Where a measure stands at one snapshot: the actual, the expected value on its date, the target, the RAG and last month's actual.</summary>
/// <param name="Measure">The measure.</param>
/// <param name="AsOf">The date of the snapshot the actual comes from.</param>
/// <param name="Actual">The metric at that snapshot; null when it has nothing to divide by.</param>
/// <param name="Expected">The trajectory's value on that date.</param>
/// <param name="Rag">Where the actual stands against the expected value; null without an actual, or without enough history to mean it.</param>
/// <param name="Previous">Last month's actual, when there is one.</param>
/// <param name="History">Whether the stored snapshots cover the metric's look-back window.</param>
public sealed record MeasureStanding(Measure Measure, LocalDate AsOf, decimal? Actual, decimal Expected, Rag? Rag, decimal? Previous, History History)
{
    /// <summary>The change since last month; null without both figures.</summary>
    public decimal? Change => Actual - Previous;

    /// <summary>Whether last month's change went the way the plan wants (down for an at-most measure); null when there was none.</summary>
    public bool? Improved => Change is { } change && change != 0 ? (Measure.Direction == Direction.AtMost) == (change < 0) : null;

    /// <summary>A measure's standing at a snapshot, given last month's actual and the earliest stored snapshot; not rated without enough history.</summary>
    public static MeasureStanding Of(Measure measure, SnapshotFigures figures, decimal? previous, LocalDate? earliestSnapshot)
    {
        ArgumentNullException.ThrowIfNull(measure);
        ArgumentNullException.ThrowIfNull(figures);
        var asOf = figures.Caseloads.AsOf;
        var actual = figures.Of(measure.Metric, measure.Filter);
        var history = History.Of(measure.Metric, asOf, earliestSnapshot);
        return new MeasureStanding(measure, asOf, actual, measure.ExpectedOn(asOf), history.Complete ? measure.RagOf(actual, asOf) : null, previous, history);
    }
}
