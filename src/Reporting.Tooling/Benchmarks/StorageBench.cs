using System.Diagnostics;
using Azure.Data.Tables;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Jobs;
using Caseload.Reporting.Tooling.Local;

namespace Caseload.Reporting.Tooling.Benchmarks;

/// <summary>
/// Ingest into Table Storage measured against the store's own ceiling: a raw Azure.Data.Tables upsert of as many
/// entities, in the same 100-entity single-partition transactions with the same parallelism, on the same server.
/// </summary>
public static class StorageBench
{
    public static async Task<int> RunAsync(string folder, string? storage, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        AzuriteServer? azurite = null;
        if (string.IsNullOrWhiteSpace(storage))
        {
            azurite = await AzuriteServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            storage = azurite.ConnectionString;
        }

        try
        {
            // Both sides are timed on a warm client: the first requests pay for the SDK and its connection pool.
            var warm = new TableServiceClient(storage).GetTableClient("benchwarm");
            await warm.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            await warm.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity("warm", "up"))], cancellationToken).ConfigureAwait(false);

            var connection = new StorageConnection(new ReportingStorageOptions { Storage = storage, TablePrefix = "benchingest" });
            var ours = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            var ingested = await new IngestJob(connection, TimeProvider.System).IngestFolderAsync(folder, null, cancellationToken).ConfigureAwait(false);
            clock.Stop();

            // The baseline writes the very entities the ingest wrote, read back untimed: same keys, same properties.
            var written = new List<(string Table, TableEntity Entity)>();
            foreach (var table in new[] { ours.Snapshots, ours.Caseloads, ours.AllocationHistory })
            {
                await foreach (var entity in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    entity.ETag = default;
                    entity.Timestamp = null;
                    written.Add((table.Name, entity));
                }
            }

            var ingestRate = written.Count / clock.Elapsed.TotalSeconds;
            output.WriteLine($"ingest (read, validate, summarise, store): {written.Count} entities in {clock.Elapsed.TotalSeconds:0.00} s = {ingestRate:0} entities/s ({ingested.Snapshot.Id})");

            var service = new TableServiceClient(storage);
            var batches = new List<(TableClient Table, List<TableTransactionAction> Actions)>();
            foreach (var table in written.GroupBy(w => w.Table))
            {
                var copy = service.GetTableClient($"benchraw{table.Key}");
                await copy.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                batches.AddRange(table.GroupBy(w => w.Entity.PartitionKey).SelectMany(p => p.Chunk(100))
                    .Select(chunk => (copy, chunk.Select(w => new TableTransactionAction(TableTransactionActionType.UpsertMerge, w.Entity)).ToList())));
            }

            clock.Restart();
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (batch, token) =>
                await batch.Table.SubmitTransactionAsync(batch.Actions, token).ConfigureAwait(false)).ConfigureAwait(false);
            clock.Stop();
            var rawRate = written.Count / clock.Elapsed.TotalSeconds;
            output.WriteLine($"raw batched upsert of the same entities (Azure.Data.Tables, 100 a transaction, 8 at once): {written.Count} entities in {clock.Elapsed.TotalSeconds:0.00} s = {rawRate:0} entities/s");
            output.WriteLine($"ingest / raw: {ingestRate / rawRate:P0}");
            return 0;
        }
        finally
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
