using System.IO.Compression;
using System.Text;
using Caseload.Reporting.Ingest.AnnexA;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>Annex A workbooks crafted to exhaust a reader: each is refused with a line that says why, bounded in time and memory.</summary>
public sealed class CraftedWorkbookTests : IDisposable
{
    private static readonly LocalDate AsOf = new(2026, 11, 16);
    private readonly SnapshotFolderFixture roster = new();
    private readonly string output = Directory.CreateTempSubdirectory("annexa-crafted-").FullName;

    public void Dispose()
    {
        roster.Dispose();
        Directory.Delete(output, recursive: true);
    }

    /// <summary>A small valid workbook whose parts are then rewritten as an attacker would.</summary>
    private string Crafted(Func<string, string, string> rewrite)
    {
        var path = AnnexAWorkbooks.Write(Path.Combine(output, "crafted.xlsx"), ("List 6", [
            ["Child Unique ID", "Case Status", "Allocated Team", "Allocated Worker"],
            ["5000001", "a)", "Chatham Assessment Team", "Wendy Worker"],
        ]));
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)).ToList())
        {
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }

            var rewritten = rewrite(entry.FullName, xml);
            if (rewritten != xml)
            {
                var name = entry.FullName;
                entry.Delete();
                using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
                writer.Write(rewritten);
            }
        }

        return path;
    }

    private Problem Refused(string workbook) =>
        Assert.Single(Assert.Throws<InvalidInputException>(() => AnnexAWorkbook.Convert(workbook, roster.Path, Directory.CreateDirectory(Path.Combine(output, "out")).FullName, AsOf)).Errors);

    [Theory]
    [InlineData("r=\"2\"", "r=\"4000000000\"")]
    [InlineData("r=\"2\"", "r=\"1048577\"")]
    public void A_row_numbered_beyond_excels_last_is_refused_without_filling_memory(string from, string to)
    {
        var workbook = Crafted((name, xml) => name.Contains("worksheets", StringComparison.Ordinal) ? xml.Replace(from, to, StringComparison.Ordinal) : xml);

        var before = GC.GetTotalAllocatedBytes();
        var problem = Refused(workbook);

        Assert.Contains(problem.Code, new[] { "annexa_crafted", "annexa_unreadable" });
        Assert.True(GC.GetTotalAllocatedBytes() - before < 200_000_000, "the reader allocated for the rows it was told of");
    }

    [Fact]
    public void A_cell_beyond_excels_last_column_is_refused()
    {
        var workbook = Crafted((name, xml) => name.Contains("worksheets", StringComparison.Ordinal) ? xml.Replace("r=\"A2\"", "r=\"ZZZZZZZZZZZZ2\"", StringComparison.Ordinal) : xml);

        Assert.Equal("crafted.xlsx: List 6 has a cell beyond Excel's last column; save it again from Excel", Refused(workbook).ToString());
    }

    [Fact]
    public void A_shared_string_table_past_any_councils_is_refused()
    {
        var workbook = Crafted((name, xml) => name.EndsWith("sharedStrings.xml", StringComparison.Ordinal)
            ? xml.Replace("</x:sst>", string.Concat(Enumerable.Repeat("<x:si><x:t>a</x:t></x:si>", 2_000_001)) + "</x:sst>", StringComparison.Ordinal).Replace("</sst>", string.Concat(Enumerable.Repeat("<si><t>a</t></si>", 2_000_001)) + "</sst>", StringComparison.Ordinal)
            : xml);

        Assert.Equal("annexa_too_large", Refused(workbook).Code);
    }

    [Fact]
    public void Bytes_that_are_a_zip_but_not_a_workbook_are_refused()
    {
        var path = Path.Combine(output, "not-a-workbook.xlsx");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("xl/workbook.xml").Open());
            writer.Write("<workbook/>");
        }

        Assert.Equal("annexa_not_xlsx", Refused(path).Code);
    }
}
