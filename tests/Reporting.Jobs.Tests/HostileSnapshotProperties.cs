using System.Text;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Jobs.Settings;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Storage.Snapshots;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// Validate is ingest's contract, over generated hostile snapshots against Azurite: a small council's extract with a
/// few cells (or its date) replaced by values chosen to break storage, email and documents — ids and names far too
/// long, control characters, dates outside the calendar or years ahead, numbers out of range, addresses that are
/// not addresses, a child's id where a name goes. What validate accepts, ingest stores and the week and the month
/// run on, with no child id in any email; what it refuses, ingest refuses too, and nothing of it is stored.
/// From a fixed seed, so every run tries the same extracts.
/// </summary>
public sealed class HostileSnapshotProperties(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private static readonly string[] Values =
    [
        "", " ", new string('x', 1_100), new string('n', 40_000), "SW\u0000001", "T\u202E01", "=HYPERLINK(\"http://x.example\")",
        "2029-01-08", "2035-12-31", "2023-01-02", "1899-12-31", "2100-01-01", "31/02/2026", "2026-02-29",
        "1e20", "-1", "0", "0.0001", "NaN", "10001", "1.5", "2",
        "not-an-email", "a@b", "manager@@council.example", "x@council.example\r\nBcc: y@evil.example",
        "yes", "no", "maybe", "cp", "cla", "child_in_need", "team_manager", "social_worker",
        "1395950", "SW100001", "SW100003", "T001", "T002", "\"", "a,b", "line\nbreak", "é\uFEFF", "\uD800",
    ];

    /// <summary>Unusual but acceptable: what a real extract may carry, and emails and documents must hold safely.</summary>
    private static readonly string[] Plausible =
    [
        "Zoë O’Brien-Łukasiewicz", new string('n', 200), "<script>alert(1)</script>", "=SUM(A1:A9)", "Robert'); DROP TABLE--", "👩‍👧 Team",
        "not-an-email", "0.5", "9999", "no", "yes", "2026-08-31", "",
    ];

    private static readonly string[] Dates = ["2029-01-08", "2031-03-31", "2035-12-31", "2033-06-13", "2023-01-02", "1899-12-31", "2100-01-04", "2026-13-01"];

    private static readonly string[] CsvFiles = ["teams.csv", "workers.csv", "allocations.csv"];

    private readonly CouncilFolders council = new(weeks: 1, workers: 8, seed: 3);

    public void Dispose() => council.Dispose();

    /// <summary>One cell of one file replaced; quoted as a CSV writer would, or written raw to break the row.</summary>
    private sealed record Mutation(string File, int Row, int Column, string Value, bool Raw);

    private static readonly Gen<Mutation> Cell =
        from file in Gen.Elements(CsvFiles)
        from row in Gen.Choose(1, 12)
        from column in Gen.Choose(0, 8)
        from value in Gen.OneOf(Gen.Elements(Values), Gen.Elements(Plausible))
        from raw in Gen.Frequency((1, Gen.Constant(true)), (4, Gen.Constant(false)))
        select new Mutation(file, row, column, value, raw);

    private static readonly Gen<(Mutation[] Cells, string? AsOf)> Extracts =
        from cells in Gen.Frequency((2, Gen.Constant(0)), (5, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3))).SelectMany(n => Gen.ArrayOf(Cell, n))
        from asOf in Gen.Frequency((1, Gen.Constant<string?>(null)), (1, Gen.Elements(Dates).Select(d => (string?)d)))
        select (cells, asOf);

    [Property(MaxTest = 40, Replay = "17250383401333035612,2460416727029785473")]
    public Property Validate_accepts_and_every_job_runs_or_it_refuses_and_nothing_is_stored() =>
        Prop.ForAll(Extracts.ToArbitrary(), extract =>
        {
            var folder = Write(extract.Cells, extract.AsOf);
            try
            {
                return CheckAsync(folder).GetAwaiter().GetResult();
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        });

    private async Task<Property> CheckAsync(string folder)
    {
        Snapshots.Snapshot? accepted = null;
        try
        {
            accepted = IngestJob.Validate(folder, null);
        }
        catch (InvalidInputException)
        {
        }

        var asOf = accepted?.AsOf ?? new LocalDate(2026, 9, 7);
        // Early in the next month: the week and the month are both over.
        var clock = new FakeTimeProvider(new DateTimeOffset(asOf.With(DateAdjusters.EndOfMonth).PlusDays(2).ToDateTimeUnspecified().AddHours(7), TimeSpan.Zero));
        var outbox = Path.Combine(council.Root, "outbox", Guid.NewGuid().ToString("N"));
        await using var reporting = azurite.Reporting(clock, outbox, settings: new Dictionary<string, string?>
        {
            ["Reporting:Email:LeadershipTo"] = "director@council.example",
            ["Reporting:Email:FallbackTo"] = "fallback@council.example",
        });
        await reporting.Job<SettingsJob>().SetPlanAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plan.json")));
        var storage = (await reporting.StoresAsync()).Storage;
        if (accepted is null)
        {
            var refused = await Record.ExceptionAsync(() => reporting.Job<IngestJob>().IngestFolderAsync(folder, null));
            var blobs = new List<string>();
            await foreach (var blob in storage.Blobs.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "snapshots/", CancellationToken.None))
            {
                blobs.Add(blob.Name);
            }

            var stored = await new SnapshotStore(storage, clock).ListAsync();
            return (refused is InvalidInputException).Label($"ingest refused it too, not with {refused?.GetType().Name}")
                .And((stored.Count == 0 && blobs.Count == 0).Label($"nothing stored ({stored.Count} lineage rows, {blobs.Count} blobs)"));
        }

        var outcomes = (Week: (WeeklyOutcome?)null, Month: (MonthlyOutcome?)null);
        var failure = await Record.ExceptionAsync(async () =>
        {
            await reporting.Job<IngestJob>().IngestFolderAsync(folder, null);
            outcomes.Week = (await reporting.Job<WeeklyJob>().RunAsync(IsoWeek.Of(asOf))).Preparation.Outcome;
            outcomes.Month = (await reporting.Job<MonthlyJob>().RunAsync(asOf.ToYearMonth())).Run.Outcome;
        });
        var emails = Directory.Exists(outbox) ? Directory.GetFiles(outbox, "*.eml", SearchOption.AllDirectories).Select(File.ReadAllText).ToList() : [];
        var childIds = accepted.ChildIds.Where(id => id.Length >= 6).ToList();
        var leaked = childIds.FirstOrDefault(id => emails.Exists(e => e.Contains(id, StringComparison.Ordinal)));
        return (failure is null).Label($"accepted, then: {failure}")
            .And((outcomes == (WeeklyOutcome.Prepared, MonthlyOutcome.Computed)).Label($"the week and the month ran: {outcomes}"))
            .And((emails.Count > 0).Label("the week was told"))
            .And((leaked is null).Label("no child id in an email"));
    }

    [Theory]
    [InlineData("2029-01-08")]  // the first Monday after the old bank-holiday list ran out
    [InlineData("2032-02-23")]  // a leap year's February
    [InlineData("2035-12-24")]  // Christmas and Boxing Day in the week
    public async Task Snapshots_years_ahead_ingest_and_run_the_week_and_the_month(string from)
    {
        using var ahead = new CouncilFolders(weeks: 2, workers: 12, seed: 5, from: from);
        var last = LocalDate.FromDateTime(DateTime.Parse(from, System.Globalization.CultureInfo.InvariantCulture)).PlusDays(7);
        var clock = new FakeTimeProvider(new DateTimeOffset(last.With(DateAdjusters.EndOfMonth).PlusDays(2).ToDateTimeUnspecified().AddHours(7), TimeSpan.Zero));
        await using var reporting = azurite.Reporting(clock, ahead.Outbox, settings: new Dictionary<string, string?> { ["Reporting:Email:LeadershipTo"] = "director@council.example" });
        await reporting.Job<SettingsJob>().SetPlanAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plan.json")));

        foreach (var week in ahead.Weeks)
        {
            await reporting.Job<IngestJob>().IngestFolderAsync(week, null);
        }

        var (prepared, delivered) = await reporting.Job<WeeklyJob>().RunAsync(IsoWeek.Of(last));
        var (month, digest) = await reporting.Job<MonthlyJob>().RunAsync(last.ToYearMonth());

        Assert.Equal(WeeklyOutcome.Prepared, prepared.Outcome);
        Assert.Equal(last, prepared.Evaluation!.Evaluation.AsOf);
        Assert.True(delivered!.Sent > 0);
        Assert.Equal(MonthlyOutcome.Computed, month.Outcome);
        Assert.Equal(1, digest!.Sent);
    }

    /// <summary>The council's extract with the cells replaced and, when given, another date.</summary>
    private string Write(Mutation[] cells, string? asOf)
    {
        var folder = Directory.CreateTempSubdirectory("caseload-hostile-").FullName;
        foreach (var file in Directory.GetFiles(council.Weeks[0]))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        foreach (var cell in cells)
        {
            var path = Path.Combine(folder, cell.File);
            var lines = File.ReadAllText(path).TrimEnd('\n').Split('\n');
            var row = 1 + ((cell.Row - 1) % (lines.Length - 1));
            var values = lines[row].Split(',');
            values[cell.Column % values.Length] = cell.Raw || !cell.Value.AsSpan().ContainsAny("\",\r\n") ? cell.Value : $"\"{cell.Value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            lines[row] = string.Join(',', values);
            File.WriteAllText(path, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
        }

        if (asOf is not null)
        {
            File.WriteAllText(Path.Combine(folder, "snapshot.json"), $$"""{"asOf": "{{asOf}}", "source": "hostile"}""");
        }

        return folder;
    }
}
