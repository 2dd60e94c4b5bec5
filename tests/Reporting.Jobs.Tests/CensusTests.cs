using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Tooling.Synthetic;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// <c>reporting census check</c> through the command line on Azurite: a generated council's census-day roster written
/// as its return, with known faults, checked against the stored snapshot; the return's figures as a hand calculation
/// from the file gives them (XLinq here, sharing nothing with the streaming reader); the snapshot's figures as
/// <c>benchmarks show</c> gives them; a broken return's problems at their lines; nothing personal in any output.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class CensusTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly LocalDate CensusDay = new(2026, 9, 30);
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 10, 19, 9, 0, 0, TimeSpan.Zero));
    private static readonly string[] Measures = ["caseload_fte", "turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte", "absence_rate_fte"];

    // Four Mondays up to 28 September, the nearest to the census day: 2 days from it.
    private readonly CouncilFolders council = new(weeks: 4, workers: 48, seed: 11, from: "2026-09-07");

    public void Dispose() => council.Dispose();

    private async Task<(TestReporting Reporting, CaseloadSummary CensusWeek)> StoredAsync()
    {
        var reporting = azurite.Reporting(Clock, council.Outbox, settings: new Dictionary<string, string?> { ["Reporting:Council:Code"] = "887" });
        foreach (var week in council.Weeks)
        {
            await reporting.Job<IngestJob>().IngestFolderAsync(week, null);
        }

        return (reporting, CaseloadSummary.Of(SnapshotReader.Read(council.Weeks[^1])));
    }

    private string Write(List<CensusRecord> records, string name = "census.xml", string lea = "887")
    {
        var path = Path.Combine(council.Root, name);
        using var file = File.Create(path);
        CensusReturnWriter.Write(file, lea, CensusDay, 6.5m, records, seed: 5);
        return path;
    }

    [Fact]
    public async Task A_return_with_known_faults_shows_exactly_those_differences_and_the_figures_a_hand_calculation_gives()
    {
        var (reporting, week) = await StoredAsync();
        await using var _ = reporting;
        var records = CensusReturnWriter.FromSnapshot(week, CensusDay, seed: 5);
        var team = week.Workers.ToDictionary(h => h.Worker.Id, h => h.Worker.TeamId);
        var inPost = records.Where(r => !r.Agency).ToList();

        // The faults: one left out, one not on the roster, cases altered, FTE altered, the agency flag and ASYE
        // flipped, and two leavers of the year (not compared: the snapshot cannot know who left).
        var left = inPost[0];
        var cases = inPost[1];
        var fte = inPost.First(r => r.Fte == 1m && r != cases && r != left);
        var agency = inPost.First(r => r != cases && r != fte && r != left && !r.Asye && !r.Absent);
        var asye = inPost.First(r => r != cases && r != fte && r != left && r != agency && !r.Asye);
        records.Remove(left);
        records[records.IndexOf(cases)] = cases with { Cases30 = cases.Cases30 + 3 };
        records[records.IndexOf(fte)] = fte with { Fte = 0.5m };
        records[records.IndexOf(agency)] = agency with { Agency = true };
        records[records.IndexOf(asye)] = asye with { Asye = true };
        records.Add(new CensusRecord("SW999001", false, 0.8m, 5, 14, false, false, 2));
        records.Add(new CensusRecord("SW999101", false, 1m, 5, 0, false, false, 12, new LocalDate(2026, 3, 31)));
        records.Add(new CensusRecord("SW999102", false, 0.6m, 5, 0, false, false, 0, new LocalDate(2025, 10, 1)));
        var path = Write(records);

        var (exit, output, error) = reporting.Cli(Clock, "census", "check", "--xml", path, "--format", "json");

        Assert.True(exit == 0, error);
        var json = JsonNode.Parse(output)!;
        var differences = json["differences"]!.AsArray().Select(d => $"{d!["kind"]} {d["worker"]} {d["team"]} {d["return"]?.ToJsonString() ?? "null"} {d["snapshot"]?.ToJsonString() ?? "null"}").Order().ToList();
        string Expected(string kind, string worker, string? returned, string? held, bool onRoster = true) =>
            $"{kind} {worker} {(onRoster ? team[worker] : "")} {returned ?? "null"} {held ?? "null"}";
        Assert.Equal(
            new[]
            {
                Expected("missing_from_return", left.SweNumber, null, null),
                Expected("not_on_roster", "SW999001", null, null, onRoster: false),
                Expected("cases", cases.SweNumber, $"{cases.Cases30 + 3}", $"{cases.Cases30}"),
                Expected("fte", fte.SweNumber, "0.5", "1"),
                Expected("agency", agency.SweNumber, "true", "false"),
                Expected("asye", asye.SweNumber, "true", "false"),
            }.Order(),
            differences);
        Assert.Equal("2026-09-28", json["snapshot"]!["asOf"]!.GetValue<string>());
        Assert.Equal(inPost.Count - 2 + 1, json["return"]!["inPost"]!.GetValue<int>());
        Assert.Equal(2, json["return"]!["leavers"]!.GetValue<int>());

        var hand = HandFigures(XDocument.Load(path));
        foreach (var figure in json["figures"]!.AsArray())
        {
            var measure = figure!["measure"]!.GetValue<string>();
            Assert.Equal(hand[measure], figure["return"]!.GetValue<decimal>());
        }

        // The table reads as a to-do list by team, the same differences; the workbook holds them too.
        var table = reporting.Cli(Clock, "census", "check", "--xml", path, "--out", Path.Combine(council.Root, "out"));
        Assert.Equal(0, table.Exit);
        Assert.Contains($"{left.SweNumber}: on the roster, not on the return. Add their record", table.Out, StringComparison.Ordinal);
        Assert.Contains($"{cases.SweNumber}: cases held on 30 September 2026, the return {cases.Cases30 + 3}, the snapshot {cases.Cases30}.", table.Out, StringComparison.Ordinal);
        Assert.Contains("Differences: Where the return and the snapshot of 28 September 2026 disagree", table.Out, StringComparison.Ordinal);
        var xlsx = Path.Combine(council.Root, "out", "census-check-2026-09-30.xlsx");
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(xlsx, false))
        {
            Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document));
            Assert.Equal(["Problems", "Figures", "Differences"], document.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(sheet => sheet.Name!.Value));
        }

        var workbook = Sheets(xlsx);
        Assert.Contains("SW999001", workbook, StringComparison.Ordinal);
        Assert.Contains(fte.SweNumber, workbook, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_snapshots_figures_are_benchmarks_shows_for_the_month_of_the_census_day()
    {
        var (reporting, week) = await StoredAsync();
        await using var _ = reporting;
        var path = Write(CensusReturnWriter.FromSnapshot(week, CensusDay, seed: 5));

        var check = JsonNode.Parse(reporting.Cli(Clock, "census", "check", "--xml", path, "--format", "json").Out)!;
        var shown = reporting.Cli(Clock, "benchmarks", "show", "--month", "2026-09", "--format", "json");

        Assert.True(shown.Exit == 0, shown.Error);
        var now = JsonNode.Parse(shown.Out)!["measures"]!.AsArray().ToDictionary(m => m!["measure"]!.GetValue<string>(), m => m!["now"]?.GetValue<decimal>());
        var snapshot = check["figures"]!.AsArray().ToDictionary(m => m!["measure"]!.GetValue<string>(), m => m!["snapshot"]?.GetValue<decimal>());
        Assert.Equal(Measures, snapshot.Keys);
        Assert.All(Measures, m => Assert.Equal(now[m], snapshot[m]));
        Assert.NotNull(snapshot["caseload_fte"]);
        Assert.Empty(check["differences"]!.AsArray());
        Assert.Empty(check["problems"]!.AsArray());
    }

    [Fact]
    public async Task A_broken_return_has_each_problem_at_its_line_and_exits_1()
    {
        var (reporting, week) = await StoredAsync();
        await using var _ = reporting;
        var path = Write(CensusReturnWriter.FromSnapshot(week, CensusDay, seed: 5));
        var lines = File.ReadAllLines(path).ToList();
        var fte30 = lines.FindIndex(l => l.Contains("<FTE30>", StringComparison.Ordinal));
        var worker = lines.FindLastIndex(fte30, l => l.Contains("<CSWWWorker>", StringComparison.Ordinal));
        lines.RemoveAt(fte30);
        var cases = lines.FindLastIndex(l => l.Contains("<Cases30>", StringComparison.Ordinal));
        lines[cases] = "    <Cases30>twelve</Cases30>";
        File.WriteAllLines(path, lines);

        var (exit, output, error) = reporting.Cli(Clock, "census", "check", "--xml", path);

        Assert.Equal(1, exit);
        Assert.Contains($"census.xml:{worker + 1}: FTE30: a worker in post needs FTE30", output, StringComparison.Ordinal);
        Assert.Contains($"census.xml:{cases + 1}: Cases30: is not a whole number of 0 or more", output, StringComparison.Ordinal);
        Assert.Contains("COLLECT would refuse the return: 2 problems", error, StringComparison.Ordinal);

        var kents = reporting.Cli(Clock, "census", "check", "--xml", Write(CensusReturnWriter.FromSnapshot(week, CensusDay, seed: 5), "kent.xml", lea: "886"));
        Assert.Equal(1, kents.Exit);
        Assert.Contains("kent.xml: LEA: is 886, another council's code: Reporting:Council:Code is 887 (Medway); check this is the council's own return", kents.Out, StringComparison.Ordinal);

        var notXml = Path.Combine(council.Root, "not.xml");
        File.WriteAllText(notXml, "worker_id,name\nSW1,someone\n");
        var refused = reporting.Cli(Clock, "census", "check", "--xml", notXml, "--format", "json");
        Assert.Equal(1, refused.Exit);
        var problem = Assert.Single(JsonNode.Parse(refused.Out)!["problems"]!.AsArray())!;
        Assert.Equal(1, problem["line"]!.GetValue<int>());
        Assert.Contains("not XML", problem["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", refused.Out + refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_output_repeats_a_workers_name_or_a_personal_item_of_the_return()
    {
        var (reporting, week) = await StoredAsync();
        await using var _ = reporting;
        var records = CensusReturnWriter.FromSnapshot(week, CensusDay, seed: 5);
        records.RemoveAt(0);
        records[0] = records[0] with { Cases30 = records[0].Cases30 + 1 };
        var path = Write(records);
        var outFolder = Path.Combine(council.Root, "out");

        var table = reporting.Cli(Clock, "census", "check", "--xml", path, "--out", outFolder);
        var json = reporting.Cli(Clock, "census", "check", "--xml", path, "--format", "json");
        var everything = table.Out + table.Error + json.Out + json.Error + Sheets(Directory.GetFiles(outFolder).Single());

        Assert.Contains("on the roster, not on the return", everything, StringComparison.Ordinal);
        var personal = XDocument.Load(path).Descendants("CSWWWorker")
            .SelectMany(w => w.Elements().Where(e => e.Name.LocalName is "PersonBirthDate" or "Ethnicity" or "QualInst"))
            .SelectMany(e => e.Name.LocalName == "PersonBirthDate"
                ? new[] { e.Value, LocalDate.FromDateTime(DateTime.Parse(e.Value, CultureInfo.InvariantCulture)).ToString("d MMMM yyyy", CultureInfo.InvariantCulture) }
                : [e.Value])
            .Concat(week.Workers.Select(h => h.Worker.Name))
            .Distinct()
            .ToList();
        Assert.True(personal.Count > 50);
        Assert.All(personal, item => Assert.DoesNotContain(item, everything, StringComparison.Ordinal));
        Assert.DoesNotContain("PersonBirthDate", everything, StringComparison.Ordinal);
    }

    /// <summary>The five figures of the census spec from the file, by hand, rounded as published.</summary>
    private static Dictionary<string, decimal> HandFigures(XDocument file)
    {
        static decimal D(XElement w, string name) => w.Element(name) is { } e ? decimal.Parse(e.Value, CultureInfo.InvariantCulture) : 0m;
        var reference = LocalDate.FromDateTime(DateTime.Parse(file.Descendants("ReferenceDate").Single().Value, CultureInfo.InvariantCulture));
        var start = reference.PlusYears(-1).PlusDays(1);
        var workers = file.Descendants("CSWWWorker").ToList();
        LocalDate? End(XElement w) => w.Element("RoleEndDate") is { } e ? LocalDate.FromDateTime(DateTime.Parse(e.Value, CultureInfo.InvariantCulture)) : null;
        var agency = workers.Where(w => w.Element("AgencyWorker")!.Value == "1").ToList();
        var inPost = workers.Where(w => w.Element("AgencyWorker")!.Value == "0" && (End(w) is null || End(w) > reference)).ToList();
        var leavers = workers.Where(w => w.Element("AgencyWorker")!.Value == "0" && End(w) is { } e && e >= start && e <= reference).ToList();
        var holders = inPost.Select(w => (Cases: D(w, "Cases30"), Fte: D(w, "FTE30"))).Concat(agency.Select(w => (Cases: D(w, "Cases30"), Fte: D(w, "FTE")))).Where(h => h.Cases >= 1).ToList();
        var inPostFte = inPost.Sum(w => D(w, "FTE30"));
        var agencyFte = agency.Sum(w => D(w, "FTE"));
        var vacancies = decimal.Parse(file.Descendants("NumberOfVacancies").Single().Value, CultureInfo.InvariantCulture);

        // Working days from 1 October 2025 to 30 September 2026 in England: 261 weekdays less 8 bank holidays
        // (25 and 26 December, 1 January, 3 and 6 April, 4 and 25 May, 31 August).
        var workingDays = 0;
        for (var day = start; day <= reference; day = day.PlusDays(1))
        {
            workingDays += day.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday ? 0 : 1;
        }

        workingDays -= 8;
        static decimal R(decimal value) => decimal.Round(value, 1, MidpointRounding.AwayFromZero);
        return new Dictionary<string, decimal>
        {
            ["caseload_fte"] = R(holders.Sum(h => h.Cases) / holders.Sum(h => h.Fte)),
            ["turnover_rate_fte"] = R(leavers.Sum(w => D(w, "FTE")) * 100 / inPostFte),
            ["agency_rate_fte"] = R(agencyFte * 100 / (agencyFte + inPostFte)),
            ["vacancy_rate_fte"] = R(vacancies * 100 / (vacancies + inPostFte)),
            ["absence_rate_fte"] = R(inPost.Sum(w => D(w, "WorkingDaysLost")) * 100 / (inPostFte * workingDays)),
        };
    }

    /// <summary>Every string a workbook's sheets hold.</summary>
    private static string Sheets(string xlsx)
    {
        using var zip = ZipFile.OpenRead(xlsx);
        return string.Join('\n', zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal))
            .Select(e => string.Concat(XDocument.Load(e.Open()).Descendants().Where(d => d.Name.LocalName == "t").Select(d => d.Value + "\n"))));
    }
}
