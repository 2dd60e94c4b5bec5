using Caseload.Reporting.Calendar;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Tooling.Local;

namespace Caseload.Reporting.Tooling.Benchmarks;

/// <summary>
/// One snapshot through the weekly pipeline on a fresh Azurite, each stage a process of its own as it runs in Azure:
/// ingest, prepare (evaluate, store, compose and store every notification: <c>run-weekly --no-send</c>), deliver
/// (every notification from the prepared store to an outbox: <c>deliver</c>), with time and peak memory per stage;
/// then the staff-data verbs on the national store (a worker's subject access, their erasure, staff retention);
/// then where one email's composing time goes.
/// </summary>
public static class PipelineBench
{
    /// <summary>Runs the pipeline on the snapshot in <paramref name="folder"/>; 0 when every stage succeeded.</summary>
    public static async Task<int> RunAsync(string folder, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var azurite = await AzuriteServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var outbox = Path.Combine(Path.GetTempPath(), $"caseload-bench-outbox-{Environment.ProcessId}");
        var environment = new Dictionary<string, string>
        {
            ["Reporting__Storage"] = azurite.ConnectionString,
            ["Reporting__TablePrefix"] = "benchpipe",
            ["Reporting__Email__OutboxPath"] = outbox,
            ["Reporting__Email__FallbackTo"] = "caseload-reports@council.example",
        };
        var snapshot = IngestJob.Validate(folder, null);
        var week = IsoWeek.Of(snapshot.AsOf).ToString();
        var worker = snapshot.Workers.First(w => w.Role == Snapshots.Role.SocialWorker).Id;
        var access = Path.Combine(Path.GetTempPath(), $"caseload-bench-access-{Environment.ProcessId}");
        try
        {
            foreach (var (name, arguments) in new (string, string[])[]
            {
                ("ingest (read, validate, summarise, store)", ["ingest", folder]),
                ("prepare (claim, evaluate, store; compose every email and store it)", ["run-weekly", "--week", week, "--no-send"]),
                ("deliver (per email: hold, load, send to the outbox, record)", ["deliver", "--week", week]),
                ("subject access of one worker (every roster, week and stored message read)", ["subject-access", "--worker", worker, "--out", access]),
                ("erasure of that worker, dry run", ["forget", "--worker", worker]),
                ("erasure of that worker", ["forget", "--worker", worker, "--yes"]),
                ("staff retention of every message, name and note (older than a day)", ["forget", "--staff", "--older-than-days", "1", "--yes"]),
            })
            {
                var run = await Verb.RunAsync(arguments, environment, keepOutput: true).ConfigureAwait(false);
                await output.WriteLineAsync($"{name}: {run.Seconds:0.00} s, peak resident {run.PeakMegabytes:0} MB").ConfigureAwait(false);
                foreach (var line in run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    await output.WriteLineAsync($"  | {line}").ConfigureAwait(false);
                }

                if (run.ExitCode != 0)
                {
                    await output.WriteLineAsync($"  failed ({run.ExitCode}): {run.Error}").ConfigureAwait(false);
                    return 1;
                }
            }

            var files = Directory.GetFiles(outbox, "*.eml", SearchOption.AllDirectories);
            await output.WriteLineAsync($"{files.Length} emails written ({files.Sum(f => new FileInfo(f).Length) / 1e6:0.0} MB)").ConfigureAwait(false);
            await EmailCost.MeasureAsync(folder, 400, output).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            foreach (var made in new[] { outbox, access }.Where(Directory.Exists))
            {
                Directory.Delete(made, recursive: true);
            }
        }
    }
}
