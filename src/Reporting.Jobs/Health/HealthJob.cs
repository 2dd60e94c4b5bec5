using Caseload.Reporting.Calendar;
using Caseload.Reporting.Storage.Evaluations;
using Caseload.Reporting.Storage.Poison;
using Caseload.Reporting.Storage.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Jobs.Health;

/// <summary>What the health check found.</summary>
/// <param name="StorageReachable">Whether storage answered.</param>
/// <param name="LastSnapshot">The latest snapshot dated on or before today.</param>
/// <param name="LastWeeklyRun">The latest evaluated week.</param>
/// <param name="PoisonedNotifications">Notification messages recorded as poison.</param>
/// <param name="Problem">Why storage did not answer, when it did not.</param>
public sealed record HealthReport(bool StorageReachable, string? LastSnapshot, string? LastWeeklyRun, int PoisonedNotifications, string? Problem);

/// <summary>Is the product working: storage reachable, the latest snapshot and weekly run, poison recorded.</summary>
public sealed class HealthJob(StorageConnection connection, TimeProvider time)
{
    /// <summary>Checks, as of <paramref name="today"/>.</summary>
    public async Task<HealthReport> CheckAsync(LocalDate today, CancellationToken cancellationToken = default)
    {
        try
        {
            var storage = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
            var snapshot = await new SnapshotStore(storage, time).LatestOnOrBeforeAsync(today, cancellationToken).ConfigureAwait(false);
            var week = await new EvaluationStore(storage).LastEvaluatedBeforeAsync(IsoWeek.Of(today).Next, cancellationToken).ConfigureAwait(false);
            var poisoned = (await new PoisonMessages(storage, time).ListAsync("SendNotification", cancellationToken).ConfigureAwait(false)).Count;
            return new HealthReport(true, snapshot?.Id, week?.ToString(), poisoned, null);
        }
        catch (Azure.RequestFailedException e)
        {
            return new HealthReport(false, null, null, 0, $"storage answered {e.Status}");
        }
    }
}
