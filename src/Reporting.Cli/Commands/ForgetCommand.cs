using System.CommandLine;
using Caseload.Reporting.Jobs.Retention;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting forget</c>: the retention job by hand.</summary>
internal static class ForgetCommand
{
    public static Command Create(CliConsole console)
    {
        var days = new Option<int>("--older-than-days") { Description = "Delete snapshots dated more than this many days ago: their files as received, caseloads and allocation history.", Required = true };
        var yes = new Option<bool>("--yes") { Description = "Delete them. Without it, forget only lists what it would delete." };
        var command = new Command("forget", "List, and with --yes delete, the snapshots (their files as received, caseloads, allocation history and lineage) older than the council keeps children's data; weekly evaluations, which hold no child ids, stay.") { days, yes };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(days) is var keep && keep <= 0)
            {
                await console.Error.WriteLineAsync("--older-than-days must be more than 0").ConfigureAwait(false);
                return 1;
            }

            var job = console.Job<RetentionJob>();
            if (!parse.GetValue(yes))
            {
                var plan = await job.PlanAsync(Periods.Today(console), keep, cancellationToken).ConfigureAwait(false);
                await console.Out.WriteLineAsync(plan.Snapshots == 0
                    ? $"no snapshot is dated before {plan.KeptFrom:yyyy-MM-dd}: nothing to delete"
                    : $"would delete {Counted.Of(plan.Snapshots, "snapshot")} dated {plan.From:yyyy-MM-dd} to {plan.To:yyyy-MM-dd} (before {plan.KeptFrom:yyyy-MM-dd}), with their files, caseloads and allocation history; nothing was deleted. Run again with --yes to delete them.").ConfigureAwait(false);
                return 0;
            }

            var run = await job.RunAsync(Periods.Today(console), keep, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"kept from {run.KeptFrom:yyyy-MM-dd}: {Counted.Of(run.Snapshots, "snapshot")} and {Counted.Of(run.Blobs, "blob")} of their files, caseloads and allocation history deleted").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
