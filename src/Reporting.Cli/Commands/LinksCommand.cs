using System.CommandLine;
using Caseload.Reporting.Jobs.Actions;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting links withdraw</c>: stop breach links working before they expire.</summary>
internal static class LinksCommand
{
    public static Command Create(CliConsole console)
    {
        var week = Periods.Week("The ISO week the links were sent for, e.g. 2026-W47; with --manager, that week and every one before it; by default this week.");
        var worker = new Option<string?>("--worker") { Description = "The worker (worker_id) whose breach page's links to withdraw." };
        var manager = new Option<string?>("--manager") { Description = "The manager's email address: every link sent to them is withdrawn." };
        var by = new Option<string>("--by") { Description = "Who is withdrawing them, kept with the withdrawal.", DefaultValueFactory = _ => Environment.UserName };
        var withdraw = new Command("withdraw", "Withdraw breach links at once: one worker's of a week (--worker), or every one sent to a manager (--manager). A withdrawn link opens a page saying so.")
        {
            week, worker, manager, by,
        };
        withdraw.SetAction(async (parse, cancellationToken) =>
        {
            var (who, address) = (parse.GetValue(worker), parse.GetValue(manager));
            if ((who is null) == (address is null))
            {
                await console.Error.WriteLineAsync("give --worker ID or --manager ADDRESS, one of them").ConfigureAwait(false);
                return 1;
            }

            if (Periods.ReadWeek(parse.GetValue(week), console) is not { } chosen)
            {
                return 1;
            }

            var done = await console.Job<ActionJob>().WithdrawAsync(chosen, who, address, parse.GetValue(by)!, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync(done).ConfigureAwait(false);
            return 0;
        });
        return new Command("links", "The signed links of the breach pages.") { withdraw };
    }
}
