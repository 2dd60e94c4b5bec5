using System.CommandLine;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Jobs.Backup;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Jobs.Settings;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Tooling.Local;
using Caseload.Reporting.Tooling.Synthetic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting demo</c>: the weekly and monthly jobs end to end on a synthetic council, as they run in Azure.</summary>
internal static class DemoCommand
{
    private const int YearOfWeeks = 52;

    public static Command Create(CliConsole console)
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Where the demo writes its snapshots and outbox.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "demo")) };
        var weeks = new Option<int>("--weeks") { Description = "How many of the last weeks to run the weekly job for (a year of snapshots is ingested either way).", DefaultValueFactory = _ => 8 };
        var plan = new Option<FileInfo?>("--plan") { Description = "The improvement plan to set; by default examples/plan.json, built in." };
        var format = GenerateCommand.Format();
        var command = new Command("demo", "Generate a synthetic council, ingest a year of weekly snapshots, run the last weeks' jobs and the last month's leadership digest, and write the emails to an outbox; starts its own Azurite when Reporting:Storage is not set.")
        {
            output, weeks, plan, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = parse.GetValue(output)!.FullName;
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            var storage = console.Configuration["Reporting:Storage"];
            AzuriteServer? azurite = null;
            if (string.IsNullOrWhiteSpace(storage))
            {
                await console.Out.WriteLineAsync($"starting Azurite (Table and Blob Storage on free loopback ports, its data in {Path.Combine(root, "storage")}; the first run installs it with npm ci) ...").ConfigureAwait(false);
                await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                azurite = await AzuriteServer.StartAsync(new AzuriteOptions { DataDirectory = Path.Combine(root, "storage") }, cancellationToken: cancellationToken).ConfigureAwait(false);
                storage = azurite.ConnectionString;
            }

            try
            {
                // The demo's own defaults under whatever the environment sets.
                var settings = new ConfigurationBuilder()
                    .AddInMemoryCollection(new Dictionary<string, string?>
                    {
                        ["Reporting:Email:OutboxPath"] = Path.Combine(root, "outbox"),
                        ["Reporting:Email:FallbackTo"] = "caseload-reports@council.example",
                        ["Reporting:Email:LeadershipTo"] = "leadership@council.example",
                        ["Reporting:Backup:Target"] = Path.Combine(root, "backup"),

                        // The synthetic council is compared with Medway's published figures, and says so wherever it is named.
                        ["Reporting:Council:Code"] = "887",
                        ["Reporting:Council:Name"] = "the demo council, compared as if it were Medway",
                    })
                    .AddConfiguration(console.Configuration)
                    .AddInMemoryCollection(new Dictionary<string, string?> { ["Reporting:Storage"] = storage })
                    .Build();
                await using var services = console.Services(settings);
                return await RunAsync(services, root, Math.Clamp(parse.GetValue(weeks), 1, YearOfWeeks), parse.GetValue(plan), GenerateCommand.FormatOf(parse.GetValue(format)), azurite is null, console, cancellationToken).ConfigureAwait(false);
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

    private static async Task<int> RunAsync(ServiceProvider services, string root, int emailed, FileInfo? planFile, SnapshotFormat format, bool keptStorage, CliConsole console, CancellationToken cancellationToken)
    {
        var lastMonday = new LocalDate(2026, 10, 26);
        var folders = SyntheticCouncil.Write(new CouncilOptions(1, YearOfWeeks, 145, lastMonday.PlusWeeks(1 - YearOfWeeks), format), Path.Combine(root, "snapshots"));
        var planDocument = planFile is null ? ExamplePlan() : await File.ReadAllTextAsync(planFile.FullName, cancellationToken).ConfigureAwait(false);
        var currentPlan = await services.GetRequiredService<SettingsJob>().SetPlanAsync(planDocument, cancellationToken).ConfigureAwait(false);
        await console.Out.WriteLineAsync($"plan: {currentPlan.Plan.Name}, {currentPlan.Plan.Measures.Count} measures (from {planFile?.ToString() ?? "examples/plan.json"})").ConfigureAwait(false);
        await console.Out.WriteLineAsync($"ingesting {folders.Count} weekly snapshots, {folders[0]} to {folders[^1]} ...").ConfigureAwait(false);
        var weekly = services.GetRequiredService<WeeklyJob>();
        var delivery = services.GetRequiredService<DeliveryJob>();
        IsoWeek last = default;
        for (var f = 0; f < folders.Count; f++)
        {
            var ingested = await services.GetRequiredService<IngestJob>().IngestFolderAsync(folders[f], null, cancellationToken).ConfigureAwait(false);
            last = IsoWeek.Of(ingested.Snapshot.AsOf);
            if (f >= folders.Count - emailed && await RunWeekAsync(last).ConfigureAwait(false) != 0)
            {
                return 1;
            }
        }

        await console.Out.WriteLineAsync($"running {last} again, as a retry or a second instance would:").ConfigureAwait(false);
        await RunWeekAsync(last).ConfigureAwait(false);

        var month = lastMonday.ToYearMonth();
        var (monthly, sent) = await services.GetRequiredService<MonthlyJob>().RunAsync(month, cancellationToken).ConfigureAwait(false);
        if (monthly.Digest is not { } made || sent is null || sent.NotSent.Count > 0)
        {
            await console.Error.WriteLineAsync($"the digest for {month:yyyy-MM} was not sent: {monthly.Outcome}, {sent?.NotSent.Count ?? 0} not sent").ConfigureAwait(false);
            return 1;
        }

        await console.Out.WriteLineAsync($"{made.MonthName} digest: {string.Join(", ", made.Measures.Select(m => $"{m.Standing.Measure.Id} {Content.Monthly.DigestSections.RagText(m.Standing)}"))}; {sent.Sent} sent").ConfigureAwait(false);

        // As the Backup function does after a delivery: the year, backed up where nothing is overwritten.
        var backup = await services.GetRequiredService<BackupJob>().RunAsync(null, cancellationToken).ConfigureAwait(false);
        await console.Out.WriteLineAsync($"backup point {backup.Point.Id}: {Counted.Of(backup.Point.Rows, "row")} and {Counted.Of(backup.Point.Blobs.Count, "blob")} in {Counted.Of(backup.ObjectsWritten, "object")} under their SHA-256").ConfigureAwait(false);
        await console.Out.WriteLineAsync().ConfigureAwait(false);
        await console.Out.WriteLineAsync($"Emails (one per recipient per week; the {made.MonthName} digest with its PDF summary and XLSX data pack attached): {delivery.Destination}").ConfigureAwait(false);
        await console.Out.WriteLineAsync($"Snapshots (one folder per week):         {Path.Combine(root, "snapshots")}").ConfigureAwait(false);
        await console.Out.WriteLineAsync($"Backup (a point and its objects):        {backup.Where}; check it with `reporting backup list --to {backup.Where}`").ConfigureAwait(false);
        await console.Out.WriteLineAsync(keptStorage
            ? $"Stored in Reporting:Storage: see a week with `reporting show-week --week {last}`, the month with `reporting show-month --month {month:yyyy-MM}`."
            : $"Storage (Azurite, stopped now; its data kept): {Path.Combine(root, "storage")}; reopen it with `reporting local --data {Path.Combine(root, "storage")}`, then `reporting show-week --week {last}`.").ConfigureAwait(false);
        return 0;

        async Task<int> RunWeekAsync(IsoWeek week)
        {
            var (prepared, delivered) = await weekly.RunAsync(week, cancellationToken).ConfigureAwait(false);
            var exit = await RunWeeklyCommand.Report(prepared, console).ConfigureAwait(false);
            return delivered is null ? Math.Max(exit, 1) : Math.Max(exit, await DeliverCommand.Report(delivered, delivery.Destination, console).ConfigureAwait(false));
        }
    }

    /// <summary>examples/plan.json, built in.</summary>
    public static string ExamplePlan()
    {
        using var stream = typeof(DemoCommand).Assembly.GetManifestResourceStream("Caseload.Reporting.Cli.Synthetic.plan.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
