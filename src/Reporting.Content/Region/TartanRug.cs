using System.Globalization;
using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Content.Documents;
using Caseload.Reporting.Region;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

using SheetCell = DocumentFormat.OpenXml.Spreadsheet.Cell;
using SheetCellFormat = DocumentFormat.OpenXml.Spreadsheet.CellFormat;

namespace Caseload.Reporting.Content.Region;

/// <summary>One cell of the rug: a council's figure for a measure and its fifth of the region (1 lowest to 5 highest).</summary>
/// <param name="Figure">The figure; null without one.</param>
/// <param name="Fifth">Its fifth; null without a figure.</param>
/// <param name="Text">As printed: "14.7 (1)", "n/a".</param>
public sealed record RugCell(decimal? Figure, int? Fifth, string Text);

/// <summary>One row of the rug: a council, or the region's figure, its median or England's.</summary>
/// <param name="Name">What the row is.</param>
/// <param name="Returned">For a council: the month its figures are for, or why it has none.</param>
/// <param name="Cells">A cell per measure.</param>
public sealed record RugRow(string Name, string Returned, IReadOnlyList<RugCell> Cells);

/// <summary>
/// The tartan rug (region spec): every council of the region a row, every measure a column, each figure shaded by its
/// fifth of the region and marked with it in words (colour is never the only signal), then the region's own figure,
/// its median and England's; who has not returned, the month, the source and the licence. What the alliance puts on
/// the screen at its meeting: one landscape page for London's 33 boroughs, as a PDF, and the same as a workbook.
/// </summary>
public static class TartanRug
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>The shading of each fifth, lowest (best) to highest: a blue to orange scale that reads in grey and to colour-blind eyes.</summary>
    public static readonly IReadOnlyList<string> FifthColours = ["1F5F8B", "9CC3DE", "F2F2F2", "F7C58B", "C8620A"];

    /// <summary>What each fifth's number means, in words, for the key.</summary>
    public const string Key = "(1) to (5) after a figure is its fifth of the region's figures for that measure, and the shading says the same: (1), darkest blue, the lowest fifth; (3), grey, the middle; (5), darkest orange, the highest fifth. Lower is better on every measure. A fifth is of the councils with a figure; n/a: no figure.";

    /// <summary>The rug's title.</summary>
    public static string Title(RegionComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return $"{comparison.RegionName}: the workforce, {MonthName(comparison.Month)}";
    }

    /// <summary>What the rug shows, in a line: how many returned, and that lower is better.</summary>
    public static string Summary(RegionComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var earlier = comparison.Councils.Count(c => c.Return is not null) - comparison.ReturnedForMonth;
        return $"{comparison.ReturnedForMonth} of {comparison.Councils.Count} councils returned {MonthName(comparison.Month)}'s figures"
            + (earlier > 0 ? $", and {Counted.Of(earlier, "council")} an earlier month's (shown with its month)" : "")
            + "; each council's figures on DfE's definitions, for children and family social workers; lower is better on every measure.";
    }

    /// <summary>Who has not returned, and whose return was refused, in sentences; empty when every council returned.</summary>
    public static IEnumerable<string> Missing(RegionComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var none = comparison.Councils.Where(c => c.Return is null && c.Refusal is null).Select(c => c.Name).ToList();
        if (none.Count > 0)
        {
            yield return $"Not returned within the last three months: {string.Join(", ", none)}.";
        }

        foreach (var refused in comparison.Councils.Where(c => c.Refusal is not null))
        {
            yield return $"{refused.Name}'s return was refused, so it shows no figure: {refused.Refusal}.";
        }
    }

    /// <summary>Where the figures come from, and the licence of the published ones.</summary>
    public static string Source(RegionComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return $"Councils' figures: their own returns to the region's drop, worked out from each council's snapshots on DfE's definitions (or filled by hand). England: {WorkforceIndicators.Release(comparison.EnglandYear)}, as at 30 September {comparison.EnglandYear}. Contains public sector information licensed under the Open Government Licence v3.0.";
    }

    /// <summary>The measures' column headings.</summary>
    public static IReadOnlyList<string> Headings => [.. RegionComparison.Measures.Select(m => WorkforceMeasureDefinition.Of(m)).Select(d => $"{d.Title} ({d.Unit})")];

    /// <summary>Every row: the councils by name, then the region's own figure, its median and England's.</summary>
    public static IReadOnlyList<RugRow> Rows(RegionComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var rows = comparison.Councils.Select(council => new RugRow(
            council.Name,
            council.Refusal is not null ? "refused" : council.ReturnedFor is { } month ? (month == comparison.Month ? "yes" : MonthName(month)) : "no return",
            [.. RegionComparison.Measures.Select(m =>
            {
                var figure = council.Of(m);
                var fifth = comparison.RankOf(council, m)?.Fifth;
                return new RugCell(figure, fifth, figure is { } f ? $"{Format(m, f)} ({fifth})" : "n/a");
            })])).ToList();
        RugRow Summary(string name, Func<Benchmarks.WorkforceMeasure, decimal?> figure) =>
            new(name, "", [.. RegionComparison.Measures.Select(m => figure(m) is { } f ? new RugCell(f, null, Format(m, f)) : new RugCell(null, null, "n/a"))]);
        rows.Add(Summary($"{comparison.RegionName}, from the returns' counts", comparison.Region));
        rows.Add(Summary("Median of the councils", comparison.Median));
        rows.Add(Summary($"England, 30 September {comparison.EnglandYear}", comparison.EnglandFigure));
        return rows;
    }

    /// <summary>The rug as a landscape A4 PDF, tagged for reading aloud.</summary>
    public static byte[] Pdf(RegionComparison comparison, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        EmbeddedFonts.Install();
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var title = new XFont(EmbeddedFonts.Family, 15, XFontStyleEx.Bold, unicode);
        var body = new XFont(EmbeddedFonts.Family, 8, XFontStyleEx.Regular, unicode);
        var cell = new XFont(EmbeddedFonts.Family, 7.5, XFontStyleEx.Regular, unicode);
        var bold = new XFont(EmbeddedFonts.Family, 7.5, XFontStyleEx.Bold, unicode);
        var document = new PdfDocument();
        document.Info.Title = Title(comparison);
        document.Info.Subject = "Councils' workforce figures beside each other, by fifth of the region";
        document.Info.Creator = "Caseload Reporting";
        document.Info.CreationDate = createdAt.UtcDateTime;
        var structure = UAManager.ForDocument(document).StructureBuilder;
        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Landscape;
        using var graphics = XGraphics.FromPdfPage(page);
        const double margin = 28;
        var width = page.Width.Point - (2 * margin);
        var y = margin;

        void Line(XFont font, string text, PdfBlockLevelElementTag tag)
        {
            structure.BeginElement(tag);
            foreach (var wrapped in Wrap(graphics, text, font, width))
            {
                graphics.DrawString(wrapped, font, XBrushes.Black, new XRect(margin, y, width, font.Height), XStringFormats.TopLeft);
                y += font.Height * 1.15;
            }

            structure.End();
            y += 2;
        }

        Line(title, Title(comparison), PdfBlockLevelElementTag.Heading1);
        Line(body, Summary(comparison), PdfBlockLevelElementTag.Paragraph);

        // The rows share what is left of the page once the notes below the table have their room.
        var rows = Rows(comparison);
        var notes = new[] { Key }.Concat(Missing(comparison)).Append(Source(comparison)).Append($"Produced {createdAt.UtcDateTime.ToString("d MMM yyyy HH:mm", Culture)} UTC by Caseload Reporting.").ToList();
        var notesHeight = notes.Sum(n => Wrap(graphics, n, body, width).Count * body.Height * 1.15 + 2);
        double[] widths = [width * 0.3, width * 0.08, .. Enumerable.Repeat(width * 0.62 / RegionComparison.Measures.Count, RegionComparison.Measures.Count)];
        string[] headings = ["Council", "Returned", .. Headings];
        var headerLines = headings.Select((h, c) => Wrap(graphics, h, bold, widths[c] - 6)).ToList();
        var headerHeight = (headerLines.Max(l => l.Count) * bold.Height * 1.15) + 4;
        var rowHeight = Math.Min(16, (page.Height.Point - margin - y - notesHeight - headerHeight - 12) / rows.Count);

        structure.BeginElement(PdfBlockLevelElementTag.Table);
        structure.BeginElement(PdfBlockLevelElementTag.TableRow);
        var x = margin;
        for (var c = 0; c < headings.Length; c++)
        {
            structure.BeginElement(PdfBlockLevelElementTag.TableHeaderCell);
            var lineY = y;
            foreach (var wrapped in headerLines[c])
            {
                graphics.DrawString(wrapped, bold, XBrushes.Black, new XRect(x + 3, lineY, widths[c] - 6, bold.Height), c < 2 ? XStringFormats.TopLeft : XStringFormats.TopCenter);
                lineY += bold.Height * 1.15;
            }

            structure.End();
            x += widths[c];
        }

        structure.End();
        y += headerHeight;
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var summary = r >= comparison.Councils.Count;
            if (r == comparison.Councils.Count)
            {
                structure.BeginArtifact();
                graphics.DrawLine(new XPen(XColors.Black, 0.8), margin, y, margin + width, y);
                structure.End();
            }

            structure.BeginElement(PdfBlockLevelElementTag.TableRow);
            x = margin;
            string[] texts = [row.Name, row.Returned, .. row.Cells.Select(c => c.Text)];
            for (var c = 0; c < texts.Length; c++)
            {
                var fifth = c >= 2 ? row.Cells[c - 2].Fifth : null;
                if (fifth is { } f)
                {
                    structure.BeginArtifact();
                    graphics.DrawRectangle(new XSolidBrush(XColor.FromArgb(int.Parse("FF" + FifthColours[f - 1], NumberStyles.HexNumber, Culture))), x + 1, y + 0.5, widths[c] - 2, rowHeight - 1);
                    structure.End();
                }

                structure.BeginElement(c == 0 ? PdfBlockLevelElementTag.TableHeaderCell : PdfBlockLevelElementTag.TableDataCell);
                var brush = fifth is 1 or 5 ? XBrushes.White : XBrushes.Black;
                var font = summary ? bold : cell;
                graphics.DrawString(Fit(graphics, texts[c], font, widths[c] - 6), font, brush, new XRect(x + 3, y, widths[c] - 6, rowHeight), c < 2 ? XStringFormats.CenterLeft : XStringFormats.Center);
                structure.End();
                x += widths[c];
            }

            structure.End();
            y += rowHeight;
        }

        structure.End();
        y += 6;
        foreach (var note in notes)
        {
            Line(body, note, PdfBlockLevelElementTag.Paragraph);
        }

        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    /// <summary>
    /// The rug as a workbook: the same rows, each measure's figure as a number (one decimal place) shaded by its fifth,
    /// with its fifth in the column beside it; the notes below. Text is stored as inline strings, never formulas.
    /// </summary>
    public static byte[] Xlsx(RegionComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        using var output = new MemoryStream();
        using (var workbook = SpreadsheetDocument.Create(output, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var book = workbook.AddWorkbookPart();
            book.Workbook = new Workbook();
            book.AddNewPart<WorkbookStylesPart>().Stylesheet = RugStyles();
            var part = book.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            uint index = 0;
            Row Next(params SheetCell[] cells)
            {
                var row = new Row { RowIndex = ++index };
                var column = 0;
                foreach (var c in cells)
                {
                    c.CellReference = $"{ColumnName(column++)}{index}";
                    row.Append(c);
                }

                data.Append(row);
                return row;
            }

            Next(Text(Title(comparison), Bold));
            Next(Text(Summary(comparison), Plain));
            index++;
            Next([Text("Council", Bold), Text("Returned", Bold), .. Headings.SelectMany(h => new[] { Text(h, Bold), Text("Fifth (1 lowest, 5 highest)", Bold) })]);
            foreach (var row in Rows(comparison))
            {
                Next([Text(row.Name, Plain), Text(row.Returned, Plain), .. row.Cells.SelectMany(c => new[]
                {
                    c.Figure is { } f ? Number(f, c.Fifth is { } q ? (uint)(FirstShade + q - 1) : OneDecimal) : Text("n/a", Plain),
                    c.Fifth is { } fifth ? Number(fifth, Whole) : Text("", Plain),
                })]);
            }

            index++;
            foreach (var note in new[] { Key }.Concat(Missing(comparison)).Append(Source(comparison)))
            {
                Next(Text(note, Plain));
            }

            part.Worksheet = new Worksheet(
                new Columns(new Column { Min = 1, Max = 1, Width = 42, CustomWidth = true }, new Column { Min = 2, Max = 2, Width = 14, CustomWidth = true }, new Column { Min = 3, Max = 12, Width = 16, CustomWidth = true }),
                data);
            book.Workbook.AppendChild(new Sheets(new Sheet { Id = book.GetIdOfPart(part), SheetId = 1, Name = "Region" }));
            book.Workbook.Save();
        }

        return output.ToArray();
    }

    private const uint Plain = 0, Bold = 1, OneDecimal = 2, Whole = 3, FirstShade = 4;

    private static SheetCell Text(string text, uint style) => new()
    {
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(text) { Space = DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve }),
        StyleIndex = text.Length > 0 && text[0] is '=' or '+' or '-' or '@' ? Quoted : style,
    };

    private const uint Quoted = FirstShade + 5;

    private static SheetCell Number(decimal value, uint style) => new() { DataType = CellValues.Number, CellValue = new CellValue(value), StyleIndex = style };

    private static Stylesheet RugStyles()
    {
        const uint oneDecimal = 164;
        var fills = new List<Fill> { new(new PatternFill { PatternType = PatternValues.None }), new(new PatternFill { PatternType = PatternValues.Gray125 }) };
        fills.AddRange(FifthColours.Select(colour => new Fill(new PatternFill(new ForegroundColor { Rgb = "FF" + colour }) { PatternType = PatternValues.Solid })));
        var formats = new List<SheetCellFormat>
        {
            new() { FontId = 0, FillId = 0, BorderId = 0 },
            new() { FontId = 1, FillId = 0, BorderId = 0, ApplyFont = true },
            new() { NumberFormatId = oneDecimal, FontId = 0, FillId = 0, BorderId = 0, ApplyNumberFormat = true },
            new() { NumberFormatId = 1, FontId = 0, FillId = 0, BorderId = 0, ApplyNumberFormat = true },
        };
        formats.AddRange(FifthColours.Select((_, q) => new SheetCellFormat { NumberFormatId = oneDecimal, FontId = q is 0 or 4 ? 2u : 0u, FillId = (uint)(2 + q), BorderId = 0, ApplyNumberFormat = true, ApplyFill = true, ApplyFont = true }));
        formats.Add(new SheetCellFormat { FontId = 0, FillId = 0, BorderId = 0, QuotePrefix = true });
        return new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = oneDecimal, FormatCode = "0.0" }) { Count = 1 },
            new Fonts(new Font(), new Font(new Bold()), new Font(new Color { Rgb = "FFFFFFFF" })) { Count = 3 },
            new Fills(fills) { Count = (uint)fills.Count },
            new Borders(new Border()) { Count = 1 },
            new CellFormats(formats) { Count = (uint)formats.Count });
    }

    private static string ColumnName(int index) => index < 26 ? ((char)('A' + index)).ToString(Culture) : ColumnName((index / 26) - 1) + (char)('A' + (index % 26));

    /// <summary>The figure as DfE prints it: one decimal place, a percentage with its sign.</summary>
    public static string Format(Benchmarks.WorkforceMeasure measure, decimal figure) => WorkforceMeasureDefinition.Of(measure).Format(figure);

    private static string MonthName(NodaTime.YearMonth month) => month.ToString("MMMM yyyy", Culture);

    /// <summary>The text, cut with an ellipsis to fit a width (a council's long name in its cell).</summary>
    private static string Fit(XGraphics graphics, string text, XFont font, double width)
    {
        if (graphics.MeasureString(text, font).Width <= width)
        {
            return text;
        }

        var cut = text;
        while (cut.Length > 1 && graphics.MeasureString(cut + "…", font).Width > width)
        {
            cut = cut[..^1];
        }

        return cut.TrimEnd() + "…";
    }

    private static List<string> Wrap(XGraphics graphics, string text, XFont font, double width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (line.Length > 0 && graphics.MeasureString(candidate, font).Width > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        lines.Add(line);
        return lines;
    }
}
