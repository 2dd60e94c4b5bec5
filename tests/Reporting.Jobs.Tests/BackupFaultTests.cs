using System.Security.Cryptography;
using System.Text;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Jobs.Backup;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.StaffData;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Backup;
using Caseload.Reporting.Storage.Places;
using Microsoft.Extensions.Time.Testing;

namespace Caseload.Reporting.Tests;

/// <summary>
/// A restore cut off at any point (every storage request after the cut dropped, as if the process had died) and run
/// again ends exactly as a restore never cut: the same rows, the same blobs, byte for byte. And a backup never holds
/// half a run: it waits while a run holds a period, and gives up, writing no point, when one holds it too long.
/// </summary>
public sealed class BackupFaultTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly CouncilFolders council = new(weeks: 3, workers: 20, seed: 23);

    public void Dispose() => council.Dispose();

    private string Target => Path.Combine(council.Root, "backup");

    private Dictionary<string, string?> Settings => new()
    {
        ["Reporting:StorageRetryDelay"] = "00:00:00.004",
        ["Reporting:Backup:Target"] = Target,
    };

    [Fact]
    public async Task A_restore_cut_off_at_any_point_and_run_again_ends_as_one_never_cut()
    {
        // A council backed up after its second week; its third week sent and a worker erased after the point.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 7, 7, 0, 0, TimeSpan.Zero));
        await using (var source = azurite.Reporting(clock, Path.Combine(council.Root, "outbox"), settings: Settings))
        {
            await WeekAsync(source, clock, council.Weeks[0]);
            await WeekAsync(source, clock, council.Weeks[1]);
            await source.Job<BackupJob>().RunAsync(null);
            var third = await WeekAsync(source, clock, council.Weeks[2]);
            var worker = (await (await source.StoresAsync()).Evaluations.LoadAsync(third))!.Evaluation.Workers.First(w => w.InBreach).WorkerId;
            await source.Job<WorkerErasureJob>().RunAsync(worker);
        }

        await using var tables = await FaultyProxy.StartAsync(Endpoint("TableEndpoint"), seed: 41);
        await using var blobs = await FaultyProxy.StartAsync(Endpoint("BlobEndpoint"), seed: 42, tables.Cut);
        tables.FailureRate = blobs.FailureRate = 0;
        var storage = blobs.Through(tables.Through(azurite.ConnectionString));
        clock.Advance(TimeSpan.FromHours(1));

        await using var clean = azurite.Reporting(clock, Path.Combine(council.Root, "clean"), settings: Settings, storage: storage);
        await (await clean.StoresAsync()).Storage.Blobs.ExistsAsync();
        var before = tables.Cut.Requests;
        var restored = await clean.Job<RestoreJob>().RunAsync(null, null);
        var requests = tables.Cut.Requests - before;
        Assert.True(restored.Plan.CanRestore);
        Assert.Equal(1, restored.WorkersErased);
        Assert.True(requests > 40, $"a clean restore made only {requests} storage requests");
        var expected = await ImageAsync(clean);

        // Cut at each eighth of a clean restore's requests: the plan's checks, the withholding, the blobs, the tables,
        // the erasure done again, the note that it finished.
        for (var eighths = 1; eighths < 8; eighths++)
        {
            await using var cut = azurite.Reporting(clock, Path.Combine(council.Root, $"cut{eighths}"), settings: Settings, storage: storage);
            await (await cut.StoresAsync()).Storage.Blobs.ExistsAsync();
            tables.Cut.After = tables.Cut.Requests + Math.Max(1, requests * eighths / 8);
            try
            {
                await cut.Job<RestoreJob>().RunAsync(null, null);
            }
            catch (Exception e) when (e is Azure.RequestFailedException or InvalidOperationException or AggregateException or StorageUnavailableException or TaskCanceledException or HttpRequestException)
            {
            }

            Assert.True(tables.Cut.Requests > tables.Cut.After, $"the cut at {eighths}/8 did not happen");
            tables.Cut.After = null;
            var again = await cut.Job<RestoreJob>().RunAsync(null, null);

            Assert.True(again.Plan.CanRestore, $"cut at {eighths}/8, the restore run again was refused: {again.Plan.InUse}");
            Assert.Equal(expected, await ImageAsync(cut));
        }
    }

    [Fact]
    public async Task A_backup_waits_while_a_run_holds_a_period_and_copies_once_it_is_done()
    {
        var (clock, reporting, runs, claim, done, working) = await HoldingAsync();
        await using var _ = reporting;
        var backup = reporting.Job<BackupJob>().RunAsync(null);
        var doneAt = await StepAsync(clock, backup, steps: 60, then: async step =>
        {
            if (step == 8)
            {
                await runs.CompleteAsync(claim);
                done.SetResult(0);
                return clock.GetUtcNow();
            }

            return null;
        });

        var point = (await backup).Point;
        await working;
        Assert.NotNull(doneAt);
        Assert.True(point.TakenAt >= doneAt, $"the copy began at {point.TakenAt:O}, before the run ended at {doneAt:O}");
        var archive = new BackupArchive(Place.Open(Target, "target"));
        Assert.Equal(["2026-W37"], point.Tables.Single(t => t.Name == "Runs").Partitions.Select(p => p.Key));
        Assert.NotNull(await archive.PointAsync(point.Id));
    }

    [Fact]
    public async Task A_backup_gives_up_writing_no_point_when_a_run_holds_a_period_longer_than_it_waits()
    {
        var (clock, reporting, _, _, done, working) = await HoldingAsync();
        await using var _ = reporting;
        var backup = reporting.Job<BackupJob>().RunAsync(null);
        await StepAsync(clock, backup, steps: 200, then: _ => Task.FromResult<DateTimeOffset?>(null));
        done.SetResult(0);
        await working;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => backup);
        Assert.Equal("a run has been preparing 2026-W37 since 2026-09-07 07:00 UTC and still holds it after the backup waited 10 minutes; no point was written. Take the backup again when it is done.", refused.Message);
        Assert.False(Directory.Exists(Path.Combine(Target, "points")));
    }

    /// <summary>A run holding 2026-W37 and renewing its claim on the test's clock until <c>done</c> is set: storage held in memory.</summary>
    private async Task<(FakeTimeProvider Clock, TestReporting Reporting, Storage.Runs.PeriodRuns Runs, Storage.Runs.RunClaim Claim, TaskCompletionSource<int> Done, Task<int> Working)> HoldingAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 7, 7, 0, 0, TimeSpan.Zero));
        var reporting = MemoryReporting.Create(clock, Path.Combine(council.Root, "outbox"), settings: Settings);
        var runs = (await reporting.StoresAsync()).Runs;
        var (_, claim) = await runs.ClaimAsync(new IsoWeek(2026, 37), WeeklyJob.Work);
        var done = new TaskCompletionSource<int>();
        return (clock, reporting, runs, claim!, done, runs.WorkAsync(claim!, () => done.Task));
    }

    /// <summary>Moves the clock on five seconds at a time (the backup's poll) until the backup ends or the steps run out, letting each step's work run.</summary>
    private static async Task<DateTimeOffset?> StepAsync(FakeTimeProvider clock, Task backup, int steps, Func<int, Task<DateTimeOffset?>> then)
    {
        DateTimeOffset? result = null;
        for (var step = 0; step < steps && !backup.IsCompleted; step++)
        {
            await Task.Delay(5);
            result ??= await then(step);
            clock.Advance(TimeSpan.FromSeconds(5));
        }

        return result;
    }

    private static async Task<IsoWeek> WeekAsync(TestReporting reporting, FakeTimeProvider clock, string folder)
    {
        var asOf = SnapshotReader.Read(folder).AsOf;
        clock.SetUtcNow(new DateTimeOffset(asOf.ToDateTimeUnspecified().AddHours(7), TimeSpan.Zero));
        await reporting.Job<IngestJob>().IngestFolderAsync(folder, null);
        await reporting.Job<WeeklyJob>().RunAsync(IsoWeek.Of(asOf));
        return IsoWeek.Of(asOf);
    }

    /// <summary>Every row of every table (its partition's bytes as a backup writes them) and every blob's bytes, hashed.</summary>
    private static async Task<string> ImageAsync(TestReporting reporting)
    {
        var storage = (await reporting.StoresAsync()).Storage;
        var image = new StringBuilder();
        foreach (var (name, table) in storage.Tables)
        {
            await foreach (var partition in StorageImage.PartitionsAsync(table))
            {
                using (partition)
                {
                    image.AppendLine($"{name} {partition.Key} {partition.Rows} {partition.Content.Seal().Sha256}");
                }
            }
        }

        await foreach (var blob in new StorageImage(storage).BlobsAsync())
        {
            var bytes = (await storage.Blobs.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
            image.AppendLine($"{blob.Name} {Convert.ToHexStringLower(SHA256.HashData(bytes))}");
        }

        return image.ToString();
    }

    private Uri Endpoint(string name) => new(azurite.ConnectionString.Split($"{name}=")[1].Split(';')[0]);
}
