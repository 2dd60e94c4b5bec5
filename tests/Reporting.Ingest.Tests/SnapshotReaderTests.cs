using System.Globalization;
using System.Text;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>The canonical snapshot format (snapshot spec): what is tolerated, what is refused and where.</summary>
public class SnapshotReaderTests
{
    private static Snapshot Read(SnapshotFolderFixture folder, LocalDate? asOf = null) => SnapshotReader.Read(folder.Path, asOf);

    private static IReadOnlyList<Problem> Rejected(SnapshotFolderFixture folder, LocalDate? asOf = null) =>
        Assert.Throws<InvalidInputException>(() => SnapshotReader.Read(folder.Path, asOf)).Problems;

    private static string Only(IEnumerable<Problem> problems) =>
        Assert.Single(problems, p => p.Severity == Severity.Error).ToString();

    [Fact]
    public void Absences_are_read_in_either_date_format_and_one_that_ends_before_it_begins_is_refused_at_its_line()
    {
        using var good = new SnapshotFolderFixture(workers: """
            worker_id,name,email,team_id,role,fte,asye,agency,absent_from,absent_to
            M1,Mina Manager,m1@council.example,T1,team_manager,1,no,no,,
            W1,Wendy Worker,w1@council.example,T1,social_worker,1,no,no,17/10/2026,2027-01-31
            W2,Will Worker,w2@council.example,T1,social_worker,0.6,yes,no,2026-11-01,
            M2,Max Manager,m2@council.example,T2,team_manager,1,,,,
            W3,Wes Worker,w3@council.example,T2,senior_practitioner,1,no,yes,,
            """);
        using var bad = new SnapshotFolderFixture(workers: """
            worker_id,name,email,team_id,role,fte,asye,agency,absent_from,absent_to
            M1,Mina Manager,m1@council.example,T1,team_manager,1,no,no,,
            W1,Wendy Worker,w1@council.example,T1,social_worker,1,no,no,2026-11-20,2026-11-19
            W2,Will Worker,w2@council.example,T1,social_worker,0.6,yes,no,,2026-12-01
            M2,Max Manager,m2@council.example,T2,team_manager,1,,,,
            W3,Wes Worker,w3@council.example,T2,senior_practitioner,1,no,yes,,
            """);

        var snapshot = SnapshotReader.Read(good.Path);
        var refused = Assert.Throws<InvalidInputException>(() => SnapshotReader.Read(bad.Path));

        var wendy = snapshot.Workers.Single(w => w.Id == "W1");
        Assert.Equal(new Absence(new LocalDate(2026, 10, 17), new LocalDate(2027, 1, 31)), wendy.Absence);
        Assert.True(wendy.AbsentOn(snapshot.AsOf));
        Assert.Equal(new Absence(new LocalDate(2026, 11, 1), null), snapshot.Workers.Single(w => w.Id == "W2").Absence);
        Assert.Null(snapshot.Workers.Single(w => w.Id == "W3").Absence);
        Assert.DoesNotContain(snapshot.Warnings, w => w.Code == "future_date");  // an absence's end is expected to be ahead
        Assert.Contains(refused.Errors, p => (p.File, p.Line, p.Column) == ("workers.csv", 3, "absent_to") && p.Message.Contains("before absent_from", StringComparison.Ordinal));
        Assert.Contains(refused.Errors, p => (p.File, p.Line, p.Column) == ("workers.csv", 4, "absent_from"));
    }

    [Fact]
    public void A_valid_snapshot_reads_whole()
    {
        using var folder = new SnapshotFolderFixture();
        var snapshot = Read(folder);

        Assert.Equal(new LocalDate(2026, 11, 16), snapshot.AsOf);
        Assert.Equal("test", snapshot.Source);
        Assert.Equal(2, snapshot.Teams.Count);
        Assert.Equal(5, snapshot.Workers.Count);
        Assert.Equal(5, snapshot.Allocations.Count);
        Assert.Equal(new Worker("W2", "Will Worker", "w2@council.example", "T1", Role.SocialWorker, 0.6m, true, false), snapshot.Workers[2]);
        Assert.Equal(new LocalDate(2026, 10, 1), snapshot.Allocations[2].AllocatedOn);
        Assert.True(snapshot.Allocations[3].IsUnallocated);
        Assert.True(snapshot.Allocations[1].InProceedings);
        Assert.Empty(snapshot.Warnings);
    }

    [Fact]
    public void Headers_match_in_any_case_order_and_spacing_and_extra_columns_are_ignored()
    {
        using var folder = new SnapshotFolderFixture(workers: """
             Agency , FTE,Role,TEAM_ID,Email, Name ,Worker_ID,payroll_number
            no,1,team_manager,T1,m1@council.example,Mina Manager,M1,991
            no,1,team_manager,T2,m2@council.example,Max Manager,M2,992
            yes,0.8,Social Worker,T1,w1@council.example,Wendy Worker,W1,993
            no,1,Senior-Practitioner,T1,w2@council.example,Will Worker,W2,994
            no,1,social_worker,T2,w3@council.example,Wes Worker,W3,995
            """);

        var snapshot = Read(folder);

        Assert.Equal(Role.SocialWorker, snapshot.Workers[2].Role);
        Assert.Equal(Role.SeniorPractitioner, snapshot.Workers[3].Role);
        Assert.Equal(0.8m, snapshot.Workers[2].Fte);
        Assert.True(snapshot.Workers[2].Agency);
    }

    [Fact]
    public void A_byte_order_mark_and_crlf_line_ends_are_read()
    {
        using var folder = new SnapshotFolderFixture(
            teams: SnapshotFolderFixture.Teams.ReplaceLineEndings("\r\n"),
            allocations: SnapshotFolderFixture.Allocations.ReplaceLineEndings("\r\n"),
            encoding: new UTF8Encoding(true));

        var snapshot = Read(folder);

        Assert.Equal("T1", snapshot.Teams[0].Id);
        Assert.Equal(5, snapshot.Allocations.Count);
    }

    [Fact]
    public void Quoted_fields_hold_commas_quotes_and_line_breaks_and_lines_are_counted_as_an_editor_does()
    {
        using var folder = new SnapshotFolderFixture(teams: """
            team_id,name,team_type,manager_id
            T1,"Chatham, ""East""
            Assessment",assessment,M1

            T2,Strood,adolescent,M2
            T3,Hoo,nonsense,
            """);

        var problems = Rejected(folder);

        Assert.Equal("teams.csv:6: team_type: 'nonsense' is not one of assessment, cin_cp, adolescent, children_in_care, care_leavers, disabled_children, front_door, other", Only(problems));
    }

    [Fact]
    public void A_quoted_name_keeps_its_comma_quotes_and_line_break()
    {
        using var folder = new SnapshotFolderFixture(teams: """
            team_id,name,team_type,manager_id
            T1,"Chatham, ""East""
            Assessment",assessment,M1
            T2,Strood,adolescent,M2
            """);

        Assert.Equal("Chatham, \"East\"\nAssessment", Read(folder).Teams[0].Name.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Values_read_in_every_spelling_the_spec_allows()
    {
        using var folder = new SnapshotFolderFixture(allocations: """
            child_id,worker_id,case_type,in_proceedings,allocated_on,plan_start
            4000001,W1,CP,YES,2026-10-01,1/9/2026
            4000002,W1,Care Leaver,n,01/10/2026,
            4000003,W1,early-help,True,,
            4000004,W1,cla,0,,
            """);

        var allocations = Read(folder).Allocations;

        Assert.Equal([CaseType.Cp, CaseType.CareLeaver, CaseType.EarlyHelp, CaseType.Cla], allocations.Select(a => a.CaseType));
        Assert.Equal([true, false, true, false], allocations.Select(a => a.InProceedings));
        Assert.Equal(new LocalDate(2026, 9, 1), allocations[0].PlanStart);
        Assert.Equal(new LocalDate(2026, 10, 1), allocations[1].AllocatedOn);
    }

    [Theory]
    [InlineData("teams.csv", "teams.csv: the file is missing")]
    [InlineData("workers.csv", "workers.csv: the file is missing")]
    [InlineData("allocations.csv", "allocations.csv: the file is missing")]
    public void A_missing_file_is_refused(string file, string expected)
    {
        using var folder = new SnapshotFolderFixture(
            teams: file == "teams.csv" ? null : SnapshotFolderFixture.Teams,
            workers: file == "workers.csv" ? null : SnapshotFolderFixture.Workers,
            allocations: file == "allocations.csv" ? null : SnapshotFolderFixture.Allocations);

        Assert.Contains(Rejected(folder), p => p.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_required_column_is_refused_at_the_header()
    {
        using var folder = new SnapshotFolderFixture(workers: """
            worker_id,name,team_id,role
            W1,Wendy,T1,social_worker
            """);

        var errors = Rejected(folder).Where(p => p.Severity == Severity.Error).Select(p => p.ToString()).ToList();

        Assert.Contains("workers.csv:1: email: required column is missing from the header row; add it (names match in any case and order)", errors);
        Assert.Contains(errors, e => e.StartsWith("workers.csv:1: fte: required column is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_required_cell_is_refused()
    {
        using var folder = new SnapshotFolderFixture(workers: SnapshotFolderFixture.Workers.Replace("w1@council.example", "", StringComparison.Ordinal));

        Assert.Equal("workers.csv:3: email: is empty; this column is required", Only(Rejected(folder)));
    }

    [Theory]
    [InlineData("0.6,yes", "0,yes", "workers.csv:4: fte: is not a number greater than 0 and at most 1, e.g. 0.6")]
    [InlineData("0.6,yes", "1.2,yes", "workers.csv:4: fte: is not a number greater than 0 and at most 1, e.g. 0.6")]
    [InlineData("0.6,yes", "six,yes", "workers.csv:4: fte: 'six' is not a number greater than 0 and at most 1, e.g. 0.6")]
    [InlineData("0.6,yes", "0.6,perhaps", "workers.csv:4: asye: 'perhaps' is not yes or no (also y/n, true/false, 1/0)")]
    [InlineData("senior_practitioner", "consultant", "workers.csv:6: role: 'consultant' is not one of social_worker, senior_practitioner, advanced_practitioner, practice_manager, team_manager, family_worker, student, other")]
    public void A_value_that_does_not_parse_is_refused(string from, string to, string expected)
    {
        using var folder = new SnapshotFolderFixture(workers: SnapshotFolderFixture.Workers.Replace(from, to, StringComparison.Ordinal));

        Assert.Equal(expected, Only(Rejected(folder)));
    }

    [Theory]
    [InlineData("2026-10-01,yes", "2026/10/01,yes", "allocations.csv:3: allocated_on: is not a date from 1900 to 2099; write yyyy-MM-dd or dd/MM/yyyy")]
    [InlineData("2026-10-01,yes", "10/31/2026,yes", "allocations.csv:3: allocated_on: is not a date from 1900 to 2099; write yyyy-MM-dd or dd/MM/yyyy")]
    [InlineData("2026-10-01,yes", "2026-02-30,yes", "allocations.csv:3: allocated_on: is not a date from 1900 to 2099; write yyyy-MM-dd or dd/MM/yyyy")]
    [InlineData(",cla,", ",looked_after,", "allocations.csv:6: case_type: 'looked_after' is not one of assessment, cin, cp, cla, care_leaver, early_help, other")]
    public void An_allocation_value_that_does_not_parse_is_refused(string from, string to, string expected)
    {
        using var folder = new SnapshotFolderFixture(allocations: SnapshotFolderFixture.Allocations.Replace(from, to, StringComparison.Ordinal));

        Assert.Equal(expected, Only(Rejected(folder)));
    }

    [Fact]
    public void A_repeated_team_id_is_refused()
    {
        using var folder = new SnapshotFolderFixture(teams: SnapshotFolderFixture.Teams + "\nT1,Again,cin_cp,,,,");

        Assert.Equal("teams.csv:4: team_id: repeats the team_id of line 2; team_id must be unique", Only(Rejected(folder)));
    }

    [Fact]
    public void A_repeated_worker_id_is_refused()
    {
        using var folder = new SnapshotFolderFixture(workers: SnapshotFolderFixture.Workers + "\nW1,Other Wendy,w9@council.example,T2,social_worker,1,,");

        Assert.Equal("workers.csv:7: worker_id: repeats the worker_id of line 3; worker_id must be unique", Only(Rejected(folder)));
    }

    [Fact]
    public void A_swe_number_is_read_upper_cased_where_given_and_refused_when_it_is_not_one_or_repeats_another()
    {
        static string WithSwe(params string[] numbers) => string.Join('\n', SnapshotFolderFixture.Workers.Split('\n')
            .Select((line, i) => line + (i == 0 ? ",absent_from,absent_to,swe_number" : $",,,{(i <= numbers.Length ? numbers[i - 1] : "")}")));
        using (var good = new SnapshotFolderFixture(workers: WithSwe("sw123456", "", "SW000042")))
        {
            Assert.Equal(["SW123456", null, "SW000042", null, null], Read(good).Workers.Select(w => w.SweNumber));
        }

        using var bad = new SnapshotFolderFixture(workers: WithSwe("SW12", "SW123456", "sw123456"));
        Assert.Equal(
            [
                "workers.csv:2: swe_number: is not a Social Work England number; write two letters and 4 to 12 digits, e.g. SW123456, or leave it empty",
                "workers.csv:4: swe_number: repeats the swe_number of line 3; a Social Work England number belongs to one worker",
            ],
            Rejected(bad).Select(p => p.ToString()));
    }

    [Fact]
    public void A_worker_naming_a_team_that_does_not_exist_is_refused()
    {
        using var folder = new SnapshotFolderFixture(workers: SnapshotFolderFixture.Workers + "\nW9,Nine,w9@council.example,T9,social_worker,1,,");

        Assert.Equal("workers.csv:7: team_id: names a team that is not in teams.csv; add the team or correct the worker's team_id", Only(Rejected(folder)));
    }

    [Fact]
    public void An_allocation_with_neither_worker_nor_team_is_refused()
    {
        using var folder = new SnapshotFolderFixture(allocations: SnapshotFolderFixture.Allocations + "\n4000009,,,,cin,,,,");

        Assert.Equal("allocations.csv:7: worker_id: neither worker_id nor team_id is given; an unallocated case needs the team_id of the team that owns it", Only(Rejected(folder)));
    }

    [Fact]
    public void An_unallocated_case_in_a_team_that_does_not_exist_is_refused()
    {
        using var folder = new SnapshotFolderFixture(allocations: SnapshotFolderFixture.Allocations + "\n4000009,,,T9,cin,,,,");

        Assert.Equal("allocations.csv:7: team_id: names a team that is not in teams.csv; add the team or correct the team_id", Only(Rejected(folder)));
    }

    [Fact]
    public void An_unknown_as_of_is_refused_and_the_command_line_date_overrides_the_manifest()
    {
        using var folder = new SnapshotFolderFixture(manifest: null);

        Assert.StartsWith("snapshot.json: asOf: the date the data describes is unknown", Only(Rejected(folder)), StringComparison.Ordinal);
        Assert.Equal(new LocalDate(2026, 11, 23), Read(folder, new LocalDate(2026, 11, 23)).AsOf);
    }

    [Fact]
    public void Every_problem_is_reported_in_one_pass()
    {
        using var folder = new SnapshotFolderFixture(
            teams: SnapshotFolderFixture.Teams + "\nT3,,unknown_type,,,,",
            workers: SnapshotFolderFixture.Workers + "\nW8,Eight,w8@council.example,T1,social_worker,two,,",
            allocations: SnapshotFolderFixture.Allocations + "\n,,W1,,cin,,,,\n4000010,,W1,,cin,yesterday,,,");

        var errors = Rejected(folder).Where(p => p.Severity == Severity.Error).Select(p => $"{p.Where} {p.Column}").ToList();

        Assert.Equal(["teams.csv:4 name", "teams.csv:4 team_type", "workers.csv:7 fte", "allocations.csv:7 child_id", "allocations.csv:8 allocated_on"], errors);
    }

    [Fact]
    public void A_worker_who_has_left_is_a_warning_and_their_case_is_unallocated_in_its_team()
    {
        using var folder = new SnapshotFolderFixture(allocations: SnapshotFolderFixture.Allocations + "\n4000011,,GONE1,T2,cin,,,,\n4000012,,GONE2,,cin,,,,");

        var snapshot = Read(folder);

        Assert.Equal(6, snapshot.Allocations.Count);
        Assert.True(snapshot.Allocations[^1].IsUnallocated);
        Assert.Equal(1, snapshot.Allocations[^1].Team);
        Assert.Equal(
            ["allocations.csv:7: worker_id: names a worker who is not in workers.csv (probably left); the case is counted as unallocated in its team_id",
             "allocations.csv:8: worker_id: names a worker who is not in workers.csv (probably left) and no team_id is given; the case is reported here only, not counted"],
            snapshot.Warnings.Select(w => w.ToString()));
    }

    [Fact]
    public void A_repeated_child_and_worker_is_one_case_and_a_warning()
    {
        using var folder = new SnapshotFolderFixture(allocations: SnapshotFolderFixture.Allocations + "\n4000001,F1,W1,,cp,,,,");

        var snapshot = Read(folder);

        Assert.Equal(5, snapshot.Allocations.Count);
        var warning = Assert.Single(snapshot.Warnings);
        Assert.Equal("duplicate_allocation", warning.Code);
        Assert.Equal("allocations.csv:7", warning.Where);
    }

    [Fact]
    public void A_team_without_a_manager_and_a_date_in_the_future_are_warnings()
    {
        using var folder = new SnapshotFolderFixture(
            teams: SnapshotFolderFixture.Teams.Replace(",M2,", ",,", StringComparison.Ordinal),
            allocations: SnapshotFolderFixture.Allocations.Replace("2026-11-12", "2026-12-12", StringComparison.Ordinal));

        var snapshot = Read(folder);

        Assert.Equal(
            ["teams.csv:3: manager_id: the team has no manager; its weekly email goes to the fallback address",
             "allocations.csv:5: allocated_on: the date is after the snapshot's date 2026-11-16"],
            snapshot.Warnings.Select(w => w.ToString()));
    }

    [Fact]
    public void No_problem_names_a_child()
    {
        using var folder = new SnapshotFolderFixture(allocations: SnapshotFolderFixture.Allocations
            + "\n4000001,F1,W1,,cp,,,,\n7777777,,GONE,,cin,,,,\n8888888,,W1,,bad,,,,\n9999999,,W1,,cin,someday,maybe,,");

        var problems = Rejected(folder);

        Assert.Equal(5, problems.Count);
        Assert.All(problems, p => Assert.DoesNotMatch("4000001|7777777|8888888|9999999", p.ToString()));
    }

    [Fact]
    public void Problems_of_a_large_file_come_in_file_order_with_their_lines()
    {
        var rows = new System.Text.StringBuilder("child_id,worker_id,team_id,case_type,allocated_on\n");
        for (var i = 0; i < 30_000; i++)
        {
            var (worker, caseType, date) = i switch
            {
                5_000 => ("W1", "cin", "31/02/2026"),
                12_000 => ("GONE", "cin", ""),
                20_000 => ("W1", "bad", ""),
                29_999 => ("", "cin", ""),
                _ => ("W1", "cin", ""),
            };
            rows.Append(CultureInfo.InvariantCulture, $"{5_000_000 + i},{worker},,{caseType},{date}\n");
        }

        using var folder = new SnapshotFolderFixture(allocations: rows.ToString());

        var problems = Rejected(folder).Select(p => $"{p.Where} {p.Column} {p.Severity}");

        Assert.Equal(
            ["allocations.csv:5002 allocated_on Error", "allocations.csv:12002 worker_id Warning", "allocations.csv:20002 case_type Error", "allocations.csv:30001 worker_id Error"],
            problems);
    }

    [Fact]
    public void A_quote_left_open_is_malformed_csv_and_refused()
    {
        using var folder = new SnapshotFolderFixture(teams: "team_id,name,team_type\nT1,\"Chatham,assessment\nT2,Strood,adolescent\n");

        var problem = Rejected(folder)[0];

        Assert.Equal("csv_malformed", problem.Code);
        Assert.Equal("teams.csv:2: malformed CSV: a quote is left open, or a quoted value runs into other characters; check the quoting of this record", problem.ToString());
    }

    [Fact]
    public void A_manifest_that_is_not_json_is_refused_at_its_line_and_column_in_words()
    {
        using var folder = new SnapshotFolderFixture(manifest: "{\"asOf\": \"2026-11-16\",}");

        Assert.Equal("snapshot.json:1: column 23: a comma before }: remove it; fix the JSON and run again", Only(Rejected(folder)));
    }
}
