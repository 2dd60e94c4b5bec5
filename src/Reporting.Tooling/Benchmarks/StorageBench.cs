using System.Diagnostics;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Tooling.Local;
using Caseload.Reporting.Tooling.Synthetic;
using NodaTime;

namespace Caseload.Reporting.Tooling.Benchmarks;

/// <summary>
/// Storage at national scale, on one Azurite: the whole ingest of a snapshot (read, validate, hash, keep the files,
/// store caseloads and allocation history, lineage) as its own process, beside the raw batched upsert of one history
/// entity per allocation that issue 9's ingest wrote; then a year of weekly snapshots ingested and the monthly job
/// over them (twelve months of trend, "3+ workers in 12 months" and turnover at each, the comparison with DfE's
/// published figures) as its own process.
/// </summary>
public static class StorageBench
{
    /// <summary>Runs the benchmark on the snapshot in <paramref name="folder"/>, and a generated year of <paramref name="workers"/> workers.</summary>
    public static async Task<int> RunAsync(string folder, int workers, string plan, string? storage, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        AzuriteServer? azurite = null;
        if (string.IsNullOrWhiteSpace(storage))
        {
            azurite = await AzuriteServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            storage = azurite.ConnectionString;
        }

        try
        {
            var environment = new Dictionary<string, string> { ["Reporting__Storage"] = storage, ["Reporting__TablePrefix"] = "benchingest" };
            var ingest = await Verb.RunAsync(["ingest", folder], environment).ConfigureAwait(false);
            if (ingest.ExitCode != 0)
            {
                await output.WriteLineAsync($"ingest failed: {ingest.Error}").ConfigureAwait(false);
                return 1;
            }

            var raw = await RawHistoryUpsertAsync(folder, storage, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"ingest (read, validate, hash, keep the files, caseloads and allocation history, lineage), as a process: {ingest.Seconds:0.00} s, peak resident {ingest.PeakMegabytes:0} MB").ConfigureAwait(false);
            await output.WriteLineAsync($"issue 9's history alone, raw: {raw.Entities:N0} entities (one per allocation) upserted 100 a transaction, 8 at once: {raw.Seconds:0.00} s").ConfigureAwait(false);
            await output.WriteLineAsync($"raw history upsert / whole ingest: {raw.Seconds / ingest.Seconds:0.0}x").ConfigureAwait(false);

            // A year of weekly snapshots, then the monthly job over them.
            var year = Path.Combine(Path.GetDirectoryName(folder)!, "..", $"{Path.GetFileName(Path.GetDirectoryName(folder))}-year");
            var weeks = Directory.Exists(year) ? Directory.GetDirectories(year).Order(StringComparer.Ordinal).ToList() : [];
            if (weeks.Count < 53)
            {
                await output.WriteLineAsync($"generating a year of weekly snapshots of {workers:N0} workers into {year} ...").ConfigureAwait(false);
                weeks = [.. SyntheticCouncil.Write(new CouncilOptions(2027, 53, workers, new LocalDate(2025, 11, 3)), year)];
            }

            // The month compares the council with DfE's published figures (as if it were Medway) and its plan measures
            // turnover too: every month-end's leavers counted from a year of rosters.
            var yearly = new Dictionary<string, string>(environment) { ["Reporting__TablePrefix"] = "benchyear", ["Reporting__Council__Code"] = "887" };
            var planFile = Path.Combine(year, "plan.json");
            await File.WriteAllTextAsync(planFile, WithTurnover(plan), cancellationToken).ConfigureAwait(false);
            await Verb.RunAsync(["plan", "set", planFile], yearly).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            foreach (var week in weeks)
            {
                var run = await Verb.RunAsync(["ingest", week], yearly, watchMemory: false).ConfigureAwait(false);
                if (run.ExitCode != 0)
                {
                    await output.WriteLineAsync($"ingest of {week} failed: {run.Error}").ConfigureAwait(false);
                    return 1;
                }
            }

            clock.Stop();
            await output.WriteLineAsync($"a year: {weeks.Count} weekly snapshots ingested in {clock.Elapsed.TotalSeconds:0} s ({clock.Elapsed.TotalSeconds / weeks.Count:0.0} s each, process start included)").ConfigureAwait(false);
            // The first monthly run, which no stored month helps (issue 25's budget: 30 s and 500 MB): the measures of
            // the last full month (13 month-ends, twelve trend points, "3+ workers in 12 months" at each), then the
            // digest composed with its PDF summary and XLSX data pack. Then the next month's measures, which read the
            // twelve month-end counts it shares with the first and count only its own.
            var first = Path.GetFileName(weeks[^2])[..7];
            var prepared = await Verb.RunAsync(
                ["run-monthly", "--month", first, "--no-send"],
                new Dictionary<string, string>(yearly) { ["Reporting__Email__From"] = "reports@council.example", ["Reporting__Email__LeadershipTo"] = "leaders@council.example" },
                keepOutput: true).ConfigureAwait(false);
            await output.WriteLineAsync($"first monthly run, {first} (13 month-ends counted, twelve months of trend, then the digest with its PDF and data pack composed), as a process: {prepared.Seconds:0.00} s, peak resident {prepared.PeakMegabytes:0} MB{(prepared.ExitCode == 0 ? "" : $"; failed: {prepared.Error}")}").ConfigureAwait(false);
            var month = Path.GetFileName(weeks[^1])[..7];
            var monthly = await Verb.RunAsync(["digest", "--month", month], yearly, keepOutput: true).ConfigureAwait(false);
            await output.WriteLineAsync($"the next month's measures, {month} (twelve month-end counts kept from {first}, its own counted), as a process: {monthly.Seconds:0.00} s, peak resident {monthly.PeakMegabytes:0} MB{(monthly.ExitCode == 0 ? "" : $"; failed: {monthly.Error}")}").ConfigureAwait(false);

            // The first weekly run over a year of stored weeks: every breach's age read from the snapshots before it
            // (issue 22's budget: 20 s in all for the preparation).
            var last = Calendar.IsoWeek.Of(SnapshotReader.Read(weeks[^1]).AsOf).ToString();
            var weekly = await Verb.RunAsync(["run-weekly", "--week", last, "--no-send"], yearly, keepOutput: true).ConfigureAwait(false);
            await output.WriteLineAsync($"weekly preparation of {last} over {weeks.Count - 1} earlier stored weeks (evaluate with each breach's age from the history, store, compose every email), as a process: {weekly.Seconds:0.00} s, peak resident {weekly.PeakMegabytes:0} MB{(weekly.ExitCode == 0 ? "" : $"; failed: {weekly.Error}")}").ConfigureAwait(false);
            foreach (var line in weekly.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(2))
            {
                await output.WriteLineAsync($"  {line}").ConfigureAwait(false);
            }

            return new[] { prepared.ExitCode, monthly.ExitCode, weekly.ExitCode }.FirstOrDefault(code => code != 0);
        }
        finally
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The plan with a turnover measure added, so that the month counts leavers at every month-end.</summary>
    private static string WithTurnover(string plan)
    {
        var document = JsonNode.Parse(plan)!;
        document["measures"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "turnover",
            ["metric"] = "turnover_rate_fte",
            ["direction"] = "at_most",
            ["baseline"] = new JsonObject { ["value"] = 18, ["date"] = "2025-10-31" },
            ["target"] = 12,
            ["targetDate"] = "2027-03-31",
        });
        return document.ToJsonString();
    }

    /// <summary>
    /// The cost issue 9's ingest paid for history alone: one entity per allocation (partition a bucket of the child,
    /// row child|holder, one property for the week), upserted in transactions of 100 within a partition, 8 at once,
    /// on a warmed client.
    /// </summary>
    private static async Task<(int Entities, double Seconds)> RawHistoryUpsertAsync(string folder, string storage, CancellationToken cancellationToken)
    {
        var snapshot = SnapshotReader.Read(folder);
        var week = $"W{Calendar.IsoWeek.Of(snapshot.AsOf).ToString().Replace("-", "", StringComparison.Ordinal)}";
        var entities = snapshot.Allocations
            .Select(a => (Child: snapshot.ChildIds[a.Child], Holder: a.IsUnallocated ? "|" + snapshot.Teams[a.Team].Id : snapshot.Workers[a.Worker].Id))
            .Distinct()
            .Select(p => new TableEntity(Bucket(p.Child), $"{Escape(p.Child)}|{Escape(p.Holder)}") { [week] = true })
            .ToList();
        var table = new TableServiceClient(storage).GetTableClient("benchrawhistory");
        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity("warm", "up"), cancellationToken: cancellationToken).ConfigureAwait(false);
        var batches = entities.GroupBy(e => e.PartitionKey).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.OrderBy(e => e.RowKey, StringComparer.Ordinal).Chunk(100))
            .Select(chunk => chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertMerge, e)).ToList())
            .ToList();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (batch, token) =>
            await table.SubmitTransactionAsync(batch, token).ConfigureAwait(false)).ConfigureAwait(false);
        clock.Stop();
        return (entities.Count, clock.Elapsed.TotalSeconds);
    }

    private static string Bucket(string child)
    {
        var hash = 2166136261u;
        foreach (var c in child)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (hash % 256).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Escape(string key) => Uri.EscapeDataString(key);
}
