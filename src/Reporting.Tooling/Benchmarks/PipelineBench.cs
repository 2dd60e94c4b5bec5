using Caseload.Reporting.Calendar;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Tooling.Local;
using Microsoft.Extensions.DependencyInjection;

namespace Caseload.Reporting.Tooling.Benchmarks;

/// <summary>
/// One snapshot through the weekly pipeline on a fresh Azurite, stage by stage as it runs in Azure: ingest, prepare
/// (evaluate, store, compose and store every notification), deliver (every notification from the prepared store
/// to an outbox), with time and peak memory per stage.
/// </summary>
public static class PipelineBench
{
    /// <summary>Runs the pipeline on the snapshot in <paramref name="folder"/>; 0 when every email was delivered.</summary>
    public static async Task<int> RunAsync(string folder, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var azurite = await AzuriteServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var outbox = Path.Combine(Path.GetTempPath(), $"caseload-bench-outbox-{Environment.ProcessId}");
        await using var services = LocalReporting.Build(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["Reporting:TablePrefix"] = "benchpipe",
            ["Reporting:Email:OutboxPath"] = outbox,
            ["Reporting:Email:FallbackTo"] = "caseload-reports@council.example",
        });
        try
        {
            var ingested = await Stage.MeasureAsync(output, "ingest (read, validate, summarise, store)", () => services.GetRequiredService<IngestJob>().IngestFolderAsync(folder, null, cancellationToken)).ConfigureAwait(false);
            var week = IsoWeek.Of(ingested.Snapshot.AsOf);
            var prepared = await Stage.MeasureAsync(output, "prepare (claim, evaluate, store; compose every email and store it)", () => services.GetRequiredService<WeeklyJob>().PrepareAsync(week, cancellationToken)).ConfigureAwait(false);
            var delivered = await Stage.MeasureAsync(output, "deliver (per email: read the ledger, hold, load, send to the outbox, record)", () => services.GetRequiredService<DeliveryJob>().DeliverPeriodAsync(week, cancellationToken)).ConfigureAwait(false);
            var files = Directory.GetFiles(outbox, "*.eml", SearchOption.AllDirectories);
            await output.WriteLineAsync($"{ingested.Snapshot.Allocations} allocations, {prepared.Notifications.Records.Count} notifications prepared, {delivered.Sent} emails written ({files.Length} files, {files.Sum(f => new FileInfo(f).Length) / 1e6:0.0} MB)").ConfigureAwait(false);
            return delivered.NotSent.Count == 0 ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(outbox))
            {
                Directory.Delete(outbox, recursive: true);
            }
        }
    }
}
