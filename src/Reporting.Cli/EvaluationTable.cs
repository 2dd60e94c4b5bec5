using System.Globalization;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Cli;

/// <summary>An evaluation as a person reads it in a terminal: a line per team, then who is over and who is back within.</summary>
internal static class EvaluationTable
{
    private const int Listed = 20;

    public static void Write(CaseloadEvaluation evaluation, TextWriter output)
    {
        var culture = CultureInfo.InvariantCulture;
        var weighted = evaluation.LimitOn == LimitOn.Weighted;
        output.WriteLine($"Caseloads as at {evaluation.AsOf:yyyy-MM-dd} (week {evaluation.Week}), policy {evaluation.PolicyVersion}");
        output.WriteLine();

        var nameWidth = Math.Max(20, evaluation.Teams.Select(t => t.Name.Length + t.TeamId.Length + 3).DefaultIfEmpty(0).Max());
        output.WriteLine($"{"Team".PadRight(nameWidth)}  {"Type",-17} {"Holders",7} {"Average",7} {"Per FTE",7} {"Over",5} {"Unallocated",11}");
        foreach (var team in evaluation.Teams)
        {
            Row(output, $"{team.Name} ({team.TeamId})".PadRight(nameWidth), Vocabulary.Code(team.TeamType), team.Figures);
        }

        Row(output, "All teams".PadRight(nameWidth), "", evaluation.Totals);

        var byTeam = evaluation.Workers.ToLookup(w => w.TeamId);
        var breaches = evaluation.Workers.Where(w => w.InBreach).ToList();
        output.WriteLine();
        output.WriteLine($"Over their limit: {breaches.Count}");
        foreach (var team in evaluation.Teams.Where(t => byTeam[t.TeamId].Any(w => w.InBreach)))
        {
            output.WriteLine($"  {team.Name} ({team.TeamId})");
            foreach (var worker in byTeam[team.TeamId].Where(w => w.InBreach).OrderByDescending(w => w.OverBy))
            {
                var load = weighted ? worker.WeightedLoad.ToString("0.0", culture) : worker.Caseload.ToString(culture);
                var since = worker.Status == BreachStatus.New ? "new this week" : $"{worker.WeeksInBreach} weeks";
                var marks = (worker.Asye ? " ASYE" : "") + (worker.Fte < 1 ? $" {worker.Fte.ToString("0.##", culture)} FTE" : "");
                var followUp = worker.FollowUp switch
                {
                    { Action: { } action, InDate: true } => $"; {Vocabulary.Code(action.Kind)} until {action.Until:yyyy-MM-dd}",
                    { Action: { } action } => $"; {Vocabulary.Code(action.Kind)} until {action.Until:yyyy-MM-dd}, not in date",
                    _ => "",
                } + (worker.FollowUp.Escalation is { } escalation ? $"; escalated to {Vocabulary.Code(escalation).Replace('_', ' ')}" : "");
                output.WriteLine($"    {worker.Name} ({worker.WorkerId}){marks}: {load} against {worker.Limit:0.##}, over by {worker.OverBy:0.#}, {Vocabulary.Code(worker.Band)}, {since}{followUp}");
            }
        }

        var resolved = evaluation.Workers.Where(w => w.Status == BreachStatus.Resolved).ToList();
        if (resolved.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Back within their limit: {resolved.Count}");
            output.WriteLine($"  {string.Join(", ", resolved.Select(w => $"{w.Name} ({w.WorkerId})"))}");
        }

        if (evaluation.DataQuality.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Data quality: {evaluation.DataQuality.Count} warning(s)");
            foreach (var warning in evaluation.DataQuality.Take(Listed))
            {
                output.WriteLine($"  {warning}");
            }

            if (evaluation.DataQuality.Count > Listed)
            {
                output.WriteLine($"  ... and {evaluation.DataQuality.Count - Listed} more (--format json lists them all)");
            }
        }
    }

    private static void Row(TextWriter output, string name, string type, CaseloadFigures figures) =>
        output.WriteLine(
            $"{name}  {type,-17} {figures.CaseHolders,7} {figures.AverageCaseload,7:0.0} {figures.CasesPerFte,7:0.0} {figures.WorkersOverLimit,5} {figures.Unallocated,11}");
}
