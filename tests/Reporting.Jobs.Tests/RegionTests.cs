using System.Globalization;
using System.Text;
using System.Text.Json;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Jobs.Settings;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Tooling.Local;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// The region's drop (region spec) with several councils' apps, each with its own storage and the same drop: two
/// returning by their monthly runs, one by <c>region publish</c>, one by hand from the template, one late (August's
/// return in October), one refused; the comparison as a hand calculation gives it, the digest of a council naming
/// where it ranks, and nothing in the drop but aggregate returns. On a folder, and on a blob container of a second
/// Azurite.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class RegionTests : IDisposable
{
    private static readonly YearMonth October = new(2026, 10);
    private readonly Dictionary<TestReporting, FakeTimeProvider> clocks = [];
    private readonly string root = Path.Combine(Path.GetTempPath(), "caseload-tests", Guid.NewGuid().ToString("N"));
    private readonly List<CouncilFolders> councils = [];

    public RegionTests(AzuriteFixture azurite)
    {
        this.azurite = azurite;
        Directory.CreateDirectory(root);
    }

    private readonly AzuriteFixture azurite;

    public void Dispose()
    {
        foreach (var council in councils)
        {
            council.Dispose();
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Plan => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plan.json"));

    /// <summary>A council running the product: its own storage and synthetic weeks to the end of October, the region's drop.</summary>
    private async Task<(TestReporting Reporting, CouncilFolders Folders)> CouncilAsync(string code, int seed, string drop)
    {
        var folders = new CouncilFolders(weeks: 5, workers: 24 + seed, seed: seed, from: "2026-09-28");
        councils.Add(folders);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 28, 7, 0, 0, TimeSpan.Zero));
        var reporting = azurite.Reporting(clock, folders.Outbox, settings: new Dictionary<string, string?>
        {
            ["Reporting:Council:Code"] = code,
            ["Reporting:Region:Drop"] = drop,
            ["Reporting:Email:LeadershipTo"] = "director@council.example",
        });
        await reporting.Job<SettingsJob>().SetPlanAsync(Plan);
        foreach (var folder in folders.Weeks)
        {
            var asOf = LocalDate.FromDateTime(DateTime.Parse(Path.GetFileName(folder), CultureInfo.InvariantCulture));
            clock.SetUtcNow(new DateTimeOffset(asOf.ToDateTimeUnspecified().AddHours(7), TimeSpan.Zero));
            await reporting.Job<IngestJob>().IngestFolderAsync(folder, null);
        }

        clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));
        clocks[reporting] = clock;
        return (reporting, folders);
    }

    [Fact]
    public async Task Four_councils_of_a_region_returned_by_their_runs_by_hand_and_late_one_refused_compare_as_a_hand_calculation_gives_and_the_drop_holds_only_returns()
    {
        var drop = Path.Combine(root, "drop");
        var (medway, shownSouthEast) = await RegionAsync(drop, files: () => Directory.GetFiles(drop, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(drop, f).Replace('\\', '/')).ToList(), read: name => File.ReadAllBytes(Path.Combine(drop, name)));
        await using var medwayApp = medway;

        // A joint return (North and West Northamptonshire) filled by hand in either council's folder is one council of the East Midlands.
        var template = Path.Combine(root, "941.csv");
        Assert.Equal(0, Cli(medway, "region", "template", "--code", "941", "--month", "2026-10", "--out", template).Exit);
        Upload(drop, "returns/941/2026-10.csv", File.ReadAllText(template).Replace(",x,x,x,x,x,x,x,x,x,x,x", ",421.5,82.0,16.3,110.0,20.7,x,x,390.0,5800,14.9,x", StringComparison.Ordinal));
        var shown = Cli(medway, "region", "show", "--month", "2026-10", "--region", "E12000004", "--format", "json");
        Assert.True(shown.Exit == 0, shown.Error);
        var joint = JsonDocument.Parse(shown.Out).RootElement.GetProperty("councils").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "940");
        Assert.Equal(("North Northamptonshire / West Northamptonshire", "2026-10", 14.9m), (joint.GetProperty("name").GetString(), joint.GetProperty("returnedFor").GetString(), joint.GetProperty("figures").GetProperty("caseload_fte").GetDecimal()));

        // The rug for the alliance's meeting, as files; the table for a person.
        var rug = Path.Combine(root, "rug");
        var table = Cli(medway, "region", "show", "--month", "2026-10", "--out", rug);
        Assert.True(table.Exit == 0, table.Error);
        Assert.StartsWith("South East: the workforce, October 2026 (E12000008)\n  4 of 19 councils returned October 2026's figures, and 1 council an earlier month's", table.Out, StringComparison.Ordinal);
        Assert.Contains("Surrey's return was refused, so it shows no figure: returns/936/2026-10.csv:2: old_la_code:", table.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(rug, "region-2026-10.pdf")) && File.Exists(Path.Combine(rug, "region-2026-10.xlsx")));

        // The alliance's analyst has the drop and no storage of a council: the region shows all the same.
        var alliance = CommandLine.Run(new Dictionary<string, string?> { ["Reporting:Region:Drop"] = drop }, TimeProvider.System, "region", "show", "--month", "2026-10", "--region", "E12000008", "--format", "json");
        Assert.True(alliance.Exit == 0, alliance.Error);
        Assert.Equal(shownSouthEast, alliance.Out);
    }

    [Fact]
    public async Task A_return_that_cannot_be_written_stops_no_digest_and_is_written_by_the_next_run()
    {
        // The drop is unreachable (here: a folder that cannot be made, under a file).
        var blocked = Path.Combine(root, "not-a-folder");
        File.WriteAllText(blocked, "");
        var (council, folders) = await CouncilAsync("887", seed: 9, Path.Combine(blocked, "drop"));
        await using var first = council;
        var (run, sent) = await council.Job<MonthlyJob>().RunAsync(October);

        Assert.Equal((MonthlyOutcome.Computed, 1), (run.Outcome, sent!.Sent));
        Assert.StartsWith("the return to the region's drop was NOT written (", run.RegionReturn, StringComparison.Ordinal);
        Assert.EndsWith("); the next run tries again, or `reporting region publish --month 2026-10`", run.RegionReturn, StringComparison.Ordinal);

        // The next run (the same storage, the drop mended): the digest stands, the return is written, once.
        var drop = Path.Combine(root, "drop");
        await using var next = azurite.Reporting(clocks[council], folders.Outbox, settings: new Dictionary<string, string?>(council.Settings) { ["Reporting:Region:Drop"] = drop });
        var (again, _) = await next.Job<MonthlyJob>().RunAsync(October);
        var (third, _) = await next.Job<MonthlyJob>().RunAsync(October);

        Assert.Equal((MonthlyOutcome.AlreadyPrepared, "the return written to the region's drop: returns/887/2026-10.csv"), (again.Outcome, again.RegionReturn));
        Assert.Equal("the return to the region's drop was written before", third.RegionReturn);
        Assert.True(File.Exists(Path.Combine(drop, "returns", "887", "2026-10.csv")));
        Assert.Single(Directory.GetFiles(Path.Combine(folders.Outbox, "2026-10"), "*.eml"));
    }

    [Fact]
    public async Task The_drop_is_a_blob_container_on_a_second_storage_just_as_well()
    {
        await using var alliance = await AzuriteServer.StartAsync();
        var container = new Azure.Storage.Blobs.BlobContainerClient(alliance.ConnectionString, "region");
        await container.CreateAsync();
        var url = container.GenerateSasUri(Azure.Storage.Sas.BlobContainerSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1)).ToString();
        var (medway, _) = await RegionAsync(url,
            files: () => [.. container.GetBlobs().Select(b => b.Name)],
            read: name => container.GetBlobClient(name).DownloadContent().Value.Content.ToArray());
        await medway.DisposeAsync();
    }

    /// <summary>The five councils' returns and the comparison; returns Medway's app, for more of its command line, and the region as it showed it.</summary>
    private async Task<(TestReporting Medway, string Shown)> RegionAsync(string drop, Func<IReadOnlyList<string>> files, Func<string, byte[]> read)
    {
        // Kent and Medway run the product; Kent's monthly run writes its return, then West Sussex publishes by hand.
        var (kent, kentFolders) = await CouncilAsync("886", seed: 4, drop);
        await using var kentApp = kent;
        var (kentRun, _) = await kent.Job<MonthlyJob>().RunAsync(October);
        Assert.Equal("the return written to the region's drop: returns/886/2026-10.csv", kentRun.RegionReturn);
        var (westSussex, sussexFolders) = await CouncilAsync("938", seed: 6, drop);
        await using var westSussexApp = westSussex;
        var published = Cli(westSussex, "region", "publish", "--month", "2026-10");
        Assert.True(published.Exit == 0, published.Error);
        Assert.StartsWith("written to the region's drop: returns/938/2026-10.csv (West Sussex, South East): caseload ", published.Out, StringComparison.Ordinal);

        // East Sussex has no product: its data team fills the template by hand and uploads it.
        var template = Path.Combine(root, "845.csv");
        var templated = Cli(kent, "region", "template", "--code", "845", "--month", "2026-10", "--out", template);
        Assert.True(templated.Exit == 0, templated.Error);
        var blank = File.ReadAllText(template);
        Assert.Equal("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,inpost_fte,agency_fte,agency_rate_fte,vacancy_fte,vacancy_rate_fte,leavers_fte,turnover_rate_fte,case_holders_fte,cases,caseload_fte,absence_rate_fte", blank.Split("\r\n")[0]);
        Assert.StartsWith("2026,October,Local authority,E92000001,England,E12000008,South East,845,", blank.Split("\r\n")[1], StringComparison.Ordinal);
        Assert.EndsWith(",East Sussex,x,x,x,x,x,x,x,x,x,x,x", blank.Split("\r\n")[1], StringComparison.Ordinal);
        var byHand = blank.Replace(",x,x,x,x,x,x,x,x,x,x,x", ",410.0,61.5,13.0,52.0,11.3,x,x,380.5,6240,16.4,3.1", StringComparison.Ordinal);
        Upload(drop, "returns/845/2026-10.csv", byHand);

        // Hampshire returned August's and nothing since; Surrey's file names Medway in its own folder: refused.
        Upload(drop, "returns/850/2026-08.csv", blank.Replace("October", "August", StringComparison.Ordinal).Replace(",845,", ",850,", StringComparison.Ordinal).Replace("East Sussex", "Hampshire", StringComparison.Ordinal).Replace(",x,x,x,x,x,x,x,x,x,x,x", ",1220.0,130.0,9.6,150.0,10.9,x,x,1100.0,17050,15.5,x", StringComparison.Ordinal));
        Upload(drop, "returns/936/2026-10.csv", byHand.Replace(",845,", ",887,", StringComparison.Ordinal));

        // Medway's monthly run, once the others have returned: its digest places it in the region by name.
        var (medway, medwayFolders) = await CouncilAsync("887", seed: 8, drop);
        var (medwayRun, sent) = await medway.Job<MonthlyJob>().RunAsync(October);
        Assert.Equal(1, sent!.Sent);
        var benchmarks = JsonDocument.Parse(Cli(medway, "benchmarks", "show", "--month", "2026-10", "--format", "json").Out).RootElement;

        var shown = Cli(medway, "region", "show", "--month", "2026-10", "--format", "json");
        Assert.True(shown.Exit == 0, shown.Error);
        var json = JsonDocument.Parse(shown.Out).RootElement;
        Assert.Equal(("E12000008", "South East", "2026-10"), (json.GetProperty("region").GetProperty("code").GetString(), json.GetProperty("region").GetProperty("name").GetString(), json.GetProperty("month").GetString()));
        var all = json.GetProperty("councils").EnumerateArray().ToDictionary(c => c.GetProperty("code").GetString()!);
        Assert.Equal(19, all.Count);

        // The figures as returned: each council's return read back from the drop; Medway's are its benchmarks figures now.
        var returned = new Dictionary<string, Dictionary<string, decimal?>>
        {
            ["886"] = Figures(read("returns/886/2026-10.csv")),
            ["938"] = Figures(read("returns/938/2026-10.csv")),
            ["845"] = Figures(Encoding.UTF8.GetBytes(byHand)),
            ["887"] = Figures(read("returns/887/2026-10.csv")),
            ["850"] = Figures(read("returns/850/2026-08.csv")),
        };
        foreach (var measure in benchmarks.GetProperty("measures").EnumerateArray())
        {
            Assert.Equal(Number(measure.GetProperty("now")), returned["887"][measure.GetProperty("measure").GetString()!]);
        }

        foreach (var (code, figures) in returned)
        {
            Assert.Equal(code == "850" ? "2026-08" : "2026-10", all[code].GetProperty("returnedFor").GetString());
            foreach (var measure in new[] { "caseload_fte", "turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte", "absence_rate_fte" })
            {
                Assert.Equal(figures[measure], Number(all[code].GetProperty("figures").GetProperty(measure)));
            }
        }

        // Ranks and fifths by hand: 1 is the lowest, ties share the better rank; of 5 with a figure, ⌈5/5⌉ = 1 at each end.
        foreach (var measure in new[] { "caseload_fte", "agency_rate_fte", "vacancy_rate_fte", "absence_rate_fte" })
        {
            var with = returned.Where(r => r.Value[measure] is not null).ToDictionary(r => r.Key, r => r.Value[measure]!.Value);
            var end = (with.Count + 4) / 5;
            foreach (var (code, value) in with)
            {
                var rank = 1 + with.Values.Count(v => v < value);
                var expected = rank <= end ? "lowest" : rank > with.Count - end ? "highest" : null;
                var ranked = all[code].GetProperty("ranks").GetProperty(measure);
                Assert.Equal((rank, with.Count, expected), (ranked.GetProperty("rank").GetInt32(), ranked.GetProperty("of").GetInt32(), ranked.GetProperty("fifth").GetString()));
            }
        }

        // The region's agency rate from the returns' counts, never a mean of their rates.
        var counted = returned.Values.Where(f => f["agency_fte"] is not null && f["inpost_fte"] is not null).ToList();
        var agency = counted.Sum(f => f["agency_fte"]!.Value);
        Assert.Equal(decimal.Round(agency * 100 / (agency + counted.Sum(f => f["inpost_fte"]!.Value)), 1, MidpointRounding.AwayFromZero), json.GetProperty("region").GetProperty("agency_rate_fte").GetDecimal());
        Assert.False(json.GetProperty("median").TryGetProperty("turnover_rate_fte", out _));  // nobody has a year of history
        Assert.Equal(15.2m, json.GetProperty("england").GetProperty("caseload_fte").GetDecimal());

        // Surrey refused at its file and line; its figures affect no one; the rest have no return.
        Assert.Equal("returns/936/2026-10.csv:2: old_la_code: 887 is not this folder's council (936): a council writes only its own return, under its own code", all["936"].GetProperty("refused").GetString());
        Assert.Empty(all["936"].GetProperty("figures").EnumerateObject());
        Assert.Equal(JsonValueKind.Null, all["867"].GetProperty("returnedFor").ValueKind);

        // Medway's digest names where it ranks in the region, and who is in its lowest and highest fifth.
        var digest = MimeKit.MimeMessage.Load(Directory.GetFiles(Path.Combine(medwayFolders.Outbox, "2026-10"), "*.eml").Single());
        var email = digest.TextBody;
        var caseloads = returned.Where(r => r.Value["caseload_fte"] is not null).ToDictionary(r => r.Key, r => r.Value["caseload_fte"]!.Value);
        var ours = caseloads["887"];
        var position = 1 + caseloads.Values.Count(v => v < ours);
        var place = position == 1 ? "the lowest" : position == caseloads.Count ? "the highest" : position <= caseloads.Count - position + 1 ? $"the {Ordinal(position)} lowest" : $"the {Ordinal(caseloads.Count - position + 1)} highest";
        Assert.Contains($"Among the councils of the South East that returned their figures to the region (4 of 19 for October 2026), our caseload of {ours:0.0} cases per FTE this month is {place} of five;", Flat(email), StringComparison.Ordinal);
        var lowest = caseloads.MinBy(c => c.Value).Key;
        Assert.Contains("On caseload, the region's lowest fifth: ", Flat(email), StringComparison.Ordinal);
        Assert.Contains(lowest == "887" ? "lowest fifth: us (" : $"lowest fifth: {all[lowest].GetProperty("name").GetString()} (", Flat(email), StringComparison.Ordinal);
        Assert.Contains("Not returned for October 2026 or the two months before: Bracknell Forest, Brighton and Hove, Buckinghamshire, Isle of Wight, Milton Keynes,", Flat(email), StringComparison.Ordinal);
        Assert.Equal("the return written to the region's drop: returns/887/2026-10.csv", medwayRun.RegionReturn);

        // The summary and the data pack carry the region too: its table in the summary, every council in the pack.
        var summary = Path.Combine(root, $"summary-{Guid.NewGuid():N}.pdf");
        using var pack = new MemoryStream();
        foreach (var attachment in digest.Attachments.OfType<MimeKit.MimePart>())
        {
            if (attachment.FileName!.EndsWith(".pdf", StringComparison.Ordinal))
            {
                using var file = File.Create(summary);
                attachment.Content!.DecodeTo(file);
            }
            else
            {
                attachment.Content!.DecodeTo(pack);
            }
        }

        pack.Position = 0;
        var summaryText = Flat(Pdf(summary));
        Assert.Contains("Where we stand in the South East, October 2026: the councils' own returns (lower is better)", summaryText, StringComparison.Ordinal);
        Assert.Contains($"our caseload of {ours:0.0} cases per FTE this month is {place} of five;", summaryText, StringComparison.Ordinal);
        using var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(pack, false);
        Assert.Contains("The South East's councils", workbook.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(sheet => sheet.Name!.Value!));

        // Nothing in the drop but returns, and no worker, team or child of any council anywhere in it.
        var names = files();
        Assert.All(names, n => Assert.Matches(@"^returns/\d{3}/\d{4}-\d\d\.csv$", n));
        var everything = string.Join("\n", names.Select(n => Encoding.UTF8.GetString(read(n))));
        foreach (var folders in new[] { kentFolders, sussexFolders, medwayFolders })
        {
            foreach (var week in folders.Weeks)
            {
                foreach (var line in File.ReadLines(Path.Combine(week, "workers.csv")).Skip(1))
                {
                    var cells = line.Split(',');
                    Assert.DoesNotContain(cells[0], everything, StringComparison.Ordinal);
                    Assert.DoesNotContain(cells[1], everything, StringComparison.Ordinal);
                    Assert.DoesNotContain(cells[2], everything, StringComparison.Ordinal);
                }

                foreach (var line in File.ReadLines(Path.Combine(week, "teams.csv")).Skip(1))
                {
                    Assert.DoesNotContain(line.Split(',')[1], everything, StringComparison.Ordinal);
                }

                foreach (var child in File.ReadLines(Path.Combine(week, "allocations.csv")).Skip(1).Select(l => l.Split(',')[0]).Distinct())
                {
                    Assert.DoesNotContain($",{child},", everything, StringComparison.Ordinal);
                }
            }
        }
        return (medway, shown.Out);
    }

    private (int Exit, string Out, string Error) Cli(TestReporting council, params string[] args) => council.Cli(clocks[council], args);

    private static string Pdf(string file)
    {
        var start = new System.Diagnostics.ProcessStartInfo("pdftotext") { RedirectStandardOutput = true };
        start.ArgumentList.Add(file);
        start.ArgumentList.Add("-");
        using var process = System.Diagnostics.Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }

    private static string Flat(string? text) => string.Join(' ', (text ?? "").Split((char[])['\r', '\n', ' '], StringSplitOptions.RemoveEmptyEntries));

    private static string Ordinal(int n) => ((string[])["first", "second", "third", "fourth", "fifth"])[n - 1];

    private static decimal? Number(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDecimal();

    /// <summary>A return's figures by column, x as none.</summary>
    private static Dictionary<string, decimal?> Figures(byte[] file)
    {
        var lines = Encoding.UTF8.GetString(file).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var cells = lines[1].Split(',');
        return header.Zip(cells).Skip(10).ToDictionary(p => p.First, p => p.Second == "x" ? (decimal?)null : decimal.Parse(p.Second, CultureInfo.InvariantCulture));
    }

    private static void Upload(string drop, string name, string text)
    {
        if (Uri.TryCreate(drop, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            new Azure.Storage.Blobs.BlobContainerClient(uri).GetBlobClient(name).Upload(BinaryData.FromString(text), overwrite: true);
            return;
        }

        var path = Path.Combine(drop, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
