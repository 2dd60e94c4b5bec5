using System.Diagnostics;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Email.Sending;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Local;

namespace Caseload.Reporting.Cli.Commands;

/// <summary>
/// <c>reporting bench --pipeline</c>: one snapshot through ingest → weekly evaluation → every email composed and
/// written to an outbox through the ledger, on Azurite, with the time and this process's peak memory per stage.
/// </summary>
internal static class PipelineBench
{
    public static async Task<int> RunAsync(string folder, CliConsole console, CancellationToken cancellationToken)
    {
        await using var azurite = await AzuriteServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var tables = await ReportingTables.ConnectAsync(new ReportingStorageOptions { Storage = azurite.ConnectionString, TablePrefix = "benchpipe" }, cancellationToken).ConfigureAwait(false);
        var outbox = Path.Combine(Path.GetTempPath(), $"caseload-bench-outbox-{Environment.ProcessId}");
        var sender = new OutboxSender(outbox, MimeKit.MailboxAddress.Parse("caseload-reports@council.example"), console.Time);
        var job = new WeeklyJob(tables, sender, new WeeklyJobOptions { FallbackTo = "caseload-reports@council.example" }, console.Time);
        try
        {
            var ingested = await Stage(console, "ingest (read, validate, summarise, store)", () => new IngestJob(tables, console.Time).IngestFolderAsync(folder, null, cancellationToken)).ConfigureAwait(false);
            var week = IsoWeek.Of(ingested.Snapshot.AsOf);
            var evaluated = await Stage(console, "weekly evaluation (claim, evaluate, store)", () => job.EvaluateAsync(week, cancellationToken)).ConfigureAwait(false);
            var sent = await Stage(console, "emails (compose HTML + text + chart, hold, write, record)", () => job.RunAsync(week, cancellationToken)).ConfigureAwait(false);
            console.Out.WriteLine($"{ingested.Snapshot.Allocations} allocations, {evaluated.Recipients.Count} recipients, {sent.Delivery.Sent} emails written ({Directory.GetFiles(outbox, "*.eml", SearchOption.AllDirectories).Length} files, {Directory.GetFiles(outbox, "*.eml", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) / 1e6:0.0} MB)");
            return sent.Delivery.Failed.Count == 0 ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(outbox))
            {
                Directory.Delete(outbox, recursive: true);
            }
        }
    }

    private static async Task<T> Stage<T>(CliConsole console, string name, Func<Task<T>> stage)
    {
        // Resets this process's peak resident size (VmHWM), so that each stage reports its own peak.
        await File.WriteAllTextAsync("/proc/self/clear_refs", "5").ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var result = await stage().ConfigureAwait(false);
        clock.Stop();
        var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        console.Out.WriteLine($"{name}: {clock.Elapsed.TotalSeconds:0.00} s, peak resident {long.Parse(peak, System.Globalization.CultureInfo.InvariantCulture) / 1024.0:0} MB");
        return result;
    }
}
