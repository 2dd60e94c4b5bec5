using System.CommandLine;
using Caseload.Reporting.Jobs.Ingest;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting ingest</c>: validate a snapshot and store it, once.</summary>
internal static class IngestCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new SnapshotInput("The snapshot folder to store.");
        var command = new Command("ingest", "Validate a snapshot (a folder, or an Annex A workbook with the roster) and store it in Table Storage with its lineage; the same files are stored once. An invalid snapshot is rejected whole.");
        input.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var inputs = new Inputs(console);
            if (input.Read(parse, inputs, console) is not { } given)
            {
                return inputs.Rejected ? inputs.Fail() : 1;
            }

            try
            {
                var job = console.Job<IngestJob>();
                var result = given.Workbook is null
                    ? await job.IngestFolderAsync(given.Folder!.FullName, given.AsOf, cancellationToken).ConfigureAwait(false)
                    : await job.IngestAnnexAAsync(given.Workbook.FullName, given.Roster!.FullName, given.AsOf!.Value, cancellationToken).ConfigureAwait(false);
                foreach (var warning in result.Warnings)
                {
                    await console.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
                }

                var stored = result.Snapshot;
                await console.Out.WriteLineAsync(result.AlreadyStored
                    ? $"already stored: {stored.Id} (as at {stored.AsOf:yyyy-MM-dd}); nothing written"
                    : $"stored: {stored.Id} (as at {stored.AsOf:yyyy-MM-dd}): {stored.Teams} teams, {stored.Workers} workers, {stored.Allocations} allocations, {Counted.Of(stored.Warnings, "warning")}, policy {stored.PolicyVersion}").ConfigureAwait(false);
                return 0;
            }
            catch (InvalidInputException e)
            {
                inputs.Report(e.Problems, given.Location);
                return inputs.Fail();
            }
        });
        return command;
    }
}
