using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Data.Tables;
using Caseload.Reporting.Backup;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Jobs.Retention;
using Caseload.Reporting.Jobs.StaffData;
using Caseload.Reporting.Jobs.Telemetry;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Staff;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Backup;
using Caseload.Reporting.Storage.Notifications;
using NodaTime;

namespace Caseload.Reporting.Jobs.Backup;

/// <summary>What restoring a point would do, once it is verified; nothing written.</summary>
/// <param name="Where">The target.</param>
/// <param name="Point">The point.</param>
/// <param name="Problems">Each object missing or altered: any refuses the restore.</param>
/// <param name="InUse">What the storage holds, when it holds anything: it refuses the restore.</param>
/// <param name="Resuming">The storage holds part of a restore of this very point, cut off: this one finishes it.</param>
/// <param name="Withheld">The periods whose delivery the point cannot vouch for, to be withheld until a person releases them.</param>
/// <param name="Erasures">Erasures of staff data recorded at the target and not known to be in the point, to be done again.</param>
public sealed record RestorePlan(string Where, BackupPoint Point, IReadOnlyList<string> Problems, string? InUse, bool Resuming, IReadOnlyList<ReportingPeriod> Withheld, IReadOnlyList<ErasureRecord> Erasures)
{
    /// <summary>Whether the point may be restored: it verifies and the storage is empty.</summary>
    public bool CanRestore => Problems.Count == 0 && InUse is null;
}

/// <summary>What a restore did.</summary>
/// <param name="Plan">What it set out to do.</param>
/// <param name="Rows">Rows written.</param>
/// <param name="Blobs">Blobs written.</param>
/// <param name="WorkersErased">Workers erased again (recorded after the point).</param>
/// <param name="Staff">Staff retention applied again, when it let go of anything.</param>
/// <param name="Snapshots">Snapshot retention applied, as configured.</param>
public sealed record RestoreReport(RestorePlan Plan, long Rows, int Blobs, int WorkersErased, StaffRetention? Staff, RetentionRun Snapshots);

/// <summary>
/// Restores a backup point into an empty storage (spec: backup.md). Every object is read and its hash checked before
/// anything is written; a storage that holds anything is refused and left as it is. Then, in this order: the
/// periods the point cannot vouch for are withheld in the ledger (before any notification row is written, so that
/// no run could send one); the blobs; the tables, every notification still to send withheld; every erasure of staff
/// data recorded after the point done again, and retention as configured. A restore cut off is finished by the same
/// restore run again: it notes the point it is restoring first, and every write replaces what an earlier attempt wrote.
/// </summary>
public sealed class RestoreJob(StorageConnection connection, BackupArchives archives, WorkerErasureJob erasure, RetentionJob retention, ReportingSchedule schedule, TimeProvider time)
{
    /// <summary>The word that asks for the newest point.</summary>
    public const string Latest = "latest";

    /// <summary>Verifies the point and says what restoring it would do; writes nothing.</summary>
    /// <exception cref="InvalidOperationException">There is no such point at the target, or its manifest or a record of an erasure does not read.</exception>
    public async Task<RestorePlan> PlanAsync(string? from, string? point, CancellationToken cancellationToken = default)
    {
        try
        {
            return await PlanUncheckedAsync(from, point, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidOperationException($"{e.Message} Nothing was written; restore another point (--point), or ask for help with this one.", e);
        }
    }

    private async Task<RestorePlan> PlanUncheckedAsync(string? from, string? point, CancellationToken cancellationToken)
    {
        var archive = archives.Open(from);
        var ids = await archive.PointIdsAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            throw new InvalidOperationException($"there is no backup point at {archive.Where}");
        }

        var id = point is null || point == Latest ? ids[^1] : ids.Contains(point) ? point : throw new InvalidOperationException(
            $"there is no backup point {point} at {archive.Where}; the newest there: {string.Join(", ", ids.TakeLast(5).Reverse())} (`reporting backup list` lists them all)");
        var chosen = await archive.PointAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"the backup point {id} at {archive.Where} vanished while it was read");
        var problems = await BackupJob.VerifyAsync(archive, chosen, new ConcurrentDictionary<BackupObject, string?>(), cancellationToken).ConfigureAwait(false);

        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var resuming = await MarkerAsync(stores, id, cancellationToken).ConfigureAwait(false) is { Finished: false };
        var inUse = resuming ? null : await new StorageImage(stores.Storage).FirstThingAsync(cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return new RestorePlan(archive.Where, chosen, problems, inUse, resuming, [], []);
        }

        var withheld = await WithheldAsync(archive, chosen, cancellationToken).ConfigureAwait(false);
        var erasures = ErasureLog.ToDoAgain(await archive.ErasuresAsync(cancellationToken).ConfigureAwait(false), chosen.TakenAt);
        return new RestorePlan(archive.Where, chosen, problems, inUse, resuming, withheld, erasures);
    }

    /// <summary>Restores the point into the storage, if it verifies and the storage is empty; otherwise writes nothing and says why in the plan.</summary>
    public async Task<RestoreReport> RunAsync(string? from, string? point, CancellationToken cancellationToken = default)
    {
        using var run = ReportingTelemetry.Run("restore");
        var plan = await PlanAsync(from, point, cancellationToken).ConfigureAwait(false);
        if (!plan.CanRestore)
        {
            run.Outcome = "refused";
            return new RestoreReport(plan, 0, 0, 0, null, new RetentionRun(null, 0, 0));
        }

        var archive = archives.Open(from);
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var image = new StorageImage(stores.Storage);
        var now = time.GetUtcNow();
        await WriteMarkerAsync(stores, new RestoreMarker(plan.Point.Id, now, null), cancellationToken).ConfigureAwait(false);

        // Withheld first: a run that prepared a period meanwhile prepares it withheld.
        foreach (var period in plan.Withheld)
        {
            await stores.Ledger.WithholdAsync(new WithheldPeriod(period, plan.Point.Id, plan.Point.TakenAt, now), cancellationToken).ConfigureAwait(false);
        }

        var blobs = 0;
        await Parallel.ForEachAsync(
            plan.Point.Blobs,
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (blob, token) =>
            {
                await using var content = await OpenAsync(archive, blob.Content, token).ConfigureAwait(false);
                await image.WriteBlobAsync(blob.Name, content, blob.ContentType, token).ConfigureAwait(false);
                Interlocked.Increment(ref blobs);
            }).ConfigureAwait(false);

        long rows = 0;
        var tables = stores.Storage.Tables.ToDictionary(t => t.Name, t => t.Table, StringComparer.Ordinal);
        foreach (var table in plan.Point.Tables)
        {
            var client = tables.TryGetValue(table.Name, out var known) ? known
                : throw new InvalidOperationException($"the point holds a table {table.Name} that this version of the product does not have; restore it with the version that took it");
            var ledger = client == stores.Storage.Notifications;
            await Parallel.ForEachAsync(
                table.Partitions,
                new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
                async (partition, token) =>
                {
                    await using var content = await OpenAsync(archive, partition.Content, token).ConfigureAwait(false);
                    var read = StorageImage.RowsOf(content, token);
                    Interlocked.Add(ref rows, await StorageImage.WriteRowsAsync(client, ledger ? Restored(read) : read, token).ConfigureAwait(false));
                }).ConfigureAwait(false);
        }

        var erased = await EraseAgainAsync(archive, stores, plan.Erasures, cancellationToken).ConfigureAwait(false);
        var today = schedule.Local(time.GetUtcNow()).Date;
        StaffRetention? staff = null;
        foreach (var keptFrom in plan.Erasures.Where(e => e.Kind == ErasureKind.StaffRetention).Select(e => e.KeptFrom!.Value).Order().TakeLast(1))
        {
            staff = await retention.StaffAgainAsync(today, keptFrom, cancellationToken).ConfigureAwait(false);
        }

        staff = await retention.StaffAgainAsync(today, null, cancellationToken).ConfigureAwait(false) is { Nothing: false } configured ? configured : staff;
        var snapshots = await retention.RunAsync(today, cancellationToken: cancellationToken).ConfigureAwait(false);

        await WriteMarkerAsync(stores, new RestoreMarker(plan.Point.Id, now, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        run.Outcome = "restored";
        return new RestoreReport(plan, rows, blobs, erased, staff, snapshots);
    }

    private static async IAsyncEnumerable<TableEntity> Restored(IAsyncEnumerable<TableEntity> rows)
    {
        await foreach (var row in rows.ConfigureAwait(false))
        {
            yield return NotificationLedger.Restored(row);
        }
    }

    private static async Task<Stream> OpenAsync(BackupArchive archive, BackupObject value, CancellationToken cancellationToken) =>
        await archive.OpenObjectAsync(value, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"objects/{value.Sha256[..2]}/{value.Sha256} went missing at {archive.Where} during the restore; nothing more was written. Run the restore again: it finishes what it began, or choose another point.");

    /// <summary>The periods the point cannot vouch for (<see cref="RestoredDelivery"/>), read from its runs and its ledger.</summary>
    private async Task<IReadOnlyList<ReportingPeriod>> WithheldAsync(BackupArchive archive, BackupPoint point, CancellationToken cancellationToken)
    {
        var prepared = new HashSet<ReportingPeriod>();
        var toSend = new HashSet<ReportingPeriod>();
        foreach (var table in point.Tables.Where(t => t.Name is "Runs" or "Notifications"))
        {
            foreach (var partition in table.Partitions)
            {
                if (!ReportingPeriod.TryParse(partition.Key, out var period))
                {
                    continue;
                }

                await using var content = await OpenAsync(archive, partition.Content, cancellationToken).ConfigureAwait(false);
                await foreach (var row in StorageImage.RowsOf(content, cancellationToken).ConfigureAwait(false))
                {
                    if (table.Name == "Runs" ? row.GetString("Status") == "done" : NotificationLedger.IsToSend(row))
                    {
                        (table.Name == "Runs" ? prepared : toSend).Add(period);
                    }
                }
            }
        }

        return RestoredDelivery.Withheld(point.TakenAt, time.GetUtcNow(), schedule, prepared, toSend);
    }

    /// <summary>Each worker erased after the point, erased again: found among the restored weeks by their pseudonym under the key recorded.</summary>
    private async Task<int> EraseAgainAsync(BackupArchive archive, ReportingStores stores, IReadOnlyList<ErasureRecord> records, CancellationToken cancellationToken)
    {
        var workers = records.Where(r => r.Kind == ErasureKind.Worker).ToList();
        if (workers.Count == 0)
        {
            return 0;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var week in await stores.Evaluations.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if ((await stores.Evaluations.LoadAsync(week.Week, cancellationToken).ConfigureAwait(false))?.Evaluation is { } evaluation)
            {
                ids.UnionWith(evaluation.Workers.Select(w => w.WorkerId));
            }
        }

        var erased = 0;
        foreach (var record in workers)
        {
            var key = await KeyAsync(archive, record, cancellationToken).ConfigureAwait(false);

            // The point may be older than the key (made on the first erasure or retention): the key the erasures were made under is the council's again.
            await stores.PseudonymKey.AddAsync(key, cancellationToken).ConfigureAwait(false);
            var pseudonyms = new StaffPseudonyms(key);
            if (ids.FirstOrDefault(id => !StaffPseudonyms.IsPseudonymId(id) && pseudonyms.Of(id).WorkerId == record.Worker) is { } workerId)
            {
                await erasure.RunAgainAsync(workerId, cancellationToken).ConfigureAwait(false);
                erased++;
            }
        }

        return erased;
    }

    private static async Task<byte[]> KeyAsync(BackupArchive archive, ErasureRecord record, CancellationToken cancellationToken)
    {
        var name = $"objects/{record.Key![..2]}/{record.Key}";
        var stream = await archive.OpenObjectAsync(new BackupObject(record.Key, 32), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"the pseudonym key an erasure was recorded under ({name} at {archive.Where}) is missing: the erasure of {record.Worker} cannot be done again. Erase the worker by hand with `reporting forget --worker`.");
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    /// <summary>The storage's note of a restore of the point, if it holds one.</summary>
    private static async Task<RestoreMarker?> MarkerAsync(ReportingStores stores, string point, CancellationToken cancellationToken)
    {
        var blob = stores.Storage.Blobs.GetBlobClient(RestoreMarker.BlobOf(point));
        try
        {
            var content = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
            return content.ToObjectFromJson<RestoreMarker>();
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task WriteMarkerAsync(ReportingStores stores, RestoreMarker marker, CancellationToken cancellationToken) =>
        await stores.Storage.Blobs.GetBlobClient(RestoreMarker.BlobOf(marker.Point)).UploadAsync(BinaryData.FromObjectAsJson(marker), overwrite: true, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The storage's note of a restore that filled it: which point, when it began, and when it finished. One a point,
    /// so that a point taken after a restore carries its note without mistaking it for a restore under way.
    /// </summary>
    private sealed record RestoreMarker(string Point, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt)
    {
        public static string BlobOf(string point) => $"restores/{point}.json";

        public bool Finished => FinishedAt is not null;
    }
}
