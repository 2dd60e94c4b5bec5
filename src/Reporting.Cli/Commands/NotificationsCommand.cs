using System.CommandLine;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Cli.Commands;

/// <summary>
/// <c>reporting notifications</c>: the ledger of a week, so that IT can say whether a manager was told; what a restore
/// holds back; and a person's decision on it (<c>release</c>, <c>dismiss</c>).
/// </summary>
internal static class NotificationsCommand
{
    public static Command Create(CliConsole console)
    {
        var (week, month) = Periods.WeekOrMonth();
        var command = new Command("notifications", "List a week's (or a month's) notifications from the ledger: recipient, status (prepared, sending, sent, failed, withheld), attempts, when sent, provider message id, last error; first, any period held back since a restore.") { week, month };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (Periods.ReadWeekOrMonth(parse.GetValue(week), parse.GetValue(month), console) is not { } chosen)
            {
                return 1;
            }

            var job = console.Job<DeliveryJob>();
            await WithheldAsync(console, job, cancellationToken).ConfigureAwait(false);
            var records = await job.ListAsync(chosen, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"{chosen}: {Counted.Of(records.Count, "notification")}, {records.Count(r => r.Status == DeliveryStatus.Sent)} sent").ConfigureAwait(false);
            foreach (var record in records.OrderBy(r => r.Key.ToString(), StringComparer.Ordinal))
            {
                var when = record.SentAt is { } sentAt ? $" at {sentAt:yyyy-MM-dd HH:mm} UTC" : record.HeldUntil is { } until ? $" until {until:yyyy-MM-dd HH:mm:ss} UTC" : "";
                var error = record.LastError is null ? "" : $"; last error ({Vocabulary.Code(record.LastFailure ?? SendFailure.Transient)}): {record.LastError}";
                await console.Out.WriteLineAsync($"  {Vocabulary.Code(record.Key.Kind),-17} {record.Key.To}: {Vocabulary.Code(record.Status)}{when}, {Counted.Of(record.Attempts, "attempt")}, id {record.ProviderMessageId ?? "-"}{error}").ConfigureAwait(false);
            }

            return 0;
        });
        command.Subcommands.Add(Decide(console, dismiss: false));
        command.Subcommands.Add(Decide(console, dismiss: true));
        return command;
    }

    /// <summary>The periods held back since a restore, each with what it holds back; nothing when none is.</summary>
    private static async Task WithheldAsync(CliConsole console, DeliveryJob job, CancellationToken cancellationToken)
    {
        var withheld = await job.WithheldAsync(cancellationToken).ConfigureAwait(false);
        if (withheld.Count == 0)
        {
            return;
        }

        await console.Out.WriteLineAsync($"held back until a person releases them, because {withheld[0].Period.Reason}:").ConfigureAwait(false);
        foreach (var (period, records) in withheld)
        {
            await console.Out.WriteLineAsync(records.Count == 0
                ? $"  {period.Period}: nothing prepared yet; what is prepared will be held back too"
                : $"  {period.Period}: {Counted.Of(records.Count, "notification")} held back").ConfigureAwait(false);
        }

        await console.Out.WriteLineAsync("`reporting notifications release --week W` (or --month M) lists what it would release to be sent, and releases it with --yes; `reporting notifications dismiss` records instead that they went before the loss").ConfigureAwait(false);
    }

    /// <summary><c>release</c> and <c>dismiss</c>: a person's decision on a period held back since a restore.</summary>
    private static Command Decide(CliConsole console, bool dismiss)
    {
        var week = Periods.Week("The ISO week held back, e.g. 2026-W47.");
        var month = Periods.Month("A month held back instead, yyyy-MM: its leadership digests.");
        var to = new Option<string[]>("--to") { Description = "Only the notifications to these recipients (an address, or a Teams channel's key); by default every one held back.", AllowMultipleArgumentsPerToken = true };
        var yes = new Option<bool>("--yes") { Description = dismiss ? "Record them as never to be sent. Without it, the command lists them and changes nothing." : "Release them. Without it, the command lists what it would send and changes nothing." };
        var command = new Command(
            dismiss ? "dismiss" : "release",
            dismiss
                ? "Record that a period's notifications held back since a restore went before the storage was lost, so that none is sent: each listed first, recorded with --yes."
                : "Release a period's notifications held back since a restore, to be sent like any other: each listed first, released with --yes; then the delivery sweep (or `reporting deliver`) sends them.")
        { week, month, to, yes };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(week) is null && parse.GetValue(month) is null)
            {
                await console.Error.WriteLineAsync("give the period held back: --week 2026-W47 or --month 2026-10 (`reporting notifications` lists them)").ConfigureAwait(false);
                return 1;
            }

            if (Periods.ReadWeekOrMonth(parse.GetValue(week), parse.GetValue(month), console) is not { } chosen)
            {
                return 1;
            }

            var job = console.Job<DeliveryJob>();
            var recipients = parse.GetValue(to) is { Length: > 0 } given ? given : null;
            var held = (await job.WithheldAsync(cancellationToken).ConfigureAwait(false)).Where(w => w.Period.Period == chosen).ToList();
            if (held.Count == 0)
            {
                await console.Error.WriteLineAsync($"{chosen} is not held back: its notifications go as usual (`reporting notifications {Periods.Options(chosen)}` lists them)").ConfigureAwait(false);
                return 1;
            }

            var records = held[0].Withheld.Where(r => recipients is null || recipients.Contains(r.Key.To.Address, StringComparer.OrdinalIgnoreCase)).ToList();
            if (recipients is not null && records.Count == 0)
            {
                await console.Error.WriteLineAsync($"{chosen} holds back nothing to {string.Join(", ", recipients)}; nothing was changed").ConfigureAwait(false);
                return 1;
            }

            if (!parse.GetValue(yes))
            {
                await console.Out.WriteLineAsync(records.Count == 0
                    ? $"{chosen} is held back and nothing of it is prepared yet: {(dismiss ? "dismissing" : "releasing")} it lets the jobs prepare and send it as usual; nothing was changed. Run again with --yes to do it."
                    : dismiss
                        ? $"would record {Counted.Of(records.Count, "notification")} of {chosen} as gone before the loss, never to be sent:"
                        : $"would release {Counted.Of(records.Count, "notification")} of {chosen} to be sent:").ConfigureAwait(false);
                foreach (var record in records)
                {
                    await console.Out.WriteLineAsync($"  {NotificationKinds.Describe(record.Key.Kind)} to {record.Key.To}: {record.Subject}").ConfigureAwait(false);
                }

                if (records.Count > 0)
                {
                    await console.Out.WriteLineAsync("nothing was changed. Run again with --yes to do it.").ConfigureAwait(false);
                }

                return 0;
            }

            var decided = await job.ReleaseAsync(chosen, recipients, dismiss, cancellationToken).ConfigureAwait(false);
            var them = decided.Count == 1 ? "it" : "them";
            var swept = DeliverySweep.PeriodsOn(Periods.Today(console)).Contains(chosen)
                ? $"the delivery sweep sends {them} within a quarter of an hour in Azure, or `reporting deliver {Periods.Options(chosen)}` now"
                : $"`reporting deliver {Periods.Options(chosen)}` sends {them} (the delivery sweep sends only this and last week's and month's)";
            await console.Out.WriteLineAsync(dismiss
                ? $"{chosen}: {Counted.Of(decided.Count, "notification")} recorded as gone before the loss; none will be sent"
                : decided.Count == 0
                    ? $"{chosen} is no longer held back: what is prepared of it is sent as usual"
                    : $"{chosen}: {Counted.Of(decided.Count, "notification")} released; {swept}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
