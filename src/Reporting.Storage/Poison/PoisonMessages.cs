using Azure.Data.Tables;

namespace Caseload.Reporting.Storage.Poison;

/// <summary>
/// Messages that can never succeed (unreadable, or failed on their last allowed delivery) and snapshots rejected
/// as invalid: recorded with the reason, so that the message can complete instead of being redelivered in vain.
/// Partitioned by function; row keys sort newest last.
/// </summary>
public sealed class PoisonMessages(ReportingStorage tables, TimeProvider time)
{
    /// <summary>Records a message that will not be processed.</summary>
    /// <param name="function">The function that received it.</param>
    /// <param name="messageId">The message's id, when the host gave one.</param>
    /// <param name="reason">Why, without any child's or recipient's data beyond what the message itself held.</param>
    /// <param name="body">The message as received, for IT to look at.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public async Task RecordAsync(string function, string? messageId, string reason, string? body, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var row = new TableEntity(TableKey.Escape(function), $"{now:yyyyMMddHHmmssfff}-{TableKey.Escape(messageId ?? Guid.NewGuid().ToString("N"))}")
        {
            ["MessageId"] = messageId,
            ["Reason"] = reason.Length > 30_000 ? reason[..30_000] : reason,
            ["Body"] = body is { Length: > 30_000 } ? body[..30_000] : body,
            ["At"] = now,
        };
        await tables.Poison.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What a function has recorded.</summary>
    public async Task<IReadOnlyList<(string? MessageId, string Reason)>> ListAsync(string function, CancellationToken cancellationToken = default)
    {
        var rows = new List<(string?, string)>();
        await foreach (var row in tables.Poison.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Escape(function)}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add((row.GetString("MessageId"), row.GetString("Reason")));
        }

        return rows;
    }
}
