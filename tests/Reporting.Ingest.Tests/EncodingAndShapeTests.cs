using System.Text;
using Caseload.Reporting.Ingest.Canonical;

namespace Caseload.Reporting.Tests;

/// <summary>What councils' tools actually write: Excel's Windows-1252 "CSV", workbooks renamed .csv, shifted commas.</summary>
public class EncodingAndShapeTests
{
    private const string Names = """
        worker_id,name,email,team_id,role,fte,asye,agency
        M1,Siobhán O’Brien,m1@council.example,T1,team_manager,1,no,no
        W1,Zoë Łukasz-Ferré,w1@council.example,T1,social_worker,1,no,no
        W2,Will Worker,w2@council.example,T1,social_worker,0.6,yes,no
        M2,Max Manager – Strood,m2@council.example,T2,team_manager,1,,
        W3,Wes Worker,w3@council.example,T2,senior_practitioner,1,no,yes
        """;

    static EncodingAndShapeTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Windows_1252_as_excel_writes_it_is_detected_and_read_correctly()
    {
        // Ł has no Windows-1252 byte: Excel would write '?', so the 1252 file carries what Excel would.
        var excel = Names.Replace("Łukasz", "Lukasz", StringComparison.Ordinal);
        using var folder = new SnapshotFolderFixture(workers: excel, encoding: Encoding.GetEncoding(1252));

        var snapshot = SnapshotReader.Read(folder.Path);

        Assert.Equal("Siobhán O’Brien", snapshot.Workers[0].Name);
        Assert.Equal("Zoë Lukasz-Ferré", snapshot.Workers[1].Name);
        Assert.Equal("Max Manager – Strood", snapshot.Workers[3].Name);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Utf8_with_or_without_a_byte_order_mark_is_read_as_utf8(bool bom)
    {
        using var folder = new SnapshotFolderFixture(workers: Names, encoding: new UTF8Encoding(bom));

        var snapshot = SnapshotReader.Read(folder.Path);

        Assert.Equal("Zoë Łukasz-Ferré", snapshot.Workers[1].Name);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_windows_1252_allocations_file_of_short_rows_is_read_whole_past_the_rows_its_length_suggests(bool badLateCell)
    {
        // A file found not to be UTF-8 has its lines not counted, so its rows are estimated from its length at 64
        // bytes each and the batches it is parsed in sized to that: these rows are 30 bytes, so they pass in several
        // batches, and a bad cell late in the file is still named by its line.
        var rows = Enumerable.Range(1, 600).Select(i => i == 550 && badLateCell ? $"{4000000 + i},,W1,,cpp,2026-10-01,,," : $"{4000000 + i},{(i == 1 ? "Fé" : "")},W1,,cp,2026-10-01,,,");
        var allocations = "child_id,family_id,worker_id,team_id,case_type,allocated_on,in_proceedings,plan_start,last_visit\n" + string.Join('\n', rows);
        using var folder = new SnapshotFolderFixture(allocations: allocations, encoding: Encoding.GetEncoding(1252));

        if (!badLateCell)
        {
            var snapshot = SnapshotReader.Read(folder.Path);
            Assert.Equal(600, snapshot.Allocations.Count);
            return;
        }

        var problem = Assert.Single(Assert.Throws<InvalidInputException>(() => SnapshotReader.Read(folder.Path)).Problems, p => p.Severity == Severity.Error);
        Assert.Equal(("allocations.csv", 551, "case_type"), (problem.File, problem.Line, problem.Column));
    }

    [Fact]
    public void A_small_file_with_a_record_longer_than_the_smallest_reading_buffer_is_read()
    {
        // The reading buffers are sized to the file (4,096 characters at least): a record of 10,000 characters, here
        // a column the reader does not use, fits the buffer of a file that holds it.
        var workers = string.Join('\n', SnapshotFolderFixture.Workers.Split('\n').Select((line, i) => line + (i == 0 ? ",notes" : i == 2 ? "," + new string('n', 10_000) : ",")));
        using var folder = new SnapshotFolderFixture(workers: workers);

        var snapshot = SnapshotReader.Read(folder.Path);

        Assert.Equal(5, snapshot.Workers.Count);
        Assert.Equal("Will Worker", snapshot.Workers[2].Name);
    }

    [Fact]
    public void A_workbook_saved_under_a_csv_name_is_refused_as_not_csv()
    {
        using var folder = new SnapshotFolderFixture();
        File.WriteAllBytes(Path.Combine(folder.Path, "workers.csv"), [.. "PK\u0003\u0004"u8, .. new byte[200]]);

        var problem = Assert.Single(Assert.Throws<InvalidInputException>(() => SnapshotReader.Read(folder.Path)).Problems, p => p.Severity == Severity.Error);

        Assert.Equal("file_not_csv", problem.Code);
        Assert.Contains("save the sheet as CSV", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_nul_bytes_is_refused_as_not_csv()
    {
        using var folder = new SnapshotFolderFixture();
        File.WriteAllBytes(Path.Combine(folder.Path, "teams.csv"), Encoding.Unicode.GetBytes(SnapshotFolderFixture.Teams));

        var problems = Assert.Throws<InvalidInputException>(() => SnapshotReader.Read(folder.Path)).Problems;

        Assert.Contains(problems, p => p.Code == "file_not_csv" && p.File == "teams.csv" && p.Message.Contains("UTF-16", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_file_is_refused_saying_what_its_header_needs()
    {
        using var folder = new SnapshotFolderFixture();
        File.WriteAllBytes(Path.Combine(folder.Path, "allocations.csv"), []);

        var problem = Assert.Single(Assert.Throws<InvalidInputException>(() => SnapshotReader.Read(folder.Path)).Problems, p => p.Severity == Severity.Error);

        Assert.Equal("file_empty", problem.Code);
        Assert.Contains("child_id", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_wider_than_its_header_is_refused_at_its_line()
    {
        using var folder = new SnapshotFolderFixture(workers: SnapshotFolderFixture.Workers.Replace("W2,Will Worker,", "W2,Worker, Will,", StringComparison.Ordinal));

        var problems = Assert.Throws<InvalidInputException>(() => SnapshotReader.Read(folder.Path)).Problems;

        Assert.Contains(problems, p => p.Code == "record_too_wide" && p.ToString().StartsWith("workers.csv:4:", StringComparison.Ordinal));
    }

    [Fact]
    public void Wide_records_and_bad_cells_down_a_long_allocations_file_are_all_reported_in_line_order()
    {
        // Allocations are parsed on a thread of their own, a batch of rows at a time: a wide record's problem must
        // travel with its batch, not reach the list from that thread out of turn.
        var rows = new StringBuilder("child_id,family_id,worker_id,team_id,case_type\n");
        for (var i = 0; i < 30_000; i++)
        {
            rows.Append(i % 997 == 5 ? $"{4_100_000 + i},,W1,,cin,extra\n" : i % 991 == 7 ? $"{4_100_000 + i},,W1,,not_a_type\n" : $"{4_100_000 + i},,W1,,cin\n");
        }

        using var folder = new SnapshotFolderFixture(allocations: rows.ToString());

        var problems = Assert.Throws<InvalidInputException>(() => SnapshotReader.Read(folder.Path)).Problems
            .Where(p => p.File == "allocations.csv").ToList();

        Assert.Equal(
            Enumerable.Range(0, 30_000).Where(i => i % 997 == 5 || i % 991 == 7).Select(i => (i + 2, i % 997 == 5 ? "record_too_wide" : "value_invalid")),
            problems.Select(p => (p.Line!.Value, p.Code)));
    }

    [Fact]
    public void Empty_trailing_cells_are_not_a_wide_record()
    {
        using var folder = new SnapshotFolderFixture(teams: SnapshotFolderFixture.Teams.Replace("\n", ",,\n", StringComparison.Ordinal) + ",,");

        Assert.Equal(2, SnapshotReader.Read(folder.Path).Teams.Count);
    }
}
