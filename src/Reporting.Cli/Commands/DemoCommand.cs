using System.CommandLine;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Cli.Synthetic;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Local;
using NodaTime;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting demo</c>: the weekly job end to end on a synthetic council, as it runs in Azure.</summary>
internal static class DemoCommand
{
    private const string DemoFallback = "caseload-reports@council.example";

    public static Command Create(CliConsole console)
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Where the demo writes its snapshots and outbox.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "demo")) };
        var weeks = new Option<int>("--weeks") { Description = "How many weeks to run.", DefaultValueFactory = _ => 8 };
        var command = new Command("demo", "Generate a synthetic council, ingest each week's snapshot into Table Storage, run each week's job and write its emails to an outbox; starts its own Azurite when Reporting:Storage is not set.")
        {
            output, weeks,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = parse.GetValue(output)!.FullName;
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            var storage = console.Configuration[Settings.Storage];
            AzuriteServer? azurite = null;
            if (string.IsNullOrWhiteSpace(storage))
            {
                await console.Out.WriteLineAsync("starting Azurite (Table Storage, in memory, on a free loopback port; the first run installs it with npm ci) ...").ConfigureAwait(false);
                await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                azurite = await AzuriteServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                storage = azurite.ConnectionString;
            }

            try
            {
                var tables = await ReportingTables.ConnectAsync(new ReportingStorageOptions { Storage = storage }, cancellationToken).ConfigureAwait(false);
                var folders = SyntheticCouncil.Write(new CouncilOptions(1, Math.Max(1, parse.GetValue(weeks)), 145, new LocalDate(2026, 9, 7)), Path.Combine(root, "snapshots"));
                if (Settings.Sender(console, Path.Combine(root, "outbox")) is not var (sender, destination))
                {
                    return 1;
                }

                var job = new WeeklyJob(tables, sender, new WeeklyJobOptions { FallbackTo = console.Configuration[Settings.FallbackTo] ?? DemoFallback }, console.Time);
                IsoWeek last = default;
                foreach (var folder in folders)
                {
                    var ingested = await new IngestJob(tables, console.Time).IngestFolderAsync(folder, null, cancellationToken).ConfigureAwait(false);
                    last = IsoWeek.Of(ingested.Snapshot.AsOf);
                    if (await RunWeeklyCommand.Report(await job.RunAsync(last, cancellationToken).ConfigureAwait(false), destination, console).ConfigureAwait(false) != 0)
                    {
                        return 1;
                    }
                }

                await console.Out.WriteLineAsync($"running {last} again, as a retry or a second instance would:").ConfigureAwait(false);
                await RunWeeklyCommand.Report(await job.RunAsync(last, cancellationToken).ConfigureAwait(false), destination, console).ConfigureAwait(false);

                await console.Out.WriteLineAsync().ConfigureAwait(false);
                await console.Out.WriteLineAsync($"Emails (one per recipient per week): {destination}").ConfigureAwait(false);
                await console.Out.WriteLineAsync($"Snapshots (one folder per week):         {Path.Combine(root, "snapshots")}").ConfigureAwait(false);
                await console.Out.WriteLineAsync(azurite is null
                    ? $"Stored in {Settings.Storage}: see a week with `reporting show-week --week {last}`."
                    : "Storage was an in-memory Azurite, stopped now; set Reporting__Storage to keep the data.").ConfigureAwait(false);
                return 0;
            }
            finally
            {
                if (azurite is not null)
                {
                    await azurite.DisposeAsync().ConfigureAwait(false);
                }
            }
        });
        return command;
    }
}
