using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Workforce;
using Caseload.Reporting.Cli;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Jobs.Settings;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using NodaTime;
using SkiaSharp;

namespace Caseload.Reporting.Tests;

/// <summary>
/// A year of generated weekly snapshots, ingested and run as in production, then the October digest: its figures
/// against the files, its PDF rendered and read, its XLSX opened, and its sending once per month.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class MonthlyJobTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Leadership = "director@council.example, assistant.director@council.example";
    private const string HostileTeamName = "=HYPERLINK(\"http://evil.example\",\"Chatham\") <b>\u202Eمركز\u0007</b>";
    private static readonly YearMonth October = new(2026, 10);
    private static readonly SemaphoreSlim Gate = new(1, 1);

    // The year is generated and ingested once for the class: the tests of a collection run one at a time.
    private static (AzuriteFixture Azurite, CouncilFolders Council, TestReporting Reporting)? year;
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 1, 7, 0, 0, TimeSpan.Zero));
    private CouncilFolders council = null!;
    private TestReporting reporting = null!;

    private static string Plan => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plan.json"));

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (year is not { } made || made.Azurite != azurite)
            {
                // 53 weeks: October's month-end is the first whose 12-month window the stored snapshots cover.
                var folders = new CouncilFolders(weeks: 53, workers: 30, seed: 5, from: "2025-10-27");
                AppDomain.CurrentDomain.ProcessExit += (_, _) => folders.Dispose();
                year = (azurite, folders, await IngestYearAsync(folders));
            }

            (_, council, reporting) = year.Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<TestReporting> IngestYearAsync(CouncilFolders council)
    {
        // A council's own text may look like a formula: the last snapshot's first team is named like one.
        var teams = Path.Combine(council.Weeks[^1], "teams.csv");
        var lines = File.ReadAllLines(teams);
        var first = lines[1].Split(',');
        first[1] = "\"" + HostileTeamName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        lines[1] = string.Join(',', first);
        File.WriteAllLines(teams, lines);

        // allocated_on is optional: the month's last snapshot gives none for its unallocated children.
        var allocations = Path.Combine(council.Weeks[^1], "allocations.csv");
        File.WriteAllLines(allocations, File.ReadAllLines(allocations).Select(line => line.Split(',') is { } f && f[2].Length == 0 && f[3].Length > 0
            ? string.Join(',', f[..5].Append("").Concat(f[6..])) : line));

        var reporting = azurite.Reporting(Clock, council.Outbox, settings: new Dictionary<string, string?> { ["Reporting:Email:LeadershipTo"] = Leadership, ["Reporting:Council:Code"] = "887" });
        await reporting.Job<SettingsJob>().SetPlanAsync(Plan);
        foreach (var folder in council.Weeks)
        {
            var ingested = await reporting.Job<IngestJob>().IngestFolderAsync(folder, null);
            if (ingested.Snapshot.AsOf >= new LocalDate(2026, 9, 1))
            {
                await reporting.Job<WeeklyJob>().RunAsync(IsoWeek.Of(ingested.Snapshot.AsOf));
            }
        }

        return reporting;
    }

    private MonthlyJob Job() => reporting.Job<MonthlyJob>();

    private IConfiguration Settings => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>(reporting.Settings) { ["Reporting:Storage"] = azurite.ConnectionString })
        .Build();

    [Fact]
    public async Task Each_measure_agrees_with_the_metrics_computed_from_the_files()
    {
        var run = await Job().ComputeAsync(October);

        Assert.Equal(MonthlyOutcome.Computed, run.Outcome);
        var stored = await Job().ShowAsync(October);
        Assert.NotNull(stored);
        var last = SnapshotReader.Read(council.Weeks[^1]);
        var previous = SnapshotReader.Read(council.Weeks[^5]);
        Assert.Equal(new LocalDate(2026, 10, 26), last.AsOf);
        Assert.Equal(new LocalDate(2026, 9, 28), previous.AsOf);
        var plan = PlanDocument.Parse(Plan);
        Assert.Equal(plan.Measures.Select(m => m.Id), stored.Measures.Select(m => m.Id));
        Assert.Equal(plan.Version, stored.PlanVersion);
        var now = FiguresFromFiles(last);
        var before = FiguresFromFiles(previous);
        foreach (var (measure, figure) in plan.Measures.Zip(stored.Measures))
        {
            var actual = now.Of(measure.Metric, measure.Filter);
            Assert.Equal(actual, figure.Actual);
            Assert.Equal(before.Of(measure.Metric, measure.Filter), figure.Previous);
            Assert.Equal(measure.ExpectedOn(last.AsOf), figure.Expected);
            Assert.Equal(measure.RagOf(actual, last.AsOf) is { } rag ? Vocabulary.Code(rag) : null, figure.Rag);
        }

        // October is the first month-end whose 365 days the stored snapshots (from 27 Oct 2025) cover: the 12-month
        // measure is rated now and its earlier trend points are marked as read from too little history.
        Assert.All(stored.Measures, m => Assert.True(m.History.Complete, m.Id));
        var window = run.Digest!.Measures.Single(m => m.Standing.Measure.Metric == Metric.PctChildren3PlusWorkers12M);
        Assert.NotNull(window.Standing.Rag);
        Assert.Equal([.. Enumerable.Repeat(false, 11), true], window.Months.Select(p => p.HistoryComplete));
        Assert.All(run.Digest.Measures.Where(m => m != window).SelectMany(m => m.Months), p => Assert.True(p.HistoryComplete));

        // At a glance's sentences say what the figures say: the counts of each RAG, how many measures improved and
        // slipped since September, and the one that moved most, from and to its stored figures.
        string[] words = ["none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
        var intro = Content.Monthly.AtAGlance.Of(run.Digest).Intro;
        int Rags(string rag) => stored.Measures.Count(m => m.Rag == rag);
        Assert.Contains($"Of the plan's {words[stored.Measures.Count]} measures, {words[Rags("green")]} ", intro, StringComparison.Ordinal);
        Assert.Contains($"{words[Rags("amber")]} within tolerance (amber) and {words[Rags("red")]} off track (red)", intro, StringComparison.Ordinal);
        var moves = run.Digest.Measures.Select(m => m.Standing).Where(m => m.Improved is not null).ToList();
        var (improved, slipped) = (moves.Count(m => m.Improved == true), moves.Count(m => m.Improved == false));
        Assert.True(improved > 0 && slipped > 0);
        Assert.Contains($"{char.ToUpperInvariant(words[improved][0])}{words[improved][1..]} measure{(improved == 1 ? "" : "s")} improved and {words[slipped]} slipped since September; ", intro, StringComparison.Ordinal);
        var most = Regex.Match(intro, @"since September; (?<name>.+?) (?<verb>fell|rose) most, from (?<from>\S+) to (?<to>\S+)\.");
        Assert.True(most.Success, intro);
        var named = Assert.Single(moves, m => string.Equals(m.Measure.Name, most.Groups["name"].Value, StringComparison.OrdinalIgnoreCase));
        var definition = MetricDefinition.Of(named.Measure.Metric);
        Assert.Equal((true, definition.Format(named.Previous), definition.Format(named.Actual), named.Change < 0 ? "fell" : "rose"), (named.Improved, most.Groups["from"].Value, most.Groups["to"].Value, most.Groups["verb"].Value));

        // The figures are not trivially zero: the generated year moves every measure.
        Assert.Contains(stored.Measures, m => m.Metric == "pct_children_3plus_workers_12m" && m.Actual > 0);
        Assert.True(run.Digest!.Measures[0].Months[0].Actual > run.Digest.Measures[0].Months[^1].Actual);
        Assert.Equal(12, run.Digest!.Measures[0].Months.Count);
        Assert.Equal(4, run.Digest.WeeksEvaluated.Count);  // the Mondays 5, 12, 19 and 26 October
        Assert.NotEmpty(run.Digest.Breaches);
    }

    [Fact]
    public async Task The_digest_verb_shows_the_month_with_one_json_object_per_measure()
    {
        using var stdout = new MemoryStream();

        Assert.Equal(0, ReportingCli.Run(["digest", "--month", "2026-10", "--format", "json"], stdout, TextWriter.Null, Settings, Clock));

        using var json = JsonDocument.Parse(stdout.ToArray());
        var stored = (await Job().ShowAsync(October))!;
        Assert.Equal(["month", "snapshotId", "policyVersion", "planVersion", "computedAt", "measures", "benchmarks"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-10", json.RootElement.GetProperty("month").GetString());
        var measures = json.RootElement.GetProperty("measures");
        Assert.Equal(stored.Measures.Count, measures.GetArrayLength());
        foreach (var (measure, element) in stored.Measures.Zip(measures.EnumerateArray()))
        {
            Assert.Equal(["id", "metric", "actual", "expected", "target", "rag", "previous", "policyVersion", "title", "historyComplete", "trend"], element.EnumerateObject().Select(p => p.Name));
            Assert.Equal(measure.Title, element.GetProperty("title").GetString());
            Assert.True(element.GetProperty("historyComplete").GetBoolean());
            Assert.Equal(12, element.GetProperty("trend").GetArrayLength());
            Assert.Equal("2026-10", element.GetProperty("trend")[11].GetProperty("month").GetString());
            Assert.Equal(Policy.Default.Version, element.GetProperty("policyVersion").GetString());
            Assert.Equal(measure.Id, element.GetProperty("id").GetString());
            Assert.Equal(measure.Metric, element.GetProperty("metric").GetString());
            Assert.Equal(decimal.Round(measure.Actual!.Value, 2, MidpointRounding.AwayFromZero), element.GetProperty("actual").GetDecimal());
            Assert.Equal(measure.Rag, element.GetProperty("rag").GetString());
        }
    }

    [Fact]
    public async Task The_digest_goes_to_each_leader_once_with_its_summary_and_data_pack()
    {
        var first = await Job().RunAsync(October);
        var again = await Job().RunAsync(October);

        Assert.Equal(2, first.Delivery!.Sent);
        Assert.Equal(MonthlyOutcome.AlreadyPrepared, again.Run.Outcome);
        Assert.Equal((0, 2), (again.Delivery!.Sent, again.Delivery.AlreadySent));
        var ledger = await reporting.Job<DeliveryJob>().ListAsync(October);
        Assert.Equal(2, ledger.Count(e => e.Status == DeliveryStatus.Sent));
        var emails = Directory.GetFiles(Path.Combine(council.Outbox, "2026-10"), "*.eml");
        Assert.Equal(2, emails.Length);

        var message = await MimeMessage.LoadAsync(emails[0]);
        Assert.Contains("October 2026", message.Subject, StringComparison.Ordinal);
        Assert.Contains("Average caseload", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("The detail is attached", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(7, message.BodyParts.Count(p => p.ContentType.MediaType == "image"));
        Assert.InRange(Encoding.UTF8.GetByteCount(message.HtmlBody!), 1, 100 * 1024);
        var pdf = Attachment(message, ".pdf");
        var xlsx = Attachment(message, ".xlsx");
        var childIds = council.Weeks.SelectMany(w => SnapshotReader.Read(w).ChildIds).ToHashSet(StringComparer.Ordinal);
        var bodies = message.TextBody + message.HtmlBody;
        Assert.DoesNotContain(childIds, id => bodies.Contains(id, StringComparison.Ordinal));

        CheckSummary(pdf, childIds);
        CheckDataPack(xlsx);

        // Where we stand, the same figures in the email's two parts, the summary and the data pack: Medway's published
        // caseload (15.7) ranked among its ten neighbours, this month's on the census definition.
        var now = WorkforceFigures.Of(FiguresFromFiles(SnapshotReader.Read(council.Weeks[^1])).Caseloads, null, History.Enough).CaseloadFte!.Value;
        var shown = decimal.Round(now, 1, MidpointRounding.AwayFromZero).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("WHERE WE STAND", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("our average caseload of 15.7 cases per FTE was the sixth lowest of eleven", message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"At 26 Oct 2026 it is {shown}, which would rank ", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Where we stand", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"At 26 Oct 2026 it is {shown}, which would rank ", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"At 26 Oct 2026 it is {shown}, which would rank ", Regex.Replace(Run("pdftotext", $"\"{Path.Combine(council.Root, "pdf", "summary.pdf")}\" -"), @"\s+", " "), StringComparison.Ordinal);
        using var pack = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var standing = (WorksheetPart)pack.WorkbookPart!.GetPartById(pack.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "Where we stand").Id!.Value!);
        var caseloadRow = standing.Worksheet.Descendants<Row>().Single(r => r.RowIndex!.Value == 5).Elements<Cell>().ToList();
        Assert.Equal("Average caseload per case-holding FTE", Text(caseloadRow[0]));
        Assert.Equal(shown, decimal.Round(decimal.Parse(caseloadRow[2].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture), 1, MidpointRounding.AwayFromZero).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Run_monthly_stores_the_month_and_show_month_reads_it_back_as_stored()
    {
        using var never = new MemoryStream();
        var neverError = new StringWriter();
        var neverRun = ReportingCli.Run(["show-month", "--month", "2026-09"], never, neverError, Settings, Clock);
        var sent = new StringWriter();
        var run = ReportingCli.Run(["run-monthly", "--month", "2026-09"], new MemoryStream(), sent, Settings, Clock);
        using var table = new MemoryStream();
        var shown = ReportingCli.Run(["show-month", "--month", "2026-09"], table, TextWriter.Null, Settings, Clock);
        using var json = new MemoryStream();
        ReportingCli.Run(["show-month", "--month", "2026-09", "--format", "json"], json, TextWriter.Null, Settings, Clock);

        Assert.Equal(1, neverRun);
        Assert.Equal("2026-09 has not been computed; run `reporting run-monthly --month 2026-09` (or `reporting digest`).", neverError.ToString().Trim());
        Assert.Empty(never.ToArray());
        Assert.True(run == 0, sent.ToString());
        Assert.Equal(0, shown);
        var text = Encoding.UTF8.GetString(table.ToArray());
        Assert.StartsWith("September 2026: figures from snapshot 2026-09-28.", text, StringComparison.Ordinal);
        Assert.Contains($"policy {Policy.Default.Version}, plan ", text, StringComparison.Ordinal);
        Assert.Contains("avg-caseload-frontline", text, StringComparison.Ordinal);
        using var shownJson = JsonDocument.Parse(json.ToArray());
        var measures = shownJson.RootElement.GetProperty("measures");
        Assert.Equal(PlanDocument.Parse(Plan).Measures.Count, measures.GetArrayLength());

        // At 28 Sep 2026 the stored snapshots reach back to 27 Oct 2025, 11 months: the 12-month measure is shown, not rated.
        Assert.Contains("not enough history yet: 11 of 12 months", text, StringComparison.Ordinal);
        var window = measures.EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "pct_children_3plus_workers_12m");
        Assert.False(window.GetProperty("historyComplete").GetBoolean());
        Assert.Equal(JsonValueKind.Null, window.GetProperty("rag").ValueKind);
        Assert.True(window.GetProperty("actual").GetDecimal() > 0);
        Assert.All(window.GetProperty("trend").EnumerateArray(), p => Assert.False(p.GetProperty("historyComplete").GetBoolean()));
        Assert.All(measures.EnumerateArray().Where(m => m.GetProperty("id").GetString() != window.GetProperty("id").GetString()), m => Assert.True(m.GetProperty("historyComplete").GetBoolean()));
        var digest = File.ReadAllText(Directory.GetFiles(Path.Combine(council.Outbox, "2026-09"), "*.eml")[0]);
        Assert.Contains("Not enough history yet: 11 of 12 months", MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(digest))).TextBody, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(council.Outbox, "2026-09"), "*.eml").Length);
    }

    [Fact]
    public async Task No_code_id_or_hash_reaches_what_people_read_outside_the_lineage()
    {
        await Job().RunAsync(October);
        var plan = PlanDocument.Parse(Plan);
        var forbidden = new Regex(
            @"\b[a-z0-9]+(?:_[a-z0-9]+)+\b|\b[0-9a-f]{12,}\b|\bsha-|" + string.Join('|', plan.Measures.Select(m => Regex.Escape(m.Id))),
            RegexOptions.CultureInvariant);
        var found = new List<string>();
        void Scan(string where, string text) => found.AddRange(forbidden.Matches(text).Select(m => $"{where}: '{m.Value}' in \"{text[Math.Max(0, m.Index - 40)..Math.Min(text.Length, m.Index + m.Length + 20)]}\""));

        // Every email of the month and of the weeks before it: text, and HTML without its markup.
        var emails = Directory.GetFiles(council.Outbox, "*.eml", SearchOption.AllDirectories);
        Assert.Contains(emails, e => Path.GetFileName(e).StartsWith("team_manager-", StringComparison.Ordinal));
        Assert.Contains(emails, e => Path.GetFileName(e).StartsWith("leadership_digest-", StringComparison.Ordinal));
        foreach (var email in emails)
        {
            var message = await MimeMessage.LoadAsync(email);
            Scan(Path.GetFileName(email), message.Subject + "\n" + message.TextBody);
            if (message.HtmlBody is { } html)
            {
                Scan(Path.GetFileName(email), System.Net.WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " ")));
            }
        }

        // The PDF up to its appendices (data quality and lineage name files, columns and hashes: that is their job).
        var digest = await MimeMessage.LoadAsync(Directory.GetFiles(Path.Combine(council.Outbox, "2026-10"), "*.eml")[0]);
        var file = Path.Combine(council.Root, "scan.pdf");
        await File.WriteAllBytesAsync(file, Attachment(digest, ".pdf"));
        var text = Run("pdftotext", $"-layout \"{file}\" -");
        var appendix = Regex.Match(text, @"^\s*\d+\. Data quality\s*$", RegexOptions.Multiline);
        Assert.True(appendix.Success);
        Assert.True(appendix.Index > 10_000, $"only {appendix.Index} characters before the appendices");
        Scan("summary", text[..appendix.Index]);

        // The data pack but its data quality and lineage sheets.
        using var stream = new MemoryStream(Attachment(digest, ".xlsx"));
        using var workbook = SpreadsheetDocument.Open(stream, false);
        var book = workbook.WorkbookPart!;
        var appendices = new[] { "Data quality", "Snapshots used", "Versions", "Measures in plan.json" };
        foreach (var sheet in book.Workbook.Sheets!.Elements<Sheet>().Where(s => !appendices.Contains(s.Name!.Value)))
        {
            Scan($"data pack '{sheet.Name}'", string.Join("\n", ((WorksheetPart)book.GetPartById(sheet.Id!.Value!)).Worksheet.Descendants<Cell>().Where(c => c.DataType?.Value == CellValues.InlineString).Select(Text)));
        }

        Assert.Empty(found);
        Assert.Contains("Snapshots used", book.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
    }

    /// <summary>The PDF: rendered by poppler to images that show something, and its text extractable with every section, definitions and lineage.</summary>
    private void CheckSummary(byte[] pdf, HashSet<string> childIds)
    {
        var folder = Path.Combine(council.Root, "pdf");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "summary.pdf");
        File.WriteAllBytes(file, pdf);

        Run("pdftoppm", $"-r 50 -png -f 1 -l 3 \"{file}\" \"{Path.Combine(folder, "page")}\"");
        var pages = Directory.GetFiles(folder, "page-*.png").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, pages.Count);
        foreach (var page in pages)
        {
            using var bitmap = SKBitmap.Decode(page);
            Assert.InRange(bitmap.Width / (double)bitmap.Height, 0.70, 0.71);  // A4 portrait
            var inked = 0;
            for (var y = 0; y < bitmap.Height; y += 2)
            {
                for (var x = 0; x < bitmap.Width; x += 2)
                {
                    inked += bitmap.GetPixel(x, y).Red < 128 ? 1 : 0;
                }
            }

            Assert.True(inked > 200, $"{Path.GetFileName(page)} is nearly blank ({inked} dark samples)");
        }

        var text = Run("pdftotext", $"\"{file}\" -");
        var info = Run("pdfinfo", $"\"{file}\"");
        Assert.Contains("Tagged:          yes", info, StringComparison.Ordinal);
        Assert.Contains("Page size:       595 x 842 pts (A4)", info, StringComparison.Ordinal);
        foreach (var expected in new[] { "Contents", "3. Measures", "Definitions", "Lineage", "Data quality", "Workforce", "ASYE protection", "Breaches nobody has acted on", "page 1 of", "Average caseload", "about 25.0% of children in care", "Children's Commissioner, Stability Index 2018", "2026-10-26.", "2. Where we stand", "DfE's statistical neighbours of Medway", "Swindon", "Wakefield", "30 September 2025", "Contains public sector information licensed under the Open Government Licence v3.0" })
        {
            Assert.Contains(expected, Regex.Replace(text, @"\s+", " "), StringComparison.Ordinal);   // a table cell may wrap anywhere
        }

        // Page one is the answer: what changed, every measure with its RAG in words, the headline figures beside England's with source and date.
        var first = Regex.Replace(Run("pdftotext", $"-f 1 -l 1 \"{file}\" -"), @"\s+", " ");  // a table cell may wrap anywhere
        foreach (var expected in new[] { "1. At a glance", "Of the plan's", "since September", "Headline figures beside England's", "per case-holding FTE", "Children unallocated", "the extract does not say how long they have waited", "Children needing cover", "Vacancy rate", "FTE needed", "15.2", "13.0%", "11.8%", "at 30 Sep 2025", "since last month", "target " })
        {
            Assert.Contains(expected, first, StringComparison.Ordinal);
        }

        Assert.Equal(PlanDocument.Parse(Plan).Measures.Count, Regex.Count(first, "(GREEN|AMBER|RED|NO DATA|NOT YET RATED)"));

        // ... and its figures are the month-end snapshot's, computed here from the files: each tile's actual and RAG,
        // the census caseload beside England's, the workers over their limit.
        var figures = FiguresFromFiles(SnapshotReader.Read(council.Weeks[^1]));
        foreach (var measure in PlanDocument.Parse(Plan).Measures)
        {
            var actual = figures.Of(measure.Metric, measure.Filter);
            var rag = measure.RagOf(actual, figures.Caseloads.AsOf) is { } r ? Vocabulary.Code(r).ToUpperInvariant() : "NO DATA";
            Assert.Contains($"{MetricDefinition.Of(measure.Metric).Format(actual)} {rag}", first, StringComparison.Ordinal);
        }

        var totals = figures.Evaluation.Totals;
        var census = WorkforceFigures.Of(figures.Caseloads, null, History.Enough);
        Assert.Contains($"(workforce census definition) {census.CaseloadFte:0.0} 15.2", first, StringComparison.Ordinal);
        Assert.Contains($"Social workers over their limit {totals.WorkersOverLimit} of {totals.CaseHolders} (", first, StringComparison.Ordinal);

        // No section heading is the last thing on its page.
        foreach (var page in text.Split('\f').Where(p => p.Trim().Length > 0))
        {
            var last = page.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.Contains(" · page ", StringComparison.Ordinal)).Last();
            Assert.DoesNotMatch(@"^\d+\. [A-Z][a-z]", last);
        }

        // No page but a section's last ends in its first half (read from where poppler places each word; the footer
        // sits below the text area).
        var pagesOfWords = Run("pdftotext", $"-bbox \"{file}\" -").Split("<page ")[1..]
            .Select(page => Regex.Matches(page, "yMax=\"([\\d.]+)\">([^<]*)<").Select(m => (Y: double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Word: m.Groups[2].Value)).Where(w => w.Y < 785).ToList())
            .ToList();
        Assert.Equal(int.Parse(Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), pagesOfWords.Count);
        Assert.All(pagesOfWords, page => Assert.NotEmpty(page));
        for (var p = 0; p < pagesOfWords.Count - 1; p++)
        {
            var next = pagesOfWords[p + 1];
            var sectionEnds = next.Count > 0 && (Regex.IsMatch(next[0].Word, @"^\d+\.$") || next[0].Word == "Contents");
            Assert.True(sectionEnds || pagesOfWords[p].Max(w => w.Y) > 421, $"page {p + 1} ends at {pagesOfWords[p].Max(w => w.Y):0} pt of 842 and no section ends on it");
        }

        // Hashes only in the lineage appendix, shortened to 12 characters.
        var hash = SHA256Hex(Path.Combine(council.Weeks[^1], "allocations.csv"));
        Assert.Contains($"allocations.csv {hash[..12]}", text, StringComparison.Ordinal);
        Assert.DoesNotContain(hash[..13], text, StringComparison.Ordinal);
        Assert.DoesNotContain(childIds, id => text.Contains(id, StringComparison.Ordinal));
    }

    /// <summary>The XLSX: valid; a sheet per table, each an Excel table with its header row frozen; numbers in their formats, percentages as fractions, dates as dates; nothing a spreadsheet would run.</summary>
    private static void CheckDataPack(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        using var workbook = SpreadsheetDocument.Open(stream, false);
        Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(workbook).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var book = workbook.WorkbookPart!;
        var sheets = book.Workbook.Sheets!.Elements<Sheet>().ToDictionary(s => s.Name!.Value!, s => (WorksheetPart)book.GetPartById(s.Id!.Value!));
        Assert.Equal(["At a glance", "Where we stand", "Neighbours", "Published since 2017", "Measures", "Trends", "Caseloads by team"], sheets.Keys.Take(7));
        Assert.Contains("Breaches nobody has acted on", sheets.Keys);
        Assert.Equal("Measures in plan.json", sheets.Keys.Last());
        Assert.Empty(sheets.Values.SelectMany(s => s.Worksheet.Descendants<CellFormula>()));
        foreach (var (name, sheet) in sheets.Where(s => s.Value.Worksheet.Descendants<Row>().Count() > 5))
        {
            var table = Assert.Single(sheet.TableDefinitionParts).Table!;
            Assert.StartsWith("A4:", table.Reference!.Value, StringComparison.Ordinal);
            Assert.NotNull(table.AutoFilter);
            var pane = sheet.Worksheet.Descendants<Pane>().Single();
            Assert.Equal((4d, PaneStateValues.Frozen), (pane.VerticalSplit!.Value, pane.State!.Value));
            Assert.All(sheet.Worksheet.Descendants<Column>(), c => Assert.True(c.Width!.Value >= 8, name));
        }

        var formats = book.WorkbookStylesPart!.Stylesheet;
        string FormatOf(Cell cell)
        {
            var id = formats.CellFormats!.Elements<CellFormat>().ElementAt((int)(cell.StyleIndex?.Value ?? 0)).NumberFormatId?.Value ?? 0;
            return formats.NumberingFormats?.Elements<NumberingFormat>().FirstOrDefault(f => f.NumberFormatId!.Value == id)?.FormatCode?.Value ?? (id == 3 ? "#,##0" : "General");
        }

        List<Cell> Row(string sheet, int index) => [.. sheets[sheet].Worksheet.Descendants<Row>().Single(r => r.RowIndex!.Value == index).Elements<Cell>()];
        decimal Number(Cell cell) => decimal.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture);

        // Measures: the header row at row 4; the first measure's actual a number with one decimal, its target date a date.
        Assert.Equal(["Measure", "Teams", "Unit", "Actual", "Expected now", "Target", "Target date", "RAG", "Change since last month"], Row("Measures", 4).Select(Text));
        var first = Row("Measures", 5);
        Assert.Equal((CellValues.Number, "0.0"), (first[3].DataType!.Value, FormatOf(first[3])));
        Assert.InRange(Number(first[3]), 10m, 30m);
        Assert.Equal("d mmm yyyy", FormatOf(first[6]));
        Assert.Equal(new DateTime(2027, 3, 31), DateTime.FromOADate((double)Number(first[6])));

        // Workers over their limit: a percentage kept as a fraction with a % format.
        var percent = Row("Measures", 6);
        Assert.Equal("%", Text(percent[2]));
        Assert.Equal("0.0%", FormatOf(percent[3]));
        Assert.InRange(Number(percent[3]), 0m, 1m);

        // Trends: months as dates, each measure's twelve, units in their own column.
        var trend = Row("Trends", 5);
        Assert.Equal("mmm yyyy", FormatOf(trend[1]));
        Assert.Equal(new DateTime(2025, 11, 1), DateTime.FromOADate((double)Number(trend[1])));
        Assert.Equal(1 + (12 * PlanDocument.Parse(Plan).Measures.Count), sheets["Trends"].Worksheet.Descendants<Row>().Count(r => r.RowIndex!.Value >= 4));

        // Counts are whole numbers; a count's expected value, a point on the plan's line, is kept to one decimal, never in General.
        var caseloads = Row("Caseloads by team", 5);
        Assert.Equal("#,##0", FormatOf(caseloads[2]));
        var measureRows = sheets["Measures"].Worksheet.Descendants<Row>().Where(r => r.RowIndex!.Value > 4).Select(r => r.Elements<Cell>().ToList()).ToList();
        Assert.All(measureRows, r => Assert.Contains(FormatOf(r[4]), (string[])["#,##0", "0.0", "0.0%"]));
        Assert.Contains(measureRows, r => Text(r[2]) == "children" && FormatOf(r[4]) == "0.0");

        // The bell character cannot be held in XML: it is dropped; the markup, the right-to-left override and the formula-like text stay as text.
        var hostile = sheets["Caseloads by team"].Worksheet.Descendants<Cell>().Single(c => Text(c) == HostileTeamName.Replace("\u0007", "", StringComparison.Ordinal));
        Assert.Equal(CellValues.InlineString, hostile.DataType!.Value);
        var format = formats.CellFormats!.Elements<CellFormat>().ElementAt((int)hostile.StyleIndex!.Value);
        Assert.True(format.QuotePrefix?.Value);
    }

    private SnapshotFigures FiguresFromFiles(Snapshot snapshot)
    {
        // Who held each child in the 365 days up to the snapshot, straight from the snapshot files.
        var held = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var earlier in council.Weeks.Select(w => SnapshotReader.Read(w)).Where(s => s.AsOf <= snapshot.AsOf && s.AsOf > snapshot.AsOf.PlusDays(-365)))
        {
            foreach (var allocation in earlier.Allocations.Where(a => !a.IsUnallocated))
            {
                var child = earlier.ChildIds[allocation.Child];
                if (!held.TryGetValue(child, out var workers))
                {
                    held[child] = workers = [];
                }

                workers.Add(earlier.Workers[allocation.Worker].Id);
            }
        }

        var open = snapshot.Allocations.GroupBy(a => snapshot.ChildIds[a.Child])
            .Select(c => new OpenChild([.. c.Select(a => snapshot.Teams[a.Team].Id).Distinct()], held.GetValueOrDefault(c.Key, []).Count));
        var caseloads = CaseloadSummary.Of(snapshot);
        return new SnapshotFigures(
            caseloads, CaseloadEvaluation.Evaluate(caseloads, Policy.Default), ChildCounts.Of(snapshot, WorkingDays.EnglandAndWales), ChildCounts.OfHistory([.. open]));
    }

    private static byte[] Attachment(MimeMessage message, string extension)
    {
        var part = message.Attachments.OfType<MimePart>().Single(a => a.FileName?.EndsWith(extension, StringComparison.Ordinal) == true);
        using var bytes = new MemoryStream();
        part.Content!.DecodeTo(bytes);
        return bytes.ToArray();
    }

    private static string Text(Cell cell) => cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? "";

    private static string SHA256Hex(string file) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));

    private static string Run(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 })!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed: {error}");
        return output;
    }
}
