using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Ingest.AnnexA;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Tests;

/// <summary>The same council as canonical CSVs and as an Annex A workbook with the roster gives the same evaluation and visit measures.</summary>
public sealed class AnnexAEvaluationTests : IDisposable
{
    private static readonly HashSet<string> AnnexATypes = ["cla", "cp", "cin", "assessment", "care_leaver"];
    private readonly CouncilFolders council = new(weeks: 1, workers: 60, seed: 22);  // a seed whose roster has no two workers of one name: Annex A names workers

    public void Dispose() => council.Dispose();

    [Fact]
    public void A_council_evaluates_the_same_from_its_annex_a_workbook_as_from_its_csvs()
    {
        // Annex A lists only these case types: the canonical side keeps the same cases.
        var canonical = Path.Combine(council.Root, "canonical");
        Directory.CreateDirectory(canonical);
        foreach (var file in Directory.GetFiles(council.Weeks[0]))
        {
            File.Copy(file, Path.Combine(canonical, Path.GetFileName(file)));
        }

        var lines = File.ReadAllLines(Path.Combine(canonical, "allocations.csv"));
        File.WriteAllLines(Path.Combine(canonical, "allocations.csv"), lines.Take(1).Concat(lines.Skip(1).Where(l => AnnexATypes.Contains(l.Split(',')[4]))));
        var fromCsv = SnapshotReader.Read(canonical);
        Assert.Equal(fromCsv.Workers.Count, fromCsv.Workers.Select(w => w.Name).Distinct().Count());

        string Status(CaseType type) => type switch
        {
            CaseType.Cla => "a) Looked after",
            CaseType.Cp => "b) Child protection plan",
            CaseType.Cin => "c) Child in need",
            _ => "d) Assessment",
        };
        string Annex(Worker? worker) => worker is null ? "" : $"{worker.Name.Split(' ')[^1]}, {string.Join(' ', worker.Name.Split(' ')[..^1])}";
        object?[] Row(Allocation a) =>
        [
            fromCsv.ChildIds[a.Child], Status(a.CaseType), fromCsv.Teams[a.Team].Name, Annex(a.IsUnallocated ? null : fromCsv.Workers[a.Worker]),
        ];
        // As councils fill them: List 6 without dates; each plan's start and last visit in its own list, 7 or 8.
        string Date(NodaTime.LocalDate? date) => date?.ToString("dd/MM/yyyy", null) ?? "";
        object?[] Listed(Allocation a) =>
        [
            fromCsv.ChildIds[a.Child], fromCsv.Teams[a.Team].Name, Annex(a.IsUnallocated ? null : fromCsv.Workers[a.Worker]), Date(a.PlanStart), Date(a.LastVisit),
        ];
        var list6 = fromCsv.Allocations.Where(a => a.CaseType != CaseType.CareLeaver).Select(Row);
        var list7 = fromCsv.Allocations.Where(a => a.CaseType == CaseType.Cp).Select(Listed);
        var list8 = fromCsv.Allocations.Where(a => a.CaseType == CaseType.Cla).Select(Listed);
        var list9 = fromCsv.Allocations.Where(a => a.CaseType == CaseType.CareLeaver).Select(a => new object?[] { fromCsv.ChildIds[a.Child], fromCsv.Teams[a.Team].Name, Annex(a.IsUnallocated ? null : fromCsv.Workers[a.Worker]) });
        var workbook = AnnexAWorkbooks.Write(Path.Combine(council.Root, "annex-a.xlsx"),
            ("List 6", [["Annex A: List 6"], ["Child Unique ID", "Case Status", "Allocated Team", "Allocated Worker"], .. list6]),
            ("List 7", [["Annex A: List 7"], ["Child Unique ID", "Allocated team", "Allocated worker", "Date the child protection plan started", "Date of last child protection visit"], .. list7]),
            ("List 8", [["Annex A: List 8"], ["Child Unique ID", "Allocated team", "Allocated worker", "Date the period of care started", "Date of last social work visit"], .. list8]),
            ("List_9", [["Child Unique ID", "Allocated Team", "Allocated Worker"], .. list9]));
        var converted = Path.Combine(council.Root, "converted");
        Directory.CreateDirectory(converted);

        var warnings = AnnexAWorkbook.Convert(workbook, canonical, converted, fromCsv.AsOf);
        var fromAnnexA = SnapshotReader.Read(converted);

        Assert.True(warnings.Count == 0, string.Join("\n", warnings));
        var csv = CaseloadEvaluation.Evaluate(CaseloadSummary.Of(fromCsv), Policy.Default);
        var annex = CaseloadEvaluation.Evaluate(CaseloadSummary.Of(fromAnnexA), Policy.Default);
        Assert.Equal(csv.Workers.Select(w => (w.WorkerId, w.Caseload, w.Limit, w.Band)), annex.Workers.Select(w => (w.WorkerId, w.Caseload, w.Limit, w.Band)));
        Assert.Equal(csv.Teams.Select(t => (t.TeamId, t.Figures)), annex.Teams.Select(t => (t.TeamId, t.Figures)));
        Assert.Equal(csv.Totals, annex.Totals);
        var (csvChildren, annexChildren) = (ChildCounts.Of(fromCsv, WorkingDays.EnglandAndWales), ChildCounts.Of(fromAnnexA, WorkingDays.EnglandAndWales));
        foreach (var group in new[] { ChildGroup.Open, ChildGroup.Unallocated, ChildGroup.LookedAfter, ChildGroup.LookedAfterVisitedIn6Weeks, ChildGroup.ChildProtection, ChildGroup.ChildProtectionWithPlanStart, ChildGroup.ChildProtectionPlan2YearsPlus, ChildGroup.ChildProtectionVisitedIn10WorkingDays })
        {
            Assert.Equal((group, csvChildren.Count(group, _ => true)), (group, annexChildren.Count(group, _ => true)));
        }

        Assert.True(csvChildren.Count(ChildGroup.ChildProtectionVisitedIn10WorkingDays, _ => true) > 0);
    }
}
