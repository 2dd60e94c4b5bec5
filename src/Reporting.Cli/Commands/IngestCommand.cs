using System.CommandLine;
using Caseload.Reporting.Jobs.Ingest;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting ingest</c>: validate a snapshot and store it, once.</summary>
internal static class IngestCommand
{
    public static Command Create(CliConsole console)
    {
        var snapshot = new Argument<DirectoryInfo>("snapshot-dir") { Description = "The snapshot folder to store." };
        var asOf = new Option<string?>("--as-of") { Description = "The date the data describes (yyyy-MM-dd), overriding snapshot.json." };
        var command = new Command("ingest", "Validate a snapshot and store it in Table Storage with its lineage; the same files are stored once. An invalid snapshot is rejected whole.")
        {
            snapshot, asOf,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var inputs = new Inputs(console);
            var folder = parse.GetValue(snapshot)!;
            var date = inputs.Date(parse.GetValue(asOf), "--as-of");
            if (!folder.Exists)
            {
                await console.Error.WriteLineAsync($"{folder}: the snapshot folder does not exist").ConfigureAwait(false);
                return 1;
            }

            if (inputs.Rejected || await Settings.ConnectAsync(console, cancellationToken).ConfigureAwait(false) is not { } tables)
            {
                return inputs.Rejected ? inputs.Fail() : 1;
            }

            try
            {
                var result = await new IngestJob(tables, console.Time).IngestFolderAsync(folder.FullName, date, cancellationToken).ConfigureAwait(false);
                var stored = result.Snapshot;
                await console.Out.WriteLineAsync(result.AlreadyStored
                    ? $"already stored: {stored.Id} (as at {stored.AsOf:yyyy-MM-dd}); nothing written"
                    : $"stored: {stored.Id} (as at {stored.AsOf:yyyy-MM-dd}): {stored.Teams} teams, {stored.Workers} workers, {stored.Allocations} allocations, {stored.Warnings} warning(s), policy {stored.PolicyVersion}").ConfigureAwait(false);
                return 0;
            }
            catch (InvalidInputException e)
            {
                inputs.Report(e.Problems, folder.ToString());
                return inputs.Fail();
            }
        });
        return command;
    }
}
