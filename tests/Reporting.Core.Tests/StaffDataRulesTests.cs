using Caseload.Reporting.Actions;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Staff;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// The staff side of data protection as rules: stable pseudonyms under the council's key; the lines of a message
/// about one worker and no one else; pseudonymising and erasing that change who, never how many.
/// </summary>
public class StaffDataRulesTests
{
    private static readonly StaffPseudonyms Pseudonyms = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly IsoWeek Week47 = new(2026, 47);
    private static readonly DateTimeOffset Monday47 = new(2026, 11, 16, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_pseudonym_is_the_same_for_the_same_person_differs_between_people_and_between_councils_and_says_it_is_one()
    {
        var w1 = Pseudonyms.Of("SW100037");
        var other = new StaffPseudonyms(Enumerable.Range(2, 32).Select(i => (byte)i).ToArray());

        Assert.Equal(w1, Pseudonyms.Of("SW100037"));
        Assert.NotEqual(w1, Pseudonyms.Of("SW100127"));
        Assert.NotEqual(w1, other.Of("SW100037"));
        Assert.Matches("^Worker [0-9A-HJKMNP-TV-Z]{6}$", w1.Name);
        Assert.Matches("^pseudonym-[0-9a-hjkmnp-tv-z]{10}$", w1.WorkerId);
        Assert.True(StaffPseudonyms.IsPseudonymName(w1.Name));
        Assert.False(StaffPseudonyms.IsPseudonymName("Worker Bee"));
        Assert.Equal(Pseudonyms.OfAddress("Mo@Council.example "), Pseudonyms.OfAddress("mo@council.example"));
        Assert.Throws<ArgumentException>(() => new StaffPseudonyms(new byte[16]));
    }

    [Fact]
    public void The_lines_about_a_worker_are_those_naming_them_with_everyone_else_in_them_replaced()
    {
        const string text = """
            Dear Mo,
            - Ann Lee: caseload 21 against a limit of 18, over by 3 (red)
            - Ann Leeds: caseload 12 against a limit of 18 (within)
            - 2 cases from Ann L. to Noah S.
            - Noah Smith: caseload 10
            - 2 cases from Ann L. to Noah S.
            """;

        var lines = new Mentions(["Ann Lee", "Ann L."], ["Ann Leeds", "Ann L.", "Noah Smith", "Noah S."], "Team T1", ["Team T1"]).LinesAbout("Team T1\n" + text);

        Assert.Equal(["- Ann Lee: caseload 21 against a limit of 18, over by 3 (red)", "- 2 cases from Ann L. to another worker"], lines);
    }

    [Fact]
    public void Other_people_in_free_text_are_replaced_as_whole_words_and_the_worker_never()
    {
        var others = new OtherPeople(["Noah Smith", "Ann Lee", "Sam Jones"], except: ["Sam Jones"]);

        Assert.Equal("another worker covers; Ann Leeds visits; Sam Jones rests", others.Redact("Noah Smith covers; Ann Leeds visits; Sam Jones rests"));
        Assert.Equal("Ann Lee's cases to another worker", new OtherPeople(["Ann Lee", "Noah Smith"], except: ["Ann Lee"]).Redact("Ann Lee's cases to Noah Smith"));
        Assert.Null(others.Redact(null));
    }

    [Fact]
    public void A_namesakes_lines_are_never_taken_for_the_workers_own()
    {
        const string text = "Team T1\n- Tariq O'Brien (senior practitioner): caseload 30\n- Tariq O'Brien (social worker): caseload 28\n- 2 cases from Tariq O'Brien (senior practitioner) to Tariq O'Brien (social worker)";

        var lines = new Mentions(["Tariq O'Brien (senior practitioner)"], ["Tariq O'Brien (social worker)", "Tariq O'Brien"], "Team T1", ["Team T1"]).LinesAbout(text);

        Assert.Equal(["- Tariq O'Brien (senior practitioner): caseload 30", "- 2 cases from Tariq O'Brien (senior practitioner) to another worker"], lines);
    }

    [Fact]
    public void A_namesake_in_another_team_is_another_person_a_message_about_many_teams_is_read_by_the_workers_team()
    {
        var council = new Council().Team("T1").Team("T2").Worker("W1").Worker("W2", team: "T2").Cases(21, "W1").Cases(20, "W2");
        var week = council.Evaluate();
        week = week with { Workers = [.. week.Workers.Select(w => w with { Name = "Sam Jones" })] };
        var named = NamedWorker.Of(week, week.Worker("W1"));
        const string rollUp = "- Sam Jones (Team T1, manager Mo): over by 3 (red)\n- Sam Jones (Team T2, manager Lee): over by 2 (amber)\nRed cases: Team T2 (1)\n- Sam Jones: caseload 20\nRed cases: Team T1 (1)\n- Sam Jones: caseload 21";
        const string theirManagers = "Team T1\n- Sam Jones: caseload 21 against a limit of 18";
        const string anotherManagers = "Team T2\n- Sam Jones: caseload 20 against a limit of 18";

        Assert.Equal(["- Sam Jones (Team T1, manager Mo): over by 3 (red)", "- Sam Jones: caseload 21"], named.LinesIn(new Notifications.NotificationKey(Notifications.NotificationKind.ServiceRollUp, Notifications.Recipient.Email("hos@council.example")), rollUp));
        Assert.Equal(["- Sam Jones: caseload 21 against a limit of 18"], named.LinesIn(new Notifications.NotificationKey(Notifications.NotificationKind.TeamManager, Notifications.Recipient.Email("mo@council.example")), theirManagers));
        Assert.Empty(named.LinesIn(new Notifications.NotificationKey(Notifications.NotificationKind.TeamManager, Notifications.Recipient.Email("lee@council.example")), anotherManagers));
        Assert.Empty(named.LinesIn(new Notifications.NotificationKey(Notifications.NotificationKind.TeamsChannel, Notifications.Recipient.Teams("default"), "T2"), anotherManagers));
    }

    [Fact]
    public void Pseudonymising_a_week_changes_every_name_and_note_and_recorder_and_no_figure_and_twice_is_once()
    {
        var (week, _) = WeekWithAction();

        var once = StaffErasure.Pseudonymise(week, Pseudonyms);
        var twice = StaffErasure.Pseudonymise(once, Pseudonyms);

        Assert.True(StaffErasure.Pseudonymised(once));
        Assert.False(StaffErasure.Pseudonymised(week));
        Assert.Equal(once.Workers.Select(w => w.Name), twice.Workers.Select(w => w.Name));
        Assert.Equal(week.Workers.Select(w => w.WorkerId), once.Workers.Select(w => w.WorkerId));
        Assert.Equal(Figures(week), Figures(once));
        Assert.All(once.Workers, w => Assert.Equal(Pseudonyms.Of(w.WorkerId).Name, w.Name));
        var action = once.Worker("W1").FollowUp.Action!;
        Assert.Equal((null, Pseudonyms.OfAddress("mo@council.example")), (action.Note, action.RecordedBy));
        Assert.True(once.Worker("W1").FollowUp.InDate);
    }

    [Fact]
    public void Erasing_a_worker_renames_them_and_the_moves_and_the_actions_on_their_breach_and_what_they_recorded_and_nothing_else()
    {
        var (week, action) = WeekWithAction();
        var forgotten = new ForgottenWorker("W1", new HashSet<string>(["w1@council.example"], StringComparer.OrdinalIgnoreCase), Pseudonyms);
        var recordedByThem = action with { Breach = new BreachKey("W3", Week47), RecordedBy = "W1@council.example", Note = "Covering while W3 is in court" };

        var erased = StaffErasure.Forget(week, forgotten);

        var pseudonym = Pseudonyms.Of("W1");
        Assert.True(StaffErasure.Names(week, forgotten));
        Assert.False(StaffErasure.Names(erased, forgotten));
        Assert.DoesNotContain(erased.Workers, w => w.WorkerId == "W1" || w.Name == "Worker W1");
        var them = erased.Worker(pseudonym.WorkerId);
        Assert.Equal((pseudonym.Name, pseudonym.WorkerId, null), (them.Name, them.FollowUp.Action!.Breach.WorkerId, them.FollowUp.Action.Note));
        Assert.All(erased.Teams.SelectMany(t => t.Capacity.Moves), m => Assert.NotEqual("W1", m.From));
        Assert.Contains(erased.Teams.SelectMany(t => t.Capacity.Moves), m => m.From == pseudonym.WorkerId);
        Assert.Equal(week.Workers.Where(w => w.WorkerId != "W1"), erased.Workers.Where(w => w.WorkerId != pseudonym.WorkerId));
        Assert.Equal(Figures(week), Figures(erased));

        var theirs = StaffErasure.Forget(recordedByThem, forgotten);
        Assert.Equal(("W3", Pseudonyms.OfAddress("w1@council.example"), "Covering while W3 is in court"), (theirs.Breach.WorkerId, theirs.RecordedBy, theirs.Note));
    }

    /// <summary>W1 over their limit with an action in date recorded by their manager, W2 with room, W3 within: a suggested move from W1 to W2.</summary>
    private static (CaseloadEvaluation Week, BreachAction Action) WeekWithAction()
    {
        var council = new Council().Team("T1").Worker("W1").Worker("W2").Worker("W3").Cases(21, "W1").Cases(10, "W2").Cases(17, "W3");
        var summary = CaseloadSummary.Of(council.Snapshot());
        var first = CaseloadEvaluation.Evaluate(summary, Policy.Default);
        var action = new BreachAction(BreachKey.Of(first.Worker("W1"), Week47)!, "T1", ActionKind.Support, new LocalDate(2026, 11, 30), null, "Co-working two cases", Monday47.AddHours(-1), "mo@council.example");
        var week = CaseloadEvaluation.Evaluate(summary, Policy.Default, week: new ActionsInWeek(Week47, Monday47, new BreachActions([action])));
        Assert.NotNull(week.Worker("W1").FollowUp.Action);
        Assert.NotEmpty(week.Team("T1").Capacity.Moves);
        return (week, action);
    }

    private static string Figures(CaseloadEvaluation week) =>
        $"{week.Totals} {string.Join(' ', week.Teams.Select(t => $"{t.Figures} {t.Capacity.Headroom} {t.Capacity.Excess} {string.Join(',', t.Capacity.Moves.Select(m => m.Cases))}"))} "
        + string.Join(' ', week.Workers.Select(w => $"{w.Caseload}/{w.Limit}/{w.Band}/{w.WeeksInBreach}/{w.FollowUp.Action?.Kind}/{w.FollowUp.InDate}"));

    [Fact]
    public void Subject_access_shows_the_rosters_social_work_england_number_and_a_change_of_it_starts_a_new_run()
    {
        var worker = new Snapshots.Worker("H100", "Maya Chowdhury", "maya@council.example", "T1", Snapshots.Role.SocialWorker, 1m, false, false) { SweNumber = "SW123456" };
        var monday = new LocalDate(2026, 9, 28);

        var runs = RosterFacts.Runs(
        [
            RosterFacts.Of(monday, worker, "Team 1"),
            RosterFacts.Of(monday.PlusDays(7), worker, "Team 1"),
            RosterFacts.Of(monday.PlusDays(14), worker with { SweNumber = null }, "Team 1"),
        ]);

        Assert.Equal([("SW123456", 2), (null, 1)], runs.Select(r => (r.SweNumber, r.Snapshots)));
    }
}
