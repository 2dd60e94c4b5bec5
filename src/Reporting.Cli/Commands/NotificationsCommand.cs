using System.CommandLine;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting notifications</c>: the ledger of a week, so that IT can say whether a manager was told.</summary>
internal static class NotificationsCommand
{
    public static Command Create(CliConsole console)
    {
        var (week, month) = Periods.WeekOrMonth();
        var command = new Command("notifications", "List a week's (or a month's) notifications from the ledger: recipient, status (prepared, sending, sent, failed), attempts, when sent, provider message id, last error.") { week, month };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (Periods.ReadWeekOrMonth(parse.GetValue(week), parse.GetValue(month), console) is not { } chosen)
            {
                return 1;
            }

            var records = await console.Job<DeliveryJob>().ListAsync(chosen, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"{chosen}: {Counted.Of(records.Count, "notification")}, {records.Count(r => r.Status == Notifications.DeliveryStatus.Sent)} sent").ConfigureAwait(false);
            foreach (var record in records.OrderBy(r => r.Key.ToString(), StringComparer.Ordinal))
            {
                var when = record.SentAt is { } sentAt ? $" at {sentAt:yyyy-MM-dd HH:mm} UTC" : record.HeldUntil is { } until ? $" until {until:yyyy-MM-dd HH:mm:ss} UTC" : "";
                var error = record.LastError is null ? "" : $"; last error ({Vocabulary.Code(record.LastFailure ?? Notifications.SendFailure.Transient)}): {record.LastError}";
                await console.Out.WriteLineAsync($"  {Vocabulary.Code(record.Key.Kind),-17} {record.Key.To}: {Vocabulary.Code(record.Status)}{when}, {Counted.Of(record.Attempts, "attempt")}, id {record.ProviderMessageId ?? "-"}{error}").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
