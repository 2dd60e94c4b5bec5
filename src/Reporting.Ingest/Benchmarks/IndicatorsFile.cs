using System.Globalization;
using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Region;
using NodaTime;

namespace Caseload.Reporting.Ingest.Benchmarks;

/// <summary>
/// DfE's children's social work workforce indicators, as explore-education-statistics publishes the file (benchmarks
/// spec): the columns the spec names, by header in any order, others ignored; each figure a decimal number or one of
/// DfE's symbols for "no figure"; a joint return's codes as <c>940 / 941</c>. Anything else is refused at its line
/// and column, and nothing of the file is used.
/// </summary>
public static class IndicatorsFile
{
    /// <summary>DfE's symbols, each meaning "no figure": suppressed, unavailable, not applicable, low reliability, rounds to 0, and the two older ones.</summary>
    public static readonly IReadOnlyList<string> Symbols = ["c", "x", "z", "u", "low", ":", "-"];

    private static readonly System.Buffers.SearchValues<char> FigureCharacters = System.Buffers.SearchValues.Create("0123456789.");

    private const int TimePeriod = 0, Level = 1, RegionCode = 2, RegionName = 3, OldCode = 4, NewCode = 5, Name = 6, InPost = 7, Cases = 8, FirstMeasure = 9;

    private static readonly string[] Columns =
    [
        "time_period", "geographic_level", "region_code", "region_name", "old_la_code", "new_la_code", "la_name", "inpost_fte", "cases",
        .. WorkforceMeasureDefinition.Catalogue.Select(d => d.Code),
    ];

    /// <summary>Reads a file from disk.</summary>
    /// <returns>The indicators, and the file's bytes exactly as read (to be stored as they are).</returns>
    /// <exception cref="InvalidInputException">The file is not DfE's indicators as published; every problem is listed.</exception>
    public static (WorkforceIndicators Indicators, byte[] Bytes) Read(string path) => PublishedFile.Read(path, Parse);

    /// <summary>Reads a file's bytes.</summary>
    /// <exception cref="InvalidInputException">The bytes are not DfE's indicators as published.</exception>
    public static WorkforceIndicators Read(byte[] bytes, string name) => PublishedFile.Read(bytes, name, Parse);

    private static WorkforceIndicators Parse(Stream stream, string name, string sha256, ProblemLog problems)
    {
        var rows = new List<PublishedArea>();
        using (var table = PublishedFile.Open(stream, name, Columns, problems))
        {
            if (table is null || problems.HasErrors)
            {
                return new WorkforceIndicators(rows, sha256);
            }

            var seen = new Dictionary<(int, AreaLevel, string), int>();
            foreach (var line in PublishedFile.Records(table, problems))
            {
                if (Row(table, problems) is not { } row)
                {
                    continue;
                }

                var key = (row.Year, row.Level, row.Level == AreaLevel.LocalAuthority ? string.Join('/', row.Codes) : row.RegionCode ?? "");
                if (seen.TryGetValue(key, out var first))
                {
                    problems.Add(new Problem(Severity.Error, "published_repeat", name, line, null, $"repeats the row of line {first} (the same year and area): keep one"));
                    continue;
                }

                seen[key] = line;
                rows.Add(row);
            }
        }

        if (!problems.HasErrors)
        {
            foreach (var year in rows.Select(r => r.Year).Distinct().Where(y => !rows.Any(r => r.Year == y && r.Level == AreaLevel.National)))
            {
                problems.Add(new Problem(Severity.Error, "published_no_england", name, null, "geographic_level", $"{year} has no National row: England's figures are compared with, so a year needs one"));
            }

            if (rows.Count == 0)
            {
                problems.Add(new Problem(Severity.Error, "file_empty", name, null, null, "the file has a header row but no figures"));
            }
        }

        return new WorkforceIndicators(rows, sha256);
    }

    private static PublishedArea? Row(CsvTable table, ProblemLog problems)
    {
        var before = problems.Occurrences;
        var yearCell = table[TimePeriod];
        int? year = yearCell.Length == 4 && int.TryParse(yearCell, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 2000 and <= 2100 ? y : null;
        if (year is null)
        {
            problems.Add(PublishedFile.Error(table, Columns[TimePeriod], "is not a year such as 2025 (the census year: figures as at 30 September)"));
        }

        var levelCell = table[Level];
        AreaLevel? level = levelCell switch
        {
            _ when levelCell.Equals("National", StringComparison.OrdinalIgnoreCase) => AreaLevel.National,
            _ when levelCell.Equals("Regional", StringComparison.OrdinalIgnoreCase) => AreaLevel.Regional,
            _ when levelCell.Equals("Local authority", StringComparison.OrdinalIgnoreCase) => AreaLevel.LocalAuthority,
            _ => null,
        };
        if (level is null)
        {
            problems.Add(PublishedFile.Error(table, Columns[Level], $"{CellValues.Quoted(levelCell)}is not one of National, Regional or Local authority"));
        }

        var regional = level is AreaLevel.Regional or AreaLevel.LocalAuthority;
        var regionCode = PublishedFile.Text(table, RegionCode, Columns[RegionCode], regional, problems);
        var regionName = PublishedFile.Text(table, RegionName, Columns[RegionName], regional, problems);
        IReadOnlyList<string> codes = [];
        string? councilName = null;
        string? newCode = null;
        if (level == AreaLevel.LocalAuthority)
        {
            codes = Codes(table, problems);
            newCode = PublishedFile.Text(table, NewCode, Columns[NewCode], required: false, problems);
            councilName = PublishedFile.Text(table, Name, Columns[Name], required: true, problems);
        }

        var inPost = Figure(table, InPost, problems);
        var cases = Figure(table, Cases, problems);
        var figures = WorkforceMeasureDefinition.Catalogue.Select((_, m) => Figure(table, FirstMeasure + m, problems)).ToArray();
        return problems.Occurrences > before
            ? null
            : new PublishedArea(year!.Value, level!.Value, regional ? regionCode : null, regional ? regionName : null, codes, councilName, inPost, cases, figures, newCode);
    }

    /// <summary>The largest return read: two lines of CSV are well under a kilobyte.</summary>
    public const int MostReturnBytes = 64 << 10;

    /// <summary>
    /// Reads a council's return to its region (region spec): DfE's layout with a month, exactly the return's columns
    /// (any other is refused), exactly one row, for the council whose folder it is in, of its region, for the month its
    /// name says. Refused at <c>file:line: column: what is wrong</c> with every problem.
    /// </summary>
    /// <param name="bytes">The file's bytes (at most <see cref="MostReturnBytes"/>; the caller refuses a larger file before reading it).</param>
    /// <param name="name">Its name in the drop, <c>returns/{code}/{yyyy-MM}.csv</c>, for the problems.</param>
    /// <param name="council">The folder's council, as DfE's latest release has it: its code and region are what the return must name.</param>
    /// <param name="code">The folder's code.</param>
    /// <param name="month">The month the file's name says.</param>
    /// <exception cref="InvalidInputException">The file is not a return of this council for this month.</exception>
    public static RegionalReturn ReadReturn(byte[] bytes, string name, PublishedArea council, string code, YearMonth month) =>
        PublishedFile.Read(bytes, name, (stream, file, _, problems) => ParseReturn(stream, file, council, code, month, problems))
            ?? throw new InvalidInputException([new Problem(Severity.Error, "return_empty", name, null, null, "the file holds no return")]);

    private static RegionalReturn? ParseReturn(Stream stream, string name, PublishedArea council, string code, YearMonth month, ProblemLog problems)
    {
        IReadOnlyList<string> columns = [.. RegionalReturn.Identity, .. RegionalReturn.Columns];
        using var table = PublishedFile.Open(stream, name, columns, problems);
        if (table is null || problems.HasErrors)
        {
            return null;
        }

        foreach (var header in table.Headers.Where(h => !columns.Contains(h, StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add(new Problem(Severity.Error, "return_column", name, 1, header, $"is not a column of a return: a return has only {string.Join(", ", columns)} (docs/region.md)"));
        }

        if (problems.HasErrors)
        {
            return null;
        }

        RegionalReturn? read = null;
        var rows = 0;
        foreach (var line in PublishedFile.Records(table, problems))
        {
            if (++rows > 1)
            {
                problems.Add(new Problem(Severity.Error, "return_rows", name, line, null, "is a second row: a return is one row, the council's for the month"));
                break;
            }

            read = ReturnRow(table, council, code, month, problems);
        }

        if (rows == 0 && !problems.HasErrors)
        {
            problems.Add(new Problem(Severity.Error, "return_rows", name, null, null, "has a header row but no figures: a return is one row, the council's for the month"));
        }

        return read;
    }

    private static RegionalReturn? ReturnRow(CsvTable table, PublishedArea council, string code, YearMonth month, ProblemLog problems)
    {
        var before = problems.Occurrences;
        void Expect(int column, string expected, string what)
        {
            var cell = table[column];
            if (!cell.Equals(expected, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(PublishedFile.Error(table, RegionalReturn.Identity[column], $"{CellValues.Quoted(cell)}{what}"));
            }
        }

        var monthName = RegionalReturn.MonthName(month);
        Expect(0, month.Year.ToString(CultureInfo.InvariantCulture), $"is not {month.Year}, the year of the month this file is named for ({month.ToString("yyyy-MM", CultureInfo.InvariantCulture)})");
        Expect(1, monthName, $"is not {monthName}, the month this file is named for");
        Expect(2, RegionalReturn.Level, $"is not {RegionalReturn.Level}: a return is a council's");
        Expect(3, RegionalReturn.CountryCode, $"is not {RegionalReturn.CountryCode} (England)");
        Expect(4, RegionalReturn.CountryName, $"is not {RegionalReturn.CountryName}");
        Expect(5, council.RegionCode ?? "", $"is not {council.RegionCode}, the region of council {code} ({council.RegionName}) in DfE's latest release");
        var regionName = PublishedFile.Text(table, 6, RegionalReturn.Identity[6], required: true, problems);
        var codes = Codes(table, 7, RegionalReturn.Identity[7], problems);
        if (codes.Length > 0 && !codes.Contains(code))
        {
            problems.Add(PublishedFile.Error(table, RegionalReturn.Identity[7], $"{string.Join(" / ", codes)} is not this folder's council ({code}): a council writes only its own return, under its own code"));
        }

        var newCode = PublishedFile.Text(table, 8, RegionalReturn.Identity[8], required: false, problems);
        var councilName = PublishedFile.Text(table, 9, RegionalReturn.Identity[9], required: true, problems);
        var figures = RegionalReturn.Columns.Select((column, i) => Figure(table, RegionalReturn.Identity.Count + i, column, problems)).ToList();
        return problems.Occurrences > before
            ? null
            : new RegionalReturn(month, council.RegionCode!, regionName!, codes, newCode, councilName!, figures);
    }

    /// <summary>A council's code, or a joint return's two: <c>940 / 941</c>.</summary>
    private static string[] Codes(CsvTable table, ProblemLog problems) => Codes(table, OldCode, Columns[OldCode], problems);

    private static string[] Codes(CsvTable table, int column, string name, ProblemLog problems)
    {
        var cell = table[column].ToString();
        var parts = cell.Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length is 1 or 2 && parts.All(BenchmarkCouncil.IsCode) && parts.Distinct().Count() == parts.Length)
        {
            return parts;
        }

        problems.Add(PublishedFile.Error(table, name, cell.Length == 0
            ? "is empty; a council's row needs its three-digit old LA code, e.g. 887"
            : "is not a three-digit old LA code (e.g. 887), or two for a joint return (e.g. 940 / 941)"));
        return [];
    }

    /// <summary>A figure: a decimal number, or one of DfE's symbols for none.</summary>
    private static decimal? Figure(CsvTable table, int column, ProblemLog problems) => Figure(table, column, Columns[column], problems);

    private static decimal? Figure(CsvTable table, int column, string name, ProblemLog problems)
    {
        var cell = table[column];
        foreach (var symbol in Symbols)
        {
            if (cell.Equals(symbol, StringComparison.Ordinal))
            {
                return null;
            }
        }

        if (!cell.IsEmpty && !cell.ContainsAnyExcept(FigureCharacters) && decimal.TryParse(cell, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value < 1_000_000_000m)
        {
            return value;
        }

        problems.Add(PublishedFile.Error(table, name, cell.IsEmpty
            ? "is empty; DfE marks a figure it does not give with a symbol (x, c, z, u, low, : or -)"
            : $"{CellValues.Quoted(cell)}is not a figure: give a number such as 15.7, or one of DfE's symbols c, x, z, u, low, : or -"));
        return null;
    }
}
