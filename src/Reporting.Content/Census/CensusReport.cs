using System.Globalization;
using Caseload.Reporting.Census;
using Caseload.Reporting.Content.Documents;
using Caseload.Reporting.Content.Monthly;
using NodaTime;

namespace Caseload.Reporting.Content.Census;

/// <summary>
/// A checked census return for the HR and data teams (census spec): the problems to fix before sending, the figures
/// DfE will publish beside the snapshot's and last year's, and the differences team by team as a to-do list. Made
/// once as tables, laid out for the terminal and as a workbook in the data pack's style, so that both say the same.
/// Workers are named by id only.
/// </summary>
public sealed class CensusReport
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    private readonly CensusCheck check;

    private CensusReport(CensusCheck check, DigestSection problems, DigestSection figures, DigestSection differences)
    {
        this.check = check;
        (Problems, Figures, Differences) = (problems, figures, differences);
    }

    /// <summary>What COLLECT would refuse, a row each.</summary>
    public DigestSection Problems { get; }

    /// <summary>The five measures from the return, the snapshot and last year's publication.</summary>
    public DigestSection Figures { get; }

    /// <summary>Each difference, team by team.</summary>
    public DigestSection Differences { get; }

    /// <summary>The report of a check.</summary>
    public static CensusReport Of(CensusCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var census = Day(check.ReferenceDate);
        var problems = new DigestTable(
            "Problems COLLECT would refuse",
            ["Line", "Element", "What is wrong", "Times"],
            [true, false, false, true],
            [.. check.Problems.Select(p => (IReadOnlyList<Cell>)[p.Line is { } line ? Cell.Of(line) : "", p.Column ?? "", p.Message, Cell.Of(p.Occurrences)])]);
        var figures = new DigestTable(
            "What DfE will publish",
            ["Measure", "Unit", "From the return", "From the snapshot", $"Published for {PublishedYear(check)}"],
            [false, false, true, true, true],
            [.. check.Figures.Select(f => (IReadOnlyList<Cell>)[f.Definition.Title, f.Definition.Unit, Figure(f, f.Return), Figure(f, f.Snapshot), Figure(f, f.PublishedLastYear)])]);
        var differences = new DigestTable(
            "Differences to fix",
            ["Team", "Worker", "Difference", "On the return", "On the snapshot", "What to do"],
            [false, false, false, true, true, false],
            [.. check.Differences.Select(d => (IReadOnlyList<Cell>)[d.TeamId is { } team ? check.TeamName(team) : "Not on the roster", d.Worker, Kind(d.Kind, census), Value(d.Return), Value(d.Snapshot), ToDo(d.Kind, check)])]);
        return new CensusReport(
            check,
            new DigestSection("Problems", check.Problems.Count == 0 ? "None: the return meets COLLECT's rules the check applies." : "Fix these before the return is sent: COLLECT refuses a return with any of them.", [problems]),
            new DigestSection("Figures", $"The figures DfE will publish from the return on its definitions (rounded to one decimal place as published), beside the same figures from {SnapshotWords(check)} and the council's published figures for {PublishedYear(check)}. Sickness absence has no snapshot figure: the roster does not say why a worker is away.", [figures]),
            new DigestSection("Differences", check.Snapshot is null
                ? check.SnapshotSearched ? $"None compared: no snapshot is stored within 7 days of {census}." : "None compared: no storage is set."
                : $"Where the return and the snapshot of {Day(check.Snapshot.AsOf)} disagree, team by team: one row per worker and kind. A worker is named by their id only.", [differences]));
    }

    /// <summary>The report as the terminal shows it: the return in a sentence, then each table, the differences grouped by team as a to-do list.</summary>
    public IEnumerable<string> TextLines()
    {
        var counts = check.Counts;
        yield return $"Workforce census return {check.Return.File}, census day {Day(check.ReferenceDate)}" + (check.Council is { } council ? $", for {council.Called} ({council.Code})." : ".");
        yield return check.Snapshot is { } snapshot ? $"Checked against the snapshot of {Day(snapshot.AsOf)}."
            : check.SnapshotSearched ? $"No snapshot is stored within 7 days of {Day(check.ReferenceDate)}: nothing is compared."
            : "No storage is set (Reporting:Storage): the return is checked against COLLECT's rules alone, and nothing is compared.";
        yield return check.Return.Countable is not null
            ? $"The return: {Counted.Of(counts.InPost, "worker")} in post, {Counted.Of(counts.Agency, "agency worker")}, {Counted.Of(counts.Leavers, "leaver")}, " + (counts.Vacancies is { } v ? $"{v.ToString("0.##", Culture)} FTE vacant." : "no vacancies given.")
            : "The return could not be read to its end, or does not give its census day: nothing is counted or compared until it does.";
        yield return "";
        yield return $"{Problems.Title}: {Problems.Intro}";
        foreach (var problem in check.Problems)
        {
            yield return $"  {problem}" + (problem.Occurrences > 1 ? $" ({Counted.Of(problem.Occurrences, "time")})" : "");
        }

        yield return "";
        yield return $"{Figures.Title}: {Figures.Intro}";
        foreach (var line in Figures.Tables[0].TextLines("  "))
        {
            yield return line;
        }

        yield return "";
        yield return $"{Differences.Title}: {Differences.Intro}";
        foreach (var team in Differences.Tables[0].Rows.GroupBy(r => r[0].Text))
        {
            yield return $"  {team.Key}: {Counted.Of(team.Count(), "difference")}";
            foreach (var row in team)
            {
                yield return $"    {row[1].Text}: {row[2].Text}" + (row[3].Text.Length + row[4].Text.Length > 0 ? $", the return {Said(row[3].Text)}, the snapshot {Said(row[4].Text)}" : "") + $". {row[5].Text}.";
            }
        }
    }

    /// <summary>The report as a workbook in the data pack's style: problems, figures, differences, a sheet each.</summary>
    public byte[] Xlsx() => DataPack.Xlsx($"workforce census return {check.Return.File}, census day {Day(check.ReferenceDate)}", [Problems, Figures, Differences]);

    private static string PublishedYear(CensusCheck check) => check.PublishedYear?.ToString(Culture) ?? "the year before";

    private static string SnapshotWords(CensusCheck check) =>
        check.Snapshot is { } snapshot ? $"the snapshot of {Day(snapshot.AsOf)}"
        : check.SnapshotSearched ? "the snapshot (none is stored within 7 days of the census day)" : "the snapshot (no storage is set)";

    private static Cell Figure(CensusFigure figure, decimal? value) =>
        figure.Definition.Percent ? Cell.Percent(value) : Cell.Of(value);

    private static string Said(string value) => value.Length == 0 ? "nothing" : value;

    private static Cell Value(CensusValue? value) => value switch
    {
        { Flag: { } flag } => flag ? "yes" : "no",
        { Number: { } number } when number % 1 == 0 => Cell.Of((int)number),
        { Number: { } number } => new Cell(number.ToString("0.0##", Culture), number, CellFormat.OneDecimal),
        _ => "",
    };

    private static string Kind(CensusDifferenceKind kind, string census) => kind switch
    {
        CensusDifferenceKind.MissingFromReturn => "on the roster, not on the return",
        CensusDifferenceKind.NotOnRoster => "on the return, not on the roster",
        CensusDifferenceKind.Cases => $"cases held on {census}",
        CensusDifferenceKind.Fte => "FTE",
        CensusDifferenceKind.Agency => "agency worker",
        CensusDifferenceKind.Asye => "in their ASYE",
        _ => $"absent on {census}",
    };

    private static string ToDo(CensusDifferenceKind kind, CensusCheck check) => kind switch
    {
        CensusDifferenceKind.MissingFromReturn => "Add their record, in post or agency, or correct their SWENo; if they had left by the census day, correct the roster",
        CensusDifferenceKind.NotOnRoster => "Check the record: correct its SWENo, add the worker to the roster's swe_number, or remove it if they were not a social worker here on the census day",
        CensusDifferenceKind.Cases => $"Take Cases30 from the case management system for {Day(check.ReferenceDate)}, or correct the case allocations",
        CensusDifferenceKind.Fte => "Correct FTE30 (agency: FTE) from HR, or the roster's FTE",
        CensusDifferenceKind.Agency => "Correct AgencyWorker, or the roster's agency flag",
        CensusDifferenceKind.Asye => "Correct CFKSSstatus (1 in the ASYE), or the roster's asye flag",
        _ => "Correct Absat30Sept, or the roster's absence dates",
    };

    private static string Day(LocalDate? date) => date?.ToString("d MMMM yyyy", Culture) ?? "(not given)";
}
