using Caseload.Reporting.Jobs.Telemetry;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Channels.Email;
using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Notifications;

namespace Caseload.Reporting.Jobs.Delivery;

/// <summary>What a sweep found: the periods it prepared and every notification to put on the queue.</summary>
/// <param name="Prepared">Each period the sweep prepared, in words ("2026-W47: prepared, 12 to deliver").</param>
/// <param name="ToDeliver">The notifications to deliver: those the sweep prepared and those prepared earlier and still waiting.</param>
public sealed record SweepResult(IReadOnlyList<string> Prepared, IReadOnlyList<(ReportingPeriod Period, NotificationKey Key)> ToDeliver);

/// <summary>
/// The quarter-hourly safety net behind the timers. A period whose hour has come and that is not prepared (its timer
/// failed on a storage blip, or ran while another run held the period) is prepared now; then every notification of
/// recent periods that is prepared and not sent (a message lost, a hold lapsed, a configuration fixed) is queued
/// again. A timer that failed at 07:00 on a Monday is made good by 07:15.
/// </summary>
public sealed class SweepJob(WeeklyJob weekly, MonthlyJob monthly, DeliveryJob delivery, EmailOptions email, ReportingSchedule schedule)
{
    /// <summary>Prepares what is due and unprepared, and lists what is waiting to be delivered.</summary>
    public async Task<SweepResult> RunAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        using var run = ReportingTelemetry.Run("sweep");
        var result = await RunUntimedAsync(now, cancellationToken).ConfigureAwait(false);
        run.Outcome = "swept";
        run.Count("periods.prepared", result.Prepared.Count).Count("notifications.queued", result.ToDeliver.Count);
        return result;
    }

    private async Task<SweepResult> RunUntimedAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var prepared = new List<string>();
        var messages = new List<(ReportingPeriod, NotificationKey)>();
        foreach (var run in await weekly.PrepareDueAsync(schedule.LatestWeekDue(now), cancellationToken).ConfigureAwait(false))
        {
            if (run.Outcome == WeeklyOutcome.Prepared)
            {
                prepared.Add($"{run.Week}: prepared, {run.Notifications.ToDeliver.Count} to deliver");
                messages.AddRange(run.Notifications.ToDeliver.Select(key => ((ReportingPeriod)run.Week, key)));
            }
        }

        // The digest is prepared only where leadership is to get it; otherwise its timer says so once a month.
        if (email.Leadership.Count > 0)
        {
            var month = schedule.LatestMonthDue(now);
            var run = await monthly.PrepareAsync(month, cancellationToken).ConfigureAwait(false);
            if (run.Outcome == MonthlyOutcome.Computed)
            {
                prepared.Add($"{month:yyyy-MM}: prepared, {run.Notifications.ToDeliver.Count} to deliver");
                messages.AddRange(run.Notifications.ToDeliver.Select(key => ((ReportingPeriod)month, key)));
            }
        }

        var fresh = messages.ToHashSet();
        var waiting = await delivery.WaitingAsync(schedule.Local(now).Date, cancellationToken).ConfigureAwait(false);
        return new SweepResult(prepared, [.. messages, .. waiting.Where(w => !fresh.Contains(w))]);
    }
}
