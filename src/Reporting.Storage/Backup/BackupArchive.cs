using Caseload.Reporting.Backup;
using Caseload.Reporting.Storage.Places;

namespace Caseload.Reporting.Storage.Backup;

/// <summary>
/// What a backup target holds, laid out so that IT can read it without the product: <c>objects/ab/abcd…</c>, each
/// object under the SHA-256 of its bytes (a table partition's rows gzipped, a blob as it was); <c>points/{id}.json</c>,
/// each point's manifest, written after its objects, so that a point listed is whole; <c>erasures/</c>, what was
/// erased of staff data and when (by pseudonym only), for a restore to do again.
/// </summary>
public sealed class BackupArchive(Place target)
{
    private const string Objects = "objects/";
    private const string Points = "points/";
    private const string Erasures = "erasures/";

    /// <summary>Where the archive is, for people.</summary>
    public string Where => target.Where;

    /// <summary>The hashes of every object stored.</summary>
    public async Task<HashSet<string>> ObjectsAsync(CancellationToken cancellationToken = default)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var name in target.ListAsync(Objects, cancellationToken).ConfigureAwait(false))
        {
            stored.Add(name[(name.LastIndexOf('/') + 1)..]);
        }

        return stored;
    }

    /// <summary>Stores an object under its hash unless it is there; true when stored now.</summary>
    public Task<bool> AddObjectAsync(BackupObject value, Stream content, CancellationToken cancellationToken = default) =>
        target.AddAsync(NameOf(value), content, cancellationToken);

    /// <summary>An object's bytes; null when it is missing.</summary>
    public Task<Stream?> OpenObjectAsync(BackupObject value, CancellationToken cancellationToken = default) =>
        target.OpenAsync(NameOf(value), cancellationToken);

    /// <summary>Stores a point's manifest (after all its objects): the point exists from now on.</summary>
    /// <returns>The manifest's length in bytes.</returns>
    /// <exception cref="InvalidOperationException">A point of the same id is there already.</exception>
    public async Task<long> AddPointAsync(BackupPoint point, CancellationToken cancellationToken = default)
    {
        var bytes = BackupPointJson.Write(point);
        using var content = new MemoryStream(bytes, writable: false);
        return await target.AddAsync($"{Points}{point.Id}.json", content, cancellationToken).ConfigureAwait(false)
            ? bytes.Length
            : throw new InvalidOperationException($"a backup point {point.Id} is at {Where} already: take the backup again in a second");
    }

    /// <summary>The ids of every point, oldest first.</summary>
    public async Task<IReadOnlyList<string>> PointIdsAsync(CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        await foreach (var name in target.ListAsync(Points, cancellationToken).ConfigureAwait(false))
        {
            var id = name[Points.Length..].Replace(".json", "", StringComparison.Ordinal);
            if (BackupPoint.IsId(id))
            {
                ids.Add(id);
            }
        }

        return [.. ids.Order(StringComparer.Ordinal)];
    }

    /// <summary>The id of the newest point; null when there is none.</summary>
    public async Task<string?> LatestPointIdAsync(CancellationToken cancellationToken = default) =>
        await PointIdsAsync(cancellationToken).ConfigureAwait(false) is { Count: > 0 } ids ? ids[^1] : null;

    /// <summary>A point's manifest; null when there is no such point.</summary>
    /// <exception cref="InvalidDataException">The manifest does not read.</exception>
    public async Task<BackupPoint?> PointAsync(string id, CancellationToken cancellationToken = default)
    {
        var name = $"{Points}{id}.json";
        if (await target.OpenAsync(name, cancellationToken).ConfigureAwait(false) is not { } stream)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            return BackupPointJson.Read(await ReadAllAsync(stream, cancellationToken).ConfigureAwait(false), $"{Where}/{name}");
        }
    }

    /// <summary>Records an erasure.</summary>
    public async Task AddErasureAsync(ErasureRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var content = new MemoryStream(record.ToJson(), writable: false);
        await target.AddAsync(Erasures + record.Name, content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every erasure recorded, in the order they were written.</summary>
    /// <exception cref="InvalidDataException">A record does not read.</exception>
    public async Task<IReadOnlyList<ErasureRecord>> ErasuresAsync(CancellationToken cancellationToken = default)
    {
        var records = new List<ErasureRecord>();
        await foreach (var name in target.ListAsync(Erasures, cancellationToken).ConfigureAwait(false))
        {
            if (await target.OpenAsync(name, cancellationToken).ConfigureAwait(false) is { } stream)
            {
                await using (stream.ConfigureAwait(false))
                {
                    records.Add(ErasureRecord.Read(await ReadAllAsync(stream, cancellationToken).ConfigureAwait(false), $"{Where}/{name}"));
                }
            }
        }

        return records;
    }

    private static string NameOf(BackupObject value) => $"{Objects}{value.Sha256[..2]}/{value.Sha256}";

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
