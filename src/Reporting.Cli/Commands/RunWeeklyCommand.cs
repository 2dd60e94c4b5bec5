using System.CommandLine;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Jobs.Weekly;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting run-weekly</c>: the Monday job for one week.</summary>
internal static class RunWeeklyCommand
{
    public static Command Create(CliConsole console)
    {
        var week = WeekOption.Create("The ISO week to run, e.g. 2026-W47; by default this week.");
        var command = new Command("run-weekly", "Evaluate the latest snapshot dated in or before the week, store it, and send each team manager and head of service their email. Running a week again changes nothing and sends nothing already sent.")
        {
            week,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (WeekOption.Read(parse.GetValue(week), console) is not { } chosen
                || Settings.Sender(console, Path.Combine("out", "outbox")) is not var (sender, destination)
                || await Settings.ConnectAsync(console, cancellationToken).ConfigureAwait(false) is not { } tables)
            {
                return 1;
            }

            var job = new WeeklyJob(tables, sender, new WeeklyJobOptions { FallbackTo = console.Configuration[Settings.FallbackTo] }, console.Time);
            var run = await job.RunAsync(chosen, cancellationToken).ConfigureAwait(false);
            return await Report(run, destination, console).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Says what a run did; the exit code is 1 when it could not run or some email failed.</summary>
    public static async Task<int> Report(WeeklyRun run, string destination, CliConsole console)
    {
        var output = console.Out;
        switch (run.Outcome)
        {
            case WeeklyOutcome.NoSnapshot:
                await console.Error.WriteLineAsync($"{run.Week}: no snapshot is dated in or before the week; ingest one first.").ConfigureAwait(false);
                return 1;
            case WeeklyOutcome.Busy:
                await output.WriteLineAsync($"{run.Week}: another run is evaluating this week; nothing done.").ConfigureAwait(false);
                return 0;
        }

        var stored = run.Evaluation!;
        var evaluation = stored.Evaluation;
        var done = run.Outcome == WeeklyOutcome.Evaluated ? "evaluated" : "already evaluated";
        await output.WriteLineAsync($"{run.Week}: {done} from snapshot {stored.SnapshotId} (as at {evaluation.AsOf:yyyy-MM-dd}), policy {evaluation.PolicyVersion}: "
            + $"{evaluation.Totals.WorkersOverLimit} over their limit, {evaluation.Workers.Count(w => w.Status == BreachStatus.Resolved)} back within, {evaluation.Totals.Unallocated} unallocated").ConfigureAwait(false);
        if (run.StaleDays is { } days)
        {
            await output.WriteLineAsync($"  warning: the data is stale, taken {days} days before the week began").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"  emails: {run.Delivery.Sent} sent, {run.Delivery.AlreadySent} already sent, {run.Delivery.Failed.Count} failed; {destination}").ConfigureAwait(false);
        foreach (var team in run.Unaddressed)
        {
            await console.Error.WriteLineAsync($"  team {team} has no manager and {Settings.FallbackTo} is not set: its email was not sent").ConfigureAwait(false);
        }

        foreach (var failed in run.Delivery.Failed)
        {
            await console.Error.WriteLineAsync($"  not sent: {failed} (see `reporting notifications --week {run.Week}`)").ConfigureAwait(false);
        }

        return run.Delivery.Failed.Count == 0 ? 0 : 1;
    }
}
