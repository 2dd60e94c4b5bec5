using System.CommandLine;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Jobs.Weekly;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting run-weekly</c>: the Monday job for a week (or every week missed), prepare then deliver.</summary>
internal static class RunWeeklyCommand
{
    public static Command Create(CliConsole console)
    {
        var week = Periods.Week("The ISO week to run, e.g. 2026-W47; by default this week.");
        var catchUp = new Option<bool>("--catch-up") { Description = "Run every week missed since the last evaluated one, oldest first, then the week (as the timer does)." };
        var noSend = new Option<bool>("--no-send") { Description = "Prepare only: evaluate, store and compose the emails; `reporting deliver` sends them." };
        var command = new Command("run-weekly", "Evaluate the latest snapshot dated in or before the week, store it, prepare every team manager's and head of service's email, and send them. Running a week again changes nothing and sends nothing already sent.")
        {
            week, catchUp, noSend,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (Periods.ReadWeek(parse.GetValue(week), console) is not { } chosen)
            {
                return 1;
            }

            var job = console.Job<WeeklyJob>();
            var exit = 0;
            if (parse.GetValue(noSend))
            {
                var prepared = parse.GetValue(catchUp) ? await job.PrepareDueAsync(chosen, cancellationToken).ConfigureAwait(false) : [await job.PrepareAsync(chosen, cancellationToken).ConfigureAwait(false)];
                foreach (var each in prepared)
                {
                    exit = Math.Max(exit, await Report(each, console).ConfigureAwait(false));
                }

                return exit;
            }

            var destination = console.Job<Jobs.Delivery.DeliveryJob>().Destination;
            foreach (var (prepared, delivered) in await job.RunDueAsync(chosen, parse.GetValue(catchUp), cancellationToken).ConfigureAwait(false))
            {
                exit = Math.Max(exit, await Report(prepared, console).ConfigureAwait(false));
                if (delivered is not null)
                {
                    exit = Math.Max(exit, await DeliverCommand.Report(delivered, destination, console).ConfigureAwait(false));
                }
            }

            return exit;
        });
        return command;
    }

    /// <summary>Says what preparing a week did; 1 when it could not be prepared.</summary>
    public static async Task<int> Report(WeeklyPreparation run, CliConsole console)
    {
        var output = console.Out;
        switch (run.Outcome)
        {
            case WeeklyOutcome.NoSnapshot:
                await console.Error.WriteLineAsync($"{run.Week}: no snapshot is dated in or before the week; ingest one first.").ConfigureAwait(false);
                return 1;
            case WeeklyOutcome.Busy:
                await console.Error.WriteLineAsync($"{run.Week}: {Periods.Busy(run.BusySince, console)}").ConfigureAwait(false);
                return Periods.BusyExit;
        }

        if (run.Evaluation is { } stored)
        {
            var evaluation = stored.Evaluation;
            var done = run.Outcome == WeeklyOutcome.Prepared ? "evaluated and prepared" : "already prepared";
            await output.WriteLineAsync($"{run.Week}: {done} from snapshot {stored.SnapshotId} (as at {evaluation.AsOf:yyyy-MM-dd}), policy {evaluation.PolicyVersion}: "
                + $"{evaluation.Totals.WorkersOverLimit} over their limit, {evaluation.Workers.Count(w => w.Status == BreachStatus.Resolved)} back within, {evaluation.Totals.Unallocated} unallocated; {Prepared(run.Notifications)}"
                + (run.Outcome == WeeklyOutcome.Prepared ? $" (evaluated in {run.EvaluatedIn.TotalSeconds:0.0} s, emails composed and stored in {run.ComposedIn.TotalSeconds:0.0} s)" : "")).ConfigureAwait(false);
        }

        if (run.StaleDays is { } days)
        {
            await output.WriteLineAsync($"  warning: the data is stale, taken {days} days before the week began").ConfigureAwait(false);
        }

        foreach (var team in run.Rerouted)
        {
            await console.Error.WriteLineAsync($"  team {team}: its manager's address is not an email address; its email went to Reporting:Email:FallbackTo. Correct the address in workers.csv.").ConfigureAwait(false);
        }

        foreach (var team in run.Unaddressed)
        {
            await console.Error.WriteLineAsync($"  team {team} has no manager with an address and Reporting:Email:FallbackTo is not set: no one was told of it").ConfigureAwait(false);
        }

        foreach (var refused in run.Notifications.Refused)
        {
            await console.Error.WriteLineAsync($"  not sent: {refused.Key}: {refused.LastError}").ConfigureAwait(false);
        }

        return run.Notifications.Refused.Count == 0 ? 0 : 1;
    }

    /// <summary>What was prepared: the emails, and the Teams cards when there are any.</summary>
    private static string Prepared(Jobs.Delivery.PreparedPeriod prepared)
    {
        var cards = prepared.Records.Count(r => r.Key.Kind == Notifications.NotificationKind.TeamsChannel);
        return Counted.Of(prepared.Records.Count - cards, "email") + (cards == 0 ? "" : $", {Counted.Of(cards, "Teams card")}");
    }
}
