using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Caseload.Reporting.Snapshots;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Caseload.Reporting.Ingest.AnnexA;

/// <summary>
/// Turns Ofsted's Annex A workbook and the HR roster (teams.csv, workers.csv) into a canonical snapshot folder:
/// List 6 (children in need, Case Status a) to d)), List 7 (child protection), List 8 (looked after) and List 9 (care
/// leavers) become allocations.csv, one case per child and worker however many lists name them, the roster is
/// copied, and the result is read and validated like any snapshot. Sheets and headers are matched tolerantly
/// (case, spaces, underscores, trailing spaces, curly quotes, a title row above the header); codes with or
/// without their "a)" prefix; "#N/A" and blanks are "not given". Allocated Worker names are matched to the
/// roster in any case and spacing, "Surname, First" or "First Surname"; an unmatched name is reported with its
/// row and the child counted unallocated in the Allocated Team, when that names a team. Columns whose header speaks
/// of a visit date, a plan start or an allocation date give last_visit, plan_start and allocated_on (dd/MM/yyyy text,
/// yyyy-MM-dd, or Excel serials); a date that is none of these is left blank and reported.
/// </summary>
public static partial class AnnexAWorkbook
{
    /// <summary>The name the workbook is kept under in the converted folder, as received: the snapshot's lineage.</summary>
    public const string KeptAs = "annex-a.xlsx";

    /// <summary>Writes the canonical snapshot of a workbook and roster into <paramref name="folder"/>.</summary>
    /// <param name="workbook">The Annex A workbook (.xlsx).</param>
    /// <param name="roster">The folder holding teams.csv and workers.csv.</param>
    /// <param name="folder">An empty folder to write the snapshot into.</param>
    /// <param name="asOf">The date the workbook describes.</param>
    /// <returns>What was wrong but did not stop the conversion: rows skipped, names not on the roster.</returns>
    /// <exception cref="InvalidInputException">The workbook cannot be read, or has neither list.</exception>
    public static IReadOnlyList<Problem> Convert(string workbook, string roster, string folder, NodaTime.LocalDate asOf)
    {
        var file = Path.GetFileName(workbook);
        var rosterSnapshot = Canonical.SnapshotReader.Read(RosterOnly(roster, folder, asOf));
        var teams = rosterSnapshot.Teams;
        var workersByName = new Dictionary<string, List<Worker>>(StringComparer.Ordinal);
        foreach (var worker in rosterSnapshot.Workers)
        {
            var key = PersonKey(worker.Name);
            if (!workersByName.TryGetValue(key, out var named))
            {
                workersByName[key] = named = [];
            }

            named.Add(worker);
        }

        var warnings = new ProblemLog();
        var errors = new ProblemLog();
        var cases = new List<ListedCase>();
        using var document = Open(workbook, file);
        var strings = SharedStrings(document, file);
        foreach (var (sheet, number, part) in Lists(document, file))
        {
            Dictionary<string, int>? columns = null;
            var wanted = new HashSet<int>();
            foreach (var (r, cells) in Rows(part, sheet, file, strings, c => columns is null || wanted.Contains(c)))
            {
                if (columns is null)
                {
                    columns = r < 10 ? HeaderColumns(cells) : null;
                    if (columns is null && r >= 9)
                    {
                        break;
                    }

                    if (columns is not null)
                    {
                        wanted.UnionWith(columns.Values);
                    }

                    continue;
                }

                string Cell(string column) => columns.TryGetValue(column, out var c) && cells.TryGetValue(c, out var text) ? Value(text) : "";
                var child = Cell("child");
                if (child.Length == 0)
                {
                    continue;
                }

                if (cases.Count == MaxListedCases)
                {
                    throw Refuse(file, "annexa_too_large", $"lists more than {MaxListedCases:N0} cases across Lists 6 to 9; Annex A for one council lists far fewer — check that the lists are not repeated");
                }

                var where = $"{sheet} row {r + 1}";
                if (child.Length > Canonical.Limits.Id || child.Any(char.IsControl))
                {
                    errors.Add(new Problem(Severity.Error, "annexa_child_id", file, r + 1, sheet,
                        $"{where}: Child Unique ID is not an id: more than {Canonical.Limits.Id} characters, or control characters; correct it in the case management system's export"));
                    continue;
                }

                var caseType = number switch
                {
                    6 => StatusCode(Cell("status")) switch
                    {
                        'a' => "cla",
                        'b' => "cp",
                        'c' => "cin",
                        'd' => "assessment",
                        _ => null,  // e) and the rest: not an open case
                    },
                    7 => "cp",
                    8 => "cla",
                    _ => "care_leaver",
                };
                if (caseType is null)
                {
                    continue;
                }

                var teamName = Cell("team");
                var team = teams.FirstOrDefault(t => Same(t.Name, teamName) || Same(t.Id, teamName));
                var workerName = Cell("worker");
                var worker = workerName.Length == 0 ? null
                    : workersByName.GetValueOrDefault(PersonKey(workerName)) is { Count: 1 } found ? found[0]
                    : null;
                if (workerName.Length > 0 && worker is null)
                {
                    warnings.Add(new Problem(Severity.Warning, "annexa_worker_unmatched", file, r + 1, sheet,
                        team is null
                            ? $"{where}: Allocated Worker is not one person on the roster, and Allocated Team names no team; the row is left out"
                            : $"{where}: Allocated Worker is not one person on the roster; counted unallocated in {team.Name}"));
                }

                if (worker is null && team is null)
                {
                    if (workerName.Length == 0)
                    {
                        warnings.Add(new Problem(Severity.Warning, "annexa_team_unmatched", file, r + 1, sheet, $"{where}: no Allocated Worker, and Allocated Team names no team on the roster; the row is left out"));
                    }

                    continue;
                }

                string DateCell(string column, string label)
                {
                    var text = Cell(column);
                    if (text.Length == 0)
                    {
                        return "";
                    }

                    if (DateOf(text) is { } date)
                    {
                        return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    }

                    warnings.Add(new Problem(Severity.Warning, "annexa_date", file, r + 1, sheet, $"{where}: {label} is not a date (dd/MM/yyyy, yyyy-MM-dd or an Excel date); left blank"));
                    return "";
                }

                cases.Add(new ListedCase(child, worker?.Id, worker is null ? team!.Id : null, caseType, number,
                    DateCell("allocated", "the allocation date"), DateCell("plan", "the plan start date"), DateCell("visit", "the last visit date"), sheet, r + 1));
            }

            if (columns is null)
            {
                throw Refuse(file, "annexa_header", sheet,
                    "no header row naming Child Unique ID, Allocated Team and Allocated Worker in the first 10 rows; keep Ofsted's template headers");
            }
        }

        var rows = new List<string>();
        foreach (var one in OneCaseEach(cases, file, warnings))
        {
            rows.Add(string.Join(',', Csv(one.Child), "", Csv(one.WorkerId ?? ""), Csv(one.TeamId ?? ""), one.CaseType, one.AllocatedOn, "", one.PlanStart, one.LastVisit));
        }

        if (errors.HasErrors)
        {
            throw new InvalidInputException(errors.ToList());
        }

        File.WriteAllText(Path.Combine(folder, "allocations.csv"), "child_id,family_id,worker_id,team_id,case_type,allocated_on,in_proceedings,plan_start,last_visit\n" + string.Join('\n', rows) + "\n", new UTF8Encoding(false));
        var kept = Path.Combine(folder, KeptAs);
        if (!string.Equals(Path.GetFullPath(workbook), Path.GetFullPath(kept), StringComparison.Ordinal))
        {
            File.Copy(workbook, kept, overwrite: true);
        }

        return warnings.ToList();
    }

    /// <summary>A child's allocation as one list gives it, before the lists are merged.</summary>
    private sealed record ListedCase(string Child, string? WorkerId, string? TeamId, string CaseType, int List, string AllocatedOn, string PlanStart, string LastVisit, string Sheet, int Line);

    /// <summary>
    /// The lists merged into one case per child and worker. The lists overlap — a child on a plan is in List 6 and in
    /// List 7 or 8 — and are filled unevenly, so each list naming a worker is a source: the same child and worker
    /// from two lists is one case, its type and dates from the list about that kind of case (8, 7, 9, then 6: List 7
    /// holds the child-protection visit, List 8 the looked-after one), a date one list leaves blank taken from
    /// another. A child some list allocates is not also unallocated where another list gives no worker; a child two
    /// lists give to different workers is a case for each (reported where List 6 and List 7 or 8 disagree about one
    /// plan); a child no list allocates is unallocated once.
    /// </summary>
    private static IEnumerable<ListedCase> OneCaseEach(List<ListedCase> cases, string file, ProblemLog warnings)
    {
        static int Precedence(int list) => list switch { 8 => 0, 7 => 1, 9 => 2, _ => 3 };
        static string First(IEnumerable<string> values) => values.FirstOrDefault(v => v.Length > 0) ?? "";
        foreach (var child in cases.GroupBy(c => c.Child, StringComparer.Ordinal))
        {
            var allocated = child.Any(c => c.WorkerId is not null);
            var holders = child.Where(c => !allocated || c.WorkerId is not null)
                .GroupBy(c => (c.WorkerId, c.TeamId))
                .Select(g => g.OrderBy(c => Precedence(c.List)).ToList())
                .OrderBy(h => Precedence(h[0].List))
                .Take(allocated ? int.MaxValue : 1)
                .ToList();
            foreach (var (list, type) in new[] { (7, "cp"), (8, "cla") })
            {
                // A child may be held by two workers (co-working) or for two kinds of case; the lists disagree only
                // when List 6 and the plan's own list name different workers for the same plan.
                var own = child.Where(c => c.List == list && c.WorkerId is not null).ToList();
                var general = child.Where(c => c.List == 6 && c.CaseType == type && c.WorkerId is not null).Select(c => c.WorkerId).ToHashSet(StringComparer.Ordinal);
                if (own.Count > 0 && general.Count > 0 && !general.SetEquals(own.Select(c => c.WorkerId)))
                {
                    warnings.Add(new Problem(Severity.Warning, "annexa_workers_differ", file, own[0].Line, own[0].Sheet,
                        $"{own[0].Sheet} row {own[0].Line}: names a different worker for this child's plan than List 6; a case is counted for each worker named — correct the lists so that they agree"));
                }
            }

            foreach (var sources in holders)
            {
                yield return sources[0] with
                {
                    AllocatedOn = First(sources.Select(c => c.AllocatedOn)),
                    PlanStart = First(sources.Select(c => c.PlanStart)),
                    LastVisit = First(sources.Select(c => c.LastVisit)),
                };
            }
        }
    }

    /// <summary>The roster copied into the snapshot folder with an empty allocations.csv and a manifest, read to check it.</summary>
    private static string RosterOnly(string roster, string folder, NodaTime.LocalDate asOf)
    {
        foreach (var file in new[] { "teams.csv", "workers.csv" })
        {
            var from = Path.Combine(roster, file);
            if (!File.Exists(from))
            {
                throw new InvalidInputException([new Problem(Severity.Error, "file_missing", file, null, null, "the roster needs teams.csv and workers.csv beside the workbook's conversion")]);
            }

            File.Copy(from, Path.Combine(folder, file), overwrite: true);
        }

        File.WriteAllText(Path.Combine(folder, "allocations.csv"), "child_id,family_id,worker_id,team_id,case_type,allocated_on,in_proceedings,plan_start,last_visit\n");
        File.WriteAllText(Path.Combine(folder, "snapshot.json"), $$"""{"asOf": "{{asOf:yyyy-MM-dd}}", "source": "annex-a"}""");
        return folder;
    }

    /// <summary>
    /// Characters one part of the workbook (a sheet, the shared strings) may unpack to. A council's largest list is
    /// a few million characters of XML; Excel's whole grid of rows with one cell each is about 60 million. The parts
    /// are read as a stream, so this bounds only what one row or one string may cost.
    /// </summary>
    private const long MaxCharactersInPart = 100_000_000;

    /// <summary>Excel's last row and column: a reference past them is crafted, not Excel's.</summary>
    private const int LastRow = 1_048_576;

    private const int LastColumn = 16_384;

    /// <summary>Distinct strings a workbook may share, and their characters in all: a council's Annex A shares names, teams and statuses.</summary>
    private const int MaxSharedStrings = 2_000_000;

    private const long MaxSharedCharacters = 40_000_000;

    /// <summary>
    /// Cases the lists may name between them. The largest council's Lists 6 to 9 name a few tens of thousands;
    /// a workbook naming more is refused rather than held in memory.
    /// </summary>
    private const int MaxListedCases = 250_000;

    private static InvalidInputException Refuse(string file, string code, string message) => Refuse(file, code, null, message);

    private static InvalidInputException Refuse(string file, string code, string? sheet, string message) => new([new Problem(Severity.Error, code, file, null, sheet, message)]);

    private static SpreadsheetDocument Open(string workbook, string file)
    {
        try
        {
            return SpreadsheetDocument.Open(workbook, false, new OpenSettings { MaxCharactersInPart = MaxCharactersInPart });
        }
        catch (Exception e) when (e is FileFormatException or InvalidDataException or OpenXmlPackageException or IOException or System.Xml.XmlException)
        {
            throw Refuse(file, "annexa_not_xlsx", "is not an .xlsx workbook Excel can open; save Annex A as an Excel workbook");
        }
    }

    /// <summary>
    /// Reads one part of the workbook, turning what the XML and packaging layers throw for a malformed or oversized
    /// part into the workbook's refusal: those failures are the input's, whatever type the library gives them.
    /// </summary>
    private static T Reading<T>(string file, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is System.Xml.XmlException or InvalidDataException or OpenXmlPackageException or InvalidOperationException or FormatException or OverflowException)
        {
            throw Refuse(file, "annexa_unreadable", $"cannot be read as Annex A: a sheet or its shared strings are malformed, or larger than the {MaxCharactersInPart:N0} characters accepted; save it again from Excel");
        }
    }

    private static List<string> SharedStrings(SpreadsheetDocument document, string file) => Reading(file, () =>
    {
        var strings = new List<string>();
        if (document.WorkbookPart?.SharedStringTablePart is not { } part)
        {
            return strings;
        }

        long characters = 0;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(SharedStringItem) || !reader.IsStartElement)
            {
                continue;
            }

            var text = reader.LoadCurrentElement()?.InnerText ?? "";
            characters += text.Length;
            if (strings.Count == MaxSharedStrings || characters > MaxSharedCharacters)
            {
                throw Refuse(file, "annexa_too_large", $"shares more than {MaxSharedStrings:N0} strings or {MaxSharedCharacters:N0} characters; Annex A for one council shares far fewer");
            }

            strings.Add(text);
        }

        return strings;
    });

    /// <summary>The sheets that are Lists 6 to 9, in the workbook's order.</summary>
    private static List<(string Sheet, int Number, WorksheetPart Part)> Lists(SpreadsheetDocument document, string file) => Reading(file, () =>
    {
        var book = document.WorkbookPart ?? throw Refuse(file, "annexa_not_xlsx", "has no workbook part; save Annex A as an Excel workbook");
        var lists = new List<(string, int, WorksheetPart)>();
        foreach (var sheet in book.Workbook.Sheets?.Elements<Sheet>() ?? [])
        {
            var name = sheet.Name?.Value ?? "";
            var match = ListName().Match(Normalise(name));
            if (!match.Success || match.Groups[1].Value is not ("6" or "7" or "8" or "9"))
            {
                continue;
            }

            if (sheet.Id?.Value is not { } id || book.GetPartById(id) is not WorksheetPart part)
            {
                throw Refuse(file, "annexa_unreadable", $"names a sheet {name.Trim()} that it does not hold; save it again from Excel");
            }

            lists.Add((name.Trim(), int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), part));
        }

        return lists.Count > 0 ? lists
            : throw Refuse(file, "annexa_no_lists", "has no sheet named List 6, 7, 8 or 9; the sheets are " + string.Join(", ", book.Workbook.Sheets?.Elements<Sheet>().Select(s => $"'{s.Name}'") ?? []));
    });

    /// <summary>
    /// A sheet's rows as a stream, each its zero-based index and the text of its non-blank cells that
    /// <paramref name="wanted"/> asks for by zero-based column: one row in memory at a time, however many rows the
    /// sheet has or how far to the right its cells lie.
    /// </summary>
    private static IEnumerable<(int Row, Dictionary<int, string> Cells)> Rows(WorksheetPart part, string sheet, string file, List<string> strings, Func<int, bool> wanted)
    {
        using var reader = Reading(file, () => OpenXmlReader.Create(part));
        var cells = new Dictionary<int, string>();
        var previous = -1;
        while (Reading(file, reader.Read))
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            var row = (Row)Reading(file, reader.LoadCurrentElement)!;
            var index = row.RowIndex?.Value is { } number ? (long)number - 1 : previous + 1;
            if (index >= LastRow || index <= previous)
            {
                throw Refuse(file, "annexa_crafted", $"{sheet} has a row beyond Excel's last row, or out of order; save it again from Excel");
            }

            previous = (int)index;
            cells.Clear();

            // A cell may leave out its reference (streaming writers do): it then follows the cell before it in its
            // row, as a row without an index follows the row before it — as Excel reads them.
            var column = -1;
            foreach (var cell in row.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>())
            {
                column = cell.CellReference?.Value is { Length: > 0 } reference ? ColumnIndex(reference) : column + 1;
                if (column >= LastColumn)
                {
                    throw Refuse(file, "annexa_crafted", $"{sheet} has a cell beyond Excel's last column; save it again from Excel");
                }

                if (wanted(column) && Text(cell, strings) is { Length: > 0 } text)
                {
                    cells[column] = text;
                }
            }

            yield return (previous, cells);
        }
    }

    /// <summary>The columns of a header row naming Child Unique ID, Allocated Team and Allocated Worker; null for any other row.</summary>
    private static Dictionary<string, int>? HeaderColumns(Dictionary<int, string> row)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (c, text) in row.OrderBy(cell => cell.Key))
        {
            var header = Normalise(text);
            var key = header switch
            {
                "childuniqueid" or "childid" or "uniquechildid" or "childuniqueidentifier" => "child",
                "casestatus" => "status",
                "allocatedteam" => "team",
                "allocatedworker" => "worker",
                _ when header.Contains("visit", StringComparison.Ordinal) && header.Contains("date", StringComparison.Ordinal) => "visit",
                _ when header.Contains("plan", StringComparison.Ordinal) && header.Contains("start", StringComparison.Ordinal) => "plan",
                _ when header.Contains("allocat", StringComparison.Ordinal) && header.Contains("date", StringComparison.Ordinal) => "allocated",
                _ => null,
            };
            if (key is not null)
            {
                columns.TryAdd(key, c);
            }
        }

        return columns.ContainsKey("child") && columns.ContainsKey("team") && columns.ContainsKey("worker") ? columns : null;
    }

    private static string Text(DocumentFormat.OpenXml.Spreadsheet.Cell cell, List<string> strings)
    {
        var raw = cell.CellValue?.Text ?? cell.InlineString?.InnerText ?? "";
        return cell.DataType?.Value == CellValues.SharedString && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count ? strings[i] : raw;
    }

    /// <summary>A date as Annex A gives it: dd/MM/yyyy text (UK order, never US), yyyy-MM-dd, or an Excel serial number.</summary>
    private static NodaTime.LocalDate? DateOf(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial))
        {
            // Excel's serial days from 1899-12-30 (its 1900 leap-year error is before any case date); 20000 is 1954,
            // 73050 is 31 December 2099, the last day the calendar is asked about.
            return serial is > 20000 and <= 73050 ? NodaTime.LocalDate.FromDateTime(DateTime.FromOADate(Math.Floor(serial))) : null;
        }

        foreach (var pattern in new[] { "d/M/yyyy", "yyyy-MM-dd" })
        {
            var parsed = NodaTime.Text.LocalDatePattern.CreateWithInvariantCulture(pattern).Parse(text);
            if (parsed.Success)
            {
                return parsed.Value;
            }
        }

        return null;
    }

    /// <summary>A value as given, "not given" for blanks and Excel's error values (#N/A, #REF!, ...).</summary>
    private static string Value(string text)
    {
        var trimmed = text.Trim();
        return trimmed.StartsWith('#') && (trimmed.EndsWith('!') || trimmed.EndsWith("/A", StringComparison.OrdinalIgnoreCase) || trimmed.EndsWith('?')) ? "" : trimmed;
    }

    /// <summary>The letter of a Case Status: "a) Looked after", "a)", "A" and "a." are all a.</summary>
    private static char? StatusCode(string status)
    {
        var text = status.Trim();
        return text.Length > 0 && char.IsAsciiLetter(text[0]) && (text.Length == 1 || !char.IsAsciiLetter(text[1])) ? char.ToLowerInvariant(text[0]) : null;
    }

    /// <summary>A person's name as a key: "Smith, Jo", "jo  SMITH", "Jo Smith" and non-breaking spaces are one.</summary>
    private static string PersonKey(string name)
    {
        var text = name.Normalize(NormalizationForm.FormKC).Trim();
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0)
        {
            text = $"{text[(comma + 1)..]} {text[..comma]}";
        }

        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
    }

    private static bool Same(string a, string b) => b.Length > 0 && Normalise(a) == Normalise(b);

    /// <summary>Lower case letters and digits only, curly quotes and dashes gone: how headers, sheets and team names are matched.</summary>
    private static string Normalise(string text) => new([.. text.Normalize(NormalizationForm.FormKC).ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);

    /// <summary>The zero-based column of a cell reference such as <c>C12</c>; at most <see cref="LastColumn"/> (a longer reference is past it).</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
            if (index > LastColumn)
            {
                return LastColumn;
            }
        }

        return Math.Max(0, index - 1);
    }

    private static string Csv(string value) => value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    [GeneratedRegex("^list([0-9]+)")]
    private static partial Regex ListName();
}
