using Caseload.Reporting.Improvement;
using Caseload.Reporting.Email.Monthly;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DigestCell = Caseload.Reporting.Email.Monthly.Cell;
using SheetCell = DocumentFormat.OpenXml.Spreadsheet.Cell;

namespace Caseload.Reporting.Email.Documents;

/// <summary>
/// The data pack: the digest's sections as an XLSX workbook, a sheet each (definitions and lineage among them).
/// Numbers are stored as numbers, unrounded. Text is stored as inline strings, never formulas, and text that
/// starts with =, +, - or @ carries Excel's quote prefix, so that editing the cell cannot turn it into one.
/// </summary>
public static class DataPack
{
    private const uint PlainStyle = 0;
    private const uint HeaderStyle = 1;
    private const uint QuotedStyle = 2;

    /// <summary>The workbook as XLSX bytes.</summary>
    public static byte[] Xlsx(MonthlyDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        using var output = new MemoryStream();
        using (var workbook = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var book = workbook.AddWorkbookPart();
            book.Workbook = new Workbook();
            var styles = book.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheets = book.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var section in DigestSections.Of(digest))
            {
                var part = book.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                uint row = 1;
                AddRow(data, ref row, [new DigestCell($"{section.Title}: {digest.PlanName}, {digest.MonthName}, figures as at {digest.AsOf}")], HeaderStyle);
                AddRow(data, ref row, [new DigestCell(section.Intro)], PlainStyle);
                foreach (var table in section.Tables)
                {
                    row++;
                    AddRow(data, ref row, [new DigestCell(table.Caption)], HeaderStyle);
                    AddRow(data, ref row, [.. table.Columns.Select(c => new DigestCell(c))], HeaderStyle);
                    foreach (var cells in table.Rows)
                    {
                        AddRow(data, ref row, cells, PlainStyle);
                    }
                }

                part.Worksheet = new Worksheet(new Columns(new Column { Min = 1, Max = 12, Width = 22, CustomWidth = true }), data);
                sheets.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = id++, Name = SheetName(section.Title) });
            }

            book.Workbook.Save();
        }

        return output.ToArray();
    }

    private static void AddRow(SheetData data, ref uint index, IReadOnlyList<DigestCell> cells, uint style)
    {
        var row = new Row { RowIndex = index };
        for (var c = 0; c < cells.Count; c++)
        {
            var reference = $"{ColumnName(c)}{index}";
            var cell = cells[c];
            row.Append(cell.Number is { } number
                ? new SheetCell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(number), StyleIndex = style }
                : new SheetCell
                {
                    CellReference = reference,
                    DataType = CellValues.InlineString,
                    InlineString = new InlineString(new Text(XmlSafe(cell.Text)) { Space = SpaceProcessingModeValues.Preserve }),
                    StyleIndex = cell.Text.Length > 0 && cell.Text[0] is '=' or '+' or '-' or '@' ? QuotedStyle : style,
                });
        }

        data.Append(row);
        index++;
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

    /// <summary>A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ].</summary>
    private static string SheetName(string title)
    {
        var name = new string([.. title.Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']'))]);
        return name.Length > 31 ? name[..31] : name;
    }

    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(), new Font(new Bold())),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
        new Borders(new Border()),
        new CellFormats(
            new CellFormat { FontId = 0, FillId = 0, BorderId = 0 },
            new CellFormat { FontId = 1, FillId = 0, BorderId = 0, ApplyFont = true },
            new CellFormat { FontId = 0, FillId = 0, BorderId = 0, QuotePrefix = true }));
}
