using System.Globalization;
using Caseload.Reporting.Tooling.Local;

namespace Caseload.Reporting.Tooling.Benchmarks;

/// <summary>
/// <c>reporting evaluate --format json</c> beside the same evaluation, capacity included, as an analyst's DuckDB
/// query over the same files (<c>bench/DuckDbEvaluate</c>: its SQL gives the same caseload, limit, band and headroom
/// for every worker and the same figures and moves for every team). Whole processes, in turns, so that the ratio of
/// each pair holds however the machine's speed drifts; then one watched run of each for its peak memory.
/// </summary>
public static class DuckDbBench
{
    /// <summary>The budget: evaluate's time at most this share of DuckDB's.</summary>
    public const double Budget = 0.8;

    /// <summary>Runs the comparison on the snapshot in <paramref name="folder"/>, dated <paramref name="asOf"/> (yyyy-MM-dd).</summary>
    public static async Task<int> RunAsync(string folder, string asOf, int runs, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var project = PinnedNodeTool.RepositoryFile(Path.Combine("bench", "DuckDbEvaluate", "DuckDbEvaluate.csproj"));
        var built = Path.Combine(Path.GetTempPath(), "caseload-bench-duckdb");
        await output.WriteLineAsync($"building {project} into {built} ...").ConfigureAwait(false);
        var build = await Verb.ProgramAsync(["dotnet", "build", project, "-c", "Release", "-o", built, "--nologo", "-v", "q"], watchMemory: false, keepOutput: true).ConfigureAwait(false);
        if (build.ExitCode != 0)
        {
            await output.WriteLineAsync($"the DuckDB query did not build: {build.Output}{build.Error}").ConfigureAwait(false);
            return 1;
        }

        string[] duckdb = [Path.Combine(built, "DuckDbEvaluate"), folder, asOf, Path.Combine(built, "out")];
        string[] evaluate = ["evaluate", folder, "--format", "json"];
        var ours = new List<double>();
        var theirs = new List<double>();
        var ratios = new List<double>();
        for (var run = -1; run < Math.Max(1, runs); run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var a = await Verb.RunAsync(evaluate, watchMemory: false).ConfigureAwait(false);
            var b = await Verb.ProgramAsync(duckdb, watchMemory: false).ConfigureAwait(false);
            if (a.ExitCode != 0 || b.ExitCode != 0)
            {
                await output.WriteLineAsync($"a run failed: evaluate {a.ExitCode} {a.Error} / duckdb {b.ExitCode} {b.Error}").ConfigureAwait(false);
                return 1;
            }

            // The first pair warms the file cache and is not counted.
            if (run >= 0)
            {
                ours.Add(a.Seconds);
                theirs.Add(b.Seconds);
                ratios.Add(a.Seconds / b.Seconds);
                await output.WriteLineAsync($"pair {run + 1}: evaluate {a.Seconds:0.000} s, duckdb {b.Seconds:0.000} s, ratio {a.Seconds / b.Seconds:0.00}").ConfigureAwait(false);
            }
        }

        var ourPeak = (await Verb.RunAsync(evaluate).ConfigureAwait(false)).PeakMegabytes;
        var theirPeak = (await Verb.ProgramAsync(duckdb).ConfigureAwait(false)).PeakMegabytes;
        await output.WriteLineAsync($"evaluate: median {Median(ours)} s ({Range(ours)}), peak resident {ourPeak:0} MB").ConfigureAwait(false);
        await output.WriteLineAsync($"duckdb:   median {Median(theirs)} s ({Range(theirs)}), peak resident {theirPeak:0} MB").ConfigureAwait(false);
        var ratio = ratios.Order().ElementAt(ratios.Count / 2);
        await output.WriteLineAsync($"evaluate / duckdb, median of the pairs: {ratio:0.00} (budget {Budget:0.0}; {(ratio <= Budget ? "met" : "not met")})").ConfigureAwait(false);
        return 0;
    }

    private static string Median(List<double> values) => values.Order().ElementAt(values.Count / 2).ToString("0.000", CultureInfo.InvariantCulture);

    private static string Range(List<double> values) => string.Create(CultureInfo.InvariantCulture, $"{values.Min():0.000} - {values.Max():0.000} s over {values.Count} runs");
}
