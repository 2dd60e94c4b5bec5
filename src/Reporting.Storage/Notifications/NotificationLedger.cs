using Azure;
using Azure.Data.Tables;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Storage.Notifications;

/// <summary>A run's hold on one notification: the record as held, and the ETag of its row.</summary>
/// <param name="Period">The period.</param>
/// <param name="Record">The record as this run holds it.</param>
/// <param name="ETag">Its row's ETag.</param>
public sealed record LedgerHold(ReportingPeriod Period, DeliveryRecord Record, ETag ETag);

/// <summary>
/// The delivery ledger, one partition a period and one row a notification: written as <c>prepared</c> when the
/// period is prepared (the period's manifest), then changed only by <see cref="DeliveryRecord"/>'s transitions,
/// each stored only if the row is still the one read.
/// </summary>
public sealed class NotificationLedger(ReportingStorage storage)
{
    /// <summary>
    /// The row of a period's partition saying it is withheld since a restore (<see cref="WithheldPeriod"/>): the
    /// period's own state in its ledger, read with its notifications. Escaped keys of notifications begin with their
    /// kind's code, never with a tilde.
    /// </summary>
    private const string WithheldRow = "~withheld";

    /// <summary>Every notification of a period, as the ledger holds it.</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ListAsync(ReportingPeriod period, CancellationToken cancellationToken = default) =>
        [.. (await ReadAsync(period, cancellationToken).ConfigureAwait(false)).Select(r => r.Record)];

    /// <summary>Every period the ledger holds notifications of, oldest first.</summary>
    public async Task<IReadOnlyList<ReportingPeriod>> PeriodsAsync(CancellationToken cancellationToken = default)
    {
        var periods = new HashSet<ReportingPeriod>();
        string? last = null;
        await foreach (var row in storage.Notifications.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.PartitionKey != last && ReportingPeriod.TryParse(row.PartitionKey, out var period))
            {
                periods.Add(period);
            }

            last = row.PartitionKey;
        }

        return [.. periods.OrderBy(p => p.Start).ThenBy(p => p.Month is null)];
    }

    /// <summary>Every notification of a period with its row's ETag, so that a run delivering the period holds each without reading it again.</summary>
    public async Task<IReadOnlyList<(DeliveryRecord Record, ETag ETag)>> ReadAsync(ReportingPeriod period, CancellationToken cancellationToken = default)
    {
        var records = new List<(DeliveryRecord, ETag)>();
        var partition = period.ToString();
        await foreach (var row in storage.Notifications.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey != WithheldRow)
            {
                records.Add((Read(row), row.ETag));
            }
        }

        return records;
    }

    /// <summary>Whether a period is withheld since a restore, and since which; null when it is not.</summary>
    public async Task<WithheldPeriod?> WithheldAsync(ReportingPeriod period, CancellationToken cancellationToken = default)
    {
        var row = await storage.Notifications.GetEntityIfExistsAsync<TableEntity>(period.ToString(), WithheldRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? Withheld(row.Value!) : null;
    }

    /// <summary>Every period withheld since a restore, oldest first.</summary>
    public async Task<IReadOnlyList<WithheldPeriod>> WithheldPeriodsAsync(CancellationToken cancellationToken = default)
    {
        var periods = new List<WithheldPeriod>();
        await foreach (var row in storage.Notifications.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {WithheldRow}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (Withheld(row) is { } period)
            {
                periods.Add(period);
            }
        }

        return [.. periods.OrderBy(p => p.Period.Month is not null).ThenBy(p => p.Period.Start)];
    }

    /// <summary>Withholds a period: what it holds, and whatever is prepared into it later, waits for a person (a restore does this first).</summary>
    public async Task WithholdAsync(WithheldPeriod period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        await storage.Notifications.UpsertEntityAsync(
            new TableEntity(period.Period.ToString(), WithheldRow) { ["Point"] = period.Point, ["PointTakenAt"] = period.PointTakenAt, ["RestoredAt"] = period.RestoredAt },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Lets go of a period's withholding, after a person released or dismissed each of its withheld notifications:
    /// from now on what is prepared into it goes as usual.
    /// </summary>
    public async Task EndWithholdingAsync(ReportingPeriod period, CancellationToken cancellationToken = default)
    {
        try
        {
            await storage.Notifications.DeleteEntityAsync(period.ToString(), WithheldRow, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    /// <summary>
    /// A ledger row as a restore writes it back: the record as the backup held it, withheld when it was still to
    /// send (<see cref="DeliveryRecord.Withhold"/>): it may have gone after the backup, before the loss.
    /// </summary>
    public static TableEntity Restored(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.RowKey == WithheldRow ? row : Write(row.PartitionKey, Read(row).Withhold());
    }

    /// <summary>Whether a backed-up ledger row is a notification still to send (its period is withheld by a restore).</summary>
    public static bool IsToSend(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.RowKey != WithheldRow && Read(row).IsToSend;
    }

    private static WithheldPeriod? Withheld(TableEntity row) =>
        ReportingPeriod.TryParse(row.PartitionKey, out var period)
            ? new WithheldPeriod(period, row.GetString("Point") ?? "", row.GetDateTimeOffset("PointTakenAt") ?? DateTimeOffset.MinValue, row.GetDateTimeOffset("RestoredAt") ?? DateTimeOffset.MinValue)
            : null;

    /// <summary>
    /// Writes the rows of prepared notifications that the ledger does not hold yet; a row already there (prepared,
    /// sending, sent or failed by an earlier attempt) is left as it is.
    /// </summary>
    public async Task AddAsync(ReportingPeriod period, IEnumerable<DeliveryRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var partition = period.ToString();
        var rows = records.Select(r => Write(partition, r)).ToList();
        foreach (var batch in rows.Chunk(PartitionBatch.MaxOperations))
        {
            try
            {
                await PartitionBatch.SubmitAsync(storage.Notifications, [.. batch.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r))], cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                // Some were written by an earlier attempt: add the rest one by one.
                foreach (var row in batch)
                {
                    try
                    {
                        await storage.Notifications.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                    }
                    catch (RequestFailedException added) when (added.Status == 409)
                    {
                    }
                }
            }
        }
    }

    /// <summary>One notification's record, or null when the period has none with that key.</summary>
    public async Task<(DeliveryRecord Record, ETag ETag)?> GetAsync(ReportingPeriod period, NotificationKey key, CancellationToken cancellationToken = default)
    {
        var row = await storage.Notifications.GetEntityIfExistsAsync<TableEntity>(period.ToString(), TableKey.Escape(key.ToString()), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? (Read(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Stores a transition of a record read with <paramref name="etag"/>; null when another run changed the row first.</summary>
    public async Task<ETag?> ChangeAsync(ReportingPeriod period, DeliveryRecord next, ETag etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            var response = await storage.Notifications.UpdateEntityAsync(Write(period.ToString(), next), etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // A write whose answer was lost and was tried again fails its ETag check although it was applied.
            return await GetAsync(period, next.Key, cancellationToken).ConfigureAwait(false) is { } now
                && (now.Record.Status, now.Record.Holder, now.Record.Attempts, now.Record.ProviderMessageId) == (next.Status, next.Holder, next.Attempts, next.ProviderMessageId)
                ? now.ETag : null;
        }
    }

    /// <summary>
    /// Stores transitions of up to 100 records of a period, each read with its ETag, in one transaction: all or none.
    /// Returns the new ETags in order, or null when none was stored (another run changed one of the rows first, or
    /// this run's own write was applied but its answer lost: the caller reads the rows again).
    /// </summary>
    public async Task<IReadOnlyList<ETag>?> ChangeAllAsync(ReportingPeriod period, IReadOnlyList<(DeliveryRecord Next, ETag ETag)> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var partition = period.ToString();
        var actions = changes.Select(c => new TableTransactionAction(TableTransactionActionType.UpdateReplace, Write(partition, c.Next), c.ETag)).ToList();
        try
        {
            return [.. (await PartitionBatch.SubmitAsync(storage.Notifications, actions, cancellationToken).ConfigureAwait(false)).Select(r => r.Headers.ETag!.Value)];
        }
        catch (TableTransactionFailedException e) when (e.Status == 412)
        {
            return null;
        }
    }

    private static TableEntity Write(string partition, DeliveryRecord record) => new TableEntity(partition, TableKey.Escape(record.Key.ToString()))
    {
        ["Kind"] = Vocabulary.Code(record.Key.Kind),
        ["Channel"] = record.Key.To.Channel,
        ["Recipient"] = record.Key.To.Address,
        ["About"] = record.Key.About,
        ["Subject"] = record.Subject,
        ["Content"] = record.Content,
        ["Status"] = Vocabulary.Code(record.Status),
        ["Attempts"] = record.Attempts,
        ["PreparedAt"] = record.PreparedAt,
        ["Holder"] = record.Holder,
        ["HeldUntil"] = record.HeldUntil,
        ["SentAt"] = record.SentAt,
        ["ProviderMessageId"] = record.ProviderMessageId,
        ["LastError"] = record.LastError,
        ["LastFailure"] = record.LastFailure is { } failure ? Vocabulary.Code(failure) : null,
    };

    /// <summary>A row as a record; a row written before channels were named has no channel, and went by its kind's usual one.</summary>
    private static DeliveryRecord Read(TableEntity row)
    {
        var kind = Code<NotificationKind>(row.GetString("Kind"));
        return new(
            new NotificationKey(kind, new Recipient(row.GetString("Channel") ?? NotificationKinds.UsualChannel(kind), row.GetString("Recipient")), row.GetString("About")),
            row.GetString("Subject") ?? "",
            row.GetString("Content") ?? "",
            Code<DeliveryStatus>(row.GetString("Status")),
            row.GetInt32("Attempts") ?? 0,
            row.GetDateTimeOffset("PreparedAt") ?? DateTimeOffset.MinValue,
            row.GetString("Holder"),
            row.GetDateTimeOffset("HeldUntil"),
            row.GetDateTimeOffset("SentAt"),
            row.GetString("ProviderMessageId"),
            row.GetString("LastError"),
            row.GetString("LastFailure") is { } failure ? Code<SendFailure>(failure) : null);
    }

    private static T Code<T>(string code) where T : struct, Enum =>
        Vocabulary.TryParse<T>(code, out var value) ? value : throw new InvalidDataException($"'{code}' is not a {typeof(T).Name} code.");
}
