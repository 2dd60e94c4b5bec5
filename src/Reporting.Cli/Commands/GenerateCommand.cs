using System.CommandLine;
using Caseload.Reporting.Tooling.Synthetic;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting generate</c>: a synthetic council, one snapshot folder per week.</summary>
internal static class GenerateCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder to write one snapshot folder per week into.", Required = true };
        var seed = new Option<int>("--seed") { Description = "The random seed; the same seed gives the same council.", DefaultValueFactory = _ => 1 };
        var weeks = new Option<int>("--weeks") { Description = "How many weekly snapshots.", DefaultValueFactory = _ => 12 };
        var workers = new Option<int>("--workers") { Description = "How many workers on the roster.", DefaultValueFactory = _ => 145 };
        var from = new Option<string>("--from") { Description = "The first snapshot's date (yyyy-MM-dd); the rest follow weekly.", DefaultValueFactory = _ => "2026-09-07" };
        var format = Format();
        var command = new Command("generate", "Generate a synthetic council for demos, tests and benchmarks: teams of every type, part-time, ASYE and agency workers, siblings, co-worked and unallocated cases, caseloads falling from about 24 towards 17.")
        {
            output, seed, weeks, workers, from, format,
        };
        command.SetAction(parse =>
        {
            var inputs = new Inputs(console);
            var first = inputs.Date(parse.GetValue(from), "--from");
            var options = new CouncilOptions(parse.GetValue(seed), parse.GetValue(weeks), parse.GetValue(workers), first ?? default, FormatOf(parse.GetValue(format)));
            if (options.Weeks < 1 || options.Workers < 8)
            {
                console.Error.WriteLine("--weeks must be 1 or more and --workers 8 or more");
                return 1;
            }

            if (inputs.Rejected)
            {
                return inputs.Fail();
            }

            var folders = SyntheticCouncil.Write(options, parse.GetValue(output)!.FullName);
            foreach (var folder in folders)
            {
                console.Out.WriteLine(folder);
            }

            return 0;
        });
        return command;
    }

    /// <summary>The --format option: canonical (allocations.csv) or ssd (the Standard Safeguarding Dataset's tables).</summary>
    public static Option<string> Format()
    {
        var format = new Option<string>("--format") { Description = "canonical (allocations.csv) or ssd (the council's Standard Safeguarding Dataset tables with the roster); the same seed gives the same facts in either.", DefaultValueFactory = _ => "canonical" };
        format.AcceptOnlyFromAmong("canonical", "ssd");
        return format;
    }

    public static SnapshotFormat FormatOf(string? value) => value == "ssd" ? SnapshotFormat.Ssd : SnapshotFormat.Canonical;
}
