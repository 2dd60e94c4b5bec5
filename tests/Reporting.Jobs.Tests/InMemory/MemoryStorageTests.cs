using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Caseload.Reporting.Storage;

namespace Caseload.Reporting.Tests.InMemory;

/// <summary>
/// The storage held in memory answers every call the stores make as Azurite does: the same calls on both give the
/// same transcript (rows, order, conflicts, transactions, ranges). A job's rule tested in memory is then tested
/// against what storage would say.
/// </summary>
[Collection(AzuriteTests.Name)]
public class MemoryStorageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_tables_in_memory_answer_as_Azurites_do()
    {
        var onAzurite = await TableTranscriptAsync((await azurite.TablesAsync()).Runs);
        var inMemory = await TableTranscriptAsync(MemoryStorage.Create().Runs);

        Assert.Equal(onAzurite, inMemory);
        Assert.Contains("add again: 409", inMemory);
        Assert.Contains("stale replace: 412", inMemory);
        Assert.Contains("failed transaction left: p1/a,p1/b", inMemory);
    }

    [Fact]
    public async Task The_blobs_in_memory_answer_as_Azurites_do()
    {
        var onAzurite = await BlobTranscriptAsync(await azurite.TablesAsync());
        var inMemory = await BlobTranscriptAsync(MemoryStorage.Create());

        Assert.Equal(onAzurite, inMemory);
        Assert.Contains("range: cdef", inMemory);
        Assert.Contains("missing: 404", inMemory);
    }

    private static async Task<Transcript> TableTranscriptAsync(TableClient table)
    {
        var said = new Transcript();

        async Task<string> Rows(AsyncPageable<TableEntity> query)
        {
            var rows = new List<string>();
            await foreach (var row in query)
            {
                rows.Add($"{row.PartitionKey}/{row.RowKey}{string.Concat(row.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).Order(StringComparer.Ordinal).Select(k => $" {k}={row[k]}"))}");
            }

            return string.Join(',', rows);
        }

        var at = new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.FromHours(1));
        await said.TryAsync("add", async () => (await table.AddEntityAsync(new TableEntity("p1", "b") { ["Text"] = "one", ["Count"] = 1, ["At"] = at, ["Gone"] = null })).Status.ToString());
        await said.TryAsync("add again", async () => (await table.AddEntityAsync(new TableEntity("p1", "b"))).Status.ToString());
        await said.TryAsync("add a", async () => (await table.AddEntityAsync(new TableEntity("p1", "a") { ["Text"] = "it's" })).Status.ToString());
        await said.TryAsync("add p0", async () => (await table.AddEntityAsync(new TableEntity("p0", "z") { ["Text"] = "first" })).Status.ToString());
        var read = (await table.GetEntityAsync<TableEntity>("p1", "b")).Value;
        said.Add($"read: {read.GetString("Text")} {read.GetInt32("Count")} {read.GetDateTimeOffset("At")} {read.ContainsKey("Gone")}");
        await said.TryAsync("merge", async () => (await table.UpdateEntityAsync(new TableEntity("p1", "b") { ["More"] = "yes" }, read.ETag, TableUpdateMode.Merge)).Status.ToString());
        await said.TryAsync("stale replace", async () => (await table.UpdateEntityAsync(new TableEntity("p1", "b"), read.ETag, TableUpdateMode.Replace)).Status.ToString());
        await said.TryAsync("update missing", async () => (await table.UpdateEntityAsync(new TableEntity("p1", "x"), ETag.All, TableUpdateMode.Replace)).Status.ToString());
        await said.TryAsync("after merge", () => Rows(table.QueryAsync<TableEntity>(r => r.PartitionKey == "p1" && r.RowKey == "b")));
        var current = (await table.GetEntityAsync<TableEntity>("p1", "b")).Value;
        await said.TryAsync("replace", async () => (await table.UpdateEntityAsync(new TableEntity("p1", "b") { ["Only"] = 2L }, current.ETag, TableUpdateMode.Replace)).Status.ToString());
        await said.TryAsync("upsert merge", async () => (await table.UpsertEntityAsync(new TableEntity("p1", "c") { ["Text"] = "c" })).Status.ToString());
        await said.TryAsync("upsert replace", async () => (await table.UpsertEntityAsync(new TableEntity("p1", "c") { ["Other"] = true }, TableUpdateMode.Replace)).Status.ToString());
        await said.TryAsync("if exists", async () => (await table.GetEntityIfExistsAsync<TableEntity>("p1", "nope")).HasValue.ToString());
        await said.TryAsync("selected", async () => string.Join(' ', (await table.GetEntityIfExistsAsync<TableEntity>("p1", "a", ["Text"])).Value!.Keys.Where(k => k is not ("Timestamp" or "odata.etag")).Order(StringComparer.Ordinal)));
        await said.TryAsync("everything", () => Rows(table.QueryAsync<TableEntity>()));
        await said.TryAsync("partition", () => Rows(table.QueryAsync<TableEntity>(r => r.PartitionKey == "p1")));
        await said.TryAsync("range", () => Rows(table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"p1"} and RowKey gt {"a"} and RowKey le {"c"}"))));
        await said.TryAsync("quoted", () => Rows(table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Text eq {"it's"}"))));
        await said.TryAsync("by property", () => Rows(table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {"p0"} and Text ne {"c"}"), select: ["Text"])));
        await said.TryAsync("failed transaction", async () => (await table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity("p1", "c"), ETag.All),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p1", "a")),
        ])).Value.Count.ToString());
        await said.TryAsync("failed transaction left", () => Rows(table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"p1"} and RowKey lt {"c"}"), select: ["PartitionKey", "RowKey"])));
        await said.TryAsync("transaction", async () => string.Join(' ', (await table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity("p1", "c"), ETag.All),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p1", "d") { ["Text"] = "d" }),
            new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity("p1", "a") { ["More"] = "m" }, ETag.All),
        ])).Value.Select(r => r.Status)));
        await said.TryAsync("after transaction", () => Rows(table.QueryAsync<TableEntity>(r => r.PartitionKey == "p1")));
        var old = (await table.GetEntityAsync<TableEntity>("p1", "d")).Value.ETag;
        await table.UpsertEntityAsync(new TableEntity("p1", "d") { ["Text"] = "again" });
        await said.TryAsync("stale delete", async () => (await table.DeleteEntityAsync("p1", "d", old)).Status.ToString());
        await said.TryAsync("delete", async () => (await table.DeleteEntityAsync("p1", "d", ETag.All)).Status.ToString());
        await said.TryAsync("delete missing", async () => (await table.DeleteEntityAsync("p1", "d", ETag.All)).Status.ToString());
        await said.TryAsync("left", () => Rows(table.QueryAsync<TableEntity>()));
        return said;
    }

    private static async Task<Transcript> BlobTranscriptAsync(ReportingStorage storage)
    {
        var container = storage.Blobs;
        var said = new Transcript();

        await container.GetBlobClient("snapshots/2026-11-02-a/caseloads.json.gz").UploadAsync(BinaryData.FromString("abcdefgh"), overwrite: true);
        await container.GetBlobClient("snapshots/2026-11-02-a/files/workers.csv").UploadAsync(BinaryData.FromString("w"), new BlobUploadOptions());
        await container.GetBlobClient("snapshots/2026-11-09-b/caseloads.json.gz").UploadAsync(BinaryData.FromString("x"), overwrite: true);
        await container.GetBlobClient("prepared/2026-W47/one.mime").UploadAsync(BinaryData.FromString("mime"), overwrite: true);
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "from a file");
        try
        {
            await said.TryAsync("kept once", async () => (await container.GetBlobClient("snapshots/2026-11-02-a/files/kept.csv").UploadAsync(file, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } })).GetRawResponse().Status.ToString());
            await said.TryAsync("kept twice", async () => (await container.GetBlobClient("snapshots/2026-11-02-a/files/kept.csv").UploadAsync(file, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } })).GetRawResponse().Status.ToString());
        }
        finally
        {
            File.Delete(file);
        }

        await said.TryAsync("overwrite refused", async () => (await container.GetBlobClient("prepared/2026-W47/one.mime").UploadAsync(BinaryData.FromString("again"), overwrite: false)).GetRawResponse().Status.ToString());
        await said.TryAsync("whole", async () => (await container.GetBlobClient("snapshots/2026-11-02-a/caseloads.json.gz").DownloadContentAsync(new BlobDownloadOptions())).Value.Content.ToString());
        await said.TryAsync("range", async () => (await container.GetBlobClient("snapshots/2026-11-02-a/caseloads.json.gz").DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(2, 4) })).Value.Content.ToString());
        await said.TryAsync("streamed", async () => await new StreamReader((await container.GetBlobClient("snapshots/2026-11-02-a/files/kept.csv").DownloadStreamingAsync()).Value.Content).ReadToEndAsync());
        await said.TryAsync("missing", async () => (await container.GetBlobClient("snapshots/none").DownloadStreamingAsync()).Value.Details.ContentLength.ToString());
        await said.TryAsync("missing range", async () => (await container.GetBlobClient("prepared/none").DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(0, 1) })).Value.Content.ToString());
        async Task<string> Folders(string prefix)
        {
            var found = new List<string>();
            await foreach (var item in container.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Prefix = prefix, Delimiter = "/" }))
            {
                found.Add(item.IsPrefix ? $"[{item.Prefix}]" : item.Blob.Name);
            }

            return string.Join(',', found);
        }

        async Task<string> Blobs(string prefix)
        {
            var found = new List<string>();
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }))
            {
                found.Add(item.Name);
            }

            return string.Join(',', found);
        }

        await said.TryAsync("folders", () => Folders("snapshots/"));
        await said.TryAsync("top", () => Folders(""));
        await said.TryAsync("under", () => Blobs("snapshots/2026-11-02-a/"));
        await said.TryAsync("delete", async () => (await container.DeleteBlobIfExistsAsync("snapshots/2026-11-09-b/caseloads.json.gz")).Value.ToString());
        await said.TryAsync("delete again", async () => (await container.DeleteBlobIfExistsAsync("snapshots/2026-11-09-b/caseloads.json.gz")).Value.ToString());
        await said.TryAsync("left", () => Blobs(""));
        return said;
    }

    /// <summary>What each call answered, or the status it failed with.</summary>
    private sealed class Transcript : List<string>
    {
        public async Task TryAsync(string what, Func<Task<string>> call)
        {
            try
            {
                Add($"{what}: {await call()}");
            }
            catch (RequestFailedException e)
            {
                Add($"{what}: {e.Status}");
            }
        }
    }
}
