using Azure;
using Azure.Data.Tables;

namespace Caseload.Reporting.Storage.Notifications;

/// <summary>A sender's hold on one notification, proven by the ETag of its ledger row.</summary>
/// <param name="Period">The period it is for (an ISO week or a month).</param>
/// <param name="Key">The notification's key within the period: its kind and recipient.</param>
/// <param name="ETag">The ledger row's ETag when the hold was taken.</param>
/// <param name="Attempt">Which attempt at sending this is, from 1.</param>
public sealed record LedgerHold(string Period, string Key, ETag ETag, int Attempt);

/// <summary>
/// Who was told what, for which period: the dedup and record stages of sending. A notification is sent only by the
/// run that holds its row; once recorded as sent it is never sent again. A hold not finished within
/// <see cref="Lease"/> (a crash mid-send) may be taken over, and the sender's own idempotency makes that resend safe.
/// </summary>
public sealed class NotificationLedger(ReportingTables tables, TimeProvider time)
{
    /// <summary>How long a hold lasts before another run may take it over.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    private const string Sending = "sending";
    private const string Sent = "sent";

    /// <summary>Takes the hold on a notification; null when it was sent already or another run holds it.</summary>
    public async Task<LedgerHold?> HoldAsync(string period, string key, string recipient, string subject, CancellationToken cancellationToken = default)
    {
        var row = new TableEntity(period, TableKey.Escape(key))
        {
            ["Status"] = Sending,
            ["Recipient"] = recipient,
            ["Subject"] = subject,
            ["HeldAt"] = time.GetUtcNow(),
            ["Attempts"] = 1,
        };
        try
        {
            var added = await tables.Notifications.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            return new LedgerHold(period, key, added.Headers.ETag!.Value, 1);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }

        var existing = (await tables.Notifications.GetEntityAsync<TableEntity>(period, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        if (existing.GetString("Status") == Sent || existing.GetDateTimeOffset("HeldAt") + Lease > time.GetUtcNow())
        {
            return null;
        }

        var attempt = (existing.GetInt32("Attempts") ?? 1) + 1;
        row["Attempts"] = attempt;
        try
        {
            var taken = await tables.Notifications.UpdateEntityAsync(row, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return new LedgerHold(period, key, taken.Headers.ETag!.Value, attempt);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return null;
        }
    }

    /// <summary>Records the held notification as sent.</summary>
    public async Task RecordSentAsync(LedgerHold hold, string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hold);
        var row = new TableEntity(hold.Period, TableKey.Escape(hold.Key))
        {
            ["Status"] = Sent,
            ["SentAt"] = time.GetUtcNow(),
            ["MessageId"] = messageId,
            ["Attempts"] = hold.Attempt,
        };
        await tables.Notifications.UpdateEntityAsync(row, hold.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every notification recorded as sent for a period, by key.</summary>
    public async Task<IReadOnlyList<string>> SentAsync(string period, CancellationToken cancellationToken = default)
    {
        var sent = new List<string>();
        await foreach (var row in tables.Notifications.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {period} and Status eq {Sent}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            sent.Add(TableKey.Unescape(row.RowKey));
        }

        return sent;
    }
}
