using Caseload.Reporting.Improvement;
using System.Globalization;
using Caseload.Reporting.Content.Weekly;
using Caseload.Reporting.Content.Monthly;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace Caseload.Reporting.Content.Documents;

/// <summary>
/// The inspection-ready summary: the digest laid out for print on A4. Page one is the answer — what changed, each
/// measure as a tile with its RAG in colour and in words, the headline figures beside England's — then a contents
/// list and the sections with their tables and trend charts (in the document's font, at the page's width), page
/// numbers, bookmarks, and a tagged structure (headings, paragraphs, tables, figures with alternative text) so
/// that the text can be read out and extracted. No heading is left at the foot of a page without what follows it.
/// </summary>
public static class InspectionSummary
{
    /// <summary>The summary as PDF bytes.</summary>
    /// <param name="digest">The month.</param>
    /// <param name="createdAt">When, for the title block and the document's dates.</param>
    /// <param name="sections">The digest's sections (<see cref="DigestSections.Of"/>), made once for the email, the summary and the data pack.</param>
    public static byte[] Pdf(MonthlyDigest digest, IReadOnlyList<DigestSection> sections, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(sections);
        EmbeddedFonts.Install();

        // Twice: the first pass finds the page each section starts on and how many pages there are, which the
        // contents list and the page footers of the second need.
        using var first = new Layout(digest, createdAt, null, 0);
        first.Write(sections);
        using var second = new Layout(digest, createdAt, first.SectionPages, first.PageCount);
        second.Write(sections);
        return second.Save();
    }

    private sealed class Layout : IDisposable
    {
        private const double Margin = 50;
        private const double Width = 595 - (2 * Margin);
        private const double Bottom = 842 - Margin - 20;
        private const double CellPadding = 3;
        private const int MostRows = 100;

        // A chart may shrink to three fifths of the page's width to fit the room left on a page.
        private const double SmallestChart = 0.6;

        private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
        private static readonly XFont Title = new(EmbeddedFonts.Family, 20, XFontStyleEx.Bold, Unicode);
        private static readonly XFont Heading = new(EmbeddedFonts.Family, 14, XFontStyleEx.Bold, Unicode);
        private static readonly XFont Subheading = new(EmbeddedFonts.Family, 10.5, XFontStyleEx.Bold, Unicode);
        private static readonly XFont Body = new(EmbeddedFonts.Family, 9.5, XFontStyleEx.Regular, Unicode);
        private static readonly XFont Small = new(EmbeddedFonts.Family, 7.5, XFontStyleEx.Regular, Unicode);
        private static readonly XFont SmallBold = new(EmbeddedFonts.Family, 7.5, XFontStyleEx.Bold, Unicode);
        private static readonly XFont Figure16 = new(EmbeddedFonts.Family, 16, XFontStyleEx.Bold, Unicode);

        private readonly MonthlyDigest digest;
        private readonly DateTimeOffset createdAt;
        private readonly IReadOnlyList<int>? knownSectionPages;
        private readonly int knownPageCount;
        private readonly PdfDocument document = new();
        private readonly StructureBuilder structure;
        private XGraphics? graphics;
        private double y;

        public Layout(MonthlyDigest digest, DateTimeOffset createdAt, IReadOnlyList<int>? sectionPages, int pageCount)
        {
            this.digest = digest;
            this.createdAt = createdAt;
            knownSectionPages = sectionPages;
            knownPageCount = pageCount;
            document.Info.Title = $"Inspection-ready summary: {digest.PlanName}, {digest.MonthName}";
            document.Info.Subject = "Caseloads and improvement plan measures";
            document.Info.Creator = "Caseload Reporting";
            document.Info.CreationDate = createdAt.UtcDateTime;
            document.Info.ModificationDate = createdAt.UtcDateTime;
            structure = UAManager.ForDocument(document).StructureBuilder;
        }

        public List<int> SectionPages { get; } = [];

        public int PageCount => document.PageCount;

        private XGraphics Graphics => graphics ?? throw new InvalidOperationException("No page is open.");

        public void Write(IReadOnlyList<DigestSection> sections)
        {
            // Page one is the answer: what changed, each measure as a tile, the headline figures beside England's.
            NewPage();
            var glance = sections[0];  // DigestSections puts At a glance first
            SectionPages.Add(1);
            document.Outlines.Add(glance.Title, document.Pages[0], true);
            Text(Title, "Inspection-ready summary", PdfBlockLevelElementTag.Heading1);
            Text(Heading, $"{digest.PlanName} · {digest.MonthName}", PdfBlockLevelElementTag.Paragraph);
            Text(Small, $"Figures as at {digest.AsOf}; caseloads under policy {digest.PolicyVersion}; measures from {digest.Plan}. Produced {createdAt.UtcDateTime.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture)} UTC. No child is identified in this document; workers are named only in the breach table.", PdfBlockLevelElementTag.Paragraph);
            y += 4;
            Text(Heading, $"1. {glance.Title}", PdfBlockLevelElementTag.Heading2);
            Paragraph(glance.Intro);
            Tiles(digest.Measures.Select(m => m.Standing).ToList());
            foreach (var table in glance.Tables)
            {
                Table(table, caption: true);
            }

            // Then the detail, behind a contents list: on a page of its own, unless page one ran over onto the next.
            if (document.PageCount == 1)
            {
                NewPage();
            }
            else
            {
                y += 14;
            }

            EnsureRoom(Height(Heading, "Contents") + (sections.Count * 14));
            Text(Heading, "Contents", PdfBlockLevelElementTag.Heading2);
            for (var s = 0; s < sections.Count; s++)
            {
                var page = knownSectionPages is { } pages ? pages[s].ToString(CultureInfo.InvariantCulture) : "";
                structure.BeginElement(PdfBlockLevelElementTag.Paragraph);
                Graphics.DrawString($"{s + 1}. {sections[s].Title}", Body, XBrushes.Black, new XRect(Margin + 10, y, Width - 60, 14), XStringFormats.TopLeft);
                Graphics.DrawString(page, Body, XBrushes.Black, new XRect(Margin, y, Width, 14), XStringFormats.TopRight);
                structure.End();
                y += 14;
            }

            for (var s = 1; s < sections.Count; s++)
            {
                var section = sections[s];
                y += 14;

                // No heading alone at the foot of a page: it moves on with its introduction and the start of what
                // follows (a table's first rows, or its first chart at the smallest it may be drawn).
                var first = section.Tables.Count > 0 ? section.Tables[0] : null;
                var start = first is { Pictures.Count: > 0 } ? Height(Subheading, first.Caption) + (FigureHeight(first.Pictures[0]) * SmallestChart) + 40 : 60;
                EnsureRoom(Height(Heading, $"{s + 1}. {section.Title}") + Height(Body, section.Intro) + start);
                SectionPages.Add(document.PageCount);
                document.Outlines.Add(section.Title, document.Pages[document.PageCount - 1], true);
                Text(Heading, $"{s + 1}. {section.Title}", PdfBlockLevelElementTag.Heading2);
                Paragraph(section.Intro);
                foreach (var table in section.Tables)
                {
                    if (table.Pictures.Count == 0)
                    {
                        Table(table, caption: true);
                        continue;
                    }

                    // Each chart shrinks to the room left rather than leave the rest of the page empty; below its
                    // smallest it starts the next page (the first with the caption above it).
                    var heading = Height(Subheading, table.Caption);
                    for (var p = 0; p < table.Pictures.Count; p++)
                    {
                        var above = p == 0 ? heading : 0;
                        var room = Bottom - y - above - 40;
                        var full = FigureHeight(table.Pictures[p]);
                        if (room < full * SmallestChart)
                        {
                            NewPage();
                            room = Bottom - y - above - 40;
                        }

                        if (p == 0)
                        {
                            Text(Subheading, table.Caption, PdfBlockLevelElementTag.Heading3);
                        }

                        Figure(table.Pictures[p], Math.Min(full, room));
                    }

                    Table(table, caption: false);
                }
            }

            Footer();
        }

        /// <summary>The measures as tiles, two to a row: the measure, its actual, its RAG in colour and in words, its target and date, and its change since last month.</summary>
        private void Tiles(List<MeasureStanding> standings)
        {
            const double gap = 8, band = 5, inset = band + 6;

            var width = (Width - gap) / 2;

            // A tile is as tall as what it says (a title of two lines, a measure not yet rated saying why), and the
            // two of a row as tall as the taller, so that page one keeps the headline table.
            double Tall(MeasureStanding s) => 5 + (Math.Min(2, Wrap(s.Measure.Name, SmallBold, width - inset - 4).Count) * SmallBold.Height * 1.1)
                + Figure16.Height + 3 + ((s.History.Complete ? 2 : 3) * Small.Height * 1.15) + 5;
            var height = 0d;
            for (var i = 0; i < standings.Count; i++)
            {
                var column = i % 2;
                if (column == 0)
                {
                    height = Math.Max(Tall(standings[i]), i + 1 < standings.Count ? Tall(standings[i + 1]) : 0);
                    EnsureRoom(height + gap);
                }

                var standing = standings[i];
                var definition = DigestSections.Definition(standing.Measure);
                var (strong, tint) = RagColours(standing.Rag);
                var x = Margin + (column * (width + gap));
                structure.BeginArtifact();
                Graphics.DrawRectangle(new XSolidBrush(tint), x, y, width, height);
                Graphics.DrawRectangle(new XSolidBrush(strong), x, y, band, height);
                structure.End();

                structure.BeginElement(PdfBlockLevelElementTag.Paragraph);
                var lineY = y + 5;
                foreach (var line in Wrap(standing.Measure.Name, SmallBold, width - inset - 4).Take(2))
                {
                    Graphics.DrawString(line, SmallBold, XBrushes.Black, new XRect(x + inset, lineY, width - inset - 4, SmallBold.Height), XStringFormats.TopLeft);
                    lineY += SmallBold.Height * 1.1;
                }

                var actual = definition.Format(standing.Actual);
                Graphics.DrawString(actual, Figure16, XBrushes.Black, new XRect(x + inset, lineY + 1, width, Figure16.Height), XStringFormats.TopLeft);
                var rag = standing.History.Complete ? DigestSections.RagText(standing).ToUpperInvariant() : "NOT YET RATED";
                Graphics.DrawString(rag, Subheading, new XSolidBrush(strong), new XRect(x + inset + Measure(actual, Figure16) + 8, lineY + 5, width, Subheading.Height), XStringFormats.TopLeft);
                lineY += Figure16.Height + 3;
                Graphics.DrawString($"target {definition.Format(standing.Measure.Target)} by {standing.Measure.TargetDate.ToString("d MMM yyyy", CultureInfo.InvariantCulture)} · expected now {definition.Format(standing.Expected)}", Small, XBrushes.Black, new XRect(x + inset, lineY, width - inset - 4, Small.Height), XStringFormats.TopLeft);
                lineY += Small.Height * 1.15;
                Graphics.DrawString($"since last month {definition.FormatChange(standing.Change)}", Small, XBrushes.Black, new XRect(x + inset, lineY, width - inset - 4, Small.Height), XStringFormats.TopLeft);
                if (!standing.History.Complete)
                {
                    lineY += Small.Height * 1.15;
                    Graphics.DrawString(standing.History.ToString(), Small, XBrushes.Black, new XRect(x + inset, lineY, width - inset - 4, Small.Height), XStringFormats.TopLeft);
                }
                structure.End();

                if (column == 1 || i == standings.Count - 1)
                {
                    y += height + gap;
                }
            }

            y += 4;
        }

        /// <summary>A RAG's colour, and the tint behind its tile; the word carries it too, for print in black and white.</summary>
        private static (XColor Strong, XColor Tint) RagColours(Rag? rag) => rag switch
        {
            Rag.Green => (XColor.FromArgb(0x2e, 0x7d, 0x32), XColor.FromArgb(0xe8, 0xf5, 0xe9)),
            Rag.Amber => (XColor.FromArgb(0x8a, 0x5a, 0x00), XColor.FromArgb(0xff, 0xf0, 0xd0)),
            Rag.Red => (XColor.FromArgb(0xb0, 0x00, 0x20), XColor.FromArgb(0xfd, 0xe7, 0xea)),
            _ => (XColor.FromArgb(0x55, 0x55, 0x55), XColor.FromArgb(0xf0, 0xf0, 0xf0)),
        };

        private double Height(XFont font, string text) => (Wrap(text, font, Width).Count * font.Height * 1.15) + 4;

        public byte[] Save()
        {
            graphics?.Dispose();
            graphics = null;
            using var output = new MemoryStream();
            document.Save(output);
            return output.ToArray();
        }

        public void Dispose()
        {
            graphics?.Dispose();
            document.Dispose();
        }

        private void NewPage()
        {
            if (graphics is not null)
            {
                Footer();
                graphics.Dispose();
            }

            var page = document.AddPage();
            page.Size = PageSize.A4;
            graphics = XGraphics.FromPdfPage(page);
            y = Margin;
        }

        private void Footer()
        {
            var number = document.PageCount;
            var of = knownPageCount > 0 ? $" of {knownPageCount}" : "";
            structure.BeginArtifact();
            Graphics.DrawString($"{digest.PlanName} · {digest.MonthName} · page {number}{of}", Small, XBrushes.DimGray, new XRect(Margin, 842 - Margin, Width, 10), XStringFormats.TopCenter);
            structure.End();
        }

        private void EnsureRoom(double height)
        {
            if (y + height > Bottom)
            {
                NewPage();
            }
        }

        private void Text(XFont font, string text, PdfBlockLevelElementTag tag)
        {
            var lines = Wrap(text, font, Width);
            var height = lines.Count * font.Height * 1.15;
            EnsureRoom(height);
            structure.BeginElement(tag);
            foreach (var line in lines)
            {
                Graphics.DrawString(line, font, XBrushes.Black, new XRect(Margin, y, Width, font.Height), XStringFormats.TopLeft);
                y += font.Height * 1.15;
            }

            structure.End();
            y += 4;
        }

        private void Paragraph(string text) => Text(Body, text, PdfBlockLevelElementTag.Paragraph);

        /// <summary>A chart at the page's width, or narrower to fit a height, keeping its proportions.</summary>
        private void Figure(InlineImage chart, double height)
        {
            using var stream = new MemoryStream(chart.Png);
            using var image = XImage.FromStream(stream);
            var width = Width * (height - 6) / (FigureHeight(chart) - 6);
            var rect = new XRect(Margin, y, width, height - 6);
            structure.BeginElement(PdfIllustrationElementTag.Figure, chart.AltText, rect);
            Graphics.DrawImage(image, rect);
            structure.End();
            y += height;
        }

        /// <summary>A chart's height drawn at the page's width, with the space below it.</summary>
        private static double FigureHeight(InlineImage chart) => (Width * chart.Height / chart.Width) + 6;

        private void Table(DigestTable table, bool caption)
        {
            if (caption)
            {
                // The caption stays with the table's heading row and first row.
                EnsureRoom(Height(Subheading, table.Caption) + 40);
                Text(Subheading, table.Caption, PdfBlockLevelElementTag.Paragraph);
            }

            if (table.Rows.Count == 0)
            {
                Paragraph("None.");
                return;
            }

            // A summary is read: a table of a national council's 4,400 teams would run to a hundred pages, and
            // composing it was most of the monthly run's memory. Past its first rows, the data pack holds the rest.
            var shown = table.Rows.Count <= MostRows ? table : table with { Rows = [.. table.Rows.Take(MostRows)] };
            var widths = ColumnWidths(shown);
            structure.BeginElement(PdfBlockLevelElementTag.Table);
            HeaderRow(table, widths);
            foreach (var row in shown.Rows)
            {
                var cells = row.Select((cell, c) => Wrap(cell.Text, Small, widths[c] - (2 * CellPadding))).ToList();
                var height = (cells.Max(c => c.Count) * Small.Height * 1.1) + (2 * CellPadding);
                if (y + height > Bottom)
                {
                    NewPage();
                    HeaderRow(table, widths);
                }

                structure.BeginElement(PdfBlockLevelElementTag.TableRow);
                var x = Margin;
                for (var c = 0; c < cells.Count; c++)
                {
                    structure.BeginElement(PdfBlockLevelElementTag.TableDataCell);
                    Lines(cells[c], Small, x, widths[c], table.Numeric[c]);
                    structure.End();
                    x += widths[c];
                }

                structure.End();
                y += height;
                structure.BeginArtifact();
                Graphics.DrawLine(new XPen(XColors.LightGray, 0.5), Margin, y, Margin + widths.Sum(), y);
                structure.End();
            }

            structure.End();
            y += 10;
            if (table.Rows.Count > MostRows)
            {
                Paragraph($"The first {MostRows} of {table.Rows.Count:N0} rows, in the data pack's order; every row is in the data pack's table \u201c{table.Caption}\u201d.");
            }
        }

        private void HeaderRow(DigestTable table, double[] widths)
        {
            var headers = table.Columns.Select((h, c) => Wrap(h, SmallBold, widths[c] - (2 * CellPadding))).ToList();
            var height = (headers.Max(h => h.Count) * SmallBold.Height * 1.1) + (2 * CellPadding);
            EnsureRoom(height + 20);
            structure.BeginElement(PdfBlockLevelElementTag.TableRow);
            var x = Margin;
            for (var c = 0; c < headers.Count; c++)
            {
                structure.BeginElement(PdfBlockLevelElementTag.TableHeaderCell);
                Lines(headers[c], SmallBold, x, widths[c], table.Numeric[c]);
                structure.End();
                x += widths[c];
            }

            structure.End();
            y += height;
            structure.BeginArtifact();
            Graphics.DrawLine(new XPen(XColors.Black, 0.8), Margin, y, Margin + widths.Sum(), y);
            structure.End();
        }

        private void Lines(IReadOnlyList<string> lines, XFont font, double x, double width, bool right)
        {
            var lineY = y + CellPadding;
            foreach (var line in lines)
            {
                Graphics.DrawString(line, font, XBrushes.Black, new XRect(x + CellPadding, lineY, width - (2 * CellPadding), font.Height), right ? XStringFormats.TopRight : XStringFormats.TopLeft);
                lineY += font.Height * 1.1;
            }
        }

        /// <summary>Columns as wide as their longest word at least, the rest of the page shared by how much text they hold.</summary>
        private double[] ColumnWidths(DigestTable table)
        {
            var minimum = new double[table.Columns.Count];
            var natural = new double[table.Columns.Count];
            for (var c = 0; c < minimum.Length; c++)
            {
                var texts = table.Rows.Select(r => (Text: r[c].Text, Font: Small)).Prepend((Text: table.Columns[c], Font: SmallBold)).ToList();
                minimum[c] = Math.Min(120, texts.SelectMany(t => t.Text.Split([' ', '\n']).Select(w => Measure(w, t.Font))).Max()) + (2 * CellPadding);
                natural[c] = texts.SelectMany(t => t.Text.Split('\n').Select(l => Measure(l, t.Font))).Max() + (2 * CellPadding);
            }

            if (natural.Sum() <= Width)
            {
                // Every table the page's width: the spare shared by how much text each column holds.
                return [.. natural.Select(n => n * Width / natural.Sum())];
            }

            var spare = Width - minimum.Sum();
            var extra = natural.Select((n, c) => n - minimum[c]).ToArray();
            var share = extra.Sum();
            return [.. minimum.Select((m, c) => spare <= 0 ? Width * m / minimum.Sum() : m + (spare * extra[c] / share))];
        }

        private double Measure(string text, XFont font) => Graphics.MeasureString(text.Length == 0 ? " " : text, font).Width;

        /// <summary>Breaks text into lines that fit a width: at spaces and line breaks, and inside a word (a file hash) that is wider on its own.</summary>
        private List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            foreach (var paragraph in text.Split('\n'))
            {
                var line = "";
                foreach (var word in paragraph.Split(' '))
                {
                    var candidate = line.Length == 0 ? word : $"{line} {word}";
                    if (Measure(candidate, font) <= width)
                    {
                        line = candidate;
                        continue;
                    }

                    if (line.Length > 0)
                    {
                        lines.Add(line);
                    }

                    line = word;
                    while (Measure(line, font) > width && line.Length > 1)
                    {
                        var fits = line.Length - 1;
                        while (fits > 1 && Measure(line[..fits], font) > width)
                        {
                            fits--;
                        }

                        lines.Add(line[..fits]);
                        line = line[fits..];
                    }
                }

                lines.Add(line);
            }

            return lines;
        }
    }
}
