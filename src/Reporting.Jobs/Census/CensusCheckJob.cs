using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Census;
using Caseload.Reporting.Ingest.Census;
using Caseload.Reporting.Jobs.Benchmarks;

namespace Caseload.Reporting.Jobs.Census;

/// <summary>
/// The workforce census return checked before it is sent (census spec): read as it streams, against the stored
/// snapshot of the census day and DfE's published figures in use. Reads storage; stores nothing.
/// </summary>
public sealed class CensusCheckJob(StorageConnection connection, BenchmarkJob benchmarks)
{
    /// <summary>Checks the return in a file.</summary>
    /// <param name="path">The CSWW XML.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <exception cref="InvalidOperationException">The settings name a council DfE's figures do not have.</exception>
    public async Task<CensusCheck> CheckAsync(string path, CancellationToken cancellationToken = default)
    {
        var census = CensusFile.Read(path);
        var data = await benchmarks.InUseAsync(cancellationToken).ConfigureAwait(false);
        var council = benchmarks.CouncilIn(data) ?? (census.Header.Council is { } code ? BenchmarkCouncil.In(data.Indicators, code) : null);

        // Without storage the return is still checked against COLLECT's rules and its figures worked out: a data
        // team may check a file anywhere, and the snapshot is only for the comparison.
        if (!connection.Configured)
        {
            return CensusCheck.Of(census, council, data.Indicators, null) with { SnapshotSearched = false };
        }

        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var stored = await stores.Snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
        CensusDaySnapshot? snapshot = null;
        if (census.Header.ReferenceDate is { } day && BenchmarkJob.NearestTo(stored, day) is { } nearest)
        {
            var caseloads = (await stores.Snapshots.LoadSummaryAsync(nearest, cancellationToken).ConfigureAwait(false)).Caseloads;
            var turnover = await stores.Snapshots.TurnoverAsync([nearest], cancellationToken).ConfigureAwait(false);
            snapshot = new CensusDaySnapshot(nearest.Id, nearest.AsOf, caseloads, BenchmarkJob.FiguresAt(nearest, caseloads, turnover, stored));
        }

        return CensusCheck.Of(census, council, data.Indicators, snapshot);
    }
}
