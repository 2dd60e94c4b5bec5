using System.Text;
using Caseload.Reporting.Ingest.Canonical;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// What validation must refuse because storage, email or documents could not hold it, and what no message may do:
/// repeat a child's id, wherever in the files it is put.
/// </summary>
public class HostileValueTests
{
    private static readonly string[] ChildIds = ["7301942", "CH-55012-A", "child/0001"];

    private static IReadOnlyList<Problem> Problems(SnapshotFolderFixture folder)
    {
        try
        {
            return SnapshotReader.Read(folder.Path).Warnings;
        }
        catch (InvalidInputException e)
        {
            return e.Problems;
        }
    }

    /// <summary>Each file with the cell at (row, column) replaced.</summary>
    private static IEnumerable<(string Teams, string Workers, string Allocations)> EveryCellReplacedBy(string value)
    {
        foreach (var file in new[] { 0, 1, 2 })
        {
            var lines = (file switch { 0 => SnapshotFolderFixture.Teams, 1 => SnapshotFolderFixture.Workers, _ => SnapshotFolderFixture.Allocations }).Split('\n');
            var columns = lines[0].Split(',').Length;
            for (var row = 1; row < lines.Length; row++)
            {
                for (var column = 0; column < columns; column++)
                {
                    var cells = lines[row].Split(',');
                    cells[column] = value;
                    var changed = lines.ToArray();
                    changed[row] = string.Join(',', cells);
                    var text = string.Join('\n', changed);
                    yield return file switch
                    {
                        0 => (text, SnapshotFolderFixture.Workers, SnapshotFolderFixture.Allocations),
                        1 => (SnapshotFolderFixture.Teams, text, SnapshotFolderFixture.Allocations),
                        _ => (SnapshotFolderFixture.Teams, SnapshotFolderFixture.Workers, text),
                    };
                }
            }
        }
    }

    [Fact]
    public void A_childs_id_put_in_any_cell_of_any_file_is_never_repeated_by_a_message()
    {
        var messages = 0;
        foreach (var child in ChildIds)
        {
            foreach (var (teams, workers, allocations) in EveryCellReplacedBy(child))
            {
                using var folder = new SnapshotFolderFixture(teams, workers, allocations);
                foreach (var problem in Problems(folder))
                {
                    messages++;
                    Assert.DoesNotContain(child, problem.ToString(), StringComparison.Ordinal);
                }
            }
        }

        Assert.True(messages > 100, $"only {messages} messages: the replacements did not provoke the checks");
    }

    [Theory]
    [InlineData("teams.csv", "T1,Chatham", "{0},Chatham", "teams.csv:2: team_id: is 1,100 characters, more than the 64 accepted")]
    [InlineData("workers.csv", "W1,Wendy Worker", "{0},Wendy Worker", "workers.csv:3: worker_id: is 1,100 characters, more than the 64 accepted")]
    [InlineData("workers.csv", "Wendy Worker", "{1}", "workers.csv:3: name: is 40,000 characters, more than the 200 accepted")]
    [InlineData("allocations.csv", "4000001,F1", "{0},F1", "allocations.csv:2: child_id: is 1,100 characters, more than the 64 accepted")]
    [InlineData("teams.csv", "Front Door,hos@council.example,5", "Front Door,hos@council.example,100000000000000000000", "teams.csv:2: establishment_fte: is not a number of FTE from 0 to 10,000")]
    [InlineData("allocations.csv", "2026-10-01,no,2026-09-01", "2026-10-01,no,2100-01-01", "allocations.csv:2: plan_start: is not a date from 1900 to 2099; write yyyy-MM-dd or dd/MM/yyyy")]
    [InlineData("workers.csv", "W1,Wendy", "W\u0007,Wendy", "workers.csv:3: worker_id: holds a control character; an id is letters, digits and punctuation")]
    [InlineData("workers.csv", "W1,Wendy", "W1\u007f,Wendy", "workers.csv:3: worker_id: holds a control character; an id is letters, digits and punctuation")]
    [InlineData("allocations.csv", "4000001,F1", "4000001,F\u0001", "allocations.csv:2: family_id: holds a control character; an id is letters, digits and punctuation")]
    public void What_storage_email_or_documents_cannot_hold_is_refused_at_its_cell(string file, string from, string to, string expected)
    {
        using var folder = new SnapshotFolderFixture();
        var path = Path.Combine(folder.Path, file);
        File.WriteAllText(path, File.ReadAllText(path).Replace(from, string.Format(System.Globalization.CultureInfo.InvariantCulture, to, new string('x', 1_100), new string('n', 40_000)), StringComparison.Ordinal), new UTF8Encoding(false));

        var refused = Assert.Throws<InvalidInputException>(() => SnapshotReader.Read(folder.Path));

        Assert.Equal(expected, refused.Errors.First().ToString());
    }

    [Theory]
    [InlineData("""{"asOf": "2100-01-04"}""", "snapshot.json: asOf: is not a date from 1900 to 2099; write \"yyyy-MM-dd\"")]
    [InlineData("""{"asOf": "1899-12-31"}""", "snapshot.json: asOf: is not a date from 1900 to 2099; write \"yyyy-MM-dd\"")]
    public void A_snapshot_dated_beyond_the_calendar_is_refused(string manifest, string expected)
    {
        using var folder = new SnapshotFolderFixture(manifest: manifest);

        Assert.Contains(expected, Assert.Throws<InvalidInputException>(() => SnapshotReader.Read(folder.Path)).Errors.Select(p => p.ToString()));
    }

    [Fact]
    public void A_snapshot_dated_in_2035_reads_and_an_as_of_beyond_2099_is_refused()
    {
        using var folder = new SnapshotFolderFixture(manifest: """{"asOf": "2035-01-08"}""");

        Assert.Equal(new LocalDate(2035, 1, 8), SnapshotReader.Read(folder.Path).AsOf);
        Assert.Contains(
            "snapshot.json: asOf: the date the data describes must be from 1900-01-01 to 2099-12-31",
            Assert.Throws<InvalidInputException>(() => SnapshotReader.Read(folder.Path, new LocalDate(2100, 1, 4))).Errors.Select(p => p.ToString()));
    }

    [Fact]
    public void A_managers_address_that_cannot_be_an_address_is_accepted_with_a_warning_saying_where_the_email_goes()
    {
        using var folder = new SnapshotFolderFixture(workers: SnapshotFolderFixture.Workers.Replace("m1@council.example", "jo@council.example@x", StringComparison.Ordinal));

        var snapshot = SnapshotReader.Read(folder.Path);

        Assert.Equal("workers.csv:2: email: is not an email address; this worker cannot be emailed; a team they manage has its email sent to the fallback address", Assert.Single(snapshot.Warnings).ToString());
    }
}
