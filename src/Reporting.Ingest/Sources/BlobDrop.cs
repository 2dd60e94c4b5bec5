using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Caseload.Reporting.Sources;

namespace Caseload.Reporting.Ingest.Sources;

/// <summary>
/// A blob drop: dated folders under a prefix (<c>caseload/2026-11-16/teams.csv</c>), or one folder overwritten
/// nightly (the files directly under the prefix). A folder is complete when its roster and allocations.csv (or
/// the SSD tables a snapshot needs) are there; a folder still being written is left for the next pull. Its fingerprint is its files' ETags.
/// </summary>
public sealed class BlobDrop(BlobServiceClient service, BlobSource source) : ExtractSource
{
    private readonly BlobContainerClient container = (service ?? throw new ArgumentNullException(nameof(service))).GetBlobContainerClient((source ?? throw new ArgumentNullException(nameof(source))).Container);

    /// <inheritdoc />
    public override async Task<IReadOnlyList<Extract>> ListAsync(CancellationToken cancellationToken = default)
    {
        var folders = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, source.Prefix, cancellationToken).ConfigureAwait(false))
        {
            var path = blob.Name[source.Prefix.Length..];
            var slash = path.LastIndexOf('/');
            var (folder, file) = slash < 0 ? ("", path) : (path[..slash], path[(slash + 1)..]);
            if (folder.Contains('/', StringComparison.Ordinal) || !SnapshotFiles.Contains(file, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!folders.TryGetValue(folder, out var files))
            {
                folders[folder] = files = new SortedDictionary<string, string>(StringComparer.Ordinal);
            }

            files[file.ToLowerInvariant()] = blob.Properties.ETag?.ToString() ?? "";
        }

        return [.. folders.Where(f => Canonical.SnapshotFiles.IsComplete(f.Value.Keys))
            .Select(f => new Extract(f.Key, string.Join(",", f.Value.Select(e => $"{e.Key}={e.Value}"))))];
    }

    /// <inheritdoc />
    public override async Task<Extract> DownloadAsync(Extract extract, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extract);
        var prefix = source.Prefix + (extract.Key.Length == 0 ? "" : extract.Key + "/");
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
        {
            var file = blob.Name[prefix.Length..];
            if (!SnapshotFiles.Contains(file, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (blob.Properties.ContentLength > MaxFileBytes)
            {
                throw Refuse(file, $"is {blob.Properties.ContentLength:N0} bytes, more than the {MaxFileBytes:N0} accepted; split or trim the extract");
            }

            await container.GetBlobClient(blob.Name).DownloadToAsync(Path.Combine(folder, file.ToLowerInvariant()), cancellationToken).ConfigureAwait(false);
        }

        return extract;
    }
}
