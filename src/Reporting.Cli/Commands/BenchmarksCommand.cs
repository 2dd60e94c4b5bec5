using System.CommandLine;
using System.Text.Json;
using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Content.Monthly;
using Caseload.Reporting.Jobs.Benchmarks;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting benchmarks set|neighbours set|show</c>: DfE's published figures, and where the council stands among them.</summary>
internal static class BenchmarksCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "DfE's indicators file as downloaded from explore-education-statistics (csww_indicators_*.csv)." };
        var set = new Command("set", "Store a release of DfE's children's social work workforce indicators and compare with its latest year from now on; a file that is not as DfE publishes it is refused whole, and what was in use stays in use.") { file };
        set.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            return await StoreAsync(console, path, async () =>
            {
                var (version, indicators) = await console.Job<BenchmarkJob>().SetIndicatorsAsync(path.FullName, cancellationToken).ConfigureAwait(false);
                return $"workforce indicators in use: {version.FileName} (SHA-256 {version.Sha256[..12]}), {version.Holds}; compared with {WorkforceIndicators.Release(indicators.LatestYear)}";
            }).ConfigureAwait(false);
        });

        var neighboursFile = new Argument<FileInfo>("FILE") { Description = "DfE's statistical neighbours file (statistical_neighbours_*.csv)." };
        var neighboursSet = new Command("set", "Store DfE's statistical neighbours and compare with them from now on; a file that is not so is refused whole, and what was in use stays in use.") { neighboursFile };
        neighboursSet.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(neighboursFile)!;
            return await StoreAsync(console, path, async () =>
            {
                var version = await console.Job<BenchmarkJob>().SetNeighboursAsync(path.FullName, cancellationToken).ConfigureAwait(false);
                return $"statistical neighbours in use: {version.FileName} (SHA-256 {version.Sha256[..12]}), {version.Holds}";
            }).ConfigureAwait(false);
        });
        var neighbours = new Command("neighbours", "DfE's statistical neighbours.") { neighboursSet };

        var month = Periods.Month("The month whose last snapshot is \"now\", yyyy-MM; by default the latest snapshot.");
        var format = new Option<string>("--format") { Description = "table (for people) or json (the benchmarks spec's contract).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var show = new Command("show", "Compare the council (Reporting:Council:Code) with its statistical neighbours, its region and England on the published figures in use, now and on the census day; computes, stores nothing. A month's digest keeps what it sent: `reporting show-month`.") { month, format };
        show.SetAction(async (parse, cancellationToken) =>
        {
            NodaTime.YearMonth? chosen = null;
            if (parse.GetValue(month) is { } given)
            {
                if (Periods.ReadMonth(given, console) is not { } m)
                {
                    return 1;
                }

                chosen = m;
            }

            var (data, comparison) = await console.Job<BenchmarkJob>().CompareAsync(chosen, cancellationToken).ConfigureAwait(false);
            await console.Error.WriteLineAsync($"workforce indicators: {data.IndicatorsFrom}; statistical neighbours: {data.NeighboursFrom}").ConfigureAwait(false);
            if (comparison is null)
            {
                await console.Error.WriteLineAsync($"{BenchmarkCouncil.Setting} is not set: set it to the council's three-digit old LA code as DfE publishes it (e.g. 887 for Medway) to compare it with its statistical neighbours, its region and England.").ConfigureAwait(false);
                return 1;
            }

            if (parse.GetValue(format) == "json")
            {
                await console.Out.WriteLineAsync(BenchmarkJson.Write(comparison).ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
                return 0;
            }

            await Describe(comparison, console).ConfigureAwait(false);
            return 0;
        });

        return new Command("benchmarks", "DfE's published workforce figures (the product's own copy until a later release is set), and where the council stands among them.") { set, neighbours, show };
    }

    /// <summary>The comparison for a person: who is compared with what, the sentences, and every figure.</summary>
    public static async Task Describe(BenchmarkComparison comparison, CliConsole console)
    {
        var council = comparison.Council;
        await console.Out.WriteLineAsync($"{council.Called} ({council.Code}), {council.RegionName}{(council.Joint ? $", compared by the joint return of {council.ReturnedAs}" : "")}").ConfigureAwait(false);
        foreach (var sentence in WhereWeStand.Sentences(comparison))
        {
            await console.Out.WriteLineAsync($"  {sentence}").ConfigureAwait(false);
        }

        await console.Out.WriteLineAsync($"  {WhereWeStand.Source(comparison)}").ConfigureAwait(false);
        foreach (var line in Transposed(WhereWeStand.Full(comparison)))
        {
            await console.Out.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    /// <summary>A table of a row per measure and many columns, turned so that a terminal shows it: a line per figure, a column per measure.</summary>
    private static IEnumerable<string> Transposed(DigestTable table)
    {
        var rows = table.Columns.Select((heading, c) => (IReadOnlyList<Cell>)[heading, .. table.Rows.Select(r => r[c])]).Skip(1).ToList();
        return new DigestTable(table.Caption, [.. table.Rows.Select(r => r[0].Text).Prepend("")], [false, .. table.Rows.Select(_ => true)], rows).TextLines("  ");
    }

    private static async Task<int> StoreAsync(CliConsole console, FileInfo path, Func<Task<string>> store)
    {
        try
        {
            await console.Out.WriteLineAsync(await store().ConfigureAwait(false)).ConfigureAwait(false);
            return 0;
        }
        catch (InvalidInputException e)
        {
            var inputs = new Inputs(console);
            inputs.Report(e.Problems, Path.GetDirectoryName(path.ToString()) is { Length: > 0 } folder ? folder : null);
            return inputs.Fail();
        }
        catch (InvalidOperationException e)
        {
            await console.Error.WriteLineAsync($"{path}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
