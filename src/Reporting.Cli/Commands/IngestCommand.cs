using System.CommandLine;
using Caseload.Reporting.Jobs.Ingest;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting ingest</c>: validate a snapshot and store it, once.</summary>
internal static class IngestCommand
{
    public static Command Create(CliConsole console)
    {
        var snapshot = new Argument<DirectoryInfo?>("snapshot-dir") { Description = "The snapshot folder to store.", Arity = ArgumentArity.ZeroOrOne };
        var asOf = new Option<string?>("--as-of") { Description = "The date the data describes (yyyy-MM-dd), overriding snapshot.json; required with --annex-a." };
        var annexA = new Option<FileInfo?>("--annex-a") { Description = "An Ofsted Annex A workbook (.xlsx) to ingest instead of a snapshot folder: Lists 6, 7, 8 and 9." };
        var roster = new Option<DirectoryInfo?>("--roster") { Description = "With --annex-a: the folder holding the HR roster, teams.csv and workers.csv." };
        var command = new Command("ingest", "Validate a snapshot (a folder, or an Annex A workbook with the roster) and store it in Table Storage with its lineage; the same files are stored once. An invalid snapshot is rejected whole.")
        {
            snapshot, asOf, annexA, roster,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var inputs = new Inputs(console);
            var folder = parse.GetValue(snapshot);
            var workbook = parse.GetValue(annexA);
            var date = inputs.Date(parse.GetValue(asOf), "--as-of");
            var problem = (folder, workbook, parse.GetValue(roster)) switch
            {
                (null, null, _) => "give a snapshot folder, or --annex-a with --roster",
                ({ }, { }, _) => "give a snapshot folder or --annex-a, not both",
                (null, { }, null) => "--annex-a needs --roster, the folder with teams.csv and workers.csv",
                (null, { }, _) when date is null && !inputs.Rejected => "--annex-a needs --as-of, the date the workbook describes",
                (null, { Exists: false }, _) => $"{workbook}: the workbook does not exist",
                ({ Exists: false }, null, _) => $"{folder}: the snapshot folder does not exist",
                _ => null,
            };
            if (problem is not null)
            {
                await console.Error.WriteLineAsync(problem).ConfigureAwait(false);
                return 1;
            }

            if (inputs.Rejected)
            {
                return inputs.Fail();
            }

            try
            {
                var job = console.Job<IngestJob>();
                var result = workbook is null
                    ? await job.IngestFolderAsync(folder!.FullName, date, cancellationToken).ConfigureAwait(false)
                    : await job.IngestAnnexAAsync(workbook.FullName, parse.GetValue(roster)!.FullName, date!.Value, cancellationToken).ConfigureAwait(false);
                foreach (var warning in result.Warnings)
                {
                    await console.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
                }

                var stored = result.Snapshot;
                await console.Out.WriteLineAsync(result.AlreadyStored
                    ? $"already stored: {stored.Id} (as at {stored.AsOf:yyyy-MM-dd}); nothing written"
                    : $"stored: {stored.Id} (as at {stored.AsOf:yyyy-MM-dd}): {stored.Teams} teams, {stored.Workers} workers, {stored.Allocations} allocations, {stored.Warnings} warning(s), policy {stored.PolicyVersion}").ConfigureAwait(false);
                return 0;
            }
            catch (InvalidInputException e)
            {
                inputs.Report(e.Problems, (folder ?? workbook!.Directory!).ToString());
                return inputs.Fail();
            }
        });
        return command;
    }
}
