using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Content.Monthly;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting digest</c>, <c>run-monthly</c> and <c>show-month</c>: the improvement plan's month.</summary>
internal static class MonthlyCommands
{
    public static Command Digest(CliConsole console)
    {
        var month = Periods.Month("The month, yyyy-MM, e.g. 2026-10.", required: true);
        var format = Format();
        var command = new Command("digest", "Compute and store the month's improvement measures from the stored snapshots and evaluations, and show them; prepares and sends nothing.") { month, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (Periods.ReadMonth(parse.GetValue(month), console) is not { } chosen)
            {
                return 1;
            }

            var run = await console.Job<MonthlyJob>().ComputeAsync(chosen, cancellationToken).ConfigureAwait(false);
            if (await Refused(run, console).ConfigureAwait(false))
            {
                return 1;
            }

            var stored = await console.Job<MonthlyJob>().ShowAsync(chosen, cancellationToken).ConfigureAwait(false);
            return await Show(stored!, parse.GetValue(format)!, console).ConfigureAwait(false);
        });
        return command;
    }

    public static Command RunMonthly(CliConsole console)
    {
        var month = Periods.Month("The month, yyyy-MM, e.g. 2026-10.", required: true);
        var noSend = new Option<bool>("--no-send") { Description = "Prepare only: compute, store and compose the digests; `reporting deliver --month` sends them." };
        var command = new Command("run-monthly", "Compute and store the month's improvement measures, prepare the digest with its PDF summary and XLSX data pack for Reporting:Email:LeadershipTo, and send it, once per month and recipient.") { month, noSend };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (Periods.ReadMonth(parse.GetValue(month), console) is not { } chosen)
            {
                return 1;
            }

            var job = console.Job<MonthlyJob>();
            var (run, delivered) = parse.GetValue(noSend) ? (await job.PrepareAsync(chosen, cancellationToken).ConfigureAwait(false), null) : await job.RunAsync(chosen, cancellationToken).ConfigureAwait(false);
            if (await Refused(run, console).ConfigureAwait(false))
            {
                return 1;
            }

            if (run.Outcome == MonthlyOutcome.Busy)
            {
                await console.Error.WriteLineAsync($"{chosen:yyyy-MM}: {Periods.Busy(run.BusySince, console)}").ConfigureAwait(false);
                return Periods.BusyExit;
            }

            if (await console.Job<MonthlyJob>().ShowAsync(chosen, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                await Describe(stored, console).ConfigureAwait(false);
            }

            await console.Out.WriteLineAsync($"  {(run.Outcome == MonthlyOutcome.AlreadyPrepared ? "already prepared" : "prepared")}: {Counted.Of(run.Notifications.Records.Count, "digest")}").ConfigureAwait(false);
            if (run.RegionReturn is { } region)
            {
                await console.Out.WriteLineAsync($"  {region}").ConfigureAwait(false);
            }

            return delivered is null ? 0 : await DeliverCommand.Report(delivered, console.Job<DeliveryJob>().Destination, console).ConfigureAwait(false);
        });
        return command;
    }

    public static Command ShowMonth(CliConsole console)
    {
        var month = Periods.Month("The month, yyyy-MM, e.g. 2026-10.", required: true);
        var format = Format();
        var command = new Command("show-month", "Show a month's stored improvement measures, as `run-monthly` or `digest` stored them; computes nothing.") { month, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (Periods.ReadMonth(parse.GetValue(month), console) is not { } chosen)
            {
                return 1;
            }

            if (await console.Job<MonthlyJob>().ShowAsync(chosen, cancellationToken).ConfigureAwait(false) is not { } stored)
            {
                await console.Error.WriteLineAsync($"{chosen:yyyy-MM} has not been computed; run `reporting run-monthly --month {chosen:yyyy-MM}` (or `reporting digest`).").ConfigureAwait(false);
                return 1;
            }

            return await Show(stored, parse.GetValue(format)!, console).ConfigureAwait(false);
        });
        return command;
    }

    private static Option<string> Format()
    {
        var format = new Option<string>("--format") { Description = "table (for people) or json (the month: its measures, and where the council stood among DfE's published figures).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        return format;
    }

    /// <summary>Says why a month could not be computed; true when it could not.</summary>
    private static async Task<bool> Refused(MonthlyRun run, CliConsole console)
    {
        var why = run.Outcome switch
        {
            MonthlyOutcome.NoPlan => "no improvement plan has been set; set one with `reporting plan set plan.json`",
            MonthlyOutcome.NoSnapshot => $"{run.Month:yyyy-MM}: no snapshot is dated in the month; ingest one first.",
            _ => null,
        };
        if (why is not null)
        {
            await console.Error.WriteLineAsync(why).ConfigureAwait(false);
        }

        return why is not null;
    }

    private static async Task<int> Show(StoredMonth stored, string format, CliConsole console)
    {
        if (format == "json")
        {
            var month = new JsonObject
            {
                ["month"] = stored.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                ["snapshotId"] = stored.SnapshotId,
                ["policyVersion"] = stored.PolicyVersion,
                ["planVersion"] = stored.PlanVersion,
                ["computedAt"] = stored.ComputedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["measures"] = new JsonArray([.. stored.Measures.Select(m => Json(m, stored.PolicyVersion))]),
                ["benchmarks"] = stored.Benchmarks is { } benchmarks ? BenchmarkJson.Write(benchmarks) : null,
            };
            await console.Out.WriteLineAsync(month.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
            return 0;
        }

        await Describe(stored, console).ConfigureAwait(false);
        if (stored.Benchmarks is { } comparison)
        {
            await console.Out.WriteLineAsync().ConfigureAwait(false);
            await BenchmarksCommand.Describe(comparison, console).ConfigureAwait(false);
        }

        return 0;
    }

    private static JsonObject Json(StoredMeasure measure, string policyVersion) => new()
    {
        ["id"] = measure.Id,
        ["metric"] = measure.Metric,
        ["actual"] = Round(measure.Actual),
        ["expected"] = Round(measure.Expected),
        ["target"] = measure.Target,
        ["rag"] = measure.Rag,
        ["previous"] = Round(measure.Previous),
        ["policyVersion"] = policyVersion,
        ["title"] = measure.Title,
        ["historyComplete"] = measure.History.Complete,
        ["trend"] = new JsonArray([.. measure.Trend.Select(p => new JsonObject
        {
            ["month"] = p.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            ["actual"] = Round(p.Actual),
            ["expected"] = Round(p.Expected),
            ["historyComplete"] = p.HistoryComplete,
        })]),
    };

    private static decimal? Round(decimal? value) => value is { } v ? decimal.Round(v, 2, MidpointRounding.AwayFromZero) : null;

    private static async Task Describe(StoredMonth stored, CliConsole console)
    {
        var culture = CultureInfo.InvariantCulture;
        await console.Out.WriteLineAsync($"{stored.Month.ToString("MMMM yyyy", culture)}: figures from snapshot {stored.SnapshotId}, policy {stored.PolicyVersion}, plan {stored.PlanVersion}, computed {stored.ComputedAt:yyyy-MM-dd HH:mm} UTC").ConfigureAwait(false);
        var table = new DigestTable(
            "Measures",
            ["measure", "metric", "actual", "expected", "target", "RAG", "previous"],
            [false, false, true, true, true, false, true],
            [.. stored.Measures.Select(m => (IReadOnlyList<Cell>)[m.Id, m.Metric, Cell.Of(m.Actual), Cell.Of(m.Expected), Cell.Of(m.Target), m.History.Complete ? m.Rag ?? "no data" : m.History.ToString(), Cell.Of(m.Previous)])]);
        foreach (var line in table.TextLines("  "))
        {
            await console.Out.WriteLineAsync(line).ConfigureAwait(false);
        }
    }
}
