using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Tooling.Local;
using Caseload.Reporting.Tooling.Synthetic;
using NodaTime;

namespace Caseload.Reporting.Tooling.Benchmarks;

/// <summary>
/// <c>census check</c> at national scale: the synthetic council's week of 28 September 2026 (the census day's
/// nearest) ingested into storage, and a return written from its roster with a fiftieth of its records altered and a
/// year's leavers added; then the check as a whole process beside <c>validate</c> of that week's folder (the same
/// roster read another way), in turns. The budget: under 500 MB.
/// </summary>
public static class CensusBench
{
    private static readonly LocalDate CensusDay = new(2026, 9, 30);

    /// <summary>Runs the benchmark for <paramref name="workers"/> workers, generating the week and the return under <paramref name="root"/> once.</summary>
    public static async Task<int> RunAsync(string root, int workers, int runs, string? storage, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var folder = Path.Combine(root, "2026-09-28");
        var xml = Path.Combine(root, "census-2026.xml");
        if (!File.Exists(xml))
        {
            await output.WriteLineAsync($"generating {workers:N0} workers and their census return into {root} ...").ConfigureAwait(false);
            SyntheticCouncil.Write(new CouncilOptions(2026, 4, workers, new LocalDate(2026, 9, 7)), root);
            var records = CensusReturnWriter.FromSnapshot(CaseloadSummary.Of(SnapshotReader.Read(folder)), CensusDay, seed: 2026);
            for (var i = 0; i < records.Count; i += 50)
            {
                records[i] = records[i] with { Cases30 = records[i].Cases30 + 1 };
            }

            records.AddRange(Enumerable.Range(0, records.Count / 7).Select(i => new CensusRecord($"SW9{i:D6}", false, 1m, 5, 0, false, false, 4, CensusDay.PlusDays(-1 - (i % 360)))));
            await using var file = File.Create(xml);
            CensusReturnWriter.Write(file, "887", CensusDay, workers / 10m, records, seed: 2026);
        }

        await output.WriteLineAsync($"return: {xml}, {new FileInfo(xml).Length / 1e6:0.0} MB; week: {folder}").ConfigureAwait(false);
        AzuriteServer? azurite = null;
        if (string.IsNullOrWhiteSpace(storage))
        {
            azurite = await AzuriteServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            storage = azurite.ConnectionString;
        }

        try
        {
            var environment = new Dictionary<string, string> { ["Reporting__Storage"] = storage, ["Reporting__TablePrefix"] = "benchcensus", ["Reporting__Council__Code"] = "887" };
            var ingested = await Verb.RunAsync(["ingest", folder], environment).ConfigureAwait(false);
            if (ingested.ExitCode != 0 && !ingested.Error.Contains("already", StringComparison.OrdinalIgnoreCase))
            {
                await output.WriteLineAsync($"ingest failed: {ingested.Error}").ConfigureAwait(false);
                return 1;
            }

            var (checks, validates) = (new List<double>(), new List<double>());
            var peak = 0d;
            for (var run = 0; run < Math.Max(1, runs); run++)
            {
                var check = await Verb.RunAsync(["census", "check", "--xml", xml, "--format", "json"], environment).ConfigureAwait(false);
                if (check.ExitCode != 0)
                {
                    await output.WriteLineAsync($"census check failed: {check.Error}").ConfigureAwait(false);
                    return 1;
                }

                var validate = await Verb.RunAsync(["validate", folder], environment).ConfigureAwait(false);
                checks.Add(check.Seconds);
                validates.Add(validate.Seconds);
                peak = Math.Max(peak, check.PeakMegabytes);
                await output.WriteLineAsync($"run {run + 1}: census check {check.Seconds:0.00} s, peak {check.PeakMegabytes:0} MB; validate of the week {validate.Seconds:0.00} s, peak {validate.PeakMegabytes:0} MB").ConfigureAwait(false);
            }

            double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
            await output.WriteLineAsync($"census check, median of {checks.Count}: {Median(checks):0.00} s, peak {peak:0} MB; validate of the week {Median(validates):0.00} s; check / validate {Median(checks) / Median(validates):0.00}x").ConfigureAwait(false);
            await output.WriteLineAsync(peak < 500 ? "within budget: under 500 MB" : "OVER BUDGET: the check must stay under 500 MB").ConfigureAwait(false);
            return peak < 500 ? 0 : 1;
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
