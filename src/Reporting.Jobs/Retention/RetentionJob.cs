using Caseload.Reporting.Storage.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Jobs.Retention;

/// <summary>What a retention run deleted.</summary>
/// <param name="KeptFrom">The first day kept; null when retention is not set and nothing was deleted.</param>
/// <param name="Snapshots">Snapshots deleted.</param>
/// <param name="Blobs">Blobs of those snapshots deleted: their files as received, caseloads and allocation history.</param>
public sealed record RetentionRun(LocalDate? KeptFrom, int Snapshots, int Blobs);

/// <summary>What a retention run would delete, for a person to confirm first.</summary>
/// <param name="KeptFrom">The first day that would be kept.</param>
/// <param name="Snapshots">How many snapshots are dated before it.</param>
/// <param name="From">The earliest of them, when there is one.</param>
/// <param name="To">The latest of them, when there is one.</param>
public sealed record RetentionPlan(LocalDate KeptFrom, int Snapshots, LocalDate? From, LocalDate? To);

/// <summary>
/// Forgets what holds child ids once it is older than the council keeps (<c>Reporting:Retention:Days</c>): each
/// snapshot dated before the cutoff, its lineage row and every blob of it (the files as received, the caseloads,
/// the allocation history). Evaluations, which hold no child
/// ids, are kept; nothing is deleted without the setting.
/// </summary>
public sealed class RetentionJob(StorageConnection connection, RetentionOptions options)
{
    /// <summary>What <see cref="RunAsync"/> would delete for <paramref name="days"/> days before <paramref name="today"/>; deletes nothing.</summary>
    public async Task<RetentionPlan> PlanAsync(LocalDate today, int days, CancellationToken cancellationToken = default)
    {
        var cutoff = today.PlusDays(-days);
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var old = (await stores.Snapshots.ListAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.AsOf < cutoff).ToList();
        return new RetentionPlan(cutoff, old.Count, old.Count == 0 ? null : old[0].AsOf, old.Count == 0 ? null : old[^1].AsOf);
    }

    /// <summary>Deletes what is older than <paramref name="days"/> days before <paramref name="today"/>, or than the configured retention when not given.</summary>
    public async Task<RetentionRun> RunAsync(LocalDate today, int? days = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if ((days ?? options.Days) is not { } keep || keep <= 0)
        {
            return new RetentionRun(null, 0, 0);
        }

        var cutoff = today.PlusDays(-keep);
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var (snapshots, blobs) = await stores.Snapshots.ForgetBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
        return new RetentionRun(cutoff, snapshots, blobs);
    }
}
