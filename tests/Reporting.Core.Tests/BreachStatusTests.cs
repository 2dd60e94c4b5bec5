using Caseload.Reporting.Evaluation;

namespace Caseload.Reporting.Tests;

/// <summary>New, continuing and resolved, week over week (policy spec, rule 6).</summary>
public class BreachStatusTests
{
    private static CaseloadEvaluation Week(params (string Worker, int Cases)[] caseloads)
    {
        var council = new Council().Team("T1");
        foreach (var (worker, cases) in caseloads)
        {
            council.Worker(worker).Cases(cases, worker);
        }

        return council.Evaluate();
    }

    [Fact]
    public void Status_new_is_a_breach_now_and_not_then()
    {
        var worker = Council.OneWorker(19).Evaluate(previous: Week(("W1", 18))).Worker("W1");

        Assert.Equal(BreachStatus.New, worker.Status);
        Assert.Equal(1, worker.WeeksInBreach);
    }

    [Fact]
    public void Status_new_when_the_worker_was_not_on_the_roster_then()
    {
        var worker = Council.OneWorker(25).Evaluate(previous: Week(("W9", 25))).Worker("W1");

        Assert.Equal(BreachStatus.New, worker.Status);
        Assert.Equal(1, worker.WeeksInBreach);
    }

    [Fact]
    public void Status_new_for_every_breach_in_the_first_week_watched() =>
        Assert.Equal(BreachStatus.New, Council.OneWorker(20).Evaluate().Worker("W1").Status);

    [Fact]
    public void Status_continuing_counts_weeks_in_breach_from_the_previous_evaluation()
    {
        var first = Week(("W1", 22));
        var second = Council.OneWorker(21).Evaluate(previous: first);
        var third = Council.OneWorker(19).Evaluate(previous: second);

        Assert.Equal(BreachStatus.Continuing, third.Worker("W1").Status);
        Assert.Equal(3, third.Worker("W1").WeeksInBreach);
    }

    [Fact]
    public void Status_resolved_is_a_breach_then_and_not_now()
    {
        var worker = Council.OneWorker(18).Evaluate(previous: Week(("W1", 22))).Worker("W1");

        Assert.Equal(BreachStatus.Resolved, worker.Status);
        Assert.Equal(0, worker.WeeksInBreach);
    }

    [Fact]
    public void Status_is_null_when_neither_week_is_a_breach()
    {
        var worker = Council.OneWorker(12).Evaluate(previous: Week(("W1", 18))).Worker("W1");

        Assert.Null(worker.Status);
        Assert.Equal(0, worker.WeeksInBreach);
    }
}
