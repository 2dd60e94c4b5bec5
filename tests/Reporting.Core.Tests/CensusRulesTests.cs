using Caseload.Reporting.Census;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>The census spec's rules: who is who on the census day, COLLECT's rules of a record, the differences from a roster, and DfE's figures.</summary>
public class CensusRulesTests
{
    private static readonly LocalDate Day = new(2026, 9, 30);

    private static CensusWorker Record(string swe = "SW1001", bool agency = false, decimal? fte = 1m, decimal? fte30 = 1m, int? role = 5, LocalDate? ended = null, int? cases = 10, decimal? daysLost = 0, bool? absent = false, bool asye = false, CensusItems given = CensusItems.None) =>
        new(7, swe, agency, fte, fte30, role, ended, cases, daysLost, absent, asye, given | (ended is null ? CensusItems.None : CensusItems.RoleEndDate | CensusItems.ReasonLeave | CensusItems.LeaverDestination));

    private static CensusReturn Return(decimal? vacancies, params CensusWorker[] workers) =>
        new("census.xml", new CensusHeader("887", 2026, Day, vacancies, null, null), workers, [], ReadToEnd: true);

    [Theory]
    [InlineData(null, CensusStanding.InPost)]
    [InlineData("2026-10-01", CensusStanding.InPost)]     // ends after the census day: still in post on it
    [InlineData("2026-09-30", CensusStanding.Leaver)]     // ends on the census day: a leaver of the year
    [InlineData("2025-10-01", CensusStanding.Leaver)]     // the year's first day
    [InlineData("2025-09-30", CensusStanding.EndedBefore)]
    public void A_record_stands_in_post_as_a_leaver_or_before_the_year_by_its_end_date(string? ended, CensusStanding expected)
    {
        var end = ended is null ? (LocalDate?)null : LocalDate.FromDateTime(DateTime.Parse(ended, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, Record(ended: end).StandingOn(Day));
        Assert.Equal(CensusStanding.Agency, Record(agency: true, ended: end).StandingOn(Day));
    }

    [Fact]
    public void Collects_rules_name_the_element_to_add()
    {
        string[] Broken(CensusWorker w) => [.. CensusRules.Of(w, Day, "census.xml").Select(p => $"{p.Line} {p.Column}")];

        Assert.Empty(Broken(Record()));
        Assert.Equal(["7 FTE30", "7 OrgRole"], Broken(Record(fte30: null, role: null)));
        Assert.Empty(Broken(Record(agency: true, fte30: null, role: null)));
        Assert.Equal(["7 SWENo"], Broken(Record(swe: "")));
        Assert.Equal(["7 StartOrigin"], Broken(Record(given: CensusItems.RoleStartDate)));
        Assert.Equal(["7 FTE"], Broken(Record(fte: 0, ended: new LocalDate(2026, 3, 1))));
        var leavingPart = Record() with { RoleEndDate = new LocalDate(2026, 3, 1), Given = CensusItems.RoleEndDate | CensusItems.ReasonLeave };
        var problem = Assert.Single(CensusRules.Of(leavingPart, Day, "census.xml"));
        Assert.Equal("LeaverDestination", problem.Column);
        Assert.Equal("RoleEndDate and ReasonLeave without LeaverDestination: give RoleEndDate, ReasonLeave, LeaverDestination all or none", problem.Message);
    }

    [Fact]
    public void A_record_matches_the_rosters_swe_number_before_its_id_and_only_social_workers_are_looked_for()
    {
        var roster = CaseloadSummary.Of(new Council().Team("T1")
            .Worker("H100", swe: "SW2001", absence: new Absence(new LocalDate(2026, 9, 1), null)).Cases(12, "H100")
            .Worker("SW2002", agency: true, asye: true).Cases(3, "SW2002")
            .Worker("F1", role: Role.FamilyWorker)
            .Worker("SW2003", fte: 0.6m)
            .Snapshot(new LocalDate(2026, 9, 28)));

        var differences = CensusDifference.Of(Return(null,
            Record("SW2001", cases: 12, absent: true),
            Record("sw2002", agency: true, fte: 1m, fte30: null, cases: 3, absent: false, asye: false),
            Record("SW2003", fte30: 0.605m, cases: 0)), Day, roster);

        // H100 is SW2001 and away on the census day; the agency worker's ASYE is not on the census; 0.605 is within
        // 0.01 of 0.6; the family worker is not a social worker on the census.
        Assert.Empty(differences);

        var missing = CensusDifference.Of(Return(null, Record("SW2002", agency: true, cases: 2), Record("SW2001", cases: 12, absent: false)), Day, roster);
        Assert.Equal(
            ["T1 H100 Absent false true", "T1 SW2002 Cases 2 3", "T1 SW2003 MissingFromReturn  "],
            missing.Select(d => $"{d.TeamId} {d.Worker} {d.Kind} {Shown(d.Return)} {Shown(d.Snapshot)}"));
        static string Shown(CensusValue? value) => value is { } v ? $"{v.Number}{v.Flag?.ToString().ToLowerInvariant()}" : "";
    }

    [Fact]
    public void The_returns_figures_are_dfes_definitions_over_the_years_working_days()
    {
        var census = Return(2m,
            Record("SW1", fte30: 1m, cases: 20, daysLost: 10),
            Record("SW2", fte30: 0.5m, cases: 0, daysLost: 0),
            Record("SW3", agency: true, fte: 1m, fte30: null, cases: 15),
            Record("SW4", fte: 0.5m, fte30: null, ended: new LocalDate(2026, 6, 30)),
            Record("SW5", fte: 1m, fte30: null, ended: new LocalDate(2025, 6, 30)));

        var figures = CensusFigures.Of(census, Day);

        Assert.Equal((2, 1, 1, 2m), (figures.InPost, figures.Agency, figures.Leavers, figures.Vacancies!.Value));
        Assert.Equal(35m / 2m, figures.CaseloadFte);               // those holding a case: SW1 and SW3
        Assert.Equal(0.5m * 100 / 1.5m, figures.TurnoverRateFte);
        Assert.Equal(1m * 100 / 2.5m, figures.AgencyRateFte);
        Assert.Equal(2m * 100 / 3.5m, figures.VacancyRateFte);

        // 1 October 2025 to 30 September 2026: 261 weekdays, 8 of them bank holidays.
        Assert.Equal(10m * 100 / (1.5m * 253), figures.AbsenceRateFte);
    }
}
