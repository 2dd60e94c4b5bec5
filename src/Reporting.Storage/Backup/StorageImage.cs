using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Caseload.Reporting.Backup;

namespace Caseload.Reporting.Storage.Backup;

/// <summary>A table partition read for a backup: its rows as one object, gzipped JSON lines (<see cref="TableRows"/>).</summary>
/// <param name="Key">The partition key.</param>
/// <param name="Rows">How many rows.</param>
/// <param name="Content">The object's bytes, hashed.</param>
public sealed record PartitionImage(string Key, int Rows, ObjectStream Content) : IDisposable
{
    public void Dispose() => Content.Dispose();
}

/// <summary>A blob of the product's container as listed: its name, length, type and version.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Length">Its length.</param>
/// <param name="ContentType">Its content type.</param>
/// <param name="ETag">Its ETag: it changes whenever the blob is written.</param>
public sealed record StoredBlob(string Name, long Length, string? ContentType, string ETag);

/// <summary>
/// The product's storage read whole for a backup and written whole by a restore: every table's rows partition by
/// partition (each a bounded object, whatever the table holds), every blob of its container as bytes, never held
/// whole in memory.
/// </summary>
public sealed class StorageImage(ReportingStorage storage)
{
    // A transaction's body is at most 4 MiB: rows go in batches of 100 or of this many bytes of JSON, whichever comes first.
    private const int BatchBytes = 2 << 20;

    /// <summary>The storage read and written.</summary>
    public ReportingStorage Storage => storage;

    /// <summary>
    /// Each partition of a table, one at a time, in key order, as the Table service returns rows (sorted by
    /// partition, then row key). The caller disposes each before the next is read.
    /// </summary>
    /// <exception cref="InvalidDataException">The service returned a partition's rows apart (they would make two objects).</exception>
    public static async IAsyncEnumerable<PartitionImage> PartitionsAsync(TableClient table, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? key = null;
        var rows = 0;
        ObjectStream? content = null;
        GZipStream? zip = null;
        Utf8JsonWriter? json = null;
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.PartitionKey != key)
            {
                if (key is not null)
                {
                    yield return Finish(key, rows, content!, zip!, json!);
                }

                if (!seen.Add(row.PartitionKey))
                {
                    throw new InvalidDataException($"the table {table.Name} returned the rows of partition {row.PartitionKey} apart; a backup needs them in order");
                }

                (key, rows, content) = (row.PartitionKey, 0, new ObjectStream());
                zip = new GZipStream(content, CompressionLevel.Optimal, leaveOpen: true);
                json = new Utf8JsonWriter(zip);
            }

            TableRows.Write(json!, row);
            json!.Flush();
            json.Reset();
            zip!.WriteByte((byte)'\n');
            rows++;
        }

        if (key is not null)
        {
            yield return Finish(key, rows, content!, zip!, json!);
        }
    }

    private static PartitionImage Finish(string key, int rows, ObjectStream content, GZipStream zip, Utf8JsonWriter json)
    {
        json.Dispose();
        zip.Dispose();
        content.Seal();
        return new PartitionImage(key, rows, content);
    }

    /// <summary>Every blob of the product's container, in name order.</summary>
    public async IAsyncEnumerable<StoredBlob> BlobsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var blob in storage.Blobs.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new StoredBlob(blob.Name, blob.Properties.ContentLength ?? 0, blob.Properties.ContentType, blob.Properties.ETag?.ToString() ?? "");
        }
    }

    /// <summary>A blob's bytes as an object; null when it was deleted since it was listed.</summary>
    public async Task<ObjectStream?> ReadBlobAsync(string name, CancellationToken cancellationToken = default)
    {
        var content = new ObjectStream();
        try
        {
            await storage.Blobs.GetBlobClient(name).DownloadToAsync(content, cancellationToken).ConfigureAwait(false);
            content.Seal();
            return content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            content.Dispose();
            return null;
        }
        catch
        {
            content.Dispose();
            throw;
        }
    }

    /// <summary>What the storage holds first, in words ("the table Snapshots holds rows"); null when it holds nothing.</summary>
    public async Task<string?> FirstThingAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (name, table) in storage.Tables)
        {
            await foreach (var page in table.QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
            {
                if (page.Values.Count > 0)
                {
                    return $"the table {name} holds rows";
                }

                break;
            }
        }

        await foreach (var blob in storage.Blobs.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return $"the container {storage.Blobs.Name} holds the blob {blob.Name}";
        }

        return null;
    }

    /// <summary>The rows of a partition object, one at a time.</summary>
    /// <exception cref="InvalidDataException">A line is not a row.</exception>
    public static async IAsyncEnumerable<TableEntity> RowsOf(Stream gzipped, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gzipped);
        await using var zip = new GZipStream(gzipped, CompressionMode.Decompress);
        using var lines = new StreamReader(zip, System.Text.Encoding.UTF8);
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0)
            {
                yield return TableRows.Read(System.Text.Encoding.UTF8.GetBytes(line));
            }
        }
    }

    /// <summary>Writes rows of one partition (upserts: a restore run again writes the same), in transactions of at most 100 rows and 2 MiB.</summary>
    public static async Task<int> WriteRowsAsync(TableClient table, IAsyncEnumerable<TableEntity> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        var batch = new List<TableTransactionAction>(PartitionBatch.MaxOperations);
        var bytes = 0;
        var written = 0;
        await foreach (var row in rows.ConfigureAwait(false))
        {
            var size = Size(row);
            if (batch.Count == PartitionBatch.MaxOperations || (batch.Count > 0 && bytes + size > BatchBytes) || (batch.Count > 0 && batch[0].Entity.PartitionKey != row.PartitionKey))
            {
                await PartitionBatch.SubmitAsync(table, batch, cancellationToken).ConfigureAwait(false);
                written += batch.Count;
                batch.Clear();
                bytes = 0;
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, row));
            bytes += size;
        }

        await PartitionBatch.SubmitAsync(table, batch, cancellationToken).ConfigureAwait(false);
        return written + batch.Count;
    }

    /// <summary>Writes a blob as it was backed up (replacing one a restore cut off wrote before).</summary>
    public async Task WriteBlobAsync(string name, Stream content, string? contentType, CancellationToken cancellationToken = default) =>
        await storage.Blobs.GetBlobClient(name).UploadAsync(
            content,
            new BlobUploadOptions { HttpHeaders = contentType is null ? null : new BlobHttpHeaders { ContentType = contentType } },
            cancellationToken).ConfigureAwait(false);

    private static int Size(TableEntity row)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            TableRows.Write(json, row);
        }

        return (int)buffer.Length;
    }
}
