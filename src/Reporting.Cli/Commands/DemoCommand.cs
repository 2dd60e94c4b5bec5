using System.CommandLine;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Cli.Synthetic;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Improvement;
using Caseload.Reporting.Storage.Local;
using NodaTime;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting demo</c>: the weekly job end to end on a synthetic council, as it runs in Azure.</summary>
internal static class DemoCommand
{
    private const string DemoFallback = "caseload-reports@council.example";
    private const string DemoLeadership = "leadership@council.example";
    private const int YearOfWeeks = 52;

    public static Command Create(CliConsole console)
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Where the demo writes its snapshots and outbox.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "demo")) };
        var weeks = new Option<int>("--weeks") { Description = "How many of the last weeks to run the weekly job for (a year of snapshots is ingested either way).", DefaultValueFactory = _ => 8 };
        var plan = new Option<FileInfo?>("--plan") { Description = "The improvement plan to set; by default examples/plan.json, built in." };
        var command = new Command("demo", "Generate a synthetic council, ingest a year of weekly snapshots into Table Storage, run the last weeks' jobs and the last month's leadership digest, and write the emails to an outbox; starts its own Azurite when Reporting:Storage is not set.")
        {
            output, weeks, plan,
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
                var emailed = Math.Clamp(parse.GetValue(weeks), 1, YearOfWeeks);
                var lastMonday = new LocalDate(2026, 10, 26);
                var folders = SyntheticCouncil.Write(new CouncilOptions(1, YearOfWeeks, 145, lastMonday.PlusWeeks(1 - YearOfWeeks)), Path.Combine(root, "snapshots"));
                var planFile = parse.GetValue(plan);
                if (Settings.Sender(console, Path.Combine(root, "outbox")) is not var (sender, destination))
                {
                    return 1;
                }

                var planDocument = planFile is null ? ExamplePlan() : await File.ReadAllTextAsync(planFile.FullName, cancellationToken).ConfigureAwait(false);
                var currentPlan = await new PlanStore(tables, console.Time).SetAsync(planDocument, cancellationToken).ConfigureAwait(false);
                await console.Out.WriteLineAsync($"plan: {currentPlan.Plan.Name}, {currentPlan.Plan.Measures.Count} measures (from {planFile?.ToString() ?? "examples/plan.json"})").ConfigureAwait(false);
                await console.Out.WriteLineAsync($"ingesting {folders.Count} weekly snapshots, {folders[0]} to {folders[^1]} ...").ConfigureAwait(false);
                var job = new WeeklyJob(tables, sender, new WeeklyJobOptions { FallbackTo = console.Configuration[Settings.FallbackTo] ?? DemoFallback }, console.Time);
                IsoWeek last = default;
                for (var f = 0; f < folders.Count; f++)
                {
                    var ingested = await new IngestJob(tables, console.Time).IngestFolderAsync(folders[f], null, cancellationToken).ConfigureAwait(false);
                    last = IsoWeek.Of(ingested.Snapshot.AsOf);
                    if (f >= folders.Count - emailed
                        && await RunWeeklyCommand.Report(await job.RunAsync(last, cancellationToken).ConfigureAwait(false), destination, console).ConfigureAwait(false) != 0)
                    {
                        return 1;
                    }
                }

                await console.Out.WriteLineAsync($"running {last} again, as a retry or a second instance would:").ConfigureAwait(false);
                await RunWeeklyCommand.Report(await job.RunAsync(last, cancellationToken).ConfigureAwait(false), destination, console).ConfigureAwait(false);

                var monthly = new MonthlyJob(tables, sender, new MonthlyJobOptions { LeadershipTo = console.Configuration[Settings.LeadershipTo] ?? DemoLeadership }, console.Time);
                var month = lastMonday.ToYearMonth();
                var digest = await monthly.RunAsync(month, cancellationToken).ConfigureAwait(false);
                if (digest.Digest is not { } made || digest.Delivery.Failed.Count > 0)
                {
                    await console.Error.WriteLineAsync($"the digest for {month} was not sent: {digest.Outcome}, {digest.Delivery.Failed.Count} failed").ConfigureAwait(false);
                    return 1;
                }

                await console.Out.WriteLineAsync($"{made.MonthName} digest: {string.Join(", ", made.Measures.Select(m => $"{m.Standing.Measure.Id} {Email.Monthly.DigestSections.RagText(m.Standing.Rag)}"))}; {digest.Delivery.Sent} sent").ConfigureAwait(false);

                await console.Out.WriteLineAsync().ConfigureAwait(false);
                await console.Out.WriteLineAsync($"Emails (one per recipient per week; the {made.MonthName} digest with its PDF summary and XLSX data pack attached): {destination}").ConfigureAwait(false);
                await console.Out.WriteLineAsync($"Snapshots (one folder per week):         {Path.Combine(root, "snapshots")}").ConfigureAwait(false);
                await console.Out.WriteLineAsync(azurite is null
                    ? $"Stored in {Settings.Storage}: see a week with `reporting show-week --week {last}`, the month with `reporting digest --month {Email.Monthly.LeadershipDigest.PeriodOf(month)}`."
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

    private static string ExamplePlan()
    {
        using var stream = typeof(DemoCommand).Assembly.GetManifestResourceStream("Caseload.Reporting.Cli.Synthetic.plan.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
