using System.CommandLine;
using Caseload.Reporting.Storage.Notifications;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting notifications</c>: the ledger of a week, so that IT can say whether a manager was told.</summary>
internal static class NotificationsCommand
{
    public static Command Create(CliConsole console)
    {
        var week = WeekOption.Create("The ISO week, e.g. 2026-W47; by default this week.");
        var month = new Option<string?>("--month") { Description = "A month instead, yyyy-MM: its leadership digests." };
        var command = new Command("notifications", "List a week's (or a month's) notifications from the ledger: recipient, status, attempts, when sent, provider message id, last error.") { week, month };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var inputs = new Inputs(console);
            var period = parse.GetValue(month) is { } monthText
                ? inputs.Month(monthText, "--month") is { } chosenMonth ? Email.Monthly.LeadershipDigest.PeriodOf(chosenMonth) : null
                : WeekOption.Read(parse.GetValue(week), console)?.ToString();
            if (period is null)
            {
                return inputs.Rejected ? inputs.Fail() : 1;
            }

            if (await Settings.ConnectAsync(console, cancellationToken).ConfigureAwait(false) is not { } tables)
            {
                return 1;
            }

            var chosen = period;
            var entries = await new NotificationLedger(tables, console.Time).ListAsync(period, cancellationToken).ConfigureAwait(false);
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
