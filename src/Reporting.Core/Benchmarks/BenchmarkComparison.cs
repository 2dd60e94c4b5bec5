using Caseload.Reporting.Improvement;
using Caseload.Reporting.Workforce;
using NodaTime;

namespace Caseload.Reporting.Benchmarks;

/// <summary>The council as DfE's published data knows it (<c>Reporting:Council:Code</c>).</summary>
/// <param name="Code">Its three-digit old LA code, as configured.</param>
/// <param name="Name">Its own name as DfE publishes it.</param>
/// <param name="RegionCode">Its region's code.</param>
/// <param name="RegionName">Its region's name.</param>
/// <param name="ReturnedAs">The joint return it is compared by ("Kingston upon Thames / Richmond upon Thames"); null when it returns alone.</param>
public sealed record BenchmarkCouncil(string Code, string Name, string RegionCode, string RegionName, string? ReturnedAs)
{
    /// <summary>The setting that names the council.</summary>
    public const string Setting = "Reporting:Council:Code";

    /// <summary>Compared by a joint return's figures.</summary>
    public bool Joint => ReturnedAs is not null;

    /// <summary>
    /// What people read it called, when not its published name: the demo's synthetic council is "the demo council,
    /// compared as if it were Medway", so that no page presents made-up figures as a real council's.
    /// </summary>
    public string? CalledAs { get; init; }

    /// <summary>Its name as people read it.</summary>
    public string Called => CalledAs ?? Name;

    /// <summary>The council with a code in the file's latest year, or null when the latest year does not have it.</summary>
    public static BenchmarkCouncil? In(WorkforceIndicators indicators, string code)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        return indicators.Council(indicators.LatestYear, code) is { } row
            ? new BenchmarkCouncil(code, row.NameOf(code), row.RegionCode ?? "", row.RegionName ?? "", row.Joint ? row.Name : null)
            : null;
    }

    /// <summary>Whether a setting's value is a three-digit code at all.</summary>
    public static bool IsCode(string? value) => value is { Length: 3 } && value.All(char.IsAsciiDigit);
}

/// <summary>Where a figure ranks among others, lowest first: 1 is the lowest, ties share the better rank.</summary>
/// <param name="Rank">Its rank.</param>
/// <param name="Of">How many figures it is ranked among, itself included.</param>
/// <param name="Band">Its quarter: A for a rank within the lowest quarter, then B, C, D.</param>
public sealed record Ranking(int Rank, int Of, string Band)
{
    /// <summary>Where <paramref name="value"/> ranks among itself and <paramref name="others"/>.</summary>
    public static Ranking Among(decimal value, IReadOnlyCollection<decimal> others)
    {
        ArgumentNullException.ThrowIfNull(others);
        var rank = 1 + others.Count(o => o < value);
        var of = others.Count + 1;
        return new Ranking(rank, of, rank <= Quarter(of, 1) ? "A" : rank <= Quarter(of, 2) ? "B" : rank <= Quarter(of, 3) ? "C" : "D");
    }

    /// <summary>⌈N × q / 4⌉.</summary>
    private static int Quarter(int of, int quarters) => ((of * quarters) + 3) / 4;
}

/// <summary>The neighbours' published figures for the year, and the council's among them.</summary>
/// <param name="Median">Their median; null when none has a figure.</param>
/// <param name="Lowest">The lowest.</param>
/// <param name="Highest">The highest.</param>
/// <param name="Count">How many have a figure.</param>
/// <param name="Rank">The council's published figure's rank among itself and them; null without one.</param>
/// <param name="Of">How many that rank is among.</param>
public sealed record NeighbourStanding(decimal? Median, decimal? Lowest, decimal? Highest, int Count, int? Rank, int? Of);

/// <summary>A measure's published figures in one year.</summary>
/// <param name="Year">The year.</param>
/// <param name="Council">The council's own (its joint return's).</param>
/// <param name="NeighboursMedian">The median of its neighbours' with a figure.</param>
/// <param name="England">England's.</param>
public sealed record PublishedYear(int Year, decimal? Council, decimal? NeighboursMedian, decimal? England);

/// <summary>One measure: the council now and on the census day, its published figures, its neighbours, region and England, and its ranks.</summary>
/// <param name="Measure">The measure.</param>
/// <param name="Now">The council's figure at the latest snapshot, on the census's definition; null when it cannot be worked out.</param>
/// <param name="CensusDay">Its figure at the stored snapshot nearest 30 September of the year, within 7 days; null without one.</param>
/// <param name="CensusDayAsOf">That snapshot's date.</param>
/// <param name="History">Whether the stored snapshots cover what the measure looks back over (turnover's year).</param>
/// <param name="Published">The council's own published figure for the year.</param>
/// <param name="PublishedPrevious">And for the year before.</param>
/// <param name="Neighbours">Its statistical neighbours' figures for the year.</param>
/// <param name="Region">Its region's published figure.</param>
/// <param name="England">England's.</param>
/// <param name="AllCouncils">Its published figure's rank among every council's for the year; null without one.</param>
/// <param name="NowAgainstAll">Where its figure now would rank among those same figures, its own published figure replaced; null without a figure now.</param>
public sealed record MeasureComparison(
    WorkforceMeasure Measure,
    decimal? Now,
    decimal? CensusDay,
    LocalDate? CensusDayAsOf,
    History History,
    decimal? Published,
    decimal? PublishedPrevious,
    NeighbourStanding Neighbours,
    decimal? Region,
    decimal? England,
    Ranking? AllCouncils,
    Ranking? NowAgainstAll)
{
    /// <summary>The measure's definition.</summary>
    public WorkforceMeasureDefinition Definition => WorkforceMeasureDefinition.Of(Measure);
}

/// <summary>
/// Where the council stands (benchmarks spec): for each workforce measure, lower being better, its figure now and on
/// the census day beside its own published figures, its statistical neighbours', its region's and England's, for the
/// latest year of DfE's file. Every figure rounded to one decimal place, as DfE publishes them, before it is ranked.
/// </summary>
/// <param name="Council">The council.</param>
/// <param name="Year">The year compared with: figures as at 30 September of it.</param>
/// <param name="Source">The release and the SHA-256 of the file it was read from.</param>
/// <param name="AsOf">The date of the snapshot "now" is read from; null when none is stored.</param>
/// <param name="Measures">Every measure, in <see cref="WorkforceMeasure"/> order.</param>
public sealed record BenchmarkComparison(BenchmarkCouncil Council, int Year, string Source, LocalDate? AsOf, IReadOnlyList<MeasureComparison> Measures)
{
    /// <summary>How far from 30 September a snapshot may be and still stand for the census day.</summary>
    public const int CensusDaySlack = 7;

    /// <summary>The census day of the comparison's year, as people read it: "30 September 2025".</summary>
    public string CensusDayText => WorkforceIndicators.CensusDay(Year).ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The stored snapshot nearest 30 September of a year, if one lies within 7 days of it (of two as near, the earlier).</summary>
    public static DatedSnapshot? CensusDayOf(IEnumerable<DatedSnapshot> stored, int year) => NearestTo(stored, WorkforceIndicators.CensusDay(year));

    /// <summary>The snapshot standing for a census day: the nearest to it within <see cref="CensusDaySlack"/> days, the earlier of two as near; null when none is.</summary>
    public static DatedSnapshot? NearestTo(IEnumerable<DatedSnapshot> stored, LocalDate census)
    {
        ArgumentNullException.ThrowIfNull(stored);
        int Distance(DatedSnapshot s) => Math.Abs(Period.Between(census, s.AsOf, PeriodUnits.Days).Days);
        return stored.Where(s => Distance(s) <= CensusDaySlack).OrderBy(Distance).ThenBy(s => s.AsOf).FirstOrDefault();
    }

    /// <summary>The comparison of the file's latest year.</summary>
    /// <param name="indicators">DfE's indicators.</param>
    /// <param name="neighbours">DfE's statistical neighbours.</param>
    /// <param name="council">The council, found in the indicators' latest year.</param>
    /// <param name="now">Its figures at the latest snapshot; null when none is stored.</param>
    /// <param name="censusDay">Its figures at the snapshot standing for the census day; null when none does.</param>
    public static BenchmarkComparison Of(WorkforceIndicators indicators, StatisticalNeighbours neighbours, BenchmarkCouncil council, WorkforceFigures? now, WorkforceFigures? censusDay)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        ArgumentNullException.ThrowIfNull(neighbours);
        ArgumentNullException.ThrowIfNull(council);
        var year = indicators.LatestYear;
        var own = indicators.Council(year, council.Code) ?? throw new ArgumentException($"The council {council.Code} is not in the file's latest year.", nameof(council));
        var previous = indicators.Council(year - 1, council.Code);
        var region = indicators.Region(year, council.RegionCode);
        var england = indicators.England(year);
        var others = indicators.Councils(year).Where(r => r != own).ToList();
        var neighbourRows = NeighbourRows(indicators, neighbours, council, year);

        var measures = WorkforceMeasureDefinition.Catalogue.Select(definition =>
        {
            var measure = definition.Measure;
            var published = own.Of(measure);
            var nearby = Figures(neighbourRows, measure);
            var everyone = Figures(others, measure);
            var nowFigure = Round(now?.Of(measure));
            var history = measure == WorkforceMeasure.TurnoverRateFte && now is not null ? now.TurnoverHistory : History.Enough;
            return new MeasureComparison(
                measure,
                nowFigure,
                Round(censusDay?.Of(measure)),
                censusDay?.AsOf,
                history,
                published,
                previous?.Of(measure),
                new NeighbourStanding(
                    Median(nearby), nearby.Count == 0 ? null : nearby.Min(), nearby.Count == 0 ? null : nearby.Max(), nearby.Count,
                    published is { } p ? Ranking.Among(p, nearby).Rank : null, published is null ? null : nearby.Count + 1),
                region?.Of(measure),
                england?.Of(measure),
                published is { } mine ? Ranking.Among(mine, everyone) : null,
                nowFigure is { } current ? Ranking.Among(current, everyone) : null);
        }).ToList();
        return new BenchmarkComparison(council, year, $"{WorkforceIndicators.Release(year)} (SHA-256 {indicators.Sha256[..12]})", now?.AsOf, measures);
    }

    /// <summary>
    /// The rows holding the council's neighbours' figures in a year, nearest first: a neighbour in the council's own
    /// joint return is the council itself, and two neighbours that return jointly are one figure, so each row counts once.
    /// </summary>
    public static IReadOnlyList<PublishedArea> NeighbourRows(WorkforceIndicators indicators, StatisticalNeighbours neighbours, BenchmarkCouncil council, int year)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        ArgumentNullException.ThrowIfNull(neighbours);
        ArgumentNullException.ThrowIfNull(council);
        var own = indicators.Council(year, council.Code);
        return [.. neighbours.Of(council.Code).Select(n => indicators.Council(year, n.Code)).OfType<PublishedArea>().Where(r => r != own).Distinct()];
    }

    /// <summary>A measure's published figures year by year, every year of the file: the council's, its neighbours' median (the latest neighbours throughout) and England's.</summary>
    public static IReadOnlyList<PublishedYear> SeriesOf(WorkforceIndicators indicators, StatisticalNeighbours neighbours, BenchmarkCouncil council, WorkforceMeasure measure)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        return [.. indicators.Years.Select(year => new PublishedYear(
            year,
            indicators.Council(year, council.Code)?.Of(measure),
            Median(Figures(NeighbourRows(indicators, neighbours, council, year), measure)),
            indicators.England(year)?.Of(measure)))];
    }

    private static List<decimal> Figures(IEnumerable<PublishedArea> rows, WorkforceMeasure measure) => [.. rows.Select(r => r.Of(measure)).OfType<decimal>()];

    private static decimal? Median(List<decimal> figures)
    {
        if (figures.Count == 0)
        {
            return null;
        }

        var sorted = figures.Order().ToList();
        var middle = sorted.Count / 2;
        return Round(sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2);
    }

    private static decimal? Round(decimal? value) => value is { } v ? decimal.Round(v, 1, MidpointRounding.AwayFromZero) : null;
}
