using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Caseload.Reporting.Email.Monthly;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting digest</c> and <c>reporting run-monthly</c>: the improvement plan's month.</summary>
internal static class MonthlyCommands
{
    public static Command Digest(CliConsole console)
    {
        var month = MonthOption();
        var format = new Option<string>("--format") { Description = "table (for people) or json (one object per measure).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("digest", "Compute and store the month's improvement measures from the stored snapshots, and show them; sends nothing.") { month, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await RunAsync(parse.GetValue(month)!, console, send: false, cancellationToken).ConfigureAwait(false) is not { } run)
            {
                return 1;
            }

            if (parse.GetValue(format) == "json")
            {
                var measures = new JsonArray([.. run.Digest!.Measures.Select(m => Json(m.Standing))]);
                await console.Out.WriteLineAsync(measures.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
                return 0;
            }

            await Describe(run, console).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    public static Command RunMonthly(CliConsole console)
    {
        var month = MonthOption();
        var command = new Command("run-monthly", $"Compute and store the month's improvement measures, then send the digest with its PDF summary and XLSX data pack to {Settings.LeadershipTo}, once per month and recipient.") { month };
        command.SetAction(async (parse, cancellationToken) =>
            await RunAsync(parse.GetValue(month)!, console, send: true, cancellationToken).ConfigureAwait(false) is { } run && run.Delivery.Failed.Count == 0 ? 0 : 1);
        return command;
    }

    /// <summary>Computes (and, if asked, sends) a month; null, with the reason on stderr, when it cannot.</summary>
    public static async Task<MonthlyRun?> RunAsync(string monthText, CliConsole console, bool send, CancellationToken cancellationToken)
    {
        var inputs = new Inputs(console);
        if (inputs.Month(monthText, "--month") is not { } month)
        {
            inputs.Fail();
            return null;
        }

        var options = new MonthlyJobOptions { LeadershipTo = console.Configuration[Settings.LeadershipTo] };
        if (send && options.Recipients.Count == 0)
        {
            await console.Error.WriteLineAsync($"{Settings.LeadershipTo} is not set: no one to send the digest to.").ConfigureAwait(false);
            return null;
        }

        if (Settings.Sender(console, Path.Combine("out", "outbox")) is not var (sender, destination)
            || await Settings.ConnectAsync(console, cancellationToken).ConfigureAwait(false) is not { } tables)
        {
            return null;
        }

        var job = new MonthlyJob(tables, sender, options, console.Time);
        var run = send ? await job.RunAsync(month, cancellationToken).ConfigureAwait(false) : await job.ComputeAsync(month, cancellationToken).ConfigureAwait(false);
        switch (run.Outcome)
        {
            case MonthlyOutcome.NoPlan:
                await console.Error.WriteLineAsync("no improvement plan has been set; set one with `reporting plan set plan.json`").ConfigureAwait(false);
                return null;
            case MonthlyOutcome.NoSnapshot:
                await console.Error.WriteLineAsync($"{LeadershipDigest.PeriodOf(month)}: no snapshot is dated in the month; ingest one first.").ConfigureAwait(false);
                return null;
        }

        if (send)
        {
            await Describe(run, console).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"  digest: {run.Delivery.Sent} sent, {run.Delivery.AlreadySent} already sent, {run.Delivery.Failed.Count} failed; {destination}").ConfigureAwait(false);
            foreach (var failed in run.Delivery.Failed)
            {
                await console.Error.WriteLineAsync($"  not sent: {failed} (see `reporting notifications --month {LeadershipDigest.PeriodOf(month)}`)").ConfigureAwait(false);
            }
        }

        return run;
    }

    private static Option<string> MonthOption() => new("--month") { Description = "The month, yyyy-MM, e.g. 2026-10.", Required = true };

    private static JsonObject Json(MeasureStanding standing) => new()
    {
        ["id"] = standing.Measure.Id,
        ["metric"] = MetricDefinition.Of(standing.Measure.Metric).Code,
        ["actual"] = Round(standing.Actual),
        ["expected"] = Round(standing.Expected),
        ["target"] = standing.Measure.Target,
        ["rag"] = standing.Rag is { } rag ? Vocabulary.Code(rag) : null,
        ["previous"] = Round(standing.Previous),
    };

    private static decimal? Round(decimal? value) => value is { } v ? decimal.Round(v, 2, MidpointRounding.AwayFromZero) : null;

    private static async Task Describe(MonthlyRun run, CliConsole console)
    {
        var digest = run.Digest!;
        await console.Out.WriteLineAsync($"{digest.PlanName}, {digest.MonthName}: figures as at {digest.AsOf} from snapshot {digest.Snapshots[0].Id}; policy {digest.PolicyVersion}, plan {digest.PlanVersion}").ConfigureAwait(false);
        var table = DigestSections.Of(digest).Single(s => s.Title == DigestSections.Measures).Tables[0];
        foreach (var line in table.TextLines("  "))
        {
            await console.Out.WriteLineAsync(line).ConfigureAwait(false);
        }
    }
}
