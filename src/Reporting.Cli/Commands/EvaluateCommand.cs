using System.CommandLine;
using Caseload.Reporting.Evaluation;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting evaluate</c>: who is over their caseload limit in a snapshot.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliConsole console)
    {
        var snapshot = new Argument<DirectoryInfo>("snapshot-dir") { Description = "The snapshot folder (teams.csv, workers.csv, allocations.csv, snapshot.json)." };
        var policy = new Option<FileInfo?>("--policy") { Description = "The council's policy.json; without it, the built-in defaults." };
        var previous = new Option<DirectoryInfo?>("--previous") { Description = "The previous week's snapshot folder, for new / continuing / resolved." };
        var asOf = new Option<string?>("--as-of") { Description = "The date the data describes (yyyy-MM-dd), overriding snapshot.json." };
        var format = new Option<string>("--format") { Description = "table, for a person; json, the evaluation contract.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");

        var command = new Command("evaluate", "Evaluate a snapshot against the policy: every worker's caseload, limit, band and breach status.")
        {
            snapshot, policy, previous, asOf, format,
        };
        command.SetAction(parse =>
        {
            var inputs = new Inputs(console);
            var date = inputs.Date(parse.GetValue(asOf), "--as-of");
            var rules = inputs.Policy(parse.GetValue(policy));
            var current = inputs.Snapshot(parse.GetValue(snapshot)!, date);
            var before = parse.GetValue(previous) is { } folder ? inputs.Snapshot(folder, null) : null;
            if (inputs.Rejected)
            {
                return inputs.Fail();
            }

            var lastWeek = before is null ? null : CaseloadEvaluation.Evaluate(CaseloadSummary.Of(before), rules);
            var evaluation = CaseloadEvaluation.Evaluate(CaseloadSummary.Of(current!), rules, lastWeek);
            if (parse.GetValue(format) == "json")
            {
                EvaluationJson.Write(evaluation, console.Bytes);
            }
            else
            {
                EvaluationTable.Write(evaluation, console.Out);
            }

            return 0;
        });
        return command;
    }
}
