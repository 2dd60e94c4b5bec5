using System.Globalization;
using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Content.Charts;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Region;

namespace Caseload.Reporting.Content.Monthly;

/// <summary>
/// "Where we stand": the council beside its statistical neighbours, its region and England on DfE's published
/// figures for the latest census day, and where this month's own figures would rank. Two or three sentences a
/// director would say and one compact table in the email; in the summary a picture per measure and its published
/// series since the file's first year; in the data pack every figure, every neighbour, and the series as tables.
/// </summary>
public static class WhereWeStand
{
    /// <summary>The section's title.</summary>
    public const string Title = "Where we stand";

    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>The section, or null when no council is named to compare (<c>Reporting:Council:Code</c>).</summary>
    public static DigestSection? Of(MonthlyDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var benchmarks = digest.Benchmarks;
        if (benchmarks.Comparison is not { } comparison)
        {
            return null;
        }

        var neighbourRows = BenchmarkComparison.NeighbourRows(benchmarks.Indicators, benchmarks.Neighbours, comparison.Council, comparison.Year);
        var series = comparison.Measures.Select(m => (Measure: m, Years: BenchmarkComparison.SeriesOf(benchmarks.Indicators, benchmarks.Neighbours, comparison.Council, m.Measure))).ToList();
        var perMeasure = series.Select((s, i) => SeriesTable(s.Measure, s.Years) with
        {
            Pictures =
            [
                StandingChart.Strip(comparison, s.Measure, benchmarks.Indicators, neighbourRows, $"standing-{i}"),
                StandingChart.Series(comparison, s.Measure, s.Years, $"series-{i}"),
            ],
        });
        var neighbours = Neighbours(benchmarks, comparison);
        if (benchmarks.Region is not { } region)
        {
            return new DigestSection(Title, Intro(comparison), [Compact(comparison), .. perMeasure, neighbours])
            {
                Sheets = [Full(comparison), neighbours, SeriesSheet(series)],
            };
        }

        var inRegion = InRegion(region, comparison.Council);
        return new DigestSection(Title, $"{Intro(comparison)} {string.Join(" ", RegionSentences(region, comparison.Council))}", [Compact(comparison), inRegion, .. perMeasure, neighbours])
        {
            Sheets = [Full(comparison), inRegion, RegionSheet(region), neighbours, SeriesSheet(series)],
        };
    }

    /// <summary>
    /// Where this month stands in the region, from the councils' returns to the region's drop (region spec): our
    /// caseload's rank by name of the region, the region's own figure, who is in its lowest and highest fifth, and who
    /// has not returned.
    /// </summary>
    public static IEnumerable<string> RegionSentences(RegionComparison region, BenchmarkCouncil council)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(council);
        var month = region.Month.ToString("MMMM yyyy", Culture);
        var ours = Ours(region, council);
        var measure = WorkforceMeasure.CaseloadFte;
        var d = WorkforceMeasureDefinition.Of(measure);
        var withFigures = region.Figures(measure).Count;
        if (ours is not null && region.RankOf(ours, measure) is { } rank)
        {
            yield return $"Among the councils of the {region.RegionName} that returned their figures to the region ({region.ReturnedForMonth} of {region.Councils.Count} for {month}), our caseload of {d.Format(ours.Of(measure))} cases per FTE this month is {Position(rank.Rank, rank.Of)} of {Words(rank.Of)}; the region's, from their returns' counts, is {d.Format(region.Region(measure))}, its median {d.Format(region.Median(measure))}.";
        }
        else
        {
            yield return $"{Capital(Words(withFigures))} of the {region.Councils.Count} councils of the {region.RegionName} have a caseload figure for {month} or the two months before; ours has none this month.";
        }

        var lowest = region.InFifth(measure, 1);
        var highest = region.InFifth(measure, 5);
        if (lowest.Count > 0 && withFigures >= 2)
        {
            yield return $"On caseload, the region's lowest fifth: {Named(lowest, measure, council)}; its highest fifth: {Named(highest, measure, council)}.";
        }

        var missing = region.NotReturned;
        yield return missing.Count == 0
            ? $"Every council of the {region.RegionName} returned."
            : $"Not returned for {month} or the two months before: {string.Join(", ", missing.Select(c => c.Name))}.";
    }

    private static CouncilReturn? Ours(RegionComparison region, BenchmarkCouncil council) =>
        region.Councils.FirstOrDefault(c => c.Code == council.Code || (c.Return?.Codes.Contains(council.Code) ?? false));

    private static string Named(IReadOnlyList<CouncilReturn> councils, WorkforceMeasure measure, BenchmarkCouncil council) =>
        string.Join(", ", councils.Select(c => $"{(c.Code == council.Code ? "us" : c.Name)} ({WorkforceMeasureDefinition.Of(measure).Format(c.Of(measure))})"));

    /// <summary>Each measure in the region: ours, our rank, the region's figure and median, its lowest and highest fifth by name, England's.</summary>
    public static DigestTable InRegion(RegionComparison region, BenchmarkCouncil council)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(council);
        var ours = Ours(region, council);
        return DigestSections.Table(
            $"Where we stand in the {region.RegionName}, {region.Month.ToString("MMMM yyyy", Culture)}: the councils' own returns (lower is better)",
            ["Measure", "Ours", "Our rank in the region", $"{region.RegionName}, from the returns' counts", "Median of the councils", "Lowest fifth", "Highest fifth", $"England, 30 September {region.EnglandYear}"],
            RegionComparison.Measures.Select(m =>
            {
                var d = WorkforceMeasureDefinition.Of(m);
                Cell Of(decimal? value) => d.Percent ? Cell.Percent(value) : Cell.Of(value);
                var rank = ours is null ? null : region.RankOf(ours, m);
                return (IReadOnlyList<Cell>)
                [
                    $"{d.Title} ({d.Unit})", Of(ours?.Of(m)), rank is null ? "n/a" : $"{Numbered(rank.Rank)} of {rank.Of}",
                    Of(region.Region(m)), Of(region.Median(m)),
                    NamesOr(region.InFifth(m, 1), council), NamesOr(region.InFifth(m, 5), council), Of(region.EnglandFigure(m)),
                ];
            }));
    }

    private static Cell NamesOr(IReadOnlyList<CouncilReturn> councils, BenchmarkCouncil council) =>
        councils.Count == 0 ? "n/a" : string.Join(", ", councils.Select(c => c.Code == council.Code ? $"{c.Name} (us)" : c.Name));

    /// <summary>Every council of the region with its figures, for the data pack: the tartan rug as a table.</summary>
    private static DigestTable RegionSheet(RegionComparison region) => DigestSections.Table(
        $"The {region.RegionName}'s councils, {region.Month.ToString("MMMM yyyy", Culture)}",
        ["Council", "Figures for", .. RegionComparison.Measures.SelectMany(m => new[] { $"{WorkforceMeasureDefinition.Of(m).Title} ({WorkforceMeasureDefinition.Of(m).Unit})", "Fifth (1 lowest, 5 highest)" })],
        region.Councils.Select(c => (IReadOnlyList<Cell>)
        [
            c.Name,
            c.Refusal is not null ? "refused" : c.ReturnedFor is { } m ? new Cell(m.ToString("MMM yyyy", Culture), null, CellFormat.Month, m.OnDayOfMonth(1)) : "no return",
            .. RegionComparison.Measures.SelectMany(m => new[]
            {
                WorkforceMeasureDefinition.Of(m).Percent ? Cell.Percent(c.Of(m)) : Cell.Of(c.Of(m)),
                region.RankOf(c, m) is { } rank ? new Cell(rank.Fifth.ToString(Culture), rank.Fifth, CellFormat.Count) : (Cell)"",
            }),
        ]));

    /// <summary>What the section says first: two or three sentences, then where the figures come from.</summary>
    public static string Intro(BenchmarkComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return string.Join(" ", Sentences(comparison)) + " " + Source(comparison);
    }

    /// <summary>The sentences a director would say: the caseload among the neighbours and England, where this month would rank, and the best and worst of the rest.</summary>
    public static IEnumerable<string> Sentences(BenchmarkComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var council = comparison.Council;
        var ours = council.Joint ? $"our joint return with {Partner(council)}" : "we";
        var caseload = comparison.Measures.Single(m => m.Measure == WorkforceMeasure.CaseloadFte);
        var d = caseload.Definition;
        if (caseload.Published is { } published && caseload.Neighbours.Rank is { } rank && caseload.Neighbours.Of is { } of)
        {
            yield return $"On DfE's figures for {comparison.CensusDayText}, our average caseload of {d.Format(published)} cases per FTE was {Position(rank, of)} of {Words(of)} ({ours} and our {Words(of - 1)} statistical {Plural(of - 1, "neighbour")} with a figure), against their median of {d.Format(caseload.Neighbours.Median)} and England's {d.Format(caseload.England)}.";
        }
        else
        {
            yield return $"DfE publishes no caseload figure of ours for {comparison.CensusDayText}; our statistical neighbours' median was {d.Format(caseload.Neighbours.Median)} cases per FTE and England's {d.Format(caseload.England)}.";
        }

        if (caseload.Now is { } now && caseload.NowAgainstAll is { } against && comparison.AsOf is { } asOf)
        {
            yield return $"At {asOf.ToString("d MMM yyyy", Culture)} it is {d.Format(now)}, which would rank {Numbered(against.Rank)} lowest of {against.Of} councils on those figures, in the {Quarter(against.Band)}"
                + (caseload.AllCouncils is { } then ? $" (on {comparison.CensusDayText}: {Numbered(then.Rank)}, {Quarter(then.Band)})." : ".");
        }

        var ranked = comparison.Measures.Where(m => m.Measure != WorkforceMeasure.CaseloadFte && m.Neighbours.Rank is not null).ToList();
        if (ranked.Count >= 2)
        {
            double Place(MeasureComparison m) => (m.Neighbours.Rank!.Value - 1d) / Math.Max(1, m.Neighbours.Of!.Value - 1);
            var best = ranked.MinBy(Place)!;
            var worst = ranked.MaxBy(Place)!;
            string At(MeasureComparison m) => Position(m.Neighbours.Rank!.Value, m.Neighbours.Of!.Value);
            yield return Place(best) == Place(worst)
                ? $"Our other measures stand alike among our neighbours: our {best.Definition.InSentence} was {At(best)}."
                : $"Of our other measures, our {best.Definition.InSentence} placed best among our neighbours ({At(best)}) and our {worst.Definition.InSentence} worst ({At(worst)}); lower is better on every measure.";
        }
    }

    /// <summary>Where the figures come from, in a sentence.</summary>
    public static string Source(BenchmarkComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var council = comparison.Council;
        var named = council.CalledAs is null ? "" : $" We are {council.CalledAs}: the published figures called ours are those DfE gives for {council.Name}; our figures now are from our own snapshots.";
        return $"Source: {WorkforceIndicators.Release(comparison.Year)}, figures as at {comparison.CensusDayText}, and DfE's statistical neighbours of {council.Name}"
            + (council.Joint ? $" (compared by the joint return of {council.ReturnedAs})" : "")
            + $"; our own figures now are worked out from our snapshots on DfE's definitions, for children and family social workers.{named} Contains public sector information licensed under the Open Government Licence v3.0.";
    }

    /// <summary>The email's table: a row per measure, its figure now, on the census day as published, its neighbours', England's, and its quarter.</summary>
    public static DigestTable Compact(BenchmarkComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var asOf = comparison.AsOf is { } date ? date.ToString("d MMM yyyy", Culture) : "no snapshot";
        return DigestSections.Table(
            $"Where we stand: our figures beside our statistical neighbours' and England's, {comparison.CensusDayText} (lower is better)",
            ["Measure", $"Now ({asOf})", $"Ours, {comparison.CensusDayText}", "Neighbours' median (range)", $"England, {comparison.CensusDayText}", "Quarter of all councils"],
            comparison.Measures.Select(m => (IReadOnlyList<Cell>)
            [
                $"{m.Definition.Title} ({m.Definition.Unit})",
                NowCell(m),
                Figure(m, m.Published),
                m.Neighbours.Median is null ? "n/a" : $"{m.Definition.Format(m.Neighbours.Median)} ({m.Definition.Format(m.Neighbours.Lowest)} to {m.Definition.Format(m.Neighbours.Highest)})",
                Figure(m, m.England),
                m.AllCouncils is { } all ? $"{Capital(Quarter(all.Band))} ({Numbered(all.Rank)} of {all.Of})" : "n/a",
            ]));
    }

    /// <summary>Every figure of the comparison, a column each, for the data pack and the command line.</summary>
    public static DigestTable Full(BenchmarkComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var year = comparison.Year;
        var census = comparison.Measures.Select(m => m.CensusDayAsOf).FirstOrDefault(d => d is not null);
        return DigestSections.Table(
            $"Where we stand, {comparison.CensusDayText}",
            [
                "Measure", "Unit", $"Now ({(comparison.AsOf is { } asOf ? asOf.ToString("d MMM yyyy", Culture) : "no snapshot")})",
                census is { } c ? $"Our snapshot nearest the census day ({c.ToString("d MMM yyyy", Culture)})" : "Our snapshot nearest the census day (none within 7 days)",
                $"Ours, {comparison.CensusDayText}", $"Ours, 30 September {year - 1}", "Neighbours' median", "Neighbours' lowest", "Neighbours' highest", "Our rank among our neighbours",
                $"{comparison.Council.RegionName}", "England", "Our rank among all councils", "Quarter", "Now would rank among all councils",
            ],
            comparison.Measures.Select(m => (IReadOnlyList<Cell>)
            [
                m.Definition.Title, m.Definition.Unit, NowCell(m), Figure(m, m.CensusDay), Figure(m, m.Published), Figure(m, m.PublishedPrevious),
                Figure(m, m.Neighbours.Median), Figure(m, m.Neighbours.Lowest), Figure(m, m.Neighbours.Highest),
                m.Neighbours.Rank is { } r ? $"{Numbered(r)} of {m.Neighbours.Of}" : "n/a",
                Figure(m, m.Region), Figure(m, m.England),
                m.AllCouncils is { } all ? $"{Numbered(all.Rank)} of {all.Of}" : "n/a",
                m.AllCouncils is { } band ? Capital(Quarter(band.Band)) : "n/a",
                m.NowAgainstAll is { } now ? $"{Numbered(now.Rank)} of {now.Of}, {Quarter(now.Band)}" : "n/a",
            ]));
    }

    /// <summary>Each neighbour by name, nearest first, with every measure for the latest two years; the council first, its region and England last.</summary>
    private static DigestTable Neighbours(Benchmarking benchmarks, BenchmarkComparison comparison)
    {
        var indicators = benchmarks.Indicators;
        var council = comparison.Council;
        var own = indicators.Council(comparison.Year, council.Code);
        var rows = new List<IReadOnlyList<Cell>>();
        void Add(string name, string closeness, Func<int, PublishedArea?> row)
        {
            foreach (var year in new[] { comparison.Year, comparison.Year - 1 })
            {
                var area = row(year);
                rows.Add([name, closeness, new Cell(year.ToString(Culture), year, CellFormat.Count), .. comparison.Measures.Select(m => Figure(m, area?.Of(m.Measure)))]);
            }
        }

        Add(council.Joint ? $"{council.ReturnedAs} (us, a joint return)" : council.CalledAs is { } called ? $"{council.Name} (as published; {called})" : $"{council.Name} (us)", "", y => indicators.Council(y, council.Code));
        foreach (var neighbour in benchmarks.Neighbours.Of(council.Code))
        {
            var name = neighbour.Name ?? indicators.Council(comparison.Year, neighbour.Code)?.NameOf(neighbour.Code) ?? $"council {neighbour.Code}";
            var joint = indicators.Council(comparison.Year, neighbour.Code) is { } row && row == own ? " (in our joint return)" : "";
            Add(name + joint, $"{Numbered(neighbour.Rank)}, {neighbour.Closeness.ToLowerInvariant()}", y => indicators.Council(y, neighbour.Code));
        }

        Add(council.RegionName, "our region", y => indicators.Region(y, council.RegionCode));
        Add("England", "", indicators.England);
        return DigestSections.Table(
            $"Neighbours: DfE's statistical neighbours of {council.Name}, nearest first, their figures as at 30 September {comparison.Year - 1} and {comparison.Year}",
            ["Council", "Nearness (DfE's rank and words)", "Year (30 September)", .. comparison.Measures.Select(m => $"{m.Definition.Title} ({m.Definition.Unit})")],
            rows);
    }

    /// <summary>A measure's published figures year by year: the table under its pictures in the summary.</summary>
    private static DigestTable SeriesTable(MeasureComparison measure, IReadOnlyList<PublishedYear> years) => DigestSections.Table(
        $"{measure.Definition.Title} ({measure.Definition.Unit}), published {years[0].Year} to {years[^1].Year}",
        ["Year (30 September)", "Ours", "Neighbours' median", "England"],
        years.Select(y => (IReadOnlyList<Cell>)[y.Year.ToString(Culture), Figure(measure, y.Council), Figure(measure, y.NeighboursMedian), Figure(measure, y.England)]));

    /// <summary>Every measure's series as one long table, for the data pack.</summary>
    private static DigestTable SeriesSheet(IEnumerable<(MeasureComparison Measure, IReadOnlyList<PublishedYear> Years)> series) => DigestSections.Table(
        "Published since 2017",
        ["Measure", "Unit", "Year (30 September)", "Ours", "Neighbours' median", "England"],
        series.SelectMany(s => s.Years.Select(y => (IReadOnlyList<Cell>)
            [s.Measure.Definition.Title, s.Measure.Definition.Unit, new Cell(y.Year.ToString(Culture), y.Year, CellFormat.Count), Figure(s.Measure, y.Council), Figure(s.Measure, y.NeighboursMedian), Figure(s.Measure, y.England)])));

    /// <summary>The council's figure now, or why there is none.</summary>
    private static Cell NowCell(MeasureComparison m) =>
        m.Measure == WorkforceMeasure.AbsenceRateFte ? "published only"
        : !m.History.Complete ? m.History.ToString()
        : Figure(m, m.Now);

    /// <summary>A figure as a cell: percentages kept as percentages, caseloads to one decimal.</summary>
    private static Cell Figure(MeasureComparison m, decimal? value) => m.Definition.Percent ? Cell.Percent(value) : Cell.Of(value);

    /// <summary>"the lowest", "the fourth lowest", "the second highest", "the highest".</summary>
    public static string Position(int rank, int of)
    {
        var fromTop = of - rank + 1;
        return rank == 1 ? "the lowest"
            : fromTop == 1 ? "the highest"
            : rank <= fromTop ? $"the {Ordinal(rank)} lowest"
            : $"the {Ordinal(fromTop)} highest";
    }

    private static string Quarter(string band) => band switch
    {
        "A" => "lowest quarter",
        "B" => "second quarter",
        "C" => "third quarter",
        _ => "highest quarter",
    };

    private static string Partner(BenchmarkCouncil council) =>
        string.Join(" and ", (council.ReturnedAs ?? "").Split(" / ").Where(n => n != council.Name));

    /// <summary>"second" to "tenth" in words, as a sentence says them; beyond, "11th".</summary>
    private static string Ordinal(int n) => n is >= 1 and <= 10
        ? ((string[])["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"])[n - 1]
        : Numbered(n);

    /// <summary>"1st", "4th", "71st", "112th", as a table gives a rank.</summary>
    private static string Numbered(int n) =>
        n.ToString(Culture) + ((n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    private static string Words(int n) => n is >= 0 and <= 12
        ? ((string[])["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])[n]
        : n.ToString(Culture);

    private static string Plural(int n, string noun) => n == 1 ? noun : noun + "s";

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
