using Caseload.Reporting.Notifications;

namespace Caseload.Reporting.Backup;

/// <summary>
/// When the Backup function takes a point (spec: daily, and after each weekly and monthly delivery), so that a loss
/// costs at most the work since the last run: the function looks every hour and takes one when this says so.
/// </summary>
public static class BackupSchedule
{
    /// <summary>
    /// How old the last point may grow before the next: a day, less the function's hour between looks, so that the
    /// daily point does not slip an hour a day.
    /// </summary>
    public static readonly TimeSpan Daily = TimeSpan.FromHours(23);

    /// <summary>How long without a point before IT is alerted (infra's alert says the same).</summary>
    public static readonly TimeSpan Overdue = TimeSpan.FromHours(26);

    /// <summary>Whether a point is due now.</summary>
    /// <param name="lastPoint">When the last point was taken; null when none was.</param>
    /// <param name="now">Now.</param>
    /// <param name="deliveredAt">When the latest period whose delivery has ended ended, if any (<see cref="DeliveredAt"/>).</param>
    public static bool IsDue(DateTimeOffset? lastPoint, DateTimeOffset now, DateTimeOffset? deliveredAt) =>
        lastPoint is not { } last || now - last >= Daily || deliveredAt > last;

    /// <summary>
    /// When a period's delivery ended: the last send or refusal, once nothing of it is still to send; null while
    /// something is, or when it has nothing. A period withheld after a restore has not ended.
    /// </summary>
    public static DateTimeOffset? DeliveredAt(IReadOnlyCollection<DeliveryRecord> period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return period.Count == 0 || period.Any(r => !r.IsSettled) ? null : period.Max(r => r.SentAt ?? r.PreparedAt);
    }
}
