using System.CommandLine;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Notifications;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting deliver</c>: send what a period prepared and has not sent.</summary>
internal static class DeliverCommand
{
    public static Command Create(CliConsole console)
    {
        var (week, month) = Periods.WeekOrMonth();
        var command = new Command("deliver", "Send every prepared email of a week (or month) not yet sent: each is held in the ledger, sent with retries, and recorded; one sent before, or held by another run, is not sent again.") { week, month };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (Periods.ReadWeekOrMonth(parse.GetValue(week), parse.GetValue(month), console) is not { } chosen)
            {
                return 1;
            }

            var delivery = console.Job<DeliveryJob>();
            return await Report(await delivery.DeliverPeriodAsync(chosen, cancellationToken).ConfigureAwait(false), delivery.Destination, console).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Says what delivering a period did, and where to; 1 when anything was not sent.</summary>
    public static async Task<int> Report(DeliveryReport report, string destination, CliConsole console)
    {
        await console.Out.WriteLineAsync($"  emails: {report.Sent} sent, {report.AlreadySent} already sent, {report.InFlight} in flight, {(report.Withheld > 0 ? $"{report.Withheld} held back since a restore (reporting notifications), " : "")}{report.NotSent.Count} not sent; {destination}").ConfigureAwait(false);
        foreach (var inFlight in report.Deliveries.Where(d => d.Outcome == DeliveryOutcome.InFlight))
        {
            await console.Out.WriteLineAsync($"  in flight: {NotificationKinds.Describe(inFlight.Key.Kind)} to {inFlight.Key.To}, held by another run{(inFlight.HeldUntil is { } until ? $" until {until:HH:mm:ss} UTC" : "")}; run again after that if it is not sent").ConfigureAwait(false);
        }

        foreach (var failed in report.NotSent)
        {
            await console.Error.WriteLineAsync($"  not sent ({failed.Outcome}): {NotificationKinds.Describe(failed.Key.Kind)} to {failed.Key.To}: {failed.Error}").ConfigureAwait(false);
        }

        if (report.Misconfiguration is { } problem)
        {
            await console.Error.WriteLineAsync($"stopped: {problem}").ConfigureAwait(false);
            await console.Error.WriteLineAsync($"Nothing was recorded as failed: once it is fixed, `reporting deliver {Periods.Options(report.Period)}` sends every email not sent.").ConfigureAwait(false);
        }

        return report.NotSent.Count == 0 ? 0 : 1;
    }
}
