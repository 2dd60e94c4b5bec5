using System.CommandLine;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting validate</c>: whether a snapshot would be accepted, and what is wrong with it.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var snapshot = new Argument<DirectoryInfo>("snapshot-dir") { Description = "The snapshot folder to check." };
        var asOf = new Option<string?>("--as-of") { Description = "The date the data describes (yyyy-MM-dd), overriding snapshot.json." };
        var command = new Command("validate", "Check a snapshot against the format: exit 0 when valid (warnings listed), 1 when invalid (every problem listed).")
        {
            snapshot, asOf,
        };
        command.SetAction(parse =>
        {
            var inputs = new Inputs(console);
            var folder = parse.GetValue(snapshot)!;
            var read = inputs.Snapshot(folder, inputs.Date(parse.GetValue(asOf), "--as-of"));
            if (inputs.Rejected)
            {
                return inputs.Fail();
            }

            foreach (var warning in read!.Warnings)
            {
                console.Out.WriteLine($"warning: {warning with { File = Path.Combine(folder.ToString(), warning.File) }}");
            }

            console.Out.WriteLine(
                $"valid: {read.Teams.Count} teams, {read.Workers.Count} workers, {read.Allocations.Count} allocations as at {read.AsOf:yyyy-MM-dd}, {read.Warnings.Count} warning(s)");
            return 0;
        });
        return command;
    }
}
