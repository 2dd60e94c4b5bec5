using System.CommandLine;
using Caseload.Reporting.Tooling.Benchmarks;
using Caseload.Reporting.Tooling.Synthetic;
using NodaTime;

namespace Caseload.Reporting.Cli.Commands;

/// <summary>
/// <c>reporting bench</c>: the whole-process cost of <c>reporting evaluate --format json</c> on a national-scale
/// snapshot, process start included, as an analyst's one-off query would be measured.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var workers = new Option<int>("--workers") { Description = "Workers in the generated snapshot (35,000 is national scale).", DefaultValueFactory = _ => 35_000 };
        var runs = new Option<int>("--runs") { Description = "How many timed runs.", DefaultValueFactory = _ => 5 };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Where the generated snapshot is kept between runs (default: a folder in the temp directory)." };
        var pipeline = new Option<bool>("--pipeline") { Description = "Instead: the snapshot through ingest, weekly evaluation and every email to an outbox on Azurite, with time and peak memory per stage." };
        var storage = new Option<bool>("--storage") { Description = "Instead: the whole ingest of the snapshot into storage (Azurite unless Reporting:Storage is set) beside a raw batched upsert of one history entity per allocation, then a year of weekly snapshots and the monthly job over them." };
        var ssd = new Option<bool>("--ssd") { Description = "Instead: `validate` and `ingest` of the national week as SSD tables beside the same facts as allocations.csv, whole processes in turns; fails past 2x the canonical time or 500 MB." };
        var duckdb = new Option<bool>("--duckdb") { Description = "Instead: `evaluate` of the national snapshot beside the same evaluation as a DuckDB query (bench/DuckDbEvaluate, built from the repository), whole processes in turns, with the ratio of each pair and each one's peak memory." };
        var backup = new Option<bool>("--backup") { Description = "Instead: backup and restore at national scale: a year of weeks stored (ingested and prepared) on an Azurite on disk, then a full backup, an incremental one after one more week, a verify and a restore into an empty Azurite, each a process with its time and peak memory." };
        var census = new Option<bool>("--census") { Description = "Instead: `census check` of a national-size workforce census return (one record a worker, a year's leavers) against its census-week snapshot stored on Azurite, beside `validate` of that week, whole processes in turns; fails past 500 MB." };
        var hostile = new Option<bool>("--hostile") { Description = "Instead: `validate` of crafted inputs at the limits (an Annex A sheet to Excel's last row, a million bad rows), each with its time, peak memory and how it ended; fails when one takes 500 MB." };
        var command = new Command("bench", "Time `reporting evaluate --format json` as whole processes on a generated national-scale snapshot: wall time per run and peak resident memory.")
        {
            workers, runs, data, storage, pipeline, hostile, ssd, duckdb, backup, census,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(hostile))
            {
                return await HostileBench.RunAsync(parse.GetValue(data)?.FullName ?? Path.Combine(Path.GetTempPath(), "caseload-bench-hostile"), console.Out, cancellationToken).ConfigureAwait(false);
            }

            var count = parse.GetValue(workers);
            if (parse.GetValue(backup))
            {
                return await BackupBench.RunAsync(parse.GetValue(data)?.FullName ?? Path.Combine(Path.GetTempPath(), $"caseload-bench-backup-{count}"), count, DemoCommand.ExamplePlan(), console.Out, cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue(census))
            {
                return await CensusBench.RunAsync(parse.GetValue(data)?.FullName ?? Path.Combine(Path.GetTempPath(), $"caseload-bench-census-{count}"), count, parse.GetValue(runs), console.Configuration["Reporting:Storage"], console.Out, cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue(ssd))
            {
                return await SsdBench.RunAsync(parse.GetValue(data)?.FullName ?? Path.Combine(Path.GetTempPath(), $"caseload-bench-ssd-{count}"), count, parse.GetValue(runs), console.Configuration["Reporting:Storage"], console.Out, cancellationToken).ConfigureAwait(false);
            }

            var root = parse.GetValue(data)?.FullName ?? Path.Combine(Path.GetTempPath(), $"caseload-bench-{count}");

            // Seven weeks into the synthetic council's eight, the average is about 18 a case holder: 35,000 workers
            // then hold about 550,000 allocations, the national scale the target was set on.
            var folder = Path.Combine(root, "2026-11-16");
            if (!File.Exists(Path.Combine(folder, "allocations.csv")))
            {
                console.Out.WriteLine($"generating {count} workers into {root} ...");
                SyntheticCouncil.Write(new CouncilOptions(2026, 8, count, new LocalDate(2026, 10, 5)), root);
            }

            var bytes = Directory.GetFiles(folder, "*.csv").Sum(f => new FileInfo(f).Length);
            var allocations = File.ReadLines(Path.Combine(folder, "allocations.csv")).LongCount() - 1;
            console.Out.WriteLine($"snapshot: {folder}: {count} workers, {allocations} allocations, {bytes / 1e6:0.0} MB of CSV");
            if (parse.GetValue(pipeline))
            {
                return await PipelineBench.RunAsync(folder, console.Out, cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue(duckdb))
            {
                return await DuckDbBench.RunAsync(folder, Path.GetFileName(folder), parse.GetValue(runs), console.Out, cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue(storage))
            {
                return await StorageBench.RunAsync(folder, count, DemoCommand.ExamplePlan(), console.Configuration["Reporting:Storage"], console.Out, cancellationToken).ConfigureAwait(false);
            }

            var walls = new List<double>();
            for (var run = 0; run < Math.Max(1, parse.GetValue(runs)); run++)
            {
                var timed = await Verb.RunAsync(["evaluate", folder, "--format", "json"], watchMemory: false).ConfigureAwait(false);
                if (timed.ExitCode != 0)
                {
                    await console.Error.WriteLineAsync($"evaluate exited with {timed.ExitCode}: {timed.Error}").ConfigureAwait(false);
                    return 1;
                }

                walls.Add(timed.Seconds);
                await console.Out.WriteLineAsync($"run {run + 1}: {timed.Seconds:0.000} s").ConfigureAwait(false);
            }

            walls.Sort();
            await console.Out.WriteLineAsync($"wall: median {walls[walls.Count / 2]:0.000} s, min {walls[0]:0.000} s, max {walls[^1]:0.000} s over {walls.Count} runs").ConfigureAwait(false);

            // Memory is measured on one more run, apart from the timed ones, so that watching it costs them nothing.
            var watched = await Verb.RunAsync(["evaluate", folder, "--format", "json"]).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"peak resident memory: {watched.PeakMegabytes:0} MB (VmHWM, sampled every 2 ms)").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
