using System.CommandLine;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting validate</c>: whether a snapshot would be accepted, and what is wrong with it.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new SnapshotInput("The snapshot folder to check.");
        var command = new Command("validate", "Check a snapshot (a folder, or an Annex A workbook with the roster) as ingest would, storing nothing: exit 0 when valid (warnings listed), 1 when invalid (every problem listed).");
        input.AddTo(command);
        command.SetAction(parse =>
        {
            var inputs = new Inputs(console);
            if (input.Read(parse, inputs, console) is not { } given)
            {
                return inputs.Rejected ? inputs.Fail() : 1;
            }

            var read = inputs.Snapshot(given);
            if (inputs.Rejected)
            {
                return inputs.Fail();
            }

            foreach (var warning in read!.Warnings)
            {
                console.Out.WriteLine($"warning: {warning with { File = Path.Combine(given.Location, warning.File) }}");
            }

            console.Out.WriteLine(
                $"valid: {read.Teams.Count} teams, {read.Workers.Count} workers, {read.Allocations.Count} allocations as at {read.AsOf:yyyy-MM-dd}, {Counted.Of(Problem.Total(read.Warnings), "warning")}");
            return 0;
        });
        return command;
    }
}
