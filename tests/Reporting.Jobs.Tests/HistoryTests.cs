using System.IO.Compression;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Jobs.Settings;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>Allocation history over years: no ceiling on how long a child and a worker are seen together, and the 12-month count exact.</summary>
public sealed class HistoryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Plan = """
        {"name": "Stability", "version": "s1", "measures": [
          {"id": "stability", "metric": "pct_children_3plus_workers_12m", "direction": "at_most",
           "baseline": {"value": 40, "date": "2021-09-27"}, "target": 20, "targetDate": "2027-03-31"}]}
        """;

    private static readonly LocalDate Last = new(2026, 10, 26);

    [Fact]
    public async Task A_child_and_worker_seen_together_for_five_years_are_stored_and_three_workers_in_a_year_are_counted_exactly()
    {
        // 262 weekly snapshots, Monday 27 September 2021 to Monday 26 October 2026: more weeks than a table entity
        // could hold as properties (252). Child 1 is with worker A throughout. Child 2 is with B, then C, then D in the
        // last year: three workers. Child 3 was with B over a year ago, then C, then D: two workers in the year.
        await WithCouncilAsync(async (reporting, ingest) =>
        {
            for (var week = 0; week < 262; week++)
            {
                var asOf = Last.PlusWeeks(week - 261);
                var weeksBefore = 261 - week;
                string? Two() => weeksBefore switch { > 40 => null, > 25 => "B", > 10 => "C", _ => "D" };
                string? Three() => weeksBefore switch { > 60 => null, > 55 => "B", > 30 => null, > 15 => "C", _ => "D" };
                var allocations = new List<string> { "1000001,A,T1,cla" };
                allocations.AddRange(Two() is { } two ? [$"1000002,{two},T1,cla"] : []);
                allocations.AddRange(Three() is { } three ? [$"1000003,{three},T1,cla"] : []);
                await ingest(asOf, allocations);
            }

            var month = await reporting.Job<MonthlyJob>().ComputeAsync(new YearMonth(2026, 10));

            var stability = Assert.Single(month.Digest!.Measures);
            Assert.Equal(100m / 3, stability.Standing.Actual);
            Assert.Equal(12, stability.Months.Count);
            Assert.All(stability.Months, point => Assert.NotNull(point.Actual));
        });
    }

    [Fact]
    public async Task A_damaged_allocation_history_is_named_by_its_snapshots_date_with_what_to_do()
    {
        await WithCouncilAsync(async (reporting, ingest) =>
        {
            for (var week = 0; week < 3; week++)
            {
                await ingest(Last.PlusWeeks(week - 2), ["1000001,A,T1,cla", $"1000002,{(week == 1 ? "B" : "C")},T1,cla"]);
            }

            // The middle week's history claims two billion children and ends: a damaged blob, which must not be
            // taken at its word (nothing is reserved for the count it gives).
            var storage = (await reporting.StoresAsync()).Storage;
            var held = await storage.Blobs.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = "snapshots/2026-10-19" }).Where(b => b.Name.EndsWith("/held.bin.gz", StringComparison.Ordinal)).SingleAsync();
            using var damaged = new MemoryStream();
            using (var zip = new GZipStream(damaged, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write([1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F]);
            }

            damaged.Position = 0;
            await storage.Blobs.GetBlobClient(held.Name).UploadAsync(damaged, overwrite: true);

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => reporting.Job<MonthlyJob>().ComputeAsync(new YearMonth(2026, 10)));
            Assert.Equal("The allocation history stored with the snapshot of 2026-10-19 is damaged (it ends early): ingest that snapshot's files again.", refused.Message);
        });
    }

    [Fact]
    public async Task A_month_ends_count_is_kept_and_counted_again_when_a_snapshot_is_stored_late_into_its_window()
    {
        await WithCouncilAsync(async (reporting, ingest) =>
        {
            // Child 2 is with C, then B, then C: two workers. A snapshot stored late (Wednesday 14 October) has D
            // with them: three.
            string[] holders = ["C", "B", "C"];
            for (var week = 0; week < 3; week++)
            {
                await ingest(Last.PlusWeeks(week - 2), ["1000001,A,T1,cla", $"1000002,{holders[week]},T1,cla"]);
            }

            async Task<decimal?> Stability() => Assert.Single((await reporting.Job<MonthlyJob>().ComputeAsync(new YearMonth(2026, 10))).Digest!.Measures).Standing.Actual;
            Assert.Equal(0m, await Stability());

            await ingest(new LocalDate(2026, 10, 14), ["1000001,A,T1,cla", "1000002,D,T1,cla"]);
            Assert.Equal(50m, await Stability());

            // Counted once and kept: without the allocation history the month still reads its count.
            var storage = (await reporting.StoresAsync()).Storage;
            await foreach (var blob in storage.Blobs.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = "snapshots/" }))
            {
                if (blob.Name.EndsWith("/held.bin.gz", StringComparison.Ordinal))
                {
                    await storage.Blobs.DeleteBlobAsync(blob.Name);
                }
            }

            Assert.Equal(50m, await Stability());
        });
    }

    /// <summary>A test against a council whose plan is set, given a way to ingest a week of it (<see cref="Week"/>).</summary>
    private async Task WithCouncilAsync(Func<TestReporting, Func<LocalDate, IEnumerable<string>, Task>, Task> test)
    {
        var root = Path.Combine(Path.GetTempPath(), "caseload-tests", Guid.NewGuid().ToString("N"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 7, 0, 0, TimeSpan.Zero));
        await using var reporting = azurite.Reporting(clock, Path.Combine(root, "outbox"));
        await reporting.Job<SettingsJob>().SetPlanAsync(Plan);
        try
        {
            await test(reporting, async (asOf, allocations) => await reporting.Job<IngestJob>().IngestFolderAsync(Week(root, asOf, allocations), null));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A week's folder in <paramref name="root"/>: team T1, its manager M and workers A to D, and the allocations given.</summary>
    private static string Week(string root, LocalDate asOf, IEnumerable<string> allocations)
    {
        var folder = Path.Combine(root, $"{asOf:yyyy-MM-dd}");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "snapshot.json"), $$"""{"asOf": "{{asOf:yyyy-MM-dd}}"}""");
        File.WriteAllText(Path.Combine(folder, "teams.csv"), "team_id,name,team_type,manager_id\nT1,Children in Care,children_in_care,M\n");
        File.WriteAllText(Path.Combine(folder, "workers.csv"), "worker_id,name,email,team_id,role,fte\nM,Mo Manager,mo@council.example,T1,team_manager,1\nA,Ann,ann@council.example,T1,social_worker,1\nB,Bo,bo@council.example,T1,social_worker,1\nC,Cy,cy@council.example,T1,social_worker,1\nD,Di,di@council.example,T1,social_worker,1\n");
        File.WriteAllText(Path.Combine(folder, "allocations.csv"), "child_id,worker_id,team_id,case_type\n" + string.Join('\n', allocations) + "\n");
        return folder;
    }
}
