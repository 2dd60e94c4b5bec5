using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using Caseload.Reporting.Workforce;
using NodaTime;
using NodaTime.Text;

namespace Caseload.Reporting.Storage.Snapshots;

/// <summary>
/// Stores snapshots as blobs under <c>snapshots/{id}/</c>: the extract's files exactly as received (the inspection's
/// lineage: the very file a figure came from, with its SHA-256), the caseloads and child counts every job reads
/// (one blob), and who held which child (one blob, the allocation history of that day); then a lineage row, written
/// last. A snapshot is known by its date and the digest of its files, so the same files are stored once; one whose
/// lineage row is missing was never whole and no reader sees it.
/// </summary>
public sealed class SnapshotStore(ReportingStorage tables, TimeProvider time)
{
    private const string SnapshotPartition = "snapshot";

    /// <summary>The key of a snapshot: its date, then 12 hex digits of a digest of its files' digests.</summary>
    public static string IdOf(LocalDate asOf, IReadOnlyDictionary<string, string> fileHashes)
    {
        ArgumentNullException.ThrowIfNull(fileHashes);
        var lines = string.Join('\n', fileHashes.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}:{f.Value}"));
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines)));
        return $"{Date(asOf)}.{digest[..12]}";
    }

    /// <summary>Stores a snapshot unless the same one is stored already.</summary>
    /// <param name="snapshot">The snapshot, validated.</param>
    /// <param name="files">The extract's files as received, by name, with each file's SHA-256.</param>
    /// <param name="policy">The policy current at ingest: who is in breach under it is kept with the snapshot.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The stored snapshot, and whether it was there before.</returns>
    public async Task<(StoredSnapshot Snapshot, bool AlreadyStored)> IngestAsync(
        Snapshot snapshot, IReadOnlyList<ExtractFile> files, Policy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var policyVersion = policy.Version;
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(files);
        var hashes = files.ToDictionary(f => f.Name, f => f.Sha256, StringComparer.Ordinal);
        var id = IdOf(snapshot.AsOf, hashes);
        var existing = await tables.Snapshots.GetEntityIfExistsAsync<TableEntity>(SnapshotPartition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (existing.HasValue)
        {
            return (Read(existing.Value!), true);
        }

        // Everything is written before the lineage row; an ingest that fails part way leaves blobs no reader looks
        // for, and the same files written again (the same id) replace them.
        var caseloads = CaseloadSummary.Of(snapshot);
        var written = new List<Task>(files.Count + 2);
        written.AddRange(files.Select(file => KeepAsync(id, file, cancellationToken)));
        written.Add(UploadAsync(SummaryBlob(id), StoredJson.Write(new SnapshotSummary(caseloads, ChildCounts.Of(snapshot, WorkingDays.EnglandAndWales))), cancellationToken));
        written.Add(UploadAsync(HeldBlob(id), HeldPairsFormat.Write(HeldPairs.Of(snapshot)), cancellationToken));
        written.Add(UploadAsync(RosterBlob(id), StoredJson.Write(StaffRoster.Of(snapshot.Workers)), cancellationToken));
        written.Add(UploadAsync(BreachesBlob(id, policyVersion), StoredJson.Write(SnapshotBreaches.Of(CaseloadEvaluation.Evaluate(caseloads, policy))), cancellationToken));
        await Task.WhenAll(written).ConfigureAwait(false);

        var stored = new StoredSnapshot(
            id, snapshot.AsOf, snapshot.Source, time.GetUtcNow(), snapshot.Teams.Count, snapshot.Workers.Count,
            snapshot.Allocations.Count, Problem.Total(snapshot.Warnings), hashes, policyVersion);
        var row = new TableEntity(SnapshotPartition, id)
        {
            ["AsOf"] = Date(stored.AsOf),
            ["Source"] = stored.Source,
            ["IngestedAt"] = stored.IngestedAt,
            ["Teams"] = stored.Teams,
            ["Workers"] = stored.Workers,
            ["Allocations"] = stored.Allocations,
            ["Warnings"] = stored.Warnings,
            ["FileHashes"] = JsonSerializer.Serialize(hashes),
            ["PolicyVersion"] = policyVersion,
        };

        // Two ingests of the same files at once write the same blobs; the first lineage row stands.
        try
        {
            await tables.Snapshots.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            return (stored, false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var winner = await tables.Snapshots.GetEntityAsync<TableEntity>(SnapshotPartition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (Read(winner.Value), true);
        }
    }

    /// <summary>A stored snapshot by its key, or null.</summary>
    public async Task<StoredSnapshot?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var row = await tables.Snapshots.GetEntityIfExistsAsync<TableEntity>(SnapshotPartition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? Read(row.Value!) : null;
    }

    /// <summary>Every stored snapshot, oldest first.</summary>
    public async Task<IReadOnlyList<StoredSnapshot>> ListAsync(CancellationToken cancellationToken = default)
    {
        var snapshots = new List<StoredSnapshot>();
        await foreach (var row in tables.Snapshots.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {SnapshotPartition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            snapshots.Add(Read(row));
        }

        return [.. snapshots.OrderBy(s => s.AsOf).ThenBy(s => s.IngestedAt)];
    }

    /// <summary>The latest snapshot dated on or before a day (of two for the same day, the one stored last).</summary>
    public async Task<StoredSnapshot?> LatestOnOrBeforeAsync(LocalDate date, CancellationToken cancellationToken = default)
    {
        var upTo = $"{Date(date)}~";
        StoredSnapshot? latest = null;
        await foreach (var row in tables.Snapshots.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {SnapshotPartition} and RowKey lt {upTo}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var snapshot = Read(row);
            if (latest is null || snapshot.AsOf > latest.AsOf || (snapshot.AsOf == latest.AsOf && snapshot.IngestedAt > latest.IngestedAt))
            {
                latest = snapshot;
            }
        }

        return latest;
    }

    /// <summary>
    /// Forgets what is older than the council keeps: each snapshot dated before <paramref name="cutoff"/>, its
    /// lineage row first (so that it is never seen half-deleted), then every blob of every snapshot dated before it,
    /// found by the date its id begins with: the extract's files, its caseloads and its allocation history, and
    /// the blobs of an ingest that failed before its lineage row was written. Weekly evaluations, which hold no
    /// child ids, are kept.
    /// </summary>
    /// <returns>How many snapshots and blobs were deleted.</returns>
    public async Task<(int Snapshots, int Blobs)> ForgetBeforeAsync(LocalDate cutoff, CancellationToken cancellationToken = default)
    {
        var old = (await ListAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.AsOf < cutoff).ToList();
        foreach (var snapshot in old)
        {
            await tables.Snapshots.DeleteEntityAsync(SnapshotPartition, snapshot.Id, ETag.All, cancellationToken).ConfigureAwait(false);
        }

        // An id begins with its yyyy-MM-dd date: ordinal order is date order.
        var before = Date(cutoff);
        var blobs = 0;
        await foreach (var folder in tables.Blobs.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Prefix = Prefix(""), Delimiter = "/" }, cancellationToken).ConfigureAwait(false))
        {
            if (folder.IsPrefix && string.CompareOrdinal(folder.Prefix[Prefix("").Length..], before) < 0)
            {
                await foreach (var blob in tables.Blobs.GetBlobsAsync(new GetBlobsOptions { Prefix = folder.Prefix }, cancellationToken).ConfigureAwait(false))
                {
                    await tables.Blobs.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
                    blobs++;
                }
            }
        }

        return (old.Count, blobs);
    }

    /// <summary>A stored snapshot's caseloads, as <see cref="CaseloadSummary.Of"/> counted them.</summary>
    public async Task<CaseloadSummary> LoadCaseloadsAsync(StoredSnapshot snapshot, CancellationToken cancellationToken = default) =>
        (await LoadSummaryAsync(snapshot, cancellationToken).ConfigureAwait(false)).Caseloads;

    /// <summary>A stored snapshot's caseloads and its children by group and team, for the improvement metrics.</summary>
    public async Task<SnapshotSummary> LoadSummaryAsync(StoredSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return StoredJson.Read<SnapshotSummary>(await DownloadAsync(SummaryBlob(snapshot.Id), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// "Children with 3+ workers in 12 months" at stored snapshots, asked in date order: kept from an earlier count
    /// where the snapshots of a point's window are the same ones, else counted from who held which child in every
    /// stored snapshot of its 365 days (<see cref="WorkerStability"/>) and kept.
    /// </summary>
    public async Task<StoredStability> StabilityAsync(CancellationToken cancellationToken = default)
    {
        var stored = (await ListAsync(cancellationToken).ConfigureAwait(false)).Select(s => new DatedSnapshot(s.Id, s.AsOf)).ToList();
        var count = new WorkerStability(stored, async (snapshot, token) =>
        {
            try
            {
                return HeldPairsFormat.Read(await DownloadAsync(HeldBlob(snapshot.Id), token).ConfigureAwait(false));
            }
            catch (InvalidDataException e)
            {
                throw new InvalidOperationException($"The allocation history stored with the snapshot of {snapshot.AsOf:yyyy-MM-dd} is damaged ({e.Message}): ingest that snapshot's files again.", e);
            }
        });
        return new StoredStability(this, stored, count);
    }

    /// <summary>
    /// Who left in the year to each of <paramref name="points"/> (turnover), from the stored rosters read forward, each
    /// once, however many points' years hold it.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, StaffTurnover>> TurnoverAsync(IEnumerable<StoredSnapshot> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        var asked = points.DistinctBy(p => p.Id).OrderBy(p => p.AsOf).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
        var turnover = new Dictionary<string, StaffTurnover>(StringComparer.Ordinal);
        if (asked.Count == 0)
        {
            return turnover;
        }

        var stored = (await ListAsync(cancellationToken).ConfigureAwait(false)).Select(s => new DatedSnapshot(s.Id, s.AsOf)).ToList();
        var count = new StaffTurnoverCount(stored, (snapshot, token) => LoadRosterAsync(snapshot.Id, token));
        foreach (var point in asked)
        {
            turnover[point.Id] = await count.AtAsync(new DatedSnapshot(point.Id, point.AsOf), cancellationToken).ConfigureAwait(false);
        }

        return turnover;
    }

    /// <summary>A stored snapshot's roster: kept since ingest, or read from its caseloads once (a snapshot stored before rosters were kept) and kept.</summary>
    private Task<StaffRoster> LoadRosterAsync(string id, CancellationToken cancellationToken) =>
        KeptAsync(RosterBlob(id), async () => StaffRoster.Of(StoredJson.Read<SnapshotSummary>(await DownloadAsync(SummaryBlob(id), cancellationToken).ConfigureAwait(false)).Caseloads.Workers.Select(w => w.Worker)), cancellationToken);

    /// <summary>The counts kept at a snapshot for a window of snapshots named by <paramref name="window"/>, or counted once and kept.</summary>
    internal Task<ChildCounts> KeptStabilityAsync(string id, string window, Func<Task<ChildCounts>> count, CancellationToken cancellationToken) =>
        KeptAsync(StabilityBlob(id, window), count, cancellationToken);

    /// <summary>What is kept under a blob's name; else computed, kept there and returned.</summary>
    private async Task<T> KeptAsync<T>(string name, Func<Task<T>> compute, CancellationToken cancellationToken)
    {
        try
        {
            var content = await tables.Blobs.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await using var stream = content.Value.Content;
            return StoredJson.Read<T>(stream);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }

        var value = await compute().ConfigureAwait(false);
        await UploadAsync(name, StoredJson.Write(value), cancellationToken).ConfigureAwait(false);
        return value;
    }

    private static string Prefix(string id) => id.Length == 0 ? "snapshots/" : $"snapshots/{id}/";

    private static string SummaryBlob(string id) => $"{Prefix(id)}summary.json.gz";

    private static string HeldBlob(string id) => $"{Prefix(id)}held.bin.gz";

    private static string RosterBlob(string id) => $"{Prefix(id)}roster.json.gz";

    private static string StabilityBlob(string id, string window) => $"{Prefix(id)}stability/{window}.json.gz";

    private static string BreachesBlob(string id, string policyVersion) => $"{Prefix(id)}breaches/{Uri.EscapeDataString(policyVersion)}.json.gz";

    /// <summary>
    /// Who a stored snapshot named and who was in breach under a policy: kept from ingest for the policy then
    /// current, computed once from the snapshot's caseloads and kept for any other.
    /// </summary>
    public async Task<SnapshotBreaches> LoadBreachesAsync(StoredSnapshot snapshot, Policy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(policy);
        return await KeptAsync(
            BreachesBlob(snapshot.Id, policy.Version),
            async () => SnapshotBreaches.Of(CaseloadEvaluation.Evaluate(await LoadCaseloadsAsync(snapshot, cancellationToken).ConfigureAwait(false), policy)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps an extract's file exactly as received, once: a file already kept under the same id has the same bytes.</summary>
    private async Task KeepAsync(string id, ExtractFile file, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Blobs.GetBlobClient($"{Prefix(id)}files/{file.Name}").UploadAsync(
                file.Path,
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
        }
    }

    private async Task UploadAsync(string name, byte[] content, CancellationToken cancellationToken) =>
        await tables.Blobs.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content), overwrite: true, cancellationToken).ConfigureAwait(false);

    private async Task<Stream> DownloadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await tables.Blobs.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new InvalidOperationException($"{name} is not stored: the snapshot was stored by an earlier version or deleted part way; ingest its files again.", e);
        }
    }

    private static StoredSnapshot Read(TableEntity row) => new(
        row.RowKey,
        LocalDatePattern.Iso.Parse(row.GetString("AsOf")).Value,
        row.GetString("Source"),
        row.GetDateTimeOffset("IngestedAt")!.Value,
        row.GetInt32("Teams")!.Value,
        row.GetInt32("Workers")!.Value,
        row.GetInt32("Allocations")!.Value,
        row.GetInt32("Warnings")!.Value,
        JsonSerializer.Deserialize<Dictionary<string, string>>(row.GetString("FileHashes"))!,
        row.GetString("PolicyVersion"));

    private static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);
}

/// <summary>A file of an extract as received: its name, where it is, and its SHA-256.</summary>
/// <param name="Name">Its name in the extract, e.g. <c>allocations.csv</c>.</param>
/// <param name="Path">Where it is on disk.</param>
/// <param name="Sha256">Its SHA-256, hex.</param>
public sealed record ExtractFile(string Name, string Path, string Sha256);

/// <summary>What every job reads of a stored snapshot: its caseloads and its children by group and team.</summary>
/// <param name="Caseloads">The caseloads.</param>
/// <param name="Children">The children by group and team, for the improvement metrics.</param>
public sealed record SnapshotSummary(CaseloadSummary Caseloads, ChildCounts Children);
