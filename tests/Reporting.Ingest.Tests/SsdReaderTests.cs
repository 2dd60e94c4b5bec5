using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>The SSD tables as a snapshot (ssd spec): what is open on the date, of which kind, and what is refused where.</summary>
public class SsdReaderTests
{
    // The roster of SnapshotFolderFixture: T1 (W1, W2), T2 (W3). The date is 2026-11-16.
    private const string Episodes = """
        cine_referral_id,cine_person_id,cine_referral_date,cine_close_date,cine_referral_team,cine_referral_source
        R1,P1,2026-01-05,,T1,Police
        R2,P2,2026-03-01,1900-01-01,T1,School
        R3,P3,2026-10-01 09:30:00.000,,T1,Health
        R4,P4,2025-01-01,2025-06-01,T2,Police
        R5,P5,14/11/2026,,T2,Police
        R6,P6,2026-09-01,,T9,Police
        R7,P7,2026-08-01,,T2,Police
        R8,P8,2026-11-20,,T2,Police
        """;

    private const string Involvements = """
        invo_involvements_id,invo_professional_id,invo_professional_role_id,invo_person_id,invo_involvement_start_date,invo_involvement_end_date,invo_other
        I1,W1,CW,P1,2026-02-01,,x
        I2,IRO7,IRO,P1,2026-02-01,,x
        I3,W2, allocated case worker ,P2,2026-04-01 00:00:00,1900-01-01,x
        I4,W3,cw,P4,2026-05-01,,x
        I5,W1,CW,P3,2026-10-02,2026-11-10,x
        I6,W9,CW,P7,2026-08-02,,x
        I7,W3,CW,P8,2026-11-01,,x
        I8,W3,CW,P1,2026-11-17,,x
        """;

    private const string ClaEpisodes = """
        clae_cla_episode_id,clae_person_id,clae_cla_episode_start_date,clae_cla_episode_ceased_date
        E1,P1,2026-03-01,
        E2,P2,2025-01-01,2025-02-01
        """;

    private const string CpPlans = """
        cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date
        C1,P1,2026-02-15,
        C2,P2,2026-04-15,1900-01-01
        C3,P5,2026-12-01,
        """;

    private const string CpVisits = """
        cppv_cp_visit_id,cppv_person_id,cppv_cp_visit_date
        V1,P2,2026-11-01
        V2,P2,2026-11-12
        V3,P2,2026-11-20
        """;

    private const string ClaVisits = """
        clav_cla_visit_id,clav_person_id,clav_cla_visit_date
        V4,P1,2026-10-30
        """;

    private const string Legal = """
        lega_legal_status_id,lega_person_id,lega_legal_status,lega_legal_status_start_date,lega_legal_status_end_date
        S1,P1,V2,2026-03-01,
        S2,P2,C1,2026-06-01,
        S3,P3,C1,2026-01-01,2026-02-01
        """;

    private static SnapshotFolderFixture Folder(params (string File, string Text)[] tables)
    {
        var folder = new SnapshotFolderFixture(allocations: null);
        foreach (var (file, text) in tables)
        {
            File.WriteAllText(Path.Combine(folder.Path, file), text + "\n");
        }

        return folder;
    }

    private static SnapshotFolderFixture Council(string manifest = "") => Folder(
        ("ssd_cin_episodes.csv", Episodes), ("ssd_involvements.csv", Involvements), ("ssd_cla_episodes.csv", ClaEpisodes), ("ssd_cp_plans.csv", CpPlans),
        ("ssd_cp_visits.csv", CpVisits), ("ssd_cla_visits.csv", ClaVisits), ("ssd_legal_status.csv", Legal))
        .WithManifest(manifest);

    [Fact]
    public void The_cases_open_on_the_date_are_allocated_to_their_case_workers_with_their_kind_plan_visit_and_proceedings()
    {
        using var folder = Council();

        var snapshot = SnapshotReader.Read(folder.Path);

        var rows = snapshot.Allocations.Select(a => (
            Child: snapshot.ChildIds[a.Child], Worker: a.Worker < 0 ? "" : snapshot.Workers[a.Worker].Id, Team: snapshot.Teams[a.Team].Id,
            a.CaseType, a.AllocatedOn, a.PlanStart, a.LastVisit, a.InProceedings)).OrderBy(r => r.Child, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                // Looked after and on a CP plan: looked after comes first, its plan the episode's; the IRO and the case worker starting tomorrow are not allocations; V2 is not proceedings.
                ("P1", "W1", "T1", CaseType.Cla, (LocalDate?)new LocalDate(2026, 2, 1), (LocalDate?)new LocalDate(2026, 3, 1), (LocalDate?)new LocalDate(2026, 10, 30), false),
                // A placeholder end is open; the latest visit on or before the date; an interim care order is proceedings.
                ("P2", "W2", "T1", CaseType.Cp, new LocalDate(2026, 4, 1), new LocalDate(2026, 4, 15), new LocalDate(2026, 11, 12), true),
                // Its worker's involvement ended on the 10th: unallocated in its referral's team since then.
                ("P3", "", "T1", CaseType.Other, new LocalDate(2026, 11, 10), null, null, false),
                // A closed referral and no case: allocated still, as other (warned).
                ("P4", "W3", "T2", CaseType.Other, new LocalDate(2026, 5, 1), null, null, false),
                // Referred two days ago in dd/MM/yyyy, a plan that starts next month: unallocated, other, since the referral.
                ("P5", "", "T2", CaseType.Other, new LocalDate(2026, 11, 14), null, null, false),
                // A worker who is not on the roster: unallocated in the referral's team (warned).
                ("P7", "", "T2", CaseType.Other, new LocalDate(2026, 8, 2), null, null, false),
                // Referred after the date but allocated before it: allocated, with no case open (warned).
                ("P8", "W3", "T2", CaseType.Other, new LocalDate(2026, 11, 1), null, null, false),
            ],
            rows);
        Assert.Equal(
            [
                ("ssd_cin_episodes.csv", (int?)7, "cine_referral_team", "ssd_unallocated_no_team"),
                ("ssd_involvements.csv", 5, "invo_person_id", "ssd_no_open_case"),
                ("ssd_involvements.csv", 7, "invo_professional_id", "unknown_worker"),
                ("ssd_involvements.csv", 8, "invo_person_id", "ssd_no_open_case"),
            ],
            snapshot.Warnings.Select(w => (w.File, w.Line, w.Column, w.Code)).OrderBy(w => w.File, StringComparer.Ordinal).ThenBy(w => w.Line));
        Assert.DoesNotContain(snapshot.Warnings, w => w.ToString().Contains('P', StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(w.ToString(), @"\bP\d\b"));
    }

    [Fact]
    public void The_councils_own_codes_decide_what_allocates_and_what_is_proceedings()
    {
        using var folder = Council("""{"asOf": "2026-11-16", "ssd": {"allocatedRoles": ["IRO"], "proceedingsStatuses": ["V2"]}}""");

        var snapshot = SnapshotReader.Read(folder.Path);

        var p1 = snapshot.Allocations.Where(a => snapshot.ChildIds[a.Child] == "P1").ToList();
        Assert.Equal(CaseType.Cla, Assert.Single(p1).CaseType);
        Assert.True(p1[0].InProceedings);
        Assert.Equal(-1, p1[0].Worker);  // IRO7 is no one on the roster: unallocated in T1
        Assert.DoesNotContain(snapshot.Allocations, a => a.Worker >= 0);
    }

    [Fact]
    public void A_missing_table_or_column_an_unreadable_date_and_a_wrong_ssd_section_are_refused_where_they_are()
    {
        using var noEpisodes = Folder(("ssd_involvements.csv", Involvements));
        using var noColumn = Folder(("ssd_cin_episodes.csv", Episodes), ("ssd_involvements.csv", Involvements),
            ("ssd_cp_plans.csv", "cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date\nC1,P1,2026-02-15"));
        using var badDate = Folder(("ssd_cin_episodes.csv", Episodes), ("ssd_involvements.csv", Involvements.Replace("2026-04-01 00:00:00", "1 April 2026", StringComparison.Ordinal)));
        using var badCodes = Council("""{"asOf": "2026-11-16", "ssd": {"allocatedRoles": [], "roles": ["CW"]}}""");
        using var controlInId = Folder(("ssd_cin_episodes.csv", Episodes), ("ssd_involvements.csv", Involvements.Replace("I4,W3,", "I4,W3\u007f,", StringComparison.Ordinal)));

        string[] Problems(SnapshotFolderFixture folder) =>
            [.. Assert.Throws<InvalidInputException>(() => SnapshotReader.Read(folder.Path)).Problems.Where(p => p.Severity == Severity.Error).Select(p => p.ToString())];

        Assert.Equal(["ssd_cin_episodes.csv: the file is missing; a snapshot folder needs teams.csv, workers.csv and allocations.csv (or, from the SSD, ssd_involvements.csv and ssd_cin_episodes.csv)"], Problems(noEpisodes));
        Assert.Equal(["ssd_cp_plans.csv:1: cppl_cp_plan_end_date: required column is missing from the header row; add it (names match in any case and order)"], Problems(noColumn));
        Assert.Equal(["ssd_involvements.csv:4: invo_involvement_start_date: is not a date from 1900 to 2099; write yyyy-MM-dd, yyyy-MM-dd HH:mm:ss or dd/MM/yyyy"], Problems(badDate));
        Assert.Equal(["ssd_involvements.csv:5: invo_professional_id: is not an id: at most 64 characters, no control characters"], Problems(controlInId));
        Assert.Equal(
            ["snapshot.json: ssd.allocatedRoles: expected a list of one or more codes: the involvement roles that allocate a case, e.g. [\"CW\"]",
             "snapshot.json: ssd.roles: is not a setting of the ssd section; it takes allocatedRoles and proceedingsStatuses"],
            Problems(badCodes));
    }
}
