using Azure;
using Azure.Data.Tables;

namespace Caseload.Reporting.Storage.Notifications;

/// <summary>A notification as the ledger records it.</summary>
/// <param name="Key">Its kind and recipient.</param>
/// <param name="Recipient">The address.</param>
/// <param name="Subject">The subject sent.</param>
/// <param name="Status">sending, sent or failed.</param>
/// <param name="Attempts">Attempts at sending, over every run.</param>
/// <param name="SentAt">When it was sent.</param>
/// <param name="ProviderMessageId">The provider's id for it (SendGrid's X-Message-Id, or the Message-ID).</param>
/// <param name="LastError">The last failure, without the recipient's data.</param>
public sealed record LedgerEntry(string Key, string Recipient, string Subject, string Status, int Attempts, DateTimeOffset? SentAt, string? ProviderMessageId, string? LastError);

/// <summary>A sender's hold on one notification, proven by the ETag of its ledger row.</summary>
/// <param name="Period">The period it is for (an ISO week or a month).</param>
/// <param name="Key">The notification's key within the period: its kind and recipient.</param>
/// <param name="ETag">The ledger row's ETag when the hold was taken.</param>
/// <param name="PriorAttempts">Attempts at sending it made by earlier runs.</param>
public sealed record LedgerHold(string Period, string Key, ETag ETag, int PriorAttempts);

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
    private const string Failed = "failed";

    /// <summary>Takes the hold on a notification; null when it was sent already or another run holds it.</summary>
    public async Task<LedgerHold?> HoldAsync(string period, string key, string recipient, string subject, CancellationToken cancellationToken = default)
    {
        // Each hold is named, so that a hold whose answer was lost (and whose retry met itself, 409) is known as
        // this run's own rather than taken for another run's: otherwise the email would never be sent.
        var holder = Guid.NewGuid().ToString("N");
        var row = new TableEntity(period, TableKey.Escape(key))
        {
            ["Status"] = Sending,
            ["Recipient"] = recipient,
            ["Subject"] = subject,
            ["HeldAt"] = time.GetUtcNow(),
            ["Attempts"] = 0,
            ["Holder"] = holder,
        };
        try
        {
            var added = await tables.Notifications.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            return new LedgerHold(period, key, added.Headers.ETag!.Value, 0);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }

        var existing = (await tables.Notifications.GetEntityAsync<TableEntity>(period, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        if (existing.GetString("Status") == Sending && existing.GetString("Holder") == holder)
        {
            return new LedgerHold(period, key, existing.ETag, existing.GetInt32("Attempts") ?? 0);
        }

        if (existing.GetString("Status") is Sent or Failed || existing.GetDateTimeOffset("HeldAt") + Lease > time.GetUtcNow())
        {
            return null;
        }

        var prior = existing.GetInt32("Attempts") ?? 0;
        row["Attempts"] = prior;
        row["LastError"] = existing.GetString("LastError");
        try
        {
            var taken = await tables.Notifications.UpdateEntityAsync(row, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return new LedgerHold(period, key, taken.Headers.ETag!.Value, prior);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return null;
        }
    }

    /// <summary>Records the held notification as sent, with the provider's message id.</summary>
    public Task RecordSentAsync(LedgerHold hold, string providerMessageId, int attempts, CancellationToken cancellationToken = default) =>
        RecordAsync(hold, new TableEntity { ["Status"] = Sent, ["SentAt"] = time.GetUtcNow(), ["ProviderMessageId"] = providerMessageId }, attempts, cancellationToken);

    /// <summary>
    /// Records a failed send. A permanent failure is final for the period (IT fixes the address and the next period
    /// goes); a transient one releases the hold so that the next run, or the queue's redelivery, tries again.
    /// </summary>
    public Task RecordFailedAsync(LedgerHold hold, string error, int attempts, bool permanent, CancellationToken cancellationToken = default)
    {
        var row = new TableEntity { ["Status"] = permanent ? Failed : Sending, ["LastError"] = error };
        if (!permanent)
        {
            // Released, not left to lapse: a queue redelivers at once, and that redelivery must be able to send.
            row["HeldAt"] = time.GetUtcNow() - Lease;
        }

        return RecordAsync(hold, row, attempts, cancellationToken);
    }

    /// <summary>Every notification of a period, as the ledger holds it: was this manager told?</summary>
    public async Task<IReadOnlyList<LedgerEntry>> ListAsync(string period, CancellationToken cancellationToken = default)
    {
        var entries = new List<LedgerEntry>();
        await foreach (var row in tables.Notifications.QueryAsync<TableEntity>(r => r.PartitionKey == period, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new LedgerEntry(
                TableKey.Unescape(row.RowKey), row.GetString("Recipient"), row.GetString("Subject"), row.GetString("Status"),
                row.GetInt32("Attempts") ?? 0, row.GetDateTimeOffset("SentAt"), row.GetString("ProviderMessageId"), row.GetString("LastError")));
        }

        return entries;
    }

    private async Task RecordAsync(LedgerHold hold, TableEntity row, int attempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        row.PartitionKey = hold.Period;
        row.RowKey = TableKey.Escape(hold.Key);
        row["Attempts"] = hold.PriorAttempts + attempts;
        await tables.Notifications.UpdateEntityAsync(row, hold.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }
}
