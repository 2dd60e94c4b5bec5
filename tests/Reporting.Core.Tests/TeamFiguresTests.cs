using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Tests;

/// <summary>The policy spec's per-team figures and the council's totals.</summary>
public class TeamFiguresTests
{
    [Fact]
    public void CaseHolders_are_the_workers_whose_role_holds_a_limit()
    {
        var team = new Council().Team("T1").Worker("W1").Worker("W2").Worker("M1", role: Role.TeamManager).Evaluate().Team("T1");

        Assert.Equal(2, team.Figures.CaseHolders);
    }

    [Fact]
    public void Cases_count_each_child_of_the_team_once_plus_its_unallocated_children()
    {
        var team = new Council().Team("T1").Worker("W1").Worker("F1", role: Role.FamilyWorker)
            .Case("C1", "W1").Case("C1", "F1").Case("C2", "W1").Case("C3", "F1")
            .Case("C4", null, "T1").Case("C4", null, "T1").Case("C5", null, "T1")
            .Evaluate().Team("T1");

        Assert.Equal(5, team.Figures.Cases);
        Assert.Equal(2, team.Figures.Unallocated);
    }

    [Fact]
    public void AverageCaseload_and_casesPerFte_are_over_case_holders_only()
    {
        var team = new Council().Team("T1")
            .Worker("W1").Cases(20, "W1")
            .Worker("W2", fte: 0.5m).Cases(10, "W2")
            .Worker("M1", role: Role.TeamManager).Cases(6, "M1")
            .Evaluate().Team("T1");

        Assert.Equal(15m, team.Figures.AverageCaseload);
        Assert.Equal(20m, team.Figures.CasesPerFte);
        Assert.Equal(2, team.Figures.WorkersOverLimit); // W1 20 > 18, W2 10 > 9
    }

    [Fact]
    public void AverageCaseload_is_null_without_case_holders()
    {
        var team = new Council().Team("T1").Worker("M1", role: Role.TeamManager).Cases(3, "M1").Evaluate().Team("T1");

        Assert.Null(team.Figures.AverageCaseload);
        Assert.Null(team.Figures.CasesPerFte);
        Assert.Equal(3, team.Figures.Cases);
    }

    [Fact]
    public void Totals_count_a_child_co_worked_across_teams_once()
    {
        var evaluation = new Council().Team("T1").Team("T2").Worker("W1").Worker("W2", "T2")
            .Case("C1", "W1").Case("C1", "W2").Case("C2", "W2").Case("C3", null, "T2")
            .Evaluate();

        Assert.Equal(1, evaluation.Team("T1").Figures.Cases);
        Assert.Equal(3, evaluation.Team("T2").Figures.Cases);
        Assert.Equal(3, evaluation.Totals.Cases);
        Assert.Equal(1, evaluation.Totals.Unallocated);
        Assert.Equal(1.5m, evaluation.Totals.AverageCaseload);
    }

    [Fact]
    public void Workers_are_sorted_by_team_then_worker_and_teams_by_team()
    {
        var evaluation = new Council().Team("T2").Team("T1").Worker("W3", "T2").Worker("W2", "T1").Worker("W1", "T2").Evaluate();

        Assert.Equal(["W2", "W1", "W3"], evaluation.Workers.Select(w => w.WorkerId));
        Assert.Equal(["T1", "T2"], evaluation.Teams.Select(t => t.TeamId));
    }
}
