using System.CommandLine;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Jobs.Weekly;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting show-week</c>: a stored week's evaluation.</summary>
internal static class ShowWeekCommand
{
    public static Command Create(CliConsole console)
    {
        var week = Periods.Week("The ISO week to show, e.g. 2026-W47; by default this week.");
        var format = new Option<string>("--format") { Description = "table, for a person; json, the evaluation contract.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("show-week", "Show a week's stored evaluation, with statuses and weeks in breach from stored history.") { week, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (Periods.ReadWeek(parse.GetValue(week), console) is not { } chosen)
            {
                return 1;
            }

            var stored = await console.Job<WeeklyJob>().ShowAsync(chosen, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                await console.Error.WriteLineAsync($"{chosen} has not been evaluated; run `reporting run-weekly --week {chosen}`.").ConfigureAwait(false);
                return 1;
            }

            if (parse.GetValue(format) == "json")
            {
                EvaluationJson.Write(stored.Evaluation, console.Bytes, stored: true);
            }
            else
            {
                EvaluationTable.Write(stored.Evaluation, console.Out, stored: true);
            }

            return 0;
        });
        return command;
    }
}
