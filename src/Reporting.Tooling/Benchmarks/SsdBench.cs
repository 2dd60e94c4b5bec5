using Caseload.Reporting.Tooling.Local;
using Caseload.Reporting.Tooling.Synthetic;
using NodaTime;

namespace Caseload.Reporting.Tooling.Benchmarks;

/// <summary>
/// The SSD reader against the canonical one on the same facts at national scale: the synthetic council's week of
/// 16 Nov 2026 written as allocations.csv and as SSD tables (with a real extract's noise), each validated as a
/// whole process, in turns so that the machine's drift falls on both, then each ingested into storage. The budget:
/// SSD at most twice the canonical time, under 500 MB.
/// </summary>
public static class SsdBench
{
    /// <summary>Runs the benchmark for <paramref name="workers"/> workers, generating both folders under <paramref name="root"/> once.</summary>
    public static async Task<int> RunAsync(string root, int workers, int runs, string? storage, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var folders = new Dictionary<SnapshotFormat, string>();
        foreach (var format in new[] { SnapshotFormat.Canonical, SnapshotFormat.Ssd })
        {
            var into = Path.Combine(root, format == SnapshotFormat.Ssd ? "ssd" : "canonical");
            var folder = Path.Combine(into, "2026-11-16");
            if (!Directory.Exists(folder))
            {
                await output.WriteLineAsync($"generating {workers:N0} workers as {format} into {into} ...").ConfigureAwait(false);
                SyntheticCouncil.Write(new CouncilOptions(2026, 7, workers, new LocalDate(2026, 10, 5), format), into);
            }

            folders[format] = folder;
            var bytes = Directory.GetFiles(folder, "*.csv").Sum(f => new FileInfo(f).Length);
            var involvements = format == SnapshotFormat.Ssd ? File.ReadLines(Path.Combine(folder, "ssd_involvements.csv")).LongCount() - 1 : 0;
            await output.WriteLineAsync($"{format}: {folder}, {bytes / 1e6:0.0} MB of CSV{(involvements > 0 ? $", {involvements:N0} involvement rows" : "")}").ConfigureAwait(false);
        }

        var times = folders.Keys.ToDictionary(f => f, _ => new List<double>());
        var peaks = folders.Keys.ToDictionary(f => f, _ => 0d);
        for (var run = 0; run < Math.Max(1, runs); run++)
        {
            foreach (var (format, folder) in run % 2 == 0 ? folders.ToList() : folders.Reverse().ToList())
            {
                var validated = await Verb.RunAsync(["validate", folder], watchMemory: true, keepOutput: true).ConfigureAwait(false);
                if (validated.ExitCode != 0)
                {
                    await output.WriteLineAsync($"validate {format} failed: {validated.Error}{validated.Output}").ConfigureAwait(false);
                    return 1;
                }

                times[format].Add(validated.Seconds);
                peaks[format] = Math.Max(peaks[format], validated.PeakMegabytes);
                await output.WriteLineAsync($"run {run + 1}, validate {format}: {validated.Seconds:0.00} s, peak {validated.PeakMegabytes:0} MB; {validated.Output.Trim()}").ConfigureAwait(false);
            }
        }

        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        var (canonical, ssd) = (Median(times[SnapshotFormat.Canonical]), Median(times[SnapshotFormat.Ssd]));
        await output.WriteLineAsync($"validate, median of {times[SnapshotFormat.Ssd].Count}: canonical {canonical:0.00} s ({peaks[SnapshotFormat.Canonical]:0} MB), SSD {ssd:0.00} s ({peaks[SnapshotFormat.Ssd]:0} MB): SSD / canonical {ssd / canonical:0.00}x").ConfigureAwait(false);

        AzuriteServer? azurite = null;
        if (string.IsNullOrWhiteSpace(storage))
        {
            azurite = await AzuriteServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            storage = azurite.ConnectionString;
        }

        try
        {
            var ingests = new Dictionary<SnapshotFormat, VerbRun>();
            foreach (var (format, folder) in folders)
            {
                var environment = new Dictionary<string, string> { ["Reporting__Storage"] = storage, ["Reporting__TablePrefix"] = $"benchssd{format.ToString().ToLowerInvariant()}" };
                var ingested = ingests[format] = await Verb.RunAsync(["ingest", folder], environment).ConfigureAwait(false);
                if (ingested.ExitCode != 0)
                {
                    await output.WriteLineAsync($"ingest {format} failed: {ingested.Error}").ConfigureAwait(false);
                    return 1;
                }

                await output.WriteLineAsync($"ingest {format}, as a process: {ingested.Seconds:0.00} s, peak {ingested.PeakMegabytes:0} MB").ConfigureAwait(false);
            }

            var ratio = ingests[SnapshotFormat.Ssd].Seconds / ingests[SnapshotFormat.Canonical].Seconds;
            await output.WriteLineAsync($"ingest: SSD / canonical {ratio:0.00}x").ConfigureAwait(false);
            var within = ssd / canonical <= 2 && ratio <= 2 && peaks[SnapshotFormat.Ssd] < 500 && ingests[SnapshotFormat.Ssd].PeakMegabytes < 500;
            await output.WriteLineAsync(within ? "within budget: SSD at most 2x canonical, under 500 MB" : "OVER BUDGET: SSD must be at most 2x canonical and under 500 MB").ConfigureAwait(false);
            return within ? 0 : 1;
        }
        finally
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
