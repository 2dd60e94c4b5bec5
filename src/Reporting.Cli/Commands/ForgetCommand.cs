using System.CommandLine;
using Caseload.Reporting.Storage.Snapshots;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting forget</c>: the retention job by hand.</summary>
internal static class ForgetCommand
{
    public static Command Create(CliConsole console)
    {
        var days = new Option<int>("--older-than-days") { Description = "Delete snapshots dated more than this many days ago, and allocation history not seen since.", Required = true };
        var command = new Command("forget", "Delete snapshots (their caseload rows and lineage) and allocation history older than the council keeps children's data; weekly evaluations, which hold no child ids, stay.") { days };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(days) is var keep && keep <= 0)
            {
                await console.Error.WriteLineAsync("--older-than-days must be more than 0").ConfigureAwait(false);
                return 1;
            }

            if (await Settings.ConnectAsync(console, cancellationToken).ConfigureAwait(false) is not { } tables)
            {
                return 1;
            }

            var cutoff = NodaTime.LocalDate.FromDateTime(console.Time.GetUtcNow().UtcDateTime).PlusDays(-keep);
            var (snapshots, history) = await new SnapshotStore(tables, console.Time).ForgetBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"kept from {cutoff:yyyy-MM-dd}: {snapshots} snapshot(s) and {history} allocation-history row(s) deleted").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
