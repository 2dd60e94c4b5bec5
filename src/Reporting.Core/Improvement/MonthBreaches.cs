using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using NodaTime;

namespace Caseload.Reporting.Improvement;

/// <summary>The workers over their limit in a month, from the month's weekly evaluations.</summary>
public static class MonthBreaches
{
    /// <summary>The weeks that belong to a month: those whose Monday is in it.</summary>
    public static IReadOnlyList<IsoWeek> WeeksOf(YearMonth month)
    {
        var weeks = new List<IsoWeek>();
        for (var monday = month.OnDayOfMonth(1).With(DateAdjusters.NextOrSame(IsoDayOfWeek.Monday)); monday.ToYearMonth() == month; monday = monday.PlusWeeks(1))
        {
            weeks.Add(IsoWeek.Of(monday));
        }

        return weeks;
    }

    /// <summary>
    /// Every worker over their limit in any of the month's evaluated weeks (or back within in one): resolved if
    /// back within by the last of them, new if their breach began in the month, continuing otherwise; with the
    /// weeks in breach, the amount over and the band of the last week they appear in, and their name as that week
    /// told them apart from a namesake (<see cref="WorkerNames"/>).
    /// </summary>
    /// <param name="weeks">The month's evaluated weeks, oldest first.</param>
    public static IReadOnlyList<MonthBreach> Of(IEnumerable<CaseloadEvaluation> weeks)
    {
        ArgumentNullException.ThrowIfNull(weeks);
        var seen = new Dictionary<string, (WorkerCaseload Last, string Name, bool New, bool Over)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var evaluation in weeks)
        {
            var names = WorkerNames.Of(evaluation.Workers);
            foreach (var worker in evaluation.Workers)
            {
                var found = seen.TryGetValue(worker.WorkerId, out var before);
                if (worker.InBreach || worker.Status == BreachStatus.Resolved || before.Over)
                {
                    if (!found)
                    {
                        order.Add(worker.WorkerId);
                    }

                    seen[worker.WorkerId] = (worker, names.Full(worker).ToString(), before.New || worker.Status == BreachStatus.New, before.Over || worker.InBreach);
                }
            }
        }

        return [.. order.Select(id => seen[id])
            .Where(s => s.Over || s.Last.Status == BreachStatus.Resolved)
            .Select(s => new MonthBreach(
                s.Last.TeamId, s.Name,
                !s.Last.InBreach ? BreachStatus.Resolved : s.New ? BreachStatus.New : BreachStatus.Continuing,
                s.Last.WeeksInBreach, s.Last.OverBy, s.Last.Band, s.Last.FollowUp.Escalation))];
    }
}
