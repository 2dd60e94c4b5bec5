using Azure.Data.Tables;

namespace Caseload.Reporting.Storage;

/// <summary>
/// Writes entities in entity-group transactions of at most 100, each within one partition. Azure refuses a batch
/// that mixes partition keys (Azurite accepts it), so a mixed batch is refused here before it is sent.
/// </summary>
public static class PartitionBatch
{
    /// <summary>Operations in one transaction, at most.</summary>
    public const int MaxOperations = 100;

    /// <summary>Upserts entities of any partitions into a table: grouped by partition, 100 a transaction, several transactions at once.</summary>
    public static Task UpsertAsync(TableClient table, IEnumerable<ITableEntity> entities, TableUpdateMode mode, CancellationToken cancellationToken) =>
        UpsertAsync([new TableWrite(table, entities, mode)], cancellationToken);

    /// <summary>
    /// Upserts into several tables as one stream of transactions, so that the requests in flight stay at
    /// <paramref name="parallelism"/> until the last one, whichever table finishes first.
    /// </summary>
    public static Task UpsertAsync(IEnumerable<TableWrite> writes, CancellationToken cancellationToken, int parallelism = 8)
    {
        // In key order: Azurite keeps sorted indices on both keys, and an entity that sorts last is appended
        // rather than spliced into the middle (a national snapshot ingests about 1.5 times faster).
        var batches = writes.SelectMany(write => write.Entities
            .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
            .OrderBy(partition => partition.Key, StringComparer.Ordinal)
            .SelectMany(partition => partition.OrderBy(e => e.RowKey, StringComparer.Ordinal).Chunk(MaxOperations))
            .Select(chunk => (write.Table, Actions: chunk.Select(e => new TableTransactionAction(write.Action, e)).ToList())));
        return Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (batch, token) => await SubmitAsync(batch.Table, batch.Actions, token).ConfigureAwait(false));
    }

    /// <summary>Submits one transaction, after checking that it is one that Azure accepts; returns each operation's answer, in order.</summary>
    /// <exception cref="ArgumentException">More than 100 operations, or more than one partition key.</exception>
    public static async Task<IReadOnlyList<Azure.Response>> SubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count == 0)
        {
            return [];
        }

        if (actions.Count > MaxOperations)
        {
            throw new ArgumentException($"A transaction holds at most {MaxOperations} operations; this one has {actions.Count}.", nameof(actions));
        }

        var partition = actions[0].Entity.PartitionKey;
        if (actions.Any(a => !string.Equals(a.Entity.PartitionKey, partition, StringComparison.Ordinal)))
        {
            throw new ArgumentException("A transaction must stay within one partition: Azure Table Storage refuses mixed partition keys.", nameof(actions));
        }

        return (await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>Deletes rows, whatever their version, in transactions of up to 100 within a partition; returns how many.</summary>
    public static async Task<int> DeleteAsync(TableClient table, IAsyncEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        var all = new List<TableEntity>();
        await foreach (var row in rows.ConfigureAwait(false))
        {
            all.Add(row);
        }

        foreach (var batch in all.GroupBy(r => r.PartitionKey, StringComparer.Ordinal).SelectMany(p => p.Chunk(MaxOperations)))
        {
            await table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, Azure.ETag.All)), cancellationToken).ConfigureAwait(false);
        }

        return all.Count;
    }
}

/// <summary>Entities to upsert into one table.</summary>
/// <param name="Table">The table.</param>
/// <param name="Entities">The entities, of any partitions.</param>
/// <param name="Mode">Replace the stored entity, or merge properties into it.</param>
public sealed record TableWrite(TableClient Table, IEnumerable<ITableEntity> Entities, TableUpdateMode Mode)
{
    /// <summary>The transaction action for the mode.</summary>
    public TableTransactionActionType Action => Mode == TableUpdateMode.Merge ? TableTransactionActionType.UpsertMerge : TableTransactionActionType.UpsertReplace;
}
