using Caseload.Reporting.Calendar;

namespace Caseload.Reporting.Notifications;

/// <summary>
/// A period whose delivery a restored backup cannot vouch for: its notifications are withheld (prepared ones now,
/// and any prepared later) until a person releases them.
/// </summary>
/// <param name="Period">The period.</param>
/// <param name="Point">The backup point restored.</param>
/// <param name="PointTakenAt">When the point was taken: what was sent before it is known.</param>
/// <param name="RestoredAt">When the restore withheld it.</param>
public sealed record WithheldPeriod(ReportingPeriod Period, string Point, DateTimeOffset PointTakenAt, DateTimeOffset RestoredAt)
{
    /// <summary>Why its notifications wait, for a person to read.</summary>
    public string Reason =>
        $"the storage was restored from the backup of {PointTakenAt:yyyy-MM-dd HH:mm} UTC, and what went after it was taken is not known";
}

/// <summary>
/// Which periods a restore withholds (the spec's "nothing sent twice, nothing silently skipped"). A point knows what
/// was sent before it was taken; after it and before the loss, anything may have gone. So a period is withheld when
/// the point shows a notification of it still to send (it may have gone since), and when it is a period the jobs
/// could have prepared and sent between the point and the restore: a week from the one after the last the point
/// shows prepared (as far back as the weekly catch-up reaches) to the latest week due; a month from the one due when
/// the point was taken to the latest due. Periods due after the restore are the jobs' as usual.
/// </summary>
public static class RestoredDelivery
{
    /// <summary>The periods to withhold, weeks then months, oldest first.</summary>
    /// <param name="takenAt">When the point was taken.</param>
    /// <param name="restoredAt">Now, as the restore runs.</param>
    /// <param name="schedule">When the jobs act, and how far the weekly catch-up reaches.</param>
    /// <param name="prepared">The periods the point shows prepared whole (their run done).</param>
    /// <param name="toSend">The periods the point shows with a notification still to send.</param>
    public static IReadOnlyList<ReportingPeriod> Withheld(
        DateTimeOffset takenAt, DateTimeOffset restoredAt, ReportingSchedule schedule, IReadOnlySet<ReportingPeriod> prepared, IReadOnlySet<ReportingPeriod> toSend)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(toSend);
        var withheld = new HashSet<ReportingPeriod>(toSend);

        // The weeks the weekly job could have prepared after the point, as its catch-up (WeeklyCatchUp) reaches back
        // from the week due then: to the week after the last prepared, no further than its bound.
        var dueAtPoint = schedule.LatestWeekDue(takenAt);
        var lastPrepared = prepared.Where(p => p.Week is { } w && w <= dueAtPoint).Select(p => p.Week).Max();
        var first = dueAtPoint;
        for (var i = 0; i < schedule.CatchUpWeeks && lastPrepared is { } last && first.Previous > last; i++)
        {
            first = first.Previous;
        }

        for (var week = first; week <= schedule.LatestWeekDue(restoredAt); week = week.Next)
        {
            if (!prepared.Contains(week))
            {
                withheld.Add(week);
            }
        }

        for (var month = schedule.LatestMonthDue(takenAt); month <= schedule.LatestMonthDue(restoredAt); month = month.PlusMonths(1))
        {
            if (!prepared.Contains(month))
            {
                withheld.Add(month);
            }
        }

        return [.. withheld.OrderBy(p => p.Month is not null).ThenBy(p => p.Start)];
    }
}
