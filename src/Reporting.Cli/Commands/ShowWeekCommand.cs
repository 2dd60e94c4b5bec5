using System.CommandLine;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Storage.Evaluations;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting show-week</c>: a stored week's evaluation.</summary>
internal static class ShowWeekCommand
{
    public static Command Create(CliConsole console)
    {
        var week = WeekOption.Create("The ISO week to show, e.g. 2026-W47; by default this week.");
        var format = new Option<string>("--format") { Description = "table, for a person; json, the evaluation contract.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("show-week", "Show a week's stored evaluation, with statuses and weeks in breach from stored history.") { week, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (WeekOption.Read(parse.GetValue(week), console) is not { } chosen
                || await Settings.ConnectAsync(console, cancellationToken).ConfigureAwait(false) is not { } tables)
            {
                return 1;
            }

            var stored = await new EvaluationStore(tables, console.Time).LoadAsync(chosen, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                await console.Error.WriteLineAsync($"{chosen} has not been evaluated; run `reporting run-weekly --week {chosen}`.").ConfigureAwait(false);
                return 1;
            }

            if (parse.GetValue(format) == "json")
            {
                EvaluationJson.Write(stored.Evaluation, console.Bytes);
            }
            else
            {
                EvaluationTable.Write(stored.Evaluation, console.Out);
            }

            return 0;
        });
        return command;
    }
}
