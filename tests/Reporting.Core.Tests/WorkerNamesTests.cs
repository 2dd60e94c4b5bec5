using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Snapshots;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Caseload.Reporting.Tests;

/// <summary>How workers are named to people: namesakes in one team told apart by what their manager knows, and nothing more.</summary>
public class WorkerNamesTests
{
    private static WorkerCaseload Worker(string id, string name, string team = "T1", Role role = Role.SocialWorker, decimal fte = 1m, bool asye = false, bool agency = false) =>
        new(id, name, team, role, fte, asye, agency, 20, 20m, 18m, 2m, Band.Amber, BreachStatus.New, 1, false, 0m, Actions.BreachFollowUp.None);

    [Fact]
    public void A_name_no_one_else_in_the_team_has_is_shown_as_it_is_and_short_on_a_chart()
    {
        var maya = Worker("W1", "Maya  Chowdhury");
        var names = WorkerNames.Of([maya, Worker("W2", "Dev Khan")]);

        Assert.Equal("Maya Chowdhury", names.Full(maya).ToString());
        Assert.Equal("Maya C.", names.Brief(maya).ToString());
        Assert.Equal("Christopher-J…", WorkerNames.Of([Worker("W3", "Christopher-James Okonkwo-Smith")]).Brief(Worker("W3", "Christopher-James Okonkwo-Smith")).ToString());
    }

    [Fact]
    public void Namesakes_in_one_team_are_told_apart_by_the_first_quality_that_differs_and_only_that()
    {
        var senior = Worker("SW100037", "Tariq O'Brien", role: Role.SeniorPractitioner, agency: true);
        var asye = Worker("SW100127", "Tariq O'Brien", asye: true);
        var names = WorkerNames.Of([senior, asye, Worker("W9", "Wendy Worker")]);

        Assert.Equal("Tariq O'Brien (senior practitioner)", names.Full(senior).ToString());
        Assert.Equal("Tariq O'Brien (social worker)", names.Full(asye).ToString());
        Assert.Equal(names.Full(senior).ToString(), names.Brief(senior).ToString());
        Assert.Equal("Wendy Worker", names.Full(Worker("W9", "Wendy Worker")).ToString());
    }

    [Fact]
    public void Namesakes_of_the_same_role_are_told_apart_by_fte_then_asye_then_agency_and_by_the_rosters_id_only_when_nothing_else_differs()
    {
        var byFte = WorkerNames.Of([Worker("A", "Sam Jones", fte: 0.6m), Worker("B", "Sam Jones")]);
        Assert.Equal(("Sam Jones (0.6 FTE)", "Sam Jones (1 FTE)"), (byFte.Full(Worker("A", "Sam Jones")).ToString(), byFte.Full(Worker("B", "Sam Jones")).ToString()));

        var byAgency = WorkerNames.Of([Worker("A", "Sam Jones", agency: true), Worker("B", "Sam Jones")]);
        Assert.Equal(("Sam Jones (agency)", "Sam Jones (not agency)"), (byAgency.Full(Worker("A", "Sam Jones")).ToString(), byAgency.Full(Worker("B", "Sam Jones")).ToString()));

        // Three of a name: the role tells one apart; the other two need their FTE too.
        var three = WorkerNames.Of([Worker("A", "Sam Jones", role: Role.PracticeManager), Worker("B", "Sam Jones", fte: 0.5m), Worker("C", "Sam Jones")]);
        Assert.Equal(
            ["Sam Jones (practice manager, 1 FTE)", "Sam Jones (social worker, 0.5 FTE)", "Sam Jones (social worker, 1 FTE)"],
            new[] { "A", "B", "C" }.Select(id => three.Full(id, "Sam Jones").ToString()));

        var twins = WorkerNames.Of([Worker("SW1", "Sam Jones"), Worker("SW2", "sam  jones")]);
        Assert.Equal(("Sam Jones (roster id SW1)", "sam jones (roster id SW2)"), (twins.Full(Worker("SW1", "Sam Jones")).ToString(), twins.Full(Worker("SW2", "sam  jones")).ToString()));
    }

    [Fact]
    public void The_same_name_in_two_teams_is_not_qualified_the_teams_name_tells_them_apart_and_short_names_that_collide_give_way_to_full_ones()
    {
        var names = WorkerNames.Of([Worker("A", "Tariq O'Brien", "T1"), Worker("B", "Tariq O'Brien", "T2"), Worker("C", "Tariq Osei", "T2")]);

        Assert.Equal("Tariq O'Brien", names.Full(Worker("A", "Tariq O'Brien", "T1")).ToString());
        Assert.Equal("Tariq O.", names.Brief(Worker("A", "Tariq O'Brien", "T1")).ToString());
        Assert.Equal(("Tariq O'Brien", "Tariq Osei"), (names.Brief(Worker("B", "Tariq O'Brien", "T2")).ToString(), names.Brief(Worker("C", "Tariq Osei", "T2")).ToString()));
    }

    [Property(MaxTest = 200)]
    public Property No_two_workers_of_a_team_are_ever_named_alike_in_full_or_short() =>
        Prop.ForAll(
            Gen.ArrayOf(
                from name in Gen.Elements("Sam Jones", "sam jones", "Sam Jonas", "Sam", "Tariq O'Brien", "Tariq Osei")
                from team in Gen.Elements("T1", "T2")
                from role in Gen.Elements(Role.SocialWorker, Role.SeniorPractitioner)
                from fte in Gen.Elements(1m, 0.5m)
                from asye in Gen.Elements(true, false)
                from agency in Gen.Elements(true, false)
                select (name, team, role, fte, asye, agency)).ToArbitrary(),
            rows =>
            {
                var workers = rows.Select((r, i) => Worker($"W{i}", r.name, r.team, r.role, r.fte, r.asye, r.agency)).ToList();
                var names = WorkerNames.Of(workers);
                return workers.GroupBy(w => w.TeamId).All(team =>
                    team.Select(w => names.Full(w).ToString()).Distinct(StringComparer.OrdinalIgnoreCase).Count() == team.Count()
                    && team.Select(w => names.Brief(w).ToString()).Distinct(StringComparer.OrdinalIgnoreCase).Count() == team.Count());
            });
}
