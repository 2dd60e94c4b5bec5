namespace Caseload.Reporting.Calendar;

/// <summary>Which weeks a weekly run evaluates: the weeks missed since the last evaluated one (at most a bound), oldest first, then the week due.</summary>
public static class WeeklyCatchUp
{
    /// <summary>How many missed weeks a run catches up by default: two months.</summary>
    public const int DefaultMaxWeeks = 8;

    /// <summary>The weeks to run, oldest first, ending with <paramref name="due"/>.</summary>
    /// <param name="due">The week due now.</param>
    /// <param name="lastEvaluated">The latest week evaluated before it, or null when none ever was (then only the week due runs).</param>
    /// <param name="maxMissed">How many missed weeks to catch up at most; the newest are kept.</param>
    public static IReadOnlyList<IsoWeek> WeeksToRun(IsoWeek due, IsoWeek? lastEvaluated, int maxMissed = DefaultMaxWeeks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxMissed);
        var weeks = new List<IsoWeek> { due };
        for (var week = due.Previous; weeks.Count <= maxMissed && lastEvaluated is { } last && week > last; week = week.Previous)
        {
            weeks.Insert(0, week);
        }

        return weeks;
    }
}
