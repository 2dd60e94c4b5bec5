using System.CommandLine;
using Caseload.Reporting.Storage.Notifications;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting notifications</c>: the ledger of a week, so that IT can say whether a manager was told.</summary>
internal static class NotificationsCommand
{
    public static Command Create(CliConsole console)
    {
        var week = WeekOption.Create("The ISO week, e.g. 2026-W47; by default this week.");
        var command = new Command("notifications", "List a week's notifications from the ledger: recipient, status, attempts, when sent, provider message id, last error.") { week };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (WeekOption.Read(parse.GetValue(week), console) is not { } chosen
                || await Settings.ConnectAsync(console, cancellationToken).ConfigureAwait(false) is not { } tables)
            {
                return 1;
            }

            var entries = await new NotificationLedger(tables, console.Time).ListAsync(chosen.ToString(), cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"{chosen}: {entries.Count} notification(s), {entries.Count(e => e.Status == "sent")} sent").ConfigureAwait(false);
            foreach (var entry in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                var when = entry.SentAt is { } sentAt ? $" at {sentAt:yyyy-MM-dd HH:mm} UTC" : "";
                var error = entry.LastError is null ? "" : $"; last error: {entry.LastError}";
                await console.Out.WriteLineAsync($"  {entry.Key.Split('|')[0],-16} {entry.Recipient}: {entry.Status}{when}, {entry.Attempts} attempt(s), id {entry.ProviderMessageId ?? "-"}{error}").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
