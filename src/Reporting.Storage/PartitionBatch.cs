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
    public static Task UpsertAsync(TableClient table, IEnumerable<ITableEntity> entities, TableUpdateMode mode, CancellationToken cancellationToken)
    {
        var action = mode == TableUpdateMode.Merge ? TableTransactionActionType.UpsertMerge : TableTransactionActionType.UpsertReplace;
        var batches = entities
            .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(MaxOperations))
            .Select(chunk => chunk.Select(e => new TableTransactionAction(action, e)).ToList());
        return Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (batch, token) => await SubmitAsync(table, batch, token).ConfigureAwait(false));
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
