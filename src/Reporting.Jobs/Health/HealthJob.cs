using Caseload.Reporting.Calendar;
using Caseload.Reporting.Storage;
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
/// <param name="Problem">Why storage did not answer, in one line, when it did not.</param>
public sealed record HealthReport(bool StorageReachable, string? LastSnapshot, string? LastWeeklyRun, int PoisonedNotifications, string? Problem);

/// <summary>Is the product working: storage reachable, the latest snapshot and weekly run, poison recorded.</summary>
public sealed class HealthJob(StorageConnection connection)
{
    /// <summary>How long the check waits for storage before it says storage does not answer.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Checks, as of <paramref name="today"/>.</summary>
    public async Task<HealthReport> CheckAsync(LocalDate today, CancellationToken cancellationToken = default)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        try
        {
            var stores = await connection.GetAsync(patience.Token).ConfigureAwait(false);
            var snapshot = await stores.Snapshots.LatestOnOrBeforeAsync(today, patience.Token).ConfigureAwait(false);
            var week = await stores.Evaluations.LastEvaluatedBeforeAsync(IsoWeek.Of(today).Next, patience.Token).ConfigureAwait(false);
            var poisoned = (await stores.Poison.ListAsync("SendNotification", patience.Token).ConfigureAwait(false)).Count;
            return new HealthReport(true, snapshot?.Id, week?.ToString(), poisoned, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthReport(false, null, null, 0, $"storage did not answer within {Patience.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is StorageSettingException or StorageUnavailableException)
        {
            return new HealthReport(false, null, null, 0, e.Message);
        }
        catch (Exception e) when (StorageUnavailableException.Of(e, "the configured account") is { } unavailable)
        {
            return new HealthReport(false, null, null, 0, unavailable.Message);
        }
    }
}
