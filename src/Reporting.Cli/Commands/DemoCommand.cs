using System.CommandLine;
using Caseload.Reporting.Cli.Synthetic;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Policies;
using NodaTime;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting demo</c>: the weekly evaluation end to end on a synthetic council.</summary>
internal static class DemoCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Where the demo writes its snapshots and evaluations.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "demo")) };
        var weeks = new Option<int>("--weeks") { Description = "How many weeks to run.", DefaultValueFactory = _ => 8 };
        var command = new Command("demo", "Generate a synthetic council and evaluate it week by week, as the weekly job does; prints the last week and where to look.")
        {
            output, weeks,
        };
        command.SetAction(parse =>
        {
            var root = parse.GetValue(output)!.FullName;
            var snapshots = Path.Combine(root, "snapshots");
            var evaluations = Path.Combine(root, "evaluations");
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            Directory.CreateDirectory(evaluations);
            var folders = SyntheticCouncil.Write(new CouncilOptions(1, Math.Max(1, parse.GetValue(weeks)), 145, new LocalDate(2026, 9, 7)), snapshots);
            CaseloadEvaluation? previous = null;
            foreach (var folder in folders)
            {
                var evaluation = CaseloadEvaluation.Evaluate(CaseloadSummary.Of(SnapshotReader.Read(folder)), Policy.Default, previous);
                using (var file = File.Create(Path.Combine(evaluations, $"{evaluation.Week}.json")))
                {
                    EvaluationJson.Write(evaluation, file);
                }

                console.Out.WriteLine($"{evaluation.Week}: average caseload {evaluation.Totals.AverageCaseload:0.0}, {evaluation.Totals.WorkersOverLimit} over their limit, {evaluation.Workers.Count(w => w.Status == BreachStatus.Resolved)} back within, {evaluation.Totals.Unallocated} unallocated");
                previous = evaluation;
            }

            console.Out.WriteLine();
            EvaluationTable.Write(previous!, console.Out);
            console.Out.WriteLine();
            console.Out.WriteLine($"Snapshots (one folder a week):  {snapshots}");
            console.Out.WriteLine($"Evaluations (the JSON contract): {evaluations}");
            console.Out.WriteLine($"Try: dotnet run --project src/Reporting.Cli -- evaluate {folders[^1]} --previous {folders[Math.Max(0, folders.Count - 2)]}");
            return 0;
        });
        return command;
    }
}
