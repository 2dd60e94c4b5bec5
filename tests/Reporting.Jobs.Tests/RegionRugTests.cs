using System.Diagnostics;
using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Content.Region;
using Caseload.Reporting.Region;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// The tartan rug for the alliance's meeting: London's 33 boroughs on one landscape page, every borough's name and
/// figure whole, each figure's fifth in words as well as in shade, who has not returned and a refusal named, the
/// source and the licence; the same as a workbook with numbers as numbers.
/// </summary>
public sealed class RegionRugTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("caseload-rug").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly string[] Boroughs =
    [
        "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "City of London", "Croydon", "Ealing", "Enfield", "Greenwich",
        "Hackney", "Hammersmith and Fulham", "Haringey", "Harrow", "Havering", "Hillingdon", "Hounslow", "Islington", "Kensington and Chelsea",
        "Kingston upon Thames / Richmond upon Thames", "Lambeth", "Lewisham", "Merton", "Newham", "Redbridge", "Southwark", "Sutton", "Tower Hamlets",
        "Waltham Forest", "Wandsworth", "Westminster", "Hertfordshire (a neighbour asked to join)",
    ];

    /// <summary>33 councils: most returned October, two August, one refused, two not at all; figures spread as London's are.</summary>
    private static RegionComparison London()
    {
        var month = new YearMonth(2026, 10);
        var random = new Random(33);
        var councils = Boroughs.Select((name, i) =>
        {
            var code = (301 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (i is 6 or 19)
            {
                return new CouncilReturn(code, name, null, null);
            }

            if (i == 12)
            {
                return new CouncilReturn(code, name, null, $"returns/{code}/2026-10.csv:2: agency_rate_fte: 'twelve' is not a figure: give a number such as 15.7, or one of DfE's symbols c, x, z, u, low, : or -");
            }

            decimal Figure(double low, double high) => decimal.Round((decimal)(low + (random.NextDouble() * (high - low))), 1);
            var inPost = Figure(80, 420);
            var agency = Figure(5, 120);
            var holders = decimal.Round(inPost * 0.8m, 1);
            var cases = (decimal)(int)(holders * Figure(12, 22));
            decimal?[] figures = [inPost, agency, decimal.Round(agency * 100 / (agency + inPost), 1), Figure(5, 60), Figure(5, 30), null, null, holders, cases, decimal.Round(cases / holders, 1), i % 3 == 0 ? null : Figure(2, 5)];
            var returned = new RegionalReturn(i is 3 or 27 ? month.PlusMonths(-2) : month, "E12000007", "London", [code], null, name, figures);
            return new CouncilReturn(code, name, returned, null);
        }).ToList();
        var england = new PublishedArea(2025, AreaLevel.National, null, null, [], null, 33000, 337000, [15.2m, 15.6m, 16.2m, 17.4m, 3.3m]);
        return new RegionComparison("E12000007", "London", month, councils, england, 2025);
    }

    [Fact]
    public void London_on_one_landscape_page_with_every_name_and_figure_whole_and_the_fifths_in_words()
    {
        var london = London();
        var pdf = Path.Combine(folder, "region-2026-10.pdf");
        File.WriteAllBytes(pdf, TartanRug.Pdf(london, new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero)));

        var info = Run("pdfinfo", pdf);
        Assert.Matches(@"Pages:\s+1\n", info);
        Assert.Matches(@"Page size:\s+842 x 595 pts \(A4\)", info);   // landscape
        var text = Flat(Run("pdftotext", "-layout", pdf, "-"));
        foreach (var council in london.Councils)
        {
            Assert.Contains(council.Name, text, StringComparison.Ordinal);
            foreach (var measure in RegionComparison.Measures.Where(m => council.Of(m) is not null))
            {
                Assert.Contains($"{TartanRug.Format(measure, council.Of(measure)!.Value)} ({london.RankOf(council, measure)!.Fifth})", text, StringComparison.Ordinal);
            }
        }

        Assert.Contains("London: the workforce, October 2026", text, StringComparison.Ordinal);
        Assert.Contains("28 of 33 councils returned October 2026's figures, and 2 councils an earlier month's", text, StringComparison.Ordinal);
        Assert.Contains("(1), darkest blue, the lowest fifth", text, StringComparison.Ordinal);
        Assert.Contains("Not returned within the last three months: City of London, Kensington and Chelsea.", text, StringComparison.Ordinal);
        Assert.Contains("Hammersmith and Fulham's return was refused, so it shows no figure: returns/313/2026-10.csv:2: agency_rate_fte:", text, StringComparison.Ordinal);
        Assert.Contains("London, from the returns' counts", text, StringComparison.Ordinal);
        Assert.Contains("Median of the councils", text, StringComparison.Ordinal);
        Assert.Contains("England, 30 September 2025", text, StringComparison.Ordinal);
        Assert.Contains("Open Government Licence v3.0", text, StringComparison.Ordinal);

        // Looked at: the page as a picture (docs/images/region-rug.png is this page).
        Run("pdftoppm", "-r", "100", "-png", "-singlefile", pdf, Path.Combine(folder, "rug"));
        File.Copy(pdf, "/tmp/rug.pdf", true);
        Assert.True(new FileInfo(Path.Combine(folder, "rug.png")).Length > 20_000);
    }

    [Fact]
    public void The_workbook_holds_the_same_rows_with_figures_as_numbers_shaded_by_their_fifth()
    {
        var london = London();
        using var stream = new MemoryStream(TartanRug.Xlsx(london));
        using var workbook = SpreadsheetDocument.Open(stream, false);
        var sheet = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var rows = sheet.Descendants<Row>().ToList();
        string TextOf(Cell cell) => cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? "";

        var header = rows.Single(r => r.Elements<Cell>().Any(c => TextOf(c) == "Council"));
        var councilRows = rows.SkipWhile(r => r != header).Skip(1).Take(london.Councils.Count).ToList();
        Assert.Equal(london.Councils.Select(c => c.Name), councilRows.Select(r => TextOf(r.Elements<Cell>().First())));
        var barnet = councilRows[1].Elements<Cell>().ToList();
        var caseload = london.Councils[1].Of(WorkforceMeasure.CaseloadFte)!.Value;
        Assert.Equal(caseload, decimal.Parse(barnet[2].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(london.RankOf(london.Councils[1], WorkforceMeasure.CaseloadFte)!.Fifth.ToString(System.Globalization.CultureInfo.InvariantCulture), barnet[3].CellValue!.Text);
        var styles = workbook.WorkbookPart.WorkbookStylesPart!.Stylesheet;
        var fill = styles.Fills!.Elements<Fill>().ElementAt((int)styles.CellFormats!.Elements<CellFormat>().ElementAt((int)barnet[2].StyleIndex!.Value).FillId!.Value);
        Assert.Equal("FF" + TartanRug.FifthColours[london.RankOf(london.Councils[1], WorkforceMeasure.CaseloadFte)!.Fifth - 1], fill.PatternFill!.ForegroundColor!.Rgb!.Value);
        Assert.Contains(rows, r => r.Elements<Cell>().Any(c => TextOf(c).StartsWith("Not returned within the last three months", StringComparison.Ordinal)));
    }

    private static string Flat(string text) => string.Join(' ', text.Split((char[])['\r', '\n', ' '], StringSplitOptions.RemoveEmptyEntries));

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
