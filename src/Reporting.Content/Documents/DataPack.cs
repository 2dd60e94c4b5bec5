using Caseload.Reporting.Content.Monthly;
using Caseload.Reporting.Improvement;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using NodaTime;
using DigestCell = Caseload.Reporting.Content.Monthly.Cell;
using DigestCellFormat = Caseload.Reporting.Content.Monthly.CellFormat;
using SheetCell = DocumentFormat.OpenXml.Spreadsheet.Cell;
using SheetCellFormat = DocumentFormat.OpenXml.Spreadsheet.CellFormat;

namespace Caseload.Reporting.Content.Documents;

/// <summary>
/// The data pack: each of the digest's tables on a sheet of its own as an Excel table (filter buttons, header row
/// frozen, columns sized), the trends as one long table. Numbers are stored unrounded with the format they are read
/// in (counts whole, figures to one decimal, percentages as fractions with a % format), dates as dates. Text is
/// stored as inline strings, never formulas, and text that starts with =, +, - or @ carries Excel's quote prefix,
/// so that editing the cell cannot turn it into one.
/// </summary>
public static class DataPack
{
    // Rows: the sheet's title, the section's introduction, a blank row, then the table from its header row.
    private const uint HeaderRow = 4;

    private static readonly LocalDate ExcelEpoch = new(1899, 12, 30);

    /// <summary>The digest's data pack as XLSX bytes.</summary>
    public static byte[] Xlsx(MonthlyDigest digest, IReadOnlyList<DigestSection> sections)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return Xlsx($"{digest.PlanName}, {digest.MonthName}, figures as at {digest.AsOf}", sections);
    }

    /// <summary>Sections as a workbook in the data pack's style, XLSX bytes; each sheet's title is its table's caption and what the workbook is <paramref name="about"/>.</summary>
    public static byte[] Xlsx(string about, IReadOnlyList<DigestSection> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        using var output = new MemoryStream();
        using (var workbook = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var book = workbook.AddWorkbookPart();
            book.Workbook = new Workbook();
            book.AddNewPart<WorkbookStylesPart>().Stylesheet = Stylesheet();
            var sheets = book.Workbook.AppendChild(new Sheets());
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            uint id = 1;
            foreach (var section in sections)
            {
                var tables = section.Sheets;
                foreach (var table in tables)
                {
                    var name = SheetName(tables.Count == 1 ? section.Title : table.Caption, names);
                    var part = book.AddNewPart<WorksheetPart>();
                    Write(part, $"{table.Caption}: {about}", section.Intro, table, id);
                    sheets.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = id++, Name = name });
                }
            }

            book.Workbook.Save();
        }

        return output.ToArray();
    }

    private static void Write(WorksheetPart part, string title, string intro, DigestTable table, uint id)
    {
        var data = new SheetData();
        data.Append(Row(1, [new DigestCell(title)], Style.Heading));
        data.Append(Row(2, [new DigestCell(intro)], Style.Plain));
        data.Append(Row(HeaderRow, [.. table.Columns.Select(c => new DigestCell(c))], Style.Heading));
        var last = HeaderRow;
        foreach (var cells in table.Rows)
        {
            data.Append(Row(++last, cells, Style.Plain));
        }

        if (table.Rows.Count == 0)
        {
            data.Append(Row(++last, [new DigestCell("none")], Style.Plain));
        }

        var widths = table.Columns.Select((heading, c) => Math.Clamp(table.Rows.Select(r => r[c].Text.Length).Prepend(heading.Length).Max() + 3, 8, 60)).ToList();
        var worksheet = new Worksheet(
            new SheetViews(new SheetView(new Pane { VerticalSplit = HeaderRow, TopLeftCell = $"A{HeaderRow + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }) { WorkbookViewId = 0 }),
            new Columns(widths.Select((w, c) => new Column { Min = (uint)(c + 1), Max = (uint)(c + 1), Width = w, CustomWidth = true })),
            data);
        part.Worksheet = worksheet;
        if (table.Rows.Count > 0)
        {
            // An Excel table gives the header row its filter buttons and keeps the rows together when sorted.
            var reference = $"A{HeaderRow}:{ColumnName(table.Columns.Count - 1)}{last}";
            var definition = part.AddNewPart<TableDefinitionPart>();
            definition.Table = new Table(
                new AutoFilter { Reference = reference },
                new TableColumns(table.Columns.Select((c, i) => new TableColumn { Id = (uint)(i + 1), Name = c })) { Count = (uint)table.Columns.Count },
                new TableStyleInfo { Name = "TableStyleLight9", ShowRowStripes = true })
            { Id = id, Name = $"Table{id}", DisplayName = $"Table{id}", Reference = reference, HeaderRowCount = 1 };
            worksheet.Append(new TableParts(new TablePart { Id = part.GetIdOfPart(definition) }) { Count = 1 });
        }
    }

    private static Row Row(uint index, IReadOnlyList<DigestCell> cells, Style style)
    {
        var row = new Row { RowIndex = index };
        for (var c = 0; c < cells.Count; c++)
        {
            row.Append(Cell($"{ColumnName(c)}{index}", cells[c], style));
        }

        return row;
    }

    private static SheetCell Cell(string reference, DigestCell cell, Style style)
    {
        if (cell.Date is { } date)
        {
            var serial = Period.Between(ExcelEpoch, date, PeriodUnits.Days).Days;
            return new SheetCell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(serial), StyleIndex = (uint)(cell.Format == DigestCellFormat.Month ? Style.Month : Style.Date) };
        }

        if (cell.Number is { } number)
        {
            var (value, format) = cell.Format switch
            {
                DigestCellFormat.Percent => (number / 100m, Style.Percent),
                DigestCellFormat.Count => (number, Style.Count),
                DigestCellFormat.OneDecimal => (number, Style.OneDecimal),
                _ => (number, Style.Amount),
            };
            return new SheetCell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(value), StyleIndex = (uint)format };
        }

        return new SheetCell
        {
            CellReference = reference,
            DataType = CellValues.InlineString,
            InlineString = new InlineString(new Text(XmlSafe(cell.Text)) { Space = SpaceProcessingModeValues.Preserve }),
            StyleIndex = (uint)(cell.Text.Length > 0 && cell.Text[0] is '=' or '+' or '-' or '@' ? Style.Quoted : style),
        };
    }

    /// <summary>
    /// The text without the characters XML cannot hold (control characters other than tab and line breaks, lone
    /// surrogates): a council's extract may carry them, and one would otherwise stop the whole data pack.
    /// </summary>
    private static string XmlSafe(string text)
    {
        if (text.All(System.Xml.XmlConvert.IsXmlChar))
        {
            return text;
        }

        var safe = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                safe.Append(text, i++, 2);
            }
            else if (System.Xml.XmlConvert.IsXmlChar(text[i]))
            {
                safe.Append(text[i]);
            }
        }

        return safe.ToString();
    }

    private static string ColumnName(int index) => index < 26 ? ((char)('A' + index)).ToString() : ColumnName((index / 26) - 1) + (char)('A' + (index % 26));

    /// <summary>A sheet name Excel accepts: the title up to its first colon or comma (a caption's qualifier), at most 31 characters, none of \ / ? * [ ], unique in the workbook.</summary>
    private static string SheetName(string title, HashSet<string> taken)
    {
        var name = new string([.. title.Split(':', ',')[0].Where(c => c is not ('\\' or '/' or '?' or '*' or '[' or ']'))]);
        name = name.Length > 31 ? name[..31].TrimEnd() : name;
        for (var n = 2; !taken.Add(name); n++)
        {
            var suffix = $" {n}";
            name = (name.Length + suffix.Length > 31 ? name[..(31 - suffix.Length)] : name) + suffix;
        }

        return name;
    }

    /// <summary>The cell formats, in the stylesheet's order.</summary>
    private enum Style : uint
    {
        Plain,
        Heading,
        Quoted,
        Count,
        Amount,
        OneDecimal,
        Percent,
        Date,
        Month,
    }

    private static Stylesheet Stylesheet()
    {
        const uint oneDecimal = 164, percent = 165, date = 166, month = 167, thousands = 3, general = 0;
        static SheetCellFormat Number(uint format) => new() { NumberFormatId = format, FontId = 0, FillId = 0, BorderId = 0, ApplyNumberFormat = true };
        return new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = oneDecimal, FormatCode = "0.0" },
                new NumberingFormat { NumberFormatId = percent, FormatCode = "0.0%" },
                new NumberingFormat { NumberFormatId = date, FormatCode = "d mmm yyyy" },
                new NumberingFormat { NumberFormatId = month, FormatCode = "mmm yyyy" })
            { Count = 4 },
            new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border()) { Count = 1 },
            new CellFormats(
                new SheetCellFormat { FontId = 0, FillId = 0, BorderId = 0 },
                new SheetCellFormat { FontId = 1, FillId = 0, BorderId = 0, ApplyFont = true },
                new SheetCellFormat { FontId = 0, FillId = 0, BorderId = 0, QuotePrefix = true },
                Number(thousands),
                Number(general),
                Number(oneDecimal),
                Number(percent),
                Number(date),
                Number(month))
            { Count = 9 });
    }
}
