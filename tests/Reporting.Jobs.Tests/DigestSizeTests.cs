using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Ingest.Benchmarks;
using Caseload.Reporting.Workforce;
using Caseload.Reporting.Content;
using Caseload.Reporting.Content.Monthly;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Policies;
using DocumentFormat.OpenXml.Packaging;
using Sheet = DocumentFormat.OpenXml.Spreadsheet.Sheet;
using SheetCell = DocumentFormat.OpenXml.Spreadsheet.Cell;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// The digest email stays a summary whatever the council's size: for 300 workers in more than 30 teams and a plan
/// of 12 measures its HTML part is under the 100 KB past which Gmail clips a message, and the plain-text part says
/// what the HTML says.
/// </summary>
public sealed class DigestSizeTests
{
    [Fact]
    public async Task The_digest_of_a_large_council_and_plan_arrives_whole()
    {
        var (digest, evaluation) = Digest(300);
        var trends = digest.Measures;
        Assert.True(digest.Figures.Caseloads.Teams.Count >= 30, $"{digest.Figures.Caseloads.Teams.Count} teams");

        await using var renderer = new TemplateRenderer();
        var email = Assert.IsType<EmailContent>(Assert.Single(await LeadershipDigest.ComposeAsync(digest, ["director@council.example"], renderer, DateTimeOffset.UnixEpoch)).Content);

        Assert.InRange(Encoding.UTF8.GetByteCount(email.Html!), 1, 100 * 1024);
        Assert.True(evaluation.Totals.WorkersOverLimit > 0);
        var html = System.Net.WebUtility.HtmlDecode(email.Html!);
        foreach (var measure in trends)
        {
            var label = DigestSections.RagText(measure.Standing);
            foreach (var said in new[] { measure.Standing.Measure.Name, DigestSections.Definition(measure.Standing.Measure).Format(measure.Standing.Actual), char.ToUpperInvariant(label[0]) + label[1..] })
            {
                Assert.Contains(said, html, StringComparison.Ordinal);
                Assert.Contains(said, email.Text, StringComparison.Ordinal);
            }
        }

        Assert.Contains("Not enough history yet: 5 of 12 months", email.Text, StringComparison.Ordinal);
        Assert.Contains(AtAGlance.Of(digest).Intro, email.Text, StringComparison.Ordinal);
        Assert.Contains(AtAGlance.Of(digest).Intro, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_summary_of_a_council_of_many_teams_shows_the_first_rows_and_points_to_the_data_pack_which_holds_them_all()
    {
        var (digest, _) = Digest(1200);
        var teams = digest.Figures.Caseloads.Teams.Count;
        Assert.True(teams > 100, $"{teams} teams");

        await using var renderer = new TemplateRenderer();
        var email = Assert.IsType<EmailContent>(Assert.Single(await LeadershipDigest.ComposeAsync(digest, ["director@council.example"], renderer, DateTimeOffset.UnixEpoch)).Content);

        var pdf = Path.Combine(Path.GetTempPath(), $"summary-{Guid.NewGuid():N}.pdf");
        try
        {
            await File.WriteAllBytesAsync(pdf, email.Attachments!.Single(a => a.FileName.EndsWith(".pdf", StringComparison.Ordinal)).Content);
            var text = Regex.Replace(Pdftotext(pdf), @"\s+", " ");
            Assert.Contains($"The first 100 of {teams:N0} rows, in the data pack's order; every row is in the data pack's table \u201cCaseloads by team\u201d.", text, StringComparison.Ordinal);
            var names = digest.Figures.Caseloads.Teams.Select(t => t.Team.Name).Order(StringComparer.Ordinal).ToList();
            Assert.Contains(names[99], text, StringComparison.Ordinal);
            Assert.DoesNotContain(names[^1], text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pdf);
        }

        using var stream = new MemoryStream(email.Attachments!.Single(a => a.FileName.EndsWith(".xlsx", StringComparison.Ordinal)).Content);
        using var workbook = SpreadsheetDocument.Open(stream, false);
        var sheets = workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>()
            .Select(sheet => ((WorksheetPart)workbook.WorkbookPart.GetPartById(sheet.Id!.Value!)).Worksheet)
            .Where(sheet => sheet.Descendants<SheetCell>().Any(c => c.InlineString?.InnerText.StartsWith("Caseloads by team:", StringComparison.Ordinal) == true))
            .ToList();
        var caseloads = Assert.Single(sheets);
        var inPack = caseloads.Descendants<SheetCell>().Select(c => c.InlineString?.InnerText).ToHashSet();
        Assert.All(digest.Figures.Caseloads.Teams, t => Assert.Contains(t.Team.Name, inPack));
    }

    [Fact]
    public void The_per_team_tables_give_each_team_its_own_workers_figures()
    {
        var (digest, evaluation) = Digest(1200);
        var tables = DigestSections.Of(digest).SelectMany(s => s.Tables).ToDictionary(t => t.Caption);
        var names = digest.Figures.Caseloads.Teams.ToDictionary(t => t.Team.Name, t => t.Team.Id);
        var social = digest.Figures.Caseloads.Workers.Select(h => h.Worker).Where(w => w.Role is not (Snapshots.Role.FamilyWorker or Snapshots.Role.Student or Snapshots.Role.Other)).ToList();

        // Worked out directly from the evaluation and the roster, team by team.
        var caseloads = tables["Caseloads by team"];
        Assert.Equal(names.Count, caseloads.Rows.Count);
        foreach (var row in caseloads.Rows)
        {
            var holders = evaluation.Workers.Where(w => w.TeamId == names[row[0].Text] && w.Limit is not null).ToList();
            Assert.Equal(holders.Count == 0 ? null : holders.Max(w => w.Caseload), row[5].Number);
        }

        var asye = tables["ASYE case holders by team"];
        Assert.NotEmpty(asye.Rows);
        foreach (var row in asye.Rows)
        {
            var held = evaluation.Workers.Where(w => w.TeamId == names[row[0].Text] && w.Asye && w.Limit is not null).ToList();
            Assert.Equal(held.Count, row[1].Number);
            Assert.Equal(held.Count(w => !w.InBreach), row[2].Number);
        }

        foreach (var row in tables["Workforce by team"].Rows)
        {
            var team = social.Where(w => w.TeamId == names[row[0].Text]).ToList();
            Assert.Equal(team.Sum(w => w.Fte), row[2].Number);
            Assert.Equal(team.Where(w => w.Agency).Sum(w => w.Fte), row[3].Number);
        }
    }

    private static string Pdftotext(string file)
    {
        using var process = Process.Start(new ProcessStartInfo("pdftotext", $"\"{file}\" -") { RedirectStandardOutput = true, StandardOutputEncoding = Encoding.UTF8 })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }

    /// <summary>The shipped figures, and a council compared as if it were Medway (887) with its figures now and on the census day.</summary>
    private static Benchmarking Benchmarked(CaseloadSummary caseloads)
    {
        var indicators = ShippedBenchmarks.Indicators;
        var now = WorkforceFigures.Of(caseloads, null, new History(false, 5, 12));
        var council = BenchmarkCouncil.In(indicators, "887")!;
        return new Benchmarking(indicators, ShippedBenchmarks.Neighbours, now, BenchmarkComparison.Of(indicators, ShippedBenchmarks.Neighbours, council, now, now with { AsOf = new LocalDate(2025, 9, 29) }));
    }

    /// <summary>A month's digest of a generated council of <paramref name="workers"/> workers, with a plan of twelve measures.</summary>
    private static (MonthlyDigest Digest, CaseloadEvaluation Evaluation) Digest(int workers)
    {
        using var council = new CouncilFolders(weeks: 1, workers: workers, seed: 7);
        var snapshot = SnapshotReader.Read(council.Weeks[0]);
        var caseloads = CaseloadSummary.Of(snapshot);
        var evaluation = CaseloadEvaluation.Evaluate(caseloads, Policy.Default);
        var open = snapshot.Allocations.GroupBy(a => a.Child).Select(c => new OpenChild([.. c.Select(a => snapshot.Teams[a.Team].Id).Distinct()], c.Count()));
        var figures = new SnapshotFigures(caseloads, evaluation, ChildCounts.Of(snapshot, WorkingDays.EnglandAndWales), ChildCounts.OfHistory([.. open]));

        // Twelve measures, the 12-month one among them, half with titles of the plan's own.
        var metrics = MetricDefinition.Catalogue.Where(d => d.Metric != Metric.ChildrenLookedAfter).Take(11).Append(MetricDefinition.Of(Metric.PctChildren3PlusWorkers12M)).ToList();
        var plan = PlanDocument.Parse(new JsonObject
        {
            ["name"] = "Improvement Plan 2026-28",
            ["measures"] = new JsonArray([.. metrics.Select((d, i) => new JsonObject
            {
                ["id"] = $"measure-{i}",
                ["metric"] = d.Code,
                ["title"] = i % 2 == 0 ? $"Plan measure {i + 1}: {d.Title.ToLowerInvariant()}" : null,
                ["direction"] = "at_most",
                ["baseline"] = new JsonObject { ["value"] = 30, ["date"] = "2025-10-31" },
                ["target"] = 10,
                ["targetDate"] = "2027-03-31",
            })]),
        }.ToJsonString().Replace(",\"title\":null", "", StringComparison.Ordinal));
        var month = snapshot.AsOf.ToYearMonth();
        var earliest = snapshot.AsOf.PlusMonths(-5);
        var trends = plan.Measures.Select(m => new MeasureTrend(
            MeasureStanding.Of(m, figures, figures.Of(m.Metric, m.Filter) + 1, earliest),
            [.. Enumerable.Range(0, 12).Select(i => month.PlusMonths(i - 11)).Select(ym => new TrendPoint(ym, figures.Of(m.Metric, m.Filter), m.ExpectedOn(ym.OnDayOfMonth(1)), Policy.Default.Version, m.Metric != Metric.PctChildren3PlusWorkers12M))])).ToList();
        var digest = new MonthlyDigest(month, plan.Name, new DateTimeOffset(2025, 11, 3, 9, 0, 0, TimeSpan.Zero), plan.Version, Policy.Default.Version, figures, trends,
            [IsoWeek.Of(snapshot.AsOf)], MonthBreaches.Of([evaluation]), [new SnapshotLineage("lineage-id", snapshot.AsOf, "test", 1, 1, 1, new Dictionary<string, string>())],
            [new PostsPoint(month, Capacity.PostsTotals.Of(figures.Posts))], Benchmarked(caseloads));
        return (digest, evaluation);
    }
}
