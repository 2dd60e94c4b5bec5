using System.Security.Cryptography;
using System.Text;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Storage.Snapshots;

/// <summary>
/// "Children with 3+ workers in 12 months" at month-ends, computed once and kept: a month-end's counts are kept with
/// it, under a digest of the ids of the stored snapshots in its window, so that a later month's trend, or the same
/// month run again after a failure, reads them instead of a year of allocation history; a snapshot stored late into
/// a window changes the digest, and the point is counted again.
/// </summary>
public sealed class StoredStability
{
    private readonly SnapshotStore store;
    private readonly IReadOnlyList<DatedSnapshot> stored;
    private readonly WorkerStability count;

    internal StoredStability(SnapshotStore store, IReadOnlyList<DatedSnapshot> stored, WorkerStability count) =>
        (this.store, this.stored, this.count) = (store, stored, count);

    /// <summary>The counts at a stored snapshot; points are asked in date order.</summary>
    /// <param name="point">The snapshot.</param>
    /// <param name="teamOfWorker">Each of its workers' team.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public async Task<ChildCounts> AtAsync(StoredSnapshot point, IReadOnlyDictionary<string, string> teamOfWorker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(point);
        var ids = stored.Where(s => WorkerStability.InWindow(s.AsOf, point.AsOf)).Select(s => s.Id).Order(StringComparer.Ordinal);
        var window = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', ids))))[..16];
        return await store.KeptStabilityAsync(point.Id, window, () => count.AtAsync(new DatedSnapshot(point.Id, point.AsOf), teamOfWorker, cancellationToken), cancellationToken).ConfigureAwait(false);
    }
}
