using System.CommandLine;
using Caseload.Reporting.Jobs.StaffData;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting subject-access</c>: a worker's subject access request answered from what is stored.</summary>
internal static class SubjectAccessCommand
{
    public static Command Create(CliConsole console)
    {
        var worker = new Option<string>("--worker") { Description = "The worker's roster id (their HR or Social Work England number), as the snapshots give it.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder to write the answer to: a page to give the worker (subject-access.html) and the same as JSON beside it.", Required = true };
        var command = new Command("subject-access", "Write everything stored about one worker, for their subject access request: the roster's facts, each week's figures, the actions recorded on their breaches with their notes, and every message that named them. Nothing about anyone else, and no child's id.") { worker, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(output)!;
            if (File.Exists(folder.FullName))
            {
                await console.Error.WriteLineAsync($"{folder}: is a file; give a folder to write the answer to").ConfigureAwait(false);
                return 1;
            }

            var id = parse.GetValue(worker)!.Trim();
            var access = await console.Job<SubjectAccessJob>().WriteAsync(id, folder.FullName, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync(access.Empty
                ? $"nothing stored names worker {id}; the page in {Path.Combine(folder.FullName, SubjectAccessJob.PageFile)} says so"
                : $"worker {id}: {Counted.Of(access.Roster.Sum(r => r.Snapshots), "snapshot")}, {Counted.Of(access.Weeks.Count, "evaluated week")}, {Counted.Of(access.Actions.Count, "recorded action")} and {Counted.Of(access.Notifications.Count, "message")} name them; give the worker {Path.Combine(folder.FullName, SubjectAccessJob.PageFile)} (the same as JSON: {SubjectAccessJob.JsonFile} beside it)").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
