using Caseload.Reporting.Improvement;
using Caseload.Reporting.Workforce;

namespace Caseload.Reporting.Benchmarks;

/// <summary>
/// What a month is compared with: DfE's published figures in use, the council's own figures on the census's
/// definitions at the month's last snapshot, and, when the council is named, where it stands among the rest.
/// </summary>
/// <param name="Indicators">DfE's workforce indicators in use.</param>
/// <param name="Neighbours">DfE's statistical neighbours in use.</param>
/// <param name="Council">The council's own figures at the month's last snapshot, on the census's definitions.</param>
/// <param name="Comparison">Where it stands; null when <c>Reporting:Council:Code</c> is not set.</param>
public sealed record Benchmarking(WorkforceIndicators Indicators, StatisticalNeighbours Neighbours, WorkforceFigures Council, BenchmarkComparison? Comparison)
{
    /// <summary>The council among its region's councils this month, from their returns to the region's drop; null when it takes no part (region spec).</summary>
    public Region.RegionComparison? Region { get; init; }

    /// <summary>The year compared with: the file's latest.</summary>
    public int Year => Indicators.LatestYear;

    /// <summary>The release the year's figures come from.</summary>
    public string Release => WorkforceIndicators.Release(Year);

    /// <summary>England's published figure for a workforce measure in the year.</summary>
    public decimal? England(WorkforceMeasure measure) => Indicators.England(Year)?.Of(measure);

    /// <summary>
    /// England's figure to set beside a plan metric: the workforce measures from DfE's file in use (its latest year),
    /// the others from the releases England.json names; null where none is published.
    /// </summary>
    public EnglandFigure? EnglandFor(Metric metric)
    {
        var (measure, of) = metric switch
        {
            Metric.CasesPerFte => (WorkforceMeasure.CaseloadFte, null),
            Metric.AgencyFtePct => (WorkforceMeasure.AgencyRateFte, null),
            Metric.TurnoverRateFte => (WorkforceMeasure.TurnoverRateFte, null),
            Metric.VacancyRatePct => (WorkforceMeasure.VacancyRateFte, "of funded posts not filled by in-post social workers: DfE counts agency workers as covering vacancies, not filling them"),
            _ => ((WorkforceMeasure?)null, (string?)null),
        };
        if (measure is not { } workforce)
        {
            return Improvement.England.For(metric);
        }

        var release = new Release(Release, WorkforceIndicators.CensusDay(Year));
        var previous = Indicators.England(Year - 1)?.Of(workforce) is { } before ? $"{MetricDefinition.Of(metric).Format(before)} at 30 September {Year - 1}" : null;
        return England(workforce) is { } value ? new EnglandFigure(metric, value, false, release, of, previous) : null;
    }
}
