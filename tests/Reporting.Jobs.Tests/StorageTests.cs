using Azure.Data.Tables;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Policies;
using Caseload.Reporting.Storage.Snapshots;
using Microsoft.Extensions.Time.Testing;

namespace Caseload.Reporting.Tests;

[Collection(AzuriteTests.Name)]
public class StorageTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));

    private static string Json(CaseloadEvaluation evaluation)
    {
        using var stream = new MemoryStream();
        EvaluationJson.Write(evaluation, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static async Task<int> CountAsync(TableClient table)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            count++;
        }

        return count;
    }

    private static async Task<List<string>> BlobsAsync(ReportingStorage tables)
    {
        var names = new List<string>();
        await foreach (var blob in tables.Blobs.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = "snapshots/" }))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    [Fact]
    public async Task Forgetting_deletes_old_snapshots_lineage_first_and_every_blob_of_them_and_keeps_the_rest()
    {
        using var council = new CouncilFolders(weeks: 3, workers: 20);
        await using var reporting = azurite.Reporting(clock, Path.Combine(Path.GetTempPath(), "caseload-tests", "unused"));
        var tables = (await reporting.StoresAsync()).Storage;
        foreach (var folder in council.Weeks)
        {
            await reporting.Job<IngestJob>().IngestFolderAsync(folder, null);
        }

        var store = new SnapshotStore(tables, clock);
        var before = await store.ListAsync();
        var blobsBefore = await BlobsAsync(tables);
        var kept = SnapshotReader.Read(council.Weeks[2]);

        // What an ingest that died before its lineage row left: no reader counts it, retention still deletes it.
        await tables.Blobs.UploadBlobAsync($"snapshots/{kept.AsOf.PlusDays(-30):yyyy-MM-dd}.0123456789ab/files/allocations.csv", BinaryData.FromString("child_id\n"));
        var forgotten = await store.ForgetBeforeAsync(kept.AsOf);

        var after = await store.ListAsync();
        Assert.Equal(2, forgotten.Snapshots);
        Assert.Equal(kept.AsOf, Assert.Single(after).AsOf);
        Assert.Equal(24, blobsBefore.Count);  // each: four files as received, caseloads, allocation history, roster, who was in breach
        Assert.Equal(17, forgotten.Blobs);
        Assert.All(await BlobsAsync(tables), name => Assert.StartsWith($"snapshots/{after[0].Id}/", name, StringComparison.Ordinal));
        foreach (var old in before.Take(2))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => store.LoadCaseloadsAsync(old));
        }

        Assert.NotEmpty((await store.LoadCaseloadsAsync(after[0])).Workers);
    }

    [Fact]
    public async Task Ingesting_the_same_snapshot_twice_stores_it_once_with_its_lineage_and_its_files_exactly_as_received()
    {
        using var council = new CouncilFolders(weeks: 1);
        await using var reporting = azurite.Reporting(clock, Path.Combine(Path.GetTempPath(), "caseload-tests", "unused"));
        var tables = (await reporting.StoresAsync()).Storage;
        var ingest = reporting.Job<IngestJob>();

        var first = await ingest.IngestFolderAsync(council.Weeks[0], null);
        var blobs = await BlobsAsync(tables);
        clock.Advance(TimeSpan.FromHours(1));
        var second = await ingest.IngestFolderAsync(council.Weeks[0], null);

        Assert.False(first.AlreadyStored);
        Assert.True(second.AlreadyStored);
        Assert.Equal(first.Snapshot, second.Snapshot with { FileHashes = first.Snapshot.FileHashes });
        Assert.Single(await new SnapshotStore(tables, clock).ListAsync());
        Assert.Equal(blobs, await BlobsAsync(tables));

        var snapshot = SnapshotReader.Read(council.Weeks[0]);
        var stored = first.Snapshot;
        Assert.Equal(["allocations.csv", "snapshot.json", "teams.csv", "workers.csv"], stored.FileHashes.Keys.Order(StringComparer.Ordinal));
        foreach (var (file, hash) in stored.FileHashes)
        {
            var kept = (await tables.Blobs.GetBlobClient($"snapshots/{stored.Id}/files/{file}").DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(File.ReadAllBytes(Path.Combine(council.Weeks[0], file)), kept);
            Assert.Equal(hash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(kept)));
        }

        Assert.Equal((snapshot.Teams.Count, snapshot.Workers.Count, snapshot.Allocations.Count), (stored.Teams, stored.Workers, stored.Allocations));
        Assert.Equal("synthetic-seed-3", stored.Source);
        Assert.Equal("2026-11-a", stored.PolicyVersion);
        Assert.Equal(clock.GetUtcNow().AddHours(-1), stored.IngestedAt);
    }

    [Fact]
    public async Task An_invalid_snapshot_is_rejected_whole_and_nothing_is_stored()
    {
        using var council = new CouncilFolders(weeks: 1);
        var workers = Path.Combine(council.Weeks[0], "workers.csv");
        File.WriteAllLines(workers, [.. File.ReadAllLines(workers), "SW999999,Late Starter,late@council.example,T999,social_worker,1,no,no"]);
        await using var reporting = azurite.Reporting(clock, Path.Combine(Path.GetTempPath(), "caseload-tests", "unused"));
        var tables = (await reporting.StoresAsync()).Storage;

        var rejected = await Assert.ThrowsAsync<InvalidInputException>(() => reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null));

        Assert.Contains(rejected.Errors, p => p.Code == "team_unknown");
        Assert.Equal(0, await CountAsync(tables.Snapshots));
        Assert.Empty(await BlobsAsync(tables));
    }

    [Fact]
    public async Task Stored_caseloads_evaluate_exactly_as_the_files_do()
    {
        using var council = new CouncilFolders(weeks: 1, workers: 200);
        await using var reporting = azurite.Reporting(clock, Path.Combine(Path.GetTempPath(), "caseload-tests", "unused"));
        var tables = (await reporting.StoresAsync()).Storage;
        var stored = (await reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null)).Snapshot;

        var fromStorage = await new SnapshotStore(tables, clock).LoadCaseloadsAsync(stored);
        var fromFiles = CaseloadSummary.Of(SnapshotReader.Read(council.Weeks[0]));

        foreach (var policy in new[] { Policy.Default, Policy.Default with { CountBy = CountBy.Family, LimitOn = LimitOn.Weighted } })
        {
            Assert.Equal(Json(CaseloadEvaluation.Evaluate(fromFiles, policy)), Json(CaseloadEvaluation.Evaluate(fromStorage, policy)));
        }

        Assert.Equal(fromFiles.Teams, fromStorage.Teams);
    }

    [Fact]
    public async Task Ids_that_are_not_safe_as_table_keys_are_stored_and_read_back()
    {
        using var council = new CouncilFolders(weeks: 1);
        foreach (var file in new[] { "workers.csv", "allocations.csv", "teams.csv" })
        {
            var path = Path.Combine(council.Weeks[0], file);
            File.WriteAllText(path, File.ReadAllText(path).Replace("SW100002", "SW/10#0?2%", StringComparison.Ordinal));
        }

        await using var reporting = azurite.Reporting(clock, Path.Combine(Path.GetTempPath(), "caseload-tests", "unused"));
        var tables = (await reporting.StoresAsync()).Storage;
        var stored = (await reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null)).Snapshot;
        var caseloads = await new SnapshotStore(tables, clock).LoadCaseloadsAsync(stored);

        var worker = Assert.Single(caseloads.Workers, w => w.Worker.Id == "SW/10#0?2%");
        Assert.Equal(CaseloadSummary.Of(SnapshotReader.Read(council.Weeks[0])).Workers.Single(w => w.Worker.Id == "SW/10#0?2%").Children, worker.Children);
    }

    [Fact]
    public async Task Connecting_lists_the_tables_once_and_creates_only_those_missing_whatever_another_prefix_holds()
    {
        var prefix = AzuriteFixture.NewPrefix();
        var service = new TableServiceClient(azurite.ConnectionString);
        // Another council's prefix that begins with this one: its tables share the listing and are not this one's.
        await ReportingStorage.ConnectAsync(new ReportingStorageOptions { Storage = azurite.ConnectionString, TablePrefix = prefix + "b" });
        await using var proxy = await FaultyProxy.StartAsync(new Uri(azurite.ConnectionString.Split("TableEndpoint=")[1].Split(';')[0]), seed: 5);
        proxy.FailureRate = 0;
        var options = new ReportingStorageOptions { Storage = proxy.Through(azurite.ConnectionString), TablePrefix = prefix };

        var first = await ReportingStorage.ConnectAsync(options);
        var firstRequests = proxy.Requests;
        await ReportingStorage.ConnectAsync(options);
        var againRequests = proxy.Requests - firstRequests;
        await service.DeleteTableAsync(first.Runs.Name);
        await ReportingStorage.ConnectAsync(options);
        var afterLossRequests = proxy.Requests - firstRequests - againRequests;

        var names = new List<string>();
        await foreach (var table in service.QueryAsync(TableClient.CreateQueryFilter($"TableName ge {prefix} and TableName lt {prefix + "~"}")))
        {
            names.Add(table.Name);
        }

        // 13 tables: a listing and 13 creations; then the listing alone; then the listing and the one table lost.
        Assert.Equal((14, 1, 2), (firstRequests, againRequests, afterLossRequests));
        Assert.Equal(first.Tables.Select(t => t.Table.Name).Concat(first.Tables.Select(t => prefix + "b" + t.Name)).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_transaction_that_mixes_partitions_or_exceeds_100_is_refused_before_it_is_sent()
    {
        var tables = await azurite.TablesAsync();
        var mixed = new[] { new TableEntity("a", "1"), new TableEntity("b", "1") }.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)).ToList();
        var large = Enumerable.Range(0, 101).Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("a", $"{i}"))).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => PartitionBatch.SubmitAsync(tables.Improvement, mixed, default));
        await Assert.ThrowsAsync<ArgumentException>(() => PartitionBatch.SubmitAsync(tables.Improvement, large, default));
        Assert.Equal(0, await CountAsync(tables.Improvement));

        await PartitionBatch.UpsertAsync(tables.Improvement, [.. large.Select(a => a.Entity), new TableEntity("b", "1")], TableUpdateMode.Replace, default);
        Assert.Equal(102, await CountAsync(tables.Improvement));
    }

    [Fact]
    public async Task A_month_stored_before_history_and_trends_were_kept_still_reads_back()
    {
        await using var reporting = azurite.Reporting(clock, Path.Combine(Path.GetTempPath(), "caseload-tests", "unused"));
        var tables = (await reporting.StoresAsync()).Storage;
        var store = new Caseload.Reporting.Storage.Improvement.ImprovementStore(tables);
        await tables.Improvement.UpsertEntityAsync(new Azure.Data.Tables.TableEntity("2026-09", "run") { ["SnapshotId"] = "2026-09-28.abc", ["PolicyVersion"] = "p1", ["PlanVersion"] = "v1", ["ComputedAt"] = DateTimeOffset.UnixEpoch });
        await tables.Improvement.UpsertEntityAsync(new Azure.Data.Tables.TableEntity("2026-09", "measure|agency")
        {
            ["Order"] = 0, ["Id"] = "agency", ["Metric"] = "agency_fte_pct", ["Filter"] = "all teams", ["Actual"] = "14.5", ["Expected"] = "15", ["Target"] = "12", ["Rag"] = "green",
        });

        var month = await store.LoadAsync(new NodaTime.YearMonth(2026, 9));

        var measure = Assert.Single(month!.Measures);
        Assert.Equal(("Agency FTE", 14.5m, "green", true), (measure.Title, measure.Actual!.Value, measure.Rag, measure.History.Complete));
        Assert.Empty(measure.Trend);
    }

    [Fact]
    public async Task A_policy_version_is_kept_for_good_and_the_current_one_is_used()
    {
        var tables = await azurite.TablesAsync();
        var store = new PolicyStore(tables, clock);

        Assert.Null((await store.CurrentAsync()).Document);
        await store.SetAsync("""{"version": "2026-12-a", "limits": {"default": 17}}""");
        await store.SetAsync("""{"version": "2026-12-b", "limits": {"default": 16}}""");
        await store.SetAsync("""{"version": "2026-12-a", "limits": {"default": 17}}""");
        var changed = await Assert.ThrowsAsync<InvalidOperationException>(() => store.SetAsync("""{"version": "2026-12-a", "limits": {"default": 15}}"""));

        var current = await store.CurrentAsync();
        Assert.Equal("2026-12-a", current.Policy.Version);
        Assert.Equal(17m, current.Policy.Limits.Default);
        Assert.Contains("already stored with a different document", changed.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidInputException>(() => store.SetAsync("""{"version": "x", "limit": 3}"""));
    }
}
