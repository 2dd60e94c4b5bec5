using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Caseload.Reporting.Storage.Documents;

namespace Caseload.Reporting.Storage.Benchmarks;

/// <summary>Which of DfE's published files a version is of.</summary>
public enum PublishedKind
{
    /// <summary>The workforce indicators, every year and area.</summary>
    Indicators,

    /// <summary>The statistical neighbours.</summary>
    Neighbours,
}

/// <summary>A version of a published file as stored.</summary>
/// <param name="Sha256">Its SHA-256, hex: its version.</param>
/// <param name="FileName">The file's name as it was given.</param>
/// <param name="Holds">What it holds, in words ("2017 to 2025, 153 councils").</param>
/// <param name="SetAt">When it became current.</param>
public sealed record PublishedVersion(string Sha256, string FileName, string Holds, DateTimeOffset SetAt);

/// <summary>
/// Every version of DfE's published files a data team has set, and which is current, as policies are versioned: the
/// file's exact bytes in a blob named by its SHA-256 (<c>benchmarks/{kind}/{sha}.csv</c>), then its version row, so
/// that a version is current only once its bytes are whole. Nothing set: the product's own copy is used.
/// </summary>
public sealed class BenchmarkStore(ReportingStorage tables, TimeProvider time)
{
    private readonly DocumentVersions indicators = new((tables ?? throw new ArgumentNullException(nameof(tables))).Benchmarks, "indicators");
    private readonly DocumentVersions neighbours = new(tables.Benchmarks, "neighbours");

    /// <summary>Stores a file (unless stored already) and makes it current.</summary>
    public async Task<PublishedVersion> SetAsync(PublishedKind kind, string sha256, string fileName, string holds, byte[] bytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            await tables.Blobs.GetBlobClient(Blob(kind, sha256)).UploadAsync(
                BinaryData.FromBytes(bytes), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // The same bytes, named by their own digest, are stored already.
        }

        var now = time.GetUtcNow();
        await Versions(kind).SetAsync(sha256, JsonSerializer.Serialize(new Described(fileName, holds)), now, cancellationToken).ConfigureAwait(false);
        return new PublishedVersion(sha256, fileName, holds, now);
    }

    /// <summary>The current version of a file and its bytes, or null when none has been set.</summary>
    public async Task<(PublishedVersion Version, byte[] Bytes)?> CurrentAsync(PublishedKind kind, CancellationToken cancellationToken = default)
    {
        if (await Versions(kind).CurrentAsync(cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return null;
        }

        var described = JsonSerializer.Deserialize<Described>(current.Document)!;
        var content = await tables.Blobs.GetBlobClient(Blob(kind, current.Version)).DownloadContentAsync(new BlobDownloadOptions(), cancellationToken).ConfigureAwait(false);
        return (new PublishedVersion(current.Version, described.FileName, described.Holds, current.SetAt), content.Value.Content.ToArray());
    }

    private DocumentVersions Versions(PublishedKind kind) => kind == PublishedKind.Indicators ? indicators : neighbours;

    private static string Blob(PublishedKind kind, string sha256) => $"benchmarks/{(kind == PublishedKind.Indicators ? "indicators" : "neighbours")}/{sha256}.csv";

    private sealed record Described(string FileName, string Holds);
}
