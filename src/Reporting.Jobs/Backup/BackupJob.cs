using System.Collections.Concurrent;
using System.Security.Cryptography;
using Caseload.Reporting.Backup;
using Caseload.Reporting.Jobs.Telemetry;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Backup;

namespace Caseload.Reporting.Jobs.Backup;

/// <summary>What taking a point did.</summary>
/// <param name="Point">The point, as its manifest says.</param>
/// <param name="Where">The target.</param>
/// <param name="ObjectsWritten">Objects this point stored; the rest were stored by earlier points.</param>
/// <param name="BytesWritten">Bytes this point stored, its manifest included.</param>
/// <param name="Attempts">Copies made: more than one when a run began or ended during a copy, which then saw part of it.</param>
public sealed record BackupReport(BackupPoint Point, string Where, int ObjectsWritten, long BytesWritten, int Attempts);

/// <summary>A point as <c>backup list</c> shows it: its manifest, and what is wrong with it (nothing, when it verifies).</summary>
/// <param name="Id">The point's id.</param>
/// <param name="Point">Its manifest; null when it does not read.</param>
/// <param name="Problems">Each object missing or altered, or why the manifest does not read; empty when it verifies.</param>
public sealed record PointCheck(string Id, BackupPoint? Point, IReadOnlyList<string> Problems);

/// <summary>
/// Backups (spec: backup.md). A point is every table partition and blob of the product's storage as objects named
/// by their SHA-256 at the target, and a manifest naming them, written last. Only what the target lacks is stored:
/// a point with nothing new writes its manifest and almost nothing else. A blob whose ETag is the one the last
/// point saw is not read again. The point never holds half a run: it waits while a run holds a period, and copies
/// again when one began or ended during the copy (the runs' table changed).
/// </summary>
public sealed class BackupJob(StorageConnection connection, BackupArchives archives, TimeProvider time)
{
    /// <summary>How long a backup waits for runs holding a period before it gives up.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private const int Copies = 3;

    /// <summary>Takes a point at <paramref name="target"/> (or the configured target).</summary>
    /// <exception cref="InvalidOperationException">Runs held a period all the time the backup waited, or kept changing during each copy.</exception>
    public async Task<BackupReport> RunAsync(string? target, CancellationToken cancellationToken = default)
    {
        using var run = ReportingTelemetry.Run("backup");
        try
        {
            var report = await TakeAsync(archives.Open(target), cancellationToken).ConfigureAwait(false);
            run.Outcome = "written";
            run.Count("backup.objects", report.ObjectsWritten);
            ReportingTelemetry.BackedUp("written", report.ObjectsWritten, report.BytesWritten);
            return report;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ReportingTelemetry.BackedUp("failed", 0, 0);
            throw;
        }
    }

    /// <summary>
    /// Takes a point at the configured target when one is due (<see cref="BackupSchedule"/>): none for a day, or a
    /// period's delivery ended since the last. Null when none was due, or no target is set.
    /// </summary>
    public async Task<BackupReport?> RunIfDueAsync(NodaTime.LocalDate today, CancellationToken cancellationToken = default)
    {
        if (!archives.Configured)
        {
            return null;
        }

        var archive = archives.Open(null);
        var last = await archive.LatestPointIdAsync(cancellationToken).ConfigureAwait(false);
        var lastAt = last is null ? (DateTimeOffset?)null : (await archive.PointAsync(last, cancellationToken).ConfigureAwait(false))?.TakenAt;
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset? delivered = null;
        foreach (var period in DeliverySweep.PeriodsOn(today))
        {
            if (BackupSchedule.DeliveredAt(await stores.Ledger.ListAsync(period, cancellationToken).ConfigureAwait(false)) is { } at && (delivered is null || at > delivered))
            {
                delivered = at;
            }
        }

        return BackupSchedule.IsDue(lastAt, time.GetUtcNow(), delivered) ? await RunAsync(null, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>Every point at <paramref name="target"/> (or the configured target), oldest first, each verified: every object read and its hash checked, each object once however many points share it.</summary>
    public async Task<IReadOnlyList<PointCheck>> ListAsync(string? target, CancellationToken cancellationToken = default)
    {
        var archive = archives.Open(target);
        var verified = new ConcurrentDictionary<BackupObject, string?>();
        var checks = new List<PointCheck>();
        foreach (var id in await archive.PointIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            BackupPoint? point;
            try
            {
                point = await archive.PointAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                checks.Add(new PointCheck(id, null, [e.Message]));
                continue;
            }

            checks.Add(new PointCheck(id, point, await VerifyAsync(archive, point!, verified, cancellationToken).ConfigureAwait(false)));
        }

        return checks;
    }

    /// <summary>
    /// Reads every object of a point and checks its hash and length: each missing or altered one, named with what it
    /// holds; empty when the point verifies. Objects already checked (in <paramref name="verified"/>) are not read again.
    /// </summary>
    internal static async Task<IReadOnlyList<string>> VerifyAsync(BackupArchive archive, BackupPoint point, ConcurrentDictionary<BackupObject, string?> verified, CancellationToken cancellationToken)
    {
        var what = point.WhatHolds();
        await Parallel.ForEachAsync(
            point.Objects.Where(o => !verified.ContainsKey(o)),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (value, token) => verified[value] = await CheckAsync(archive, value, what[value], token).ConfigureAwait(false));
        return [.. point.Objects.Select(o => verified[o]).OfType<string>().Order(StringComparer.Ordinal)];
    }

    private static async Task<string?> CheckAsync(BackupArchive archive, BackupObject value, string holds, CancellationToken cancellationToken)
    {
        var name = $"objects/{value.Sha256[..2]}/{value.Sha256}";
        if (await archive.OpenObjectAsync(value, cancellationToken).ConfigureAwait(false) is not { } stream)
        {
            return $"{name} ({holds}) is missing";
        }

        await using (stream.ConfigureAwait(false))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            long length = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                length += read;
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset()) == value.Sha256 && length == value.Length
                ? null
                : $"{name} ({holds}) has been altered: its bytes no longer match its SHA-256";
        }
    }

    private async Task<BackupReport> TakeAsync(BackupArchive archive, CancellationToken cancellationToken)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var image = new StorageImage(stores.Storage);
        var stored = await archive.ObjectsAsync(cancellationToken).ConfigureAwait(false);
        var last = await archive.LatestPointIdAsync(cancellationToken).ConfigureAwait(false);
        var before = last is null ? null : await LastPointAsync(archive, last, cancellationToken).ConfigureAwait(false);
        var written = new Written();
        for (var attempt = 1; ; attempt++)
        {
            var version = await WaitForRunsAsync(stores, cancellationToken).ConfigureAwait(false);
            var takenAt = time.GetUtcNow();

            // Tables first, then blobs: every blob a row names (a snapshot's files, a week's evaluation, a prepared
            // message) is written before its row, so the blobs listed after the rows hold all the rows name.
            var tables = new List<BackedUpTable>();
            foreach (var (name, table) in stores.Storage.Tables)
            {
                var partitions = new List<BackedUpPartition>();
                await foreach (var partition in StorageImage.PartitionsAsync(table, cancellationToken).ConfigureAwait(false))
                {
                    using (partition)
                    {
                        partitions.Add(new BackedUpPartition(partition.Key, partition.Rows, await StoreAsync(archive, partition.Content, stored, written, cancellationToken).ConfigureAwait(false)));
                    }
                }

                tables.Add(new BackedUpTable(name, partitions));
            }

            var blobs = await BlobsAsync(image, archive, before, stored, written, cancellationToken).ConfigureAwait(false);
            if ((await stores.Runs.WorkingAsync(cancellationToken).ConfigureAwait(false)).Version == version)
            {
                var point = new BackupPoint(BackupPoint.IdAt(takenAt), takenAt, time.GetUtcNow(), tables, blobs);
                var manifest = await archive.AddPointAsync(point, cancellationToken).ConfigureAwait(false);
                return new BackupReport(point, archive.Where, written.Objects, written.Bytes + manifest, attempt);
            }

            if (attempt == Copies)
            {
                throw new InvalidOperationException($"runs began or ended during each of {Copies} copies, so none holds whole runs; no point was written (what was copied is kept, and the next backup does not copy it again). Take the backup again when the runs are done.");
            }
        }
    }

    private static async Task<BackupPoint?> LastPointAsync(BackupArchive archive, string id, CancellationToken cancellationToken)
    {
        try
        {
            return await archive.PointAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            // A manifest that does not read lends nothing to the next point: every blob is read again.
            return null;
        }
    }

    /// <summary>Waits while a run holds a period (up to <see cref="LongestWait"/>); returns the runs' version once none does.</summary>
    private async Task<string> WaitForRunsAsync(ReportingStores stores, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        while (true)
        {
            var (working, version) = await stores.Runs.WorkingAsync(cancellationToken).ConfigureAwait(false);
            if (working.Count == 0)
            {
                return version;
            }

            if (time.GetUtcNow() - started >= LongestWait)
            {
                var first = working.OrderBy(w => w.ClaimedAt).First();
                throw new InvalidOperationException($"a run has been preparing {first.Period} since {first.ClaimedAt:yyyy-MM-dd HH:mm} UTC and still holds it after the backup waited {LongestWait.TotalMinutes:0} minutes; no point was written. Take the backup again when it is done.");
            }

            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<List<BackedUpBlob>> BlobsAsync(StorageImage image, BackupArchive archive, BackupPoint? before, HashSet<string> stored, Written written, CancellationToken cancellationToken)
    {
        var known = before?.Blobs.Where(b => b.ETag is not null).ToDictionary(b => (b.Name, b.ETag!)) ?? [];
        var blobs = new ConcurrentBag<BackedUpBlob>();
        await Parallel.ForEachAsync(
            image.BlobsAsync(cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (blob, token) =>
            {
                // Unchanged since the last point (same ETag), and its object still there: not read again.
                if (known.TryGetValue((blob.Name, blob.ETag), out var same) && Contains(stored, same.Content.Sha256))
                {
                    blobs.Add(same);
                    return;
                }

                if (await image.ReadBlobAsync(blob.Name, token).ConfigureAwait(false) is not { } content)
                {
                    return;
                }

                using (content)
                {
                    blobs.Add(new BackedUpBlob(blob.Name, await StoreAsync(archive, content, stored, written, token).ConfigureAwait(false), blob.ContentType, blob.ETag));
                }
            }).ConfigureAwait(false);
        return [.. blobs.OrderBy(b => b.Name, StringComparer.Ordinal)];
    }

    /// <summary>Stores an object unless the target has it; the object either way.</summary>
    private static async Task<BackupObject> StoreAsync(BackupArchive archive, ObjectStream content, HashSet<string> stored, Written written, CancellationToken cancellationToken)
    {
        var value = content.Seal();
        if (Contains(stored, value.Sha256))
        {
            return value;
        }

        await using (var bytes = content.OpenRead())
        {
            if (await archive.AddObjectAsync(value, bytes, cancellationToken).ConfigureAwait(false))
            {
                written.Add(value.Length);
            }
        }

        lock (stored)
        {
            stored.Add(value.Sha256);
        }

        return value;
    }

    private static bool Contains(HashSet<string> stored, string sha)
    {
        lock (stored)
        {
            return stored.Contains(sha);
        }
    }

    private sealed class Written
    {
        private int objects;
        private long bytes;

        public int Objects => objects;

        public long Bytes => Interlocked.Read(ref bytes);

        public void Add(long length)
        {
            Interlocked.Increment(ref objects);
            Interlocked.Add(ref bytes, length);
        }
    }
}
