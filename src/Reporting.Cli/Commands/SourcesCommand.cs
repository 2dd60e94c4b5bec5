using System.CommandLine;
using Caseload.Reporting.Jobs.Pull;
using Caseload.Reporting.Sources;
using Caseload.Reporting.Jobs.Settings;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting sources set|show</c> and <c>reporting pull</c>: where the council's snapshots come from.</summary>
internal static class SourcesCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<FileInfo>("sources.json") { Description = "The sources document to make current." };
        var set = new Command("set", "Store a sources version and make it current.") { file };
        set.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await console.Error.WriteLineAsync($"{path}: the sources file does not exist").ConfigureAwait(false);
                return 1;
            }

            var document = await File.ReadAllTextAsync(path.FullName, cancellationToken).ConfigureAwait(false);
            try
            {
                SourceDocument.Parse(document, path.ToString());
            }
            catch (InvalidInputException e)
            {
                foreach (var problem in e.Problems)
                {
                    await console.Error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
                }

                return 1;
            }

            var stored = await console.Job<SettingsJob>().SetSourcesAsync(document, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"current sources: version {stored.List.Version}: {string.Join(", ", stored.List.Sources.Select(s => s.Id))}").ConfigureAwait(false);
            return 0;
        });

        var show = new Command("show", "Print the current sources document.");
        show.SetAction(async (parse, cancellationToken) =>
        {
            if (await console.Job<SettingsJob>().SourcesAsync(cancellationToken).ConfigureAwait(false) is not { } current)
            {
                await console.Error.WriteLineAsync("no sources have been set; set them with `reporting sources set sources.json`").ConfigureAwait(false);
                return 1;
            }

            await console.Out.WriteLineAsync($"version {current.List.Version}, set {current.SetAt:yyyy-MM-dd HH:mm} UTC:{Environment.NewLine}{current.Document}").ConfigureAwait(false);
            return 0;
        });

        return new Command("sources", "Where the council's snapshots are pulled from (sources.json).") { set, show };
    }

    public static Command Pull(CliConsole console)
    {
        var source = new Option<string?>("--source") { Description = "Pull only this source; by default every source." };
        var command = new Command("pull", "Pull new extracts from the sources: download, validate, store once; a refused extract is recorded and reported to Reporting:Email:DataTeamTo once.") { source };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var results = await console.Job<PullJob>().PullAsync(parse.GetValue(source), cancellationToken).ConfigureAwait(false);
                foreach (var result in results)
                {
                    await console.Out.WriteLineAsync($"{result.SourceId} {(result.Extract.Length == 0 ? "(folder)" : result.Extract)}: {result.Outcome}{(result.SnapshotId is { } id ? $" {id}" : "")}{(result.Problems.Count > 0 ? $", {Counted.Of(Problem.Total(result.Problems), "problem")}" : "")}").ConfigureAwait(false);
                    foreach (var problem in result.Problems)
                    {
                        await console.Error.WriteLineAsync($"  {problem}").ConfigureAwait(false);
                    }
                }

                if (results.Count == 0)
                {
                    await console.Out.WriteLineAsync("nothing new to pull").ConfigureAwait(false);
                }

                return results.Any(r => r.Outcome == PullOutcome.Refused) ? 1 : 0;
            }
            catch (Exception e) when (e is InvalidOperationException or PullFailedException)
            {
                await console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }
}
