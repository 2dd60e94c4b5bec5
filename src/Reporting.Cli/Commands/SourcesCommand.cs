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
        var command = new Command("pull", "Pull new extracts from every source (or one): download, validate, store once; a refused extract is recorded and reported to Reporting:Email:DataTeamTo once. A source that cannot be pulled is named with why, and the others are pulled all the same; exit 1 when any failed or an extract was refused.") { source };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var pulls = await console.Job<PullJob>().PullEachAsync(parse.GetValue(source), cancellationToken).ConfigureAwait(false);
            foreach (var pull in pulls)
            {
                await console.Out.WriteLineAsync(pull.Failure is { } failure
                    ? $"{pull.Source}: not pulled: {failure}"
                    : pull.Results.Count == 0
                        ? $"{pull.Source}: nothing new"
                        : $"{pull.Source}: {string.Join("; ", pull.Results.Select(Line))}").ConfigureAwait(false);
                foreach (var problem in pull.Results.SelectMany(r => r.Problems))
                {
                    await console.Error.WriteLineAsync($"  {problem}").ConfigureAwait(false);
                }
            }

            return pulls.Any(p => p.Failure is not null || p.Results.Any(r => r.Outcome == PullOutcome.Refused)) ? 1 : 0;
        });
        return command;
    }

    /// <summary>An extract pulled, in words: "2026-11-16 stored as 2026-11-16.ab12…", "2026-11-23 refused (3 problems)".</summary>
    private static string Line(PullResult result)
    {
        var extract = result.Extract.Length == 0 ? "the folder" : result.Extract;
        return result.Outcome switch
        {
            PullOutcome.Ingested => $"{extract} stored as {result.SnapshotId}",
            PullOutcome.AlreadyStored => $"{extract} already stored as {result.SnapshotId}",
            _ => $"{extract} refused ({Counted.Of(Problem.Total(result.Problems), "problem")}, below)",
        };
    }
}
