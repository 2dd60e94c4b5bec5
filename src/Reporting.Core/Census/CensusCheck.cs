using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Workforce;
using NodaTime;

namespace Caseload.Reporting.Census;

/// <summary>One measure as DfE will publish it from the return, beside the snapshot's and last year's published figure; unrounded.</summary>
/// <param name="Measure">The measure.</param>
/// <param name="Return">From the return, on DfE's definitions.</param>
/// <param name="Snapshot">From the census-day snapshot (benchmarks spec's census-day figure); null for absence, or without a snapshot.</param>
/// <param name="PublishedLastYear">The council's published figure of the year before.</param>
public sealed record CensusFigure(WorkforceMeasure Measure, decimal? Return, decimal? Snapshot, decimal? PublishedLastYear)
{
    /// <summary>What it is called and how it is shown.</summary>
    public WorkforceMeasureDefinition Definition => WorkforceMeasureDefinition.Of(Measure);
}

/// <summary>The census-day snapshot a return was checked against.</summary>
/// <param name="Id">Its id (lineage).</param>
/// <param name="AsOf">The date it describes.</param>
/// <param name="Caseloads">Its roster and each worker's children.</param>
/// <param name="Figures">Its figures on the census's definitions.</param>
public sealed record CensusDaySnapshot(string Id, LocalDate AsOf, CaseloadSummary Caseloads, WorkforceFigures Figures);

/// <summary>
/// A return checked (census spec): what COLLECT would refuse, the figures DfE will publish from it beside the
/// snapshot's and last year's, and every difference from the census-day snapshot. Nothing personal: a worker is
/// named by id and team.
/// </summary>
/// <param name="Council">The council as DfE's figures know it; null when neither the settings nor the return name one DfE publishes.</param>
/// <param name="Return">The return as read.</param>
/// <param name="Snapshot">The census-day snapshot; null when none is stored within 7 days of the census day.</param>
/// <param name="Counts">The return's records and vacancies, and its figures.</param>
/// <param name="Figures">The five measures in the benchmarks spec's order.</param>
/// <param name="Differences">Each difference, team by team.</param>
/// <param name="PublishedYear">The year of the published figures beside the return's (the year before the census); null without a census day.</param>
/// <param name="Problems">What COLLECT would refuse the return for, and a return of another council than the one checked.</param>
public sealed record CensusCheck(
    BenchmarkCouncil? Council, CensusReturn Return, CensusDaySnapshot? Snapshot, CensusFigures Counts, IReadOnlyList<CensusFigure> Figures,
    IReadOnlyList<CensusDifference> Differences, int? PublishedYear, IReadOnlyList<Problem> Problems)
{
    /// <summary>Whether a storage was there to look for the census-day snapshot in (without one, nothing is compared).</summary>
    public bool SnapshotSearched { get; init; } = true;

    /// <summary>The census day; null when the return does not say it.</summary>
    public LocalDate? ReferenceDate => Return.Header.ReferenceDate;

    /// <summary>A team's name on the snapshot's roster; its id when the snapshot has no such team.</summary>
    public string TeamName(string teamId) => Snapshot?.Caseloads.Teams.FirstOrDefault(t => t.Team.Id == teamId)?.Team.Name ?? teamId;

    /// <summary>Checks a return against the census-day snapshot and DfE's published figures.</summary>
    /// <param name="census">The return as read.</param>
    /// <param name="council">The council compared; null when none is known.</param>
    /// <param name="indicators">DfE's published figures in use.</param>
    /// <param name="snapshot">The census-day snapshot; null when none is stored.</param>
    public static CensusCheck Of(CensusReturn census, BenchmarkCouncil? council, WorkforceIndicators indicators, CensusDaySnapshot? snapshot)
    {
        ArgumentNullException.ThrowIfNull(census);
        ArgumentNullException.ThrowIfNull(indicators);
        // A file that stopped being XML part-way holds only some records: counted, they would say what DfE will not.
        var day = census.Countable;
        var counts = day is { } d ? CensusFigures.Of(census, d) : CensusFigures.None;
        var year = census.Header.ReferenceDate?.Year - 1;
        var published = council is null || year is null ? null : indicators.Council(year.Value, council.Code);
        var figures = WorkforceMeasureDefinition.Catalogue
            .Select(m => new CensusFigure(m.Measure, counts.Of(m.Measure), snapshot?.Figures.Of(m.Measure), published?.Of(m.Measure)))
            .ToList();
        var differences = snapshot is null || day is null ? [] : CensusDifference.Of(census, day.Value, snapshot.Caseloads);
        Problem[] anotherCouncil = council is not null && census.Header.Council is { } returned && !council.Code.Equals(returned, StringComparison.Ordinal)
            ? [new Problem(Severity.Error, "census_council", census.File, null, "LEA",
                $"is {returned}, another council's code: {BenchmarkCouncil.Setting} is {council.Code} ({council.Called}); check this is the council's own return")]
            : [];
        return new CensusCheck(council, census, snapshot, counts, figures, differences, year, [.. census.Problems, .. anotherCouncil]);
    }
}
