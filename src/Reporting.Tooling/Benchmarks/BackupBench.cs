using System.Diagnostics;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Tooling.Local;
using Caseload.Reporting.Tooling.Synthetic;
using NodaTime;

namespace Caseload.Reporting.Tooling.Benchmarks;

/// <summary>
/// Backup and restore at national scale (issue 39's goals: an incremental point ≤ 60 s, a restore ≤ 10 minutes, each
/// ≤ 500 MB): a year of 35,000-worker weeks stored on an Azurite keeping its data on disk (each week ingested and
/// prepared, its 4,380 messages stored), then, each as its own process: a full backup to a folder; the next week
/// ingested and prepared, and an incremental backup; a verify of every point (<c>backup list</c>); a restore into an
/// empty Azurite. The stored year is kept (under <c>DIR/pristine</c>) and copied for each run, so that a second run
/// measures the same.
/// </summary>
public static class BackupBench
{
    /// <summary>Runs the benchmark in <paramref name="root"/> with a generated year of <paramref name="workers"/> workers.</summary>
    public static async Task<int> RunAsync(string root, int workers, string plan, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var year = Path.Combine(root, "year");
        var weeks = Directory.Exists(year) ? Directory.GetDirectories(year).Order(StringComparer.Ordinal).ToList() : [];
        if (weeks.Count < 53)
        {
            await output.WriteLineAsync($"generating a year of weekly snapshots of {workers:N0} workers into {year} ...").ConfigureAwait(false);
            weeks = [.. SyntheticCouncil.Write(new CouncilOptions(2027, 53, workers, new LocalDate(2025, 11, 3)), year)];
        }

        var pristine = Path.Combine(root, "pristine");
        var environment = new Dictionary<string, string>
        {
            ["Reporting__TablePrefix"] = "bench",
            ["Reporting__Email__From"] = "reports@council.example",
            ["Reporting__Email__LeadershipTo"] = "leaders@council.example",
        };
        if (!File.Exists(Path.Combine(pristine, ".stored")))
        {
            await StoreYearAsync(pristine, weeks[..^1], plan, environment, output, cancellationToken).ConfigureAwait(false);
        }

        // Each run from the same stored year: a copy of it, the backups and the restored storage made afresh.
        var source = Fresh(Path.Combine(root, "source"));
        var target = Fresh(Path.Combine(root, "backups"));
        var restored = Fresh(Path.Combine(root, "restored"));
        var copying = Stopwatch.StartNew();
        Copy(pristine, source);
        await output.WriteLineAsync($"the stored year copied for this run in {copying.Elapsed.TotalSeconds:0} s: {Gigabytes(source)} on disk").ConfigureAwait(false);

        var failed = 0;
        await using (var azurite = await AzuriteServer.StartAsync(new AzuriteOptions { DataDirectory = source }, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var stored = new Dictionary<string, string>(environment) { ["Reporting__Storage"] = azurite.ConnectionString };
            var full = await Verb.RunAsync(["backup", "--to", target], stored, keepOutput: true).ConfigureAwait(false);
            failed |= await ReportAsync(output, $"full backup of the stored year ({weeks.Count - 1} weeks)", full).ConfigureAwait(false);

            var last = Calendar.IsoWeek.Of(SnapshotReader.Read(weeks[^1]).AsOf).ToString();
            await Verb.RunAsync(["ingest", weeks[^1]], stored, watchMemory: false).ConfigureAwait(false);
            await Verb.RunAsync(["run-weekly", "--week", last, "--no-send"], stored, watchMemory: false).ConfigureAwait(false);
            var incremental = await Verb.RunAsync(["backup", "--to", target], stored, keepOutput: true).ConfigureAwait(false);
            failed |= await ReportAsync(output, $"incremental backup after one more week ({last} ingested and prepared)", incremental).ConfigureAwait(false);
        }

        var verify = await Verb.RunAsync(["backup", "list", "--to", target], environment, keepOutput: true).ConfigureAwait(false);
        failed |= await ReportAsync(output, "verify of both points (every object read and its SHA-256 checked once)", verify).ConfigureAwait(false);
        await output.WriteLineAsync($"  the target: {Gigabytes(target)} in {Directory.GetFiles(Path.Combine(target, "objects"), "*", SearchOption.AllDirectories).Length:N0} objects").ConfigureAwait(false);

        await using (var empty = await AzuriteServer.StartAsync(new AzuriteOptions { DataDirectory = restored }, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var restore = await Verb.RunAsync(["restore", "--from", target, "--yes"], new Dictionary<string, string>(environment) { ["Reporting__Storage"] = empty.ConnectionString }, keepOutput: true).ConfigureAwait(false);
            failed |= await ReportAsync(output, "restore of the latest point into an empty Azurite (verify first, then every blob and row)", restore).ConfigureAwait(false);
        }

        return failed;
    }

    /// <summary>The year's weeks ingested and each prepared (evaluated, every message composed and stored), on an Azurite keeping its data in <paramref name="folder"/>.</summary>
    private static async Task StoreYearAsync(string folder, IReadOnlyList<string> weeks, string plan, Dictionary<string, string> environment, TextWriter output, CancellationToken cancellationToken)
    {
        Fresh(folder);
        await output.WriteLineAsync($"storing a year: {weeks.Count} weeks ingested and prepared into {folder} (once; kept for later runs) ...").ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        await using var azurite = await AzuriteServer.StartAsync(new AzuriteOptions { DataDirectory = folder }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var stored = new Dictionary<string, string>(environment) { ["Reporting__Storage"] = azurite.ConnectionString };
        var planFile = Path.Combine(folder, "..", "plan.json");
        await File.WriteAllTextAsync(planFile, plan, cancellationToken).ConfigureAwait(false);
        await Verb.RunAsync(["plan", "set", planFile], stored, watchMemory: false).ConfigureAwait(false);
        foreach (var week in weeks)
        {
            var ingest = await Verb.RunAsync(["ingest", week], stored, watchMemory: false).ConfigureAwait(false);
            var prepare = await Verb.RunAsync(["run-weekly", "--week", Calendar.IsoWeek.Of(SnapshotReader.Read(week).AsOf).ToString(), "--no-send"], stored, watchMemory: false).ConfigureAwait(false);
            if (ingest.ExitCode != 0 || prepare.ExitCode != 0)
            {
                throw new InvalidOperationException($"storing {week} failed: {ingest.Error}{prepare.Error}");
            }
        }

        await File.WriteAllTextAsync(Path.Combine(folder, ".stored"), $"{weeks.Count} weeks", cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"stored in {clock.Elapsed.TotalMinutes:0} minutes").ConfigureAwait(false);
    }

    private static async Task<int> ReportAsync(TextWriter output, string what, VerbRun run)
    {
        await output.WriteLineAsync($"{what}, as a process: {run.Seconds:0.0} s, peak resident {run.PeakMegabytes:0} MB{(run.ExitCode == 0 ? "" : $"; FAILED: {run.Error.Trim()}")}").ConfigureAwait(false);
        foreach (var line in run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(6))
        {
            await output.WriteLineAsync($"  {line}").ConfigureAwait(false);
        }

        return run.ExitCode == 0 ? 0 : 1;
    }

    private static string Fresh(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        return folder;
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    private static string Gigabytes(string folder) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) / 1e9:0.00} GB");
}
