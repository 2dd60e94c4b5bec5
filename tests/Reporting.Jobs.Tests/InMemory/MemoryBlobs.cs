using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Caseload.Reporting.Tests.InMemory;

/// <summary>
/// A blob container held in memory that answers the calls the product's stores make as Blob Storage does: names
/// listed in ordinal order, by prefix or by folder; a missing blob is a 404; an upload that must not overwrite is a
/// 409 over an existing blob.
/// </summary>
internal sealed class MemoryContainer(string name) : BlobContainerClient
{
    private readonly ConcurrentDictionary<string, byte[]> blobs = new(StringComparer.Ordinal);

    public override string Name => name;

    public override BlobClient GetBlobClient(string blobName) => new MemoryBlob(this, blobName);

    public override AsyncPageable<BlobItem> GetBlobsAsync(GetBlobsOptions? options = null, CancellationToken cancellationToken = default) =>
        Pages(Names(options?.Prefix).Select(n => BlobsModelFactory.BlobItem(name: n, properties: BlobsModelFactory.BlobItemProperties(accessTierInferred: false, contentLength: blobs.TryGetValue(n, out var b) ? b.Length : 0))));

    public override AsyncPageable<BlobHierarchyItem> GetBlobsByHierarchyAsync(GetBlobsByHierarchyOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prefix = options?.Prefix ?? "";
        var delimiter = options?.Delimiter;
        var items = new List<BlobHierarchyItem>();
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var blob in Names(prefix))
        {
            var cut = string.IsNullOrEmpty(delimiter) ? -1 : blob.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
            if (cut < 0)
            {
                items.Add(BlobsModelFactory.BlobHierarchyItem(null, BlobsModelFactory.BlobItem(name: blob)));
            }
            else if (folders.Add(blob[..(cut + delimiter!.Length)]))
            {
                items.Add(BlobsModelFactory.BlobHierarchyItem(blob[..(cut + delimiter.Length)], null));
            }
        }

        return Pages(items);
    }

    public override Task<Response<bool>> DeleteBlobIfExistsAsync(string blobName, DeleteSnapshotsOption snapshotsOption = DeleteSnapshotsOption.None, BlobRequestConditions? conditions = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Response.FromValue(blobs.TryRemove(blobName, out _), new MemoryResponse(202)));

    internal Response<BlobContentInfo> Put(string blob, ReadOnlySpan<byte> content, bool overwrite)
    {
        var bytes = content.ToArray();
        if (overwrite)
        {
            blobs[blob] = bytes;
        }
        else if (!blobs.TryAdd(blob, bytes))
        {
            throw MemoryResponse.Failure(409, "BlobAlreadyExists", "The specified blob already exists.");
        }

        var etag = new ETag(string.Create(CultureInfo.InvariantCulture, $"\"{Guid.NewGuid():N}\""));
        return Response.FromValue(BlobsModelFactory.BlobContentInfo(etag, DateTimeOffset.UtcNow, null, null, null, null, 0), new MemoryResponse(201, etag));
    }

    internal byte[] Get(string blob) =>
        blobs.TryGetValue(blob, out var bytes) ? bytes : throw MemoryResponse.Failure(404, "BlobNotFound", "The specified blob does not exist.");

    private List<string> Names(string? prefix) =>
        blobs.Keys.Where(n => n.StartsWith(prefix ?? "", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    private static AsyncPageable<T> Pages<T>(IEnumerable<T> items)
        where T : notnull =>
        AsyncPageable<T>.FromPages([Page<T>.FromValues([.. items], null, new MemoryResponse(200))]);
}

/// <summary>One blob of a <see cref="MemoryContainer"/>.</summary>
internal sealed class MemoryBlob(MemoryContainer container, string name) : BlobClient
{
    public override string Name => name;

    public override string BlobContainerName => container.Name;

    public override Task<Response<BlobContentInfo>> UploadAsync(BinaryData content, bool overwrite = false, CancellationToken cancellationToken = default) =>
        Task.FromResult(container.Put(name, content.ToMemory().Span, overwrite));

    public override Task<Response<BlobContentInfo>> UploadAsync(BinaryData content, BlobUploadOptions options, CancellationToken cancellationToken = default) =>
        Task.FromResult(container.Put(name, content.ToMemory().Span, Overwrites(options)));

    public override async Task<Response<BlobContentInfo>> UploadAsync(string path, BlobUploadOptions options, CancellationToken cancellationToken = default) =>
        container.Put(name, await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), Overwrites(options));

    public override Task<Response<BlobDownloadStreamingResult>> DownloadStreamingAsync(BlobDownloadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var bytes = Slice(container.Get(name), options?.Range ?? default);
        return Task.FromResult(Response.FromValue(BlobsModelFactory.BlobDownloadStreamingResult(new MemoryStream(bytes, writable: false)), new MemoryResponse(200)));
    }

    public override Task<Response<BlobDownloadResult>> DownloadContentAsync(BlobDownloadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var bytes = Slice(container.Get(name), options?.Range ?? default);
        return Task.FromResult(Response.FromValue(BlobsModelFactory.BlobDownloadResult(BinaryData.FromBytes(bytes)), new MemoryResponse(200)));
    }

    /// <summary>An upload overwrites unless its conditions ask that nothing be there (If-None-Match: *).</summary>
    private static bool Overwrites(BlobUploadOptions? options) => options?.Conditions?.IfNoneMatch != ETag.All;

    private static byte[] Slice(byte[] bytes, HttpRange range)
    {
        if (range == default)
        {
            return bytes;
        }

        var start = (int)Math.Min(range.Offset, bytes.Length);
        var length = range.Length is { } l ? (int)Math.Min(l, bytes.Length - start) : bytes.Length - start;
        return bytes.AsSpan(start, length).ToArray();
    }
}

/// <summary>A storage account held in memory: its tables and containers made as first asked for.</summary>
internal static class MemoryStorage
{
    /// <summary>The product's tables and container, in memory.</summary>
    public static Storage.ReportingStorage Create() => new(new MemoryTables(), new MemoryContainers(), "");

    private sealed class MemoryTables : Azure.Data.Tables.TableServiceClient
    {
        private readonly ConcurrentDictionary<string, MemoryTable> tables = new(StringComparer.Ordinal);

        public override Azure.Data.Tables.TableClient GetTableClient(string tableName) => tables.GetOrAdd(tableName, n => new MemoryTable(n));
    }

    private sealed class MemoryContainers : BlobServiceClient
    {
        private readonly ConcurrentDictionary<string, MemoryContainer> containers = new(StringComparer.Ordinal);

        public override BlobContainerClient GetBlobContainerClient(string blobContainerName) => containers.GetOrAdd(blobContainerName, n => new MemoryContainer(n));
    }
}
