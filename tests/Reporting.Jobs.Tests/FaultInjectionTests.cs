using System.Text;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Storage.Runs;
using Caseload.Reporting.Storage.Snapshots;
using Microsoft.Extensions.Time.Testing;

namespace Caseload.Reporting.Tests;

/// <summary>
/// Ingest, the weekly job and delivery, through proxies that fail a seeded share of Table and Blob Storage requests
/// (503, 500, dropped answers, slow answers): each ends with exactly what a fault-free run stores and sends, or
/// fails loudly and completes when run again.
/// </summary>
public sealed class FaultInjectionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    // Past a period's claim and an email's hold, whichever lasts longer.
    private static readonly TimeSpan AfterEveryLease = new[] { PeriodRuns.Lease, new DeliveryOptions().Lease }.Max() + TimeSpan.FromMinutes(1);
    private static ((string Evaluation, string Emails, int Sent) Outcome, int Requests)? cleanWeek;
    private static Outcome? cleanWeeks;
    private readonly CouncilFolders council = new(weeks: 3, workers: 25, seed: 9);

    public void Dispose() => council.Dispose();

    private sealed record Outcome(List<string> Evaluations, List<string> Emails, List<int> Sent, int Reruns);

    // Retries a few milliseconds apart: a fault here is one request's, not a service that needs time to come back, and a
    // run cut off spends its retries on every request it still makes.
    private static Dictionary<string, string?> FastRetries => new() { ["Reporting:StorageRetryDelay"] = "00:00:00.004" };

    private async Task<Outcome> RunAllAsync(string outbox, string? storage = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));
        await using var reporting = azurite.Reporting(clock, outbox, settings: FastRetries, storage: storage);
        var reruns = 0;
        var evaluations = new List<string>();
        var sent = new List<int>();
        foreach (var folder in council.Weeks)
        {
            var week = IsoWeek.Of(SnapshotReader.Read(folder).AsOf);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await reporting.Job<IngestJob>().IngestFolderAsync(folder, null);
                    var (prepared, delivered) = await reporting.Job<WeeklyJob>().RunAsync(week);
                    if (prepared.Outcome is WeeklyOutcome.Prepared or WeeklyOutcome.AlreadyPrepared && delivered!.NotSent.Count == 0 && delivered.InFlight == 0)
                    {
                        break;
                    }

                    // This run's own lost answer holds the week or an email: wait out the leases, as the next timer would.
                    clock.Advance(AfterEveryLease);
                }
                catch (Exception e) when (e is Azure.RequestFailedException or InvalidOperationException or AggregateException && attempt < 5)
                {
                    clock.Advance(AfterEveryLease);
                }

                reruns++;
            }

            var stored = await reporting.Job<WeeklyJob>().ShowAsync(week);
            using var json = new MemoryStream();
            EvaluationJson.Write(stored!.Evaluation, json);
            evaluations.Add(Encoding.UTF8.GetString(json.ToArray()));
            sent.Add((await reporting.Job<DeliveryJob>().ListAsync(week)).Count(e => e.Status == DeliveryStatus.Sent));
        }

        var emails = Directory.GetFiles(outbox, "*.eml", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(outbox, f)).Order(StringComparer.Ordinal).ToList();
        return new Outcome(evaluations, emails, sent, reruns);
    }

    [Fact]
    public async Task A_preparation_that_fails_gives_its_week_back_and_runs_tried_again_at_once_send_each_email_once()
    {
        await using var tables = await FaultyProxy.StartAsync(Endpoint("TableEndpoint"), seed: 21);
        await using var blobs = await FaultyProxy.StartAsync(Endpoint("BlobEndpoint"), seed: 22, new StorageCut());
        tables.FailureRate = blobs.FailureRate = 0;
        var outbox = Path.Combine(council.Root, "blip");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));
        await using var reporting = azurite.Reporting(clock, outbox, settings: FastRetries, storage: blobs.Through(tables.Through(azurite.ConnectionString)));
        var folder = council.Weeks[^1];
        var week = IsoWeek.Of(SnapshotReader.Read(folder).AsOf);
        await reporting.Job<IngestJob>().IngestFolderAsync(folder, null);

        // A storage blip in the blob service, where the week's figures are read and stored once the week is claimed
        // in the table service: every connection reset, so the preparation runs out of retries part way.
        blobs.Cut.After = blobs.Cut.Requests;
        var failed = await Record.ExceptionAsync(() => reporting.Job<WeeklyJob>().PrepareAsync(week));
        blobs.Cut.After = null;

        // The blip passes; the next runs come at once, as the delivery sweep or a person would: none is told the week
        // is busy, and one completes.
        tables.FailureRate = blobs.FailureRate = 0.05;
        var outcomes = new List<WeeklyOutcome>();
        DeliveryReport? delivered = null;
        for (var attempt = 0; attempt < 5 && delivered is not { NotSent.Count: 0, InFlight: 0 }; attempt++)
        {
            var run = await reporting.Job<WeeklyJob>().RunAsync(week);
            outcomes.Add(run.Preparation.Outcome);
            delivered = run.Delivery;
        }

        tables.FailureRate = blobs.FailureRate = 0;
        var ledger = await reporting.Job<DeliveryJob>().ListAsync(week);
        var emails = Directory.GetFiles(outbox, "*.eml", SearchOption.AllDirectories);

        Assert.NotNull(failed);
        Assert.DoesNotContain(WeeklyOutcome.Busy, outcomes);
        Assert.Equal(0, delivered!.InFlight);
        Assert.Empty(delivered.NotSent);
        Assert.NotEmpty(emails);
        Assert.Equal(ledger.Count(r => r.Key.Kind != NotificationKind.TeamsChannel), emails.Length);
        Assert.All(ledger, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
    }

    private Uri Endpoint(string name) => new(azurite.ConnectionString.Split($"{name}=")[1].Split(';')[0]);

    [Theory]
    [InlineData(7)]
    [InlineData(1234)]
    [InlineData(42)]
    public async Task Under_storage_faults_the_weeks_end_as_a_fault_free_run_leaves_them(int seed)
    {
        // The fault-free run is the same for every seed (the same council and clock): it is run once.
        var clean = cleanWeeks ??= await RunAllAsync(Path.Combine(council.Root, "clean"));
        await using var tables = await FaultyProxy.StartAsync(Endpoint("TableEndpoint"), seed);
        await using var blobs = await FaultyProxy.StartAsync(Endpoint("BlobEndpoint"), seed + 1);

        // A run makes few blob requests (bundles of messages, a blob per evaluation): they are failed more often.
        blobs.FailureRate = 0.3;

        var underFaults = await RunAllAsync(Path.Combine(council.Root, "faulty"), blobs.Through(tables.Through(azurite.ConnectionString)));

        Assert.True(tables.Failed.Where(f => f.Key != "none").Sum(f => f.Value) > 5, $"too few faults injected: {string.Join(", ", tables.Failed)}");
        Assert.True(tables.Failed.GetValueOrDefault("drop") > 0, "no dropped answers injected");
        Assert.True(blobs.Failed.Where(f => f.Key != "none").Sum(f => f.Value) > 0, $"no blob faults injected: {string.Join(", ", blobs.Failed)}");
        Assert.Equal(clean.Evaluations, underFaults.Evaluations);
        Assert.Equal(clean.Emails, underFaults.Emails);
        Assert.Equal(clean.Sent, underFaults.Sent);
    }

    [Theory]
    // Cut points spread over the run's table requests, in eighths of a clean run's: the claim, the evaluation read
    // and stored, the ledger prepared, and the deliveries, each read, held and recorded.
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public async Task A_weekly_job_cut_off_at_any_point_and_run_again_ends_as_a_clean_run(int eighths)
    {
        var folder = council.Weeks[0];
        var week = IsoWeek.Of(SnapshotReader.Read(folder).AsOf);
        await using var tables = await FaultyProxy.StartAsync(Endpoint("TableEndpoint"), seed: 1);
        await using var blobs = await FaultyProxy.StartAsync(Endpoint("BlobEndpoint"), seed: 2, tables.Cut);
        tables.FailureRate = blobs.FailureRate = 0;
        var storage = blobs.Through(tables.Through(azurite.ConnectionString));
        // The clean run is the same for every cut point (the same council, seed and clock): it is run once.
        cleanWeek ??= await WeekAsync(Path.Combine(council.Root, "clean"), tables.Cut, storage, folder, week);
        var (clean, requests) = cleanWeek.Value;

        var (cut, _) = await WeekAsync(Path.Combine(council.Root, $"cut{eighths}"), tables.Cut, storage, folder, week, cutAfter: Math.Max(1, requests * eighths / 8));

        Assert.True(requests > 15, $"a clean run made only {requests} storage requests");
        Assert.Equal(clean, cut);
    }

    [Theory]
    // Cut points over an ingest's storage requests, in eighths of a clean one's: the lineage check, the extract's
    // files, the caseloads, the allocation history and the lineage row.
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public async Task An_ingest_cut_off_at_any_point_leaves_nothing_counted_and_the_same_files_ingest_cleanly_after(int eighths)
    {
        var folder = council.Weeks[0];
        var week = IsoWeek.Of(SnapshotReader.Read(folder).AsOf);
        await using var tables = await FaultyProxy.StartAsync(Endpoint("TableEndpoint"), seed: 3);
        await using var blobs = await FaultyProxy.StartAsync(Endpoint("BlobEndpoint"), seed: 4, tables.Cut);
        tables.FailureRate = blobs.FailureRate = 0;
        var storage = blobs.Through(tables.Through(azurite.ConnectionString));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));

        await using var clean = azurite.Reporting(clock, Path.Combine(council.Root, "clean"), settings: FastRetries, storage: storage);
        await clean.StoresAsync();
        var start = tables.Cut.Requests;
        var cleanIngest = await clean.Job<IngestJob>().IngestFolderAsync(folder, null);
        var requests = tables.Cut.Requests - start;
        var cleanCaseloads = await (await clean.StoresAsync()).Snapshots.LoadSummaryAsync(cleanIngest.Snapshot);

        await using var reporting = azurite.Reporting(clock, Path.Combine(council.Root, $"cut{eighths}"), settings: FastRetries, storage: storage);
        await reporting.StoresAsync();
        tables.Cut.After = tables.Cut.Requests + Math.Max(1, requests * eighths / 8);
        await Assert.ThrowsAnyAsync<Exception>(() => reporting.Job<IngestJob>().IngestFolderAsync(folder, null));
        tables.Cut.After = null;
        var store = (await reporting.StoresAsync()).Snapshots;
        var counted = await store.ListAsync();
        var weekAfterTheCut = await reporting.Job<WeeklyJob>().PrepareAsync(week);
        var again = await reporting.Job<IngestJob>().IngestFolderAsync(folder, null);

        Assert.True(requests >= 6, $"a clean ingest made only {requests} storage requests");
        Assert.Empty(counted);
        Assert.Equal(WeeklyOutcome.NoSnapshot, weekAfterTheCut.Outcome);
        Assert.False(again.AlreadyStored);
        Assert.Equal(cleanIngest.Snapshot.Id, again.Snapshot.Id);
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(cleanCaseloads),
            System.Text.Json.JsonSerializer.Serialize(await store.LoadSummaryAsync(Assert.Single(await store.ListAsync()))));
    }

    /// <summary>
    /// Ingests and runs one week through the proxies; with a cut, the run dies after that many storage requests (table
    /// and blob) and is run again once the leases have lapsed. Returns what the week ended with, and the storage
    /// requests of its first run.
    /// </summary>
    private async Task<((string Evaluation, string Emails, int Sent) Outcome, int Requests)> WeekAsync(string outbox, StorageCut proxies, string storage, string folder, IsoWeek week, int? cutAfter = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));
        await using var reporting = azurite.Reporting(clock, outbox, settings: FastRetries, storage: storage);
        await reporting.Job<IngestJob>().IngestFolderAsync(folder, null);
        var before = proxies.Requests;
        if (cutAfter is not null)
        {
            proxies.After = proxies.Requests + cutAfter;
            try
            {
                // The run dies however the cut finds it: an exception, or a run that could not record what it sent.
                await reporting.Job<WeeklyJob>().RunAsync(week);
            }
            catch (Exception e) when (e is Azure.RequestFailedException or InvalidOperationException or AggregateException)
            {
            }

            Assert.True(proxies.Requests > proxies.After, "the cut did not happen");
            proxies.After = null;
            clock.Advance(AfterEveryLease);
        }

        var run = await reporting.Job<WeeklyJob>().RunAsync(week);
        var requests = proxies.Requests - before;
        Assert.Empty(run.Delivery!.NotSent);
        Assert.Equal(0, run.Delivery.InFlight);
        var stored = await reporting.Job<WeeklyJob>().ShowAsync(week);
        using var json = new MemoryStream();
        EvaluationJson.Write(stored!.Evaluation, json);
        var emails = string.Join('\n', Directory.GetFiles(outbox, "*.eml", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(outbox, f)).Order(StringComparer.Ordinal));
        var sent = (await reporting.Job<DeliveryJob>().ListAsync(week)).Count(e => e.Status == DeliveryStatus.Sent);
        return ((Encoding.UTF8.GetString(json.ToArray()), emails, sent), requests);
    }
}
