using System.Globalization;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Cli;

/// <summary>An evaluation as a person reads it in a terminal: a line per team, then who is over and who is back within.</summary>
internal static class EvaluationTable
{
    private const int Listed = 20;

    /// <param name="evaluation">The evaluation.</param>
    /// <param name="output">Where to.</param>
    /// <param name="stored">A stored week's: each team's trend from the stored weeks is shown too.</param>
    public static void Write(CaseloadEvaluation evaluation, TextWriter output, bool stored = false)
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
                var since = worker.Status == BreachStatus.New && worker.OverSince is null ? "new this week" : Content.Weekly.BreachAge.Of(worker);
                var marks = (worker.Asye ? " ASYE" : "") + (worker.Fte < 1 ? $" {worker.Fte.ToString("0.##", culture)} FTE" : "") + (worker.Absent ? " absent" : "");
                var followUp = worker.FollowUp switch
                {
                    { Action: { } action, InDate: true } => $"; {Vocabulary.Code(action.Kind)} until {action.Until:yyyy-MM-dd}",
                    { Action: { } action } => $"; {Vocabulary.Code(action.Kind)} until {action.Until:yyyy-MM-dd}, not in date",
                    _ => "",
                } + (worker.FollowUp.Escalation is { } escalation ? $"; escalated to {Vocabulary.Code(escalation).Replace('_', ' ')}" : "");
                output.WriteLine($"    {worker.Name} ({worker.WorkerId}){marks}: {load} against {worker.Limit:0.##}, over by {worker.OverBy:0.#}, {Vocabulary.Code(worker.Band)}, {since}{followUp}");
            }
        }

        Capacity(evaluation, output, stored, nameWidth, byTeam);

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
            output.WriteLine($"Data quality: {Counted.Of(Problem.Total(evaluation.DataQuality), "warning")}");
            foreach (var warning in evaluation.DataQuality.Take(Listed))
            {
                output.WriteLine($"  {warning}");
            }

            if (evaluation.DataQuality.Count > Listed)
            {
                output.WriteLine($"  ... and {Counted.Of(evaluation.DataQuality.Count - Listed, "more line", "more lines")} (--format json lists them all)");
            }
        }
    }

    /// <summary>Each team's capacity (capacity spec) and its suggested moves, named; the totals; with a stored week, the trend.</summary>
    private static void Capacity(CaseloadEvaluation evaluation, TextWriter output, bool stored, int nameWidth, ILookup<string, WorkerCaseload> byTeam)
    {
        var unit = evaluation.LimitOn == LimitOn.Weighted ? "weighted load" : "cases";
        output.WriteLine();
        output.WriteLine($"Capacity ({unit}): what each team could absorb, and the posts it would take");
        output.WriteLine($"{"Team".PadRight(nameWidth)}  {"Headroom",8} {"Excess",7} {"Cover",6} {"Shortfall",9} {"FTE needed",10}{(stored ? "  Trend" : "")}");
        foreach (var team in evaluation.Teams)
        {
            var c = team.Capacity;
            var trend = !stored ? "" : c.TrendPerWeek is not { } slope ? "  too few weeks"
                : $"  {slope:+0.0;-0.0;0.0}/week, {(c.WeeksToWithin is { } weeks ? $"within in {Counted.Of(weeks, "week")}" : "not coming down")}";
            output.WriteLine($"{$"{team.Name} ({team.TeamId})".PadRight(nameWidth)}  {c.Headroom,8:0.#} {c.Excess,7:0.#} {c.CoverNeeded,6:0.#} {c.Shortfall,9:0.#} {c.FteNeeded,10:0.0}{trend}");
            var names = byTeam[team.TeamId].ToDictionary(w => w.WorkerId, w => w.Name, StringComparer.Ordinal);
            foreach (var move in c.Moves)
            {
                output.WriteLine($"    suggest {Counted.Of(move.Cases, "case")} from {names[move.From]} ({move.From}) to {names[move.To]} ({move.To})");
            }
        }

        var total = evaluation.Capacity;
        output.WriteLine($"{"All teams".PadRight(nameWidth)}  {total.Headroom,8:0.#} {total.Excess,7:0.#} {total.CoverNeeded,6:0.#} {total.Shortfall,9:0.#} {total.FteNeeded,10:0.0}");
    }

    private static void Row(TextWriter output, string name, string type, CaseloadFigures figures) =>
        output.WriteLine(
            $"{name}  {type,-17} {figures.CaseHolders,7} {figures.AverageCaseload,7:0.0} {figures.CasesPerFte,7:0.0} {figures.WorkersOverLimit,5} {figures.Unallocated,11}");
}
