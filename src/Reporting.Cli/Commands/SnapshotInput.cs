using System.CommandLine;
using NodaTime;

namespace Caseload.Reporting.Cli.Commands;

/// <summary>
/// What a snapshot is read from on the command line, the same for <c>validate</c> and <c>ingest</c>: a snapshot
/// folder, or an Annex A workbook with the HR roster and the date it describes.
/// </summary>
internal sealed class SnapshotInput
{
    private readonly Argument<DirectoryInfo?> folder;
    private readonly Option<string?> asOf = new("--as-of") { Description = "The date the data describes (yyyy-MM-dd), overriding snapshot.json; required with --annex-a." };
    private readonly Option<FileInfo?> annexA = new("--annex-a") { Description = "An Ofsted Annex A workbook (.xlsx) instead of a snapshot folder: Lists 6, 7, 8 and 9." };
    private readonly Option<DirectoryInfo?> roster = new("--roster") { Description = "With --annex-a: the folder holding the HR roster, teams.csv and workers.csv." };

    public SnapshotInput(string folderDescription) =>
        folder = new Argument<DirectoryInfo?>("snapshot-dir") { Description = folderDescription, Arity = ArgumentArity.ZeroOrOne };

    /// <summary>Adds the argument and options to a verb.</summary>
    public void AddTo(Command command)
    {
        command.Add(folder);
        command.Add(asOf);
        command.Add(annexA);
        command.Add(roster);
    }

    /// <summary>What was given, or null after saying on stderr (or to <paramref name="inputs"/>) what is wrong with it.</summary>
    public Given? Read(ParseResult parse, Inputs inputs, CliConsole console)
    {
        var directory = parse.GetValue(folder);
        var workbook = parse.GetValue(annexA);
        var date = inputs.Date(parse.GetValue(asOf), "--as-of");
        var problem = (directory, workbook, parse.GetValue(roster)) switch
        {
            (null, null, _) => "give a snapshot folder, or --annex-a with --roster",
            ({ }, { }, _) => "give a snapshot folder or --annex-a, not both",
            (null, { }, null) => "--annex-a needs --roster, the folder with teams.csv and workers.csv",
            (null, { }, _) when date is null && !inputs.Rejected => "--annex-a needs --as-of, the date the workbook describes",
            (null, { Exists: false }, _) => $"{workbook}: the workbook does not exist",
            ({ Exists: false }, null, _) when File.Exists(directory.FullName) => $"{directory}: is a file; give the folder that holds snapshot.json, teams.csv, workers.csv and allocations.csv",
            ({ Exists: false }, null, _) => $"{directory}: the snapshot folder does not exist",
            _ => null,
        };
        if (problem is not null)
        {
            console.Error.WriteLine(problem);
            return null;
        }

        return inputs.Rejected ? null : new Given(directory, workbook, parse.GetValue(roster), date);
    }

    /// <summary>A snapshot folder, or a workbook with its roster and date.</summary>
    internal sealed record Given(DirectoryInfo? Folder, FileInfo? Workbook, DirectoryInfo? Roster, LocalDate? AsOf)
    {
        /// <summary>Where the problems found are located.</summary>
        public string Location => (Folder ?? Workbook!.Directory!).ToString();
    }
}
