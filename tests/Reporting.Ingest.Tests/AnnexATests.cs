using Caseload.Reporting.Ingest.AnnexA;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Snapshots;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>Annex A workbooks in the shapes councils send them, made here with OpenXml.</summary>
public sealed class AnnexATests : IDisposable
{
    private static readonly LocalDate AsOf = new(2026, 11, 16);
    private readonly SnapshotFolderFixture roster = new();
    private readonly string output = Directory.CreateTempSubdirectory("annexa-test-").FullName;

    public void Dispose()
    {
        roster.Dispose();
        Directory.Delete(output, recursive: true);
    }

    private string Workbook(params (string Name, object?[][] Rows)[] sheets) => AnnexAWorkbooks.Write(Path.Combine(output, "annex-a.xlsx"), sheets);

    [Fact]
    public void Lists_6_and_9_become_allocations_with_names_matched_to_the_roster_however_written()
    {
        var workbook = Workbook(
            ("Contents", [["Annex A"]]),
            ("list_6 ", [
                ["Annex A List 6: children in need, as at 16/11/2026"],
                ["Child Unique ID", "Age of Child (Years)", "Case  Status ", "Allocated_Team", "Allocated Worker ", "Date of referral", "Date of last visit", "CP Plan Start Date"],
                ["5000001", 7.0, "a) Looked after", "Chatham Assessment Team", "Worker, Wendy", 46000.0, 46336.0, null],
                ["5000002", 12.0, "B", "chatham assessment team", "WILL  worker", "01/09/2026", "10/11/2026", "1/9/2026"],
                ["5000003", 3.0, "c)", "T1", "Jo Nobody", null],
                ["5000004", 9.0, "d) Assessment", "Strood Adolescent Team", "#N/A", null],
                ["5000005", 15.0, "e) Closed", "T1", "Wendy Worker", null],
                ["5000006", 15.0, "a)", "Nowhere Team", "Someone Else", null],
                [null, null, null, null, null, null],
            ]),
            ("List 9", [
                ["Child ID", "Allocated Team", "Allocated Worker"],
                ["5000007", "Strood Adolescent Team", "wes worker"],
            ]));

        var warnings = AnnexAWorkbook.Convert(workbook, roster.Path, output, AsOf);
        var snapshot = SnapshotReader.Read(output);

        string Holder(string child) => snapshot.Allocations.Where(a => snapshot.ChildIds[a.Child] == child)
            .Select(a => a.IsUnallocated ? $"unallocated in {snapshot.Teams[a.Team].Id}" : snapshot.Workers[a.Worker].Id).Single();
        CaseType TypeOf(string child) => snapshot.Allocations.Single(a => snapshot.ChildIds[a.Child] == child).CaseType;

        Assert.Equal(["5000001", "5000002", "5000003", "5000004", "5000007"], snapshot.ChildIds.Order(StringComparer.Ordinal));
        Assert.Equal(("W1", CaseType.Cla), (Holder("5000001"), TypeOf("5000001")));
        Assert.Equal(("W2", CaseType.Cp), (Holder("5000002"), TypeOf("5000002")));
        Assert.Equal(("unallocated in T1", CaseType.Cin), (Holder("5000003"), TypeOf("5000003")));
        Assert.Equal(("unallocated in T2", CaseType.Assessment), (Holder("5000004"), TypeOf("5000004")));
        Assert.Equal(("W3", CaseType.CareLeaver), (Holder("5000007"), TypeOf("5000007")));
        Assert.Equal(AsOf, snapshot.AsOf);
        var first = snapshot.Allocations.Single(a => snapshot.ChildIds[a.Child] == "5000001");
        var second = snapshot.Allocations.Single(a => snapshot.ChildIds[a.Child] == "5000002");
        Assert.Equal(new LocalDate(2026, 11, 10), first.LastVisit);        // Excel serial 46336
        Assert.Equal((new LocalDate(2026, 11, 10), new LocalDate(2026, 9, 1)), (second.LastVisit!.Value, second.PlanStart!.Value));  // dd/MM/yyyy, UK order

        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Line == 5 && w.Message.Contains("counted unallocated in Chatham Assessment Team", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Line == 8 && w.Message.Contains("left out", StringComparison.Ordinal));
        Assert.All(warnings, w => Assert.DoesNotContain("500000", w.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void A_workbook_whose_cells_and_rows_give_no_reference_reads_exactly_as_the_same_workbook_with_them()
    {
        (string Name, object?[][] Rows)[] sheets =
        [
            ("List 6", [
                ["Annex A List 6: children in need"],
                ["Child Unique ID", "Case Status", "Allocated Team", null, "Allocated Worker", "Date of last visit", "CP Plan Start Date"],
                ["5000021", "b) Child protection plan", "T1", null, "Wendy Worker", 46336.0, "01/09/2026"],
                ["5000022", "a) Looked after", "Chatham Assessment Team", "a note", "Will Worker", null, null],
                ["5000023", "c)", "T1", null, "Jo Nobody", "12/11/2026", null],
            ]),
            ("List 9", [
                ["Child ID", "Allocated Team", "Allocated Worker"],
                ["5000027", "Strood Adolescent Team", "wes worker"],
            ]),
        ];
        var withReferences = Directory.CreateDirectory(Path.Combine(output, "with")).FullName;
        var without = Directory.CreateDirectory(Path.Combine(output, "without")).FullName;

        var warningsWith = AnnexAWorkbook.Convert(AnnexAWorkbooks.Write(Path.Combine(Directory.CreateDirectory(Path.Combine(output, "a")).FullName, "annex-a.xlsx"), references: true, sheets), roster.Path, withReferences, AsOf);
        var warningsWithout = AnnexAWorkbook.Convert(AnnexAWorkbooks.Write(Path.Combine(Directory.CreateDirectory(Path.Combine(output, "b")).FullName, "annex-a.xlsx"), references: false, sheets), roster.Path, without, AsOf);

        Assert.Equal(warningsWith, warningsWithout);
        foreach (var file in Directory.GetFiles(withReferences).Select(Path.GetFileName).Where(f => !f!.EndsWith(".xlsx", StringComparison.Ordinal)))  // the workbook itself is kept as received
        {
            Assert.Equal(File.ReadAllText(Path.Combine(withReferences, file!)), File.ReadAllText(Path.Combine(without, file!)));
        }

        var snapshot = SnapshotReader.Read(without);
        Assert.Equal(["5000021", "5000022", "5000023", "5000027"], snapshot.ChildIds.Order(StringComparer.Ordinal));
        Assert.Equal(new LocalDate(2026, 11, 10), snapshot.Allocations.Single(a => snapshot.ChildIds[a.Child] == "5000021").LastVisit);
    }

    [Fact]
    public void Lists_7_and_8_are_sources_of_their_own_with_their_visits_and_a_child_in_two_lists_is_one_case()
    {
        var workbook = Workbook(
            ("List 6", [
                ["Annex A List 6"],
                ["Child Unique ID", "Case Status", "Allocated Team", "Allocated Worker", "Date of last visit"],
                ["5000011", "b) Child protection plan", "T1", "Wendy Worker", "01/11/2026"],
                ["5000012", "a) Looked after", "T1", "#N/A", null],
                ["5000014", "b)", "T1", "Wendy Worker", null],
                ["5000015", "e) Closed", "T1", "Wendy Worker", null],
            ]),
            ("List_7 ", [
                ["Annex A List 7: children subject of a child protection plan"],
                ["Child Unique ID", "Allocated team", "Allocated worker", "Date the child protection plan started", "Date of last child protection visit"],
                ["5000011", "Chatham Assessment Team", "Worker,\u00a0Wendy", "03/03/2026", "12/11/2026"],
                ["5000013", "Strood Adolescent Team", "wes worker", 46250.0, 46339.0],
                ["5000014", "T1", "Will Worker", "01/10/2026", "13/11/2026"],
            ]),
            ("LIST 8 - CLA", [
                ["Child Unique ID", "Allocated team", "Allocated worker", "Date started to be looked after", "Date of last social work visit"],
                ["5000012", "T1", "Will Worker", "01/01/2025", "14/11/2026"],
                ["5000015", "T1", "Wendy Worker", "01/06/2026", "02/10/2026"],
            ]));

        var warnings = AnnexAWorkbook.Convert(workbook, roster.Path, output, AsOf);
        var snapshot = SnapshotReader.Read(output);

        (string Holder, CaseType Type, LocalDate? Visit, LocalDate? Plan)[] Cases(string child) => [.. snapshot.Allocations
            .Where(a => snapshot.ChildIds[a.Child] == child)
            .Select(a => (a.IsUnallocated ? "unallocated" : snapshot.Workers[a.Worker].Id, a.CaseType, a.LastVisit, a.PlanStart))
            .OrderBy(c => c.Item1, StringComparer.Ordinal)];

        // In List 6 and List 7 with one worker: one case, with List 7's visit and plan start.
        Assert.Equal([("W1", CaseType.Cp, new LocalDate(2026, 11, 12), new LocalDate(2026, 3, 3))], Cases("5000011"));
        // #N/A in List 6, a worker in List 8: allocated, not also unallocated.
        Assert.Equal([("W2", CaseType.Cla, new LocalDate(2026, 11, 14), (LocalDate?)null)], Cases("5000012"));
        // In List 7 only, dates as Excel serials.
        Assert.Equal([("W3", CaseType.Cp, new LocalDate(2026, 11, 13), new LocalDate(2026, 8, 16))], Cases("5000013"));
        // List 6 and List 7 name different workers for one plan: a case each, reported without the child's id.
        Assert.Equal([("W1", CaseType.Cp, (LocalDate?)null, (LocalDate?)null), ("W2", CaseType.Cp, new LocalDate(2026, 11, 13), new LocalDate(2026, 10, 1))], Cases("5000014"));
        // Closed in List 6, looked after in List 8.
        Assert.Equal([("W1", CaseType.Cla, new LocalDate(2026, 10, 2), (LocalDate?)null)], Cases("5000015"));
        var differ = Assert.Single(warnings);
        Assert.Equal(("annexa_workers_differ", 5), (differ.Code, differ.Line));
        Assert.DoesNotContain("500001", differ.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_workbook_without_the_lists_or_a_file_that_is_not_one_is_refused_with_what_it_has()
    {
        var noLists = Workbook(("Sheet1", [["nothing"]]));
        var refused = Assert.Throws<InvalidInputException>(() => AnnexAWorkbook.Convert(noLists, roster.Path, output, AsOf));
        Assert.Contains("'Sheet1'", Assert.Single(refused.Problems).Message, StringComparison.Ordinal);

        var csv = Path.Combine(output, "not-a-workbook.xlsx");
        File.WriteAllText(csv, "child_id,worker_id\n1,2\n");
        var notXlsx = Assert.Throws<InvalidInputException>(() => AnnexAWorkbook.Convert(csv, roster.Path, output, AsOf));
        Assert.Equal("annexa_not_xlsx", Assert.Single(notXlsx.Problems).Code);
    }
}
