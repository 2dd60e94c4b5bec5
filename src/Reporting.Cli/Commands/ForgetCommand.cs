using System.CommandLine;
using Caseload.Reporting.Jobs.Retention;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting forget</c>: the retention job by hand.</summary>
internal static class ForgetCommand
{
    public static Command Create(CliConsole console)
    {
        var days = new Option<int>("--older-than-days") { Description = "Delete snapshots dated more than this many days ago: their files as received, caseloads and allocation history.", Required = true };
        var command = new Command("forget", "Delete snapshots (their files as received, caseloads, allocation history and lineage) older than the council keeps children's data; weekly evaluations, which hold no child ids, stay.") { days };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(days) is var keep && keep <= 0)
            {
                await console.Error.WriteLineAsync("--older-than-days must be more than 0").ConfigureAwait(false);
                return 1;
            }

            var run = await console.Job<RetentionJob>().RunAsync(Periods.Today(console), keep, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"kept from {run.KeptFrom:yyyy-MM-dd}: {Counted.Of(run.Snapshots, "snapshot")} and {Counted.Of(run.Blobs, "blob")} of their files, caseloads and allocation history deleted").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
