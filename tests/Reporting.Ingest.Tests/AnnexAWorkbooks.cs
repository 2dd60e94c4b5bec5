using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Caseload.Reporting.Tests;

/// <summary>Annex A workbooks for tests, written with OpenXml the way Excel stores them.</summary>
internal static class AnnexAWorkbooks
{
    /// <summary>Writes a workbook of sheets of rows: text as shared strings, doubles as numbers, null as an empty cell.</summary>
    public static string Write(string path, params (string Name, object?[][] Rows)[] sheets) => Write(path, references: true, sheets);

    /// <summary>
    /// The same, with each cell's reference and each row's index left out when <paramref name="references"/> is false,
    /// as streaming writers leave them: a cell is then the one after the cell before it, a row after the row before.
    /// </summary>
    public static string Write(string path, bool references, params (string Name, object?[][] Rows)[] sheets)
    {
        using (var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook))
        {
            var book = document.AddWorkbookPart();
            book.Workbook = new Workbook();
            var strings = book.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            var list = book.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var (name, rows) in sheets)
            {
                var part = book.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                for (var r = 0; r < rows.Length; r++)
                {
                    var row = references ? new Row { RowIndex = (uint)(r + 1) } : new Row();
                    for (var c = 0; c < rows[r].Length; c++)
                    {
                        var reference = references ? $"{(char)('A' + c)}{r + 1}" : null;
                        var cell = rows[r][c] switch
                        {
                            null => new Cell(),
                            double number => new Cell { CellValue = new CellValue(number) },
                            var text => Shared(strings, text.ToString()!),
                        };
                        if (reference is not null)
                        {
                            cell.CellReference = reference;
                        }

                        row.Append(cell);
                    }

                    data.Append(row);
                }

                part.Worksheet = new Worksheet(data);
                list.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = id++, Name = name });
            }
        }

        return path;
    }

    private static Cell Shared(SharedStringTablePart strings, string text)
    {
        strings.SharedStringTable.Append(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        return new Cell { DataType = CellValues.SharedString, CellValue = new CellValue(strings.SharedStringTable.Count() - 1) };
    }
}
