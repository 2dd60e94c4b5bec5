using System.Globalization;
using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Ingest.Benchmarks;
using Caseload.Reporting.Snapshots;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Benchmarks;
using Caseload.Reporting.Workforce;
using NodaTime;

namespace Caseload.Reporting.Jobs.Benchmarks;

/// <summary>The council compared with DfE's published figures (<c>Reporting:Council:*</c>).</summary>
public sealed class CouncilOptions
{
    /// <summary>The council's three-digit old LA code (Medway 887); unset, nothing is compared.</summary>
    public string? Code { get; set; }

    /// <summary>What people read the council called, when not its name as DfE publishes it (the demo's synthetic council says so).</summary>
    public string? Name { get; set; }
}

/// <summary>DfE's published figures in use: the versions a data team set, else the product's own copy.</summary>
/// <param name="Indicators">The workforce indicators.</param>
/// <param name="Neighbours">The statistical neighbours.</param>
/// <param name="IndicatorsVersion">The indicators' stored version; null for the product's copy.</param>
/// <param name="NeighboursVersion">The neighbours' stored version; null for the product's copy.</param>
public sealed record PublishedInUse(WorkforceIndicators Indicators, StatisticalNeighbours Neighbours, PublishedVersion? IndicatorsVersion, PublishedVersion? NeighboursVersion)
{
    /// <summary>Where the indicators come from, in words.</summary>
    public string IndicatorsFrom => From(IndicatorsVersion, ShippedBenchmarks.IndicatorsFile, Indicators.Sha256);

    /// <summary>Where the neighbours come from, in words.</summary>
    public string NeighboursFrom => From(NeighboursVersion, ShippedBenchmarks.NeighboursFile, Neighbours.Sha256);

    private static string From(PublishedVersion? version, string shipped, string sha) => version is { } v
        ? $"{v.FileName} (SHA-256 {sha[..12]}), set {v.SetAt.UtcDateTime.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture)} UTC"
        : $"the product's own copy, {shipped} (SHA-256 {sha[..12]})";
}

/// <summary>
/// DfE's published figures and where the council stands among them (benchmarks spec): a new release stored as a
/// version (refused whole, what was in use staying in use), and the comparison of the council's own figures, now and
/// on the census day, with its neighbours', its region's and England's.
/// </summary>
public sealed class BenchmarkJob(StorageConnection connection, CouncilOptions council)
{
    /// <summary>The figures in use; without a storage (the region's alliance), the product's own copy.</summary>
    public async Task<PublishedInUse> InUseAsync(CancellationToken cancellationToken = default)
    {
        if (!connection.Configured)
        {
            return new PublishedInUse(ShippedBenchmarks.Indicators, ShippedBenchmarks.Neighbours, null, null);
        }

        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var indicators = await stores.Benchmarks.CurrentAsync(PublishedKind.Indicators, cancellationToken).ConfigureAwait(false);
        var neighbours = await stores.Benchmarks.CurrentAsync(PublishedKind.Neighbours, cancellationToken).ConfigureAwait(false);
        return new PublishedInUse(
            indicators is { } i ? IndicatorsFile.Read(i.Bytes, i.Version.FileName) : ShippedBenchmarks.Indicators,
            neighbours is { } n ? NeighboursFile.Read(n.Bytes, n.Version.FileName) : ShippedBenchmarks.Neighbours,
            indicators?.Version,
            neighbours?.Version);
    }

    /// <summary>The council the settings name, as the figures in use know it; null when none is named.</summary>
    /// <exception cref="InvalidOperationException">The setting names a council the figures' latest year does not have.</exception>
    public BenchmarkCouncil? CouncilIn(PublishedInUse data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (string.IsNullOrWhiteSpace(council.Code))
        {
            return null;
        }

        return (BenchmarkCouncil.In(data.Indicators, council.Code) is { } found ? found with { CalledAs = string.IsNullOrWhiteSpace(council.Name) ? null : council.Name.Trim() } : null)
            ?? throw new InvalidOperationException($"{BenchmarkCouncil.Setting} is {council.Code}, which is not a council in {WorkforceIndicators.Release(data.Indicators.LatestYear)} ({data.IndicatorsFrom}): set it to the council's three-digit old LA code as DfE publishes it, e.g. 887 for Medway.");
    }

    /// <summary>Checks, when a host starts, that the council named is in the figures in use.</summary>
    /// <exception cref="InvalidOperationException">It is not; the message names the setting.</exception>
    public async Task CheckCouncilAsync(CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrWhiteSpace(council.Code))
        {
            CouncilIn(await InUseAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Stores a release of the workforce indicators and makes it current.</summary>
    /// <exception cref="InvalidInputException">The file is not DfE's indicators as published; nothing is stored.</exception>
    /// <exception cref="InvalidOperationException">It does not have the council the settings name; nothing is stored.</exception>
    public async Task<(PublishedVersion Version, WorkforceIndicators Indicators)> SetIndicatorsAsync(string path, CancellationToken cancellationToken = default)
    {
        var (indicators, bytes) = IndicatorsFile.Read(path);
        if (!string.IsNullOrWhiteSpace(council.Code) && BenchmarkCouncil.In(indicators, council.Code) is null)
        {
            throw new InvalidOperationException($"its latest year, {indicators.LatestYear}, has no council {council.Code}, which {BenchmarkCouncil.Setting} names; nothing was stored and the figures in use stay in use.");
        }

        var latest = indicators.Councils(indicators.LatestYear).ToList();
        var holds = $"{indicators.Years[0]} to {indicators.LatestYear}; {Counted.Of(latest.Sum(r => r.Codes.Count), "council")} in {indicators.LatestYear}"
            + (latest.Any(r => r.Joint) ? $" ({Counted.Of(latest.Count(r => r.Joint), "joint return")})" : "");
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        return (await stores.Benchmarks.SetAsync(PublishedKind.Indicators, indicators.Sha256, Path.GetFileName(path), holds, bytes, cancellationToken).ConfigureAwait(false), indicators);
    }

    /// <summary>Stores DfE's statistical neighbours and makes them current.</summary>
    /// <exception cref="InvalidInputException">The file is not DfE's statistical neighbours; nothing is stored.</exception>
    public async Task<PublishedVersion> SetNeighboursAsync(string path, CancellationToken cancellationToken = default)
    {
        var (neighbours, bytes) = NeighboursFile.Read(path);
        var holds = $"{Counted.Of(neighbours.ByCouncil.Count, "council")}, {Counted.Of(neighbours.ByCouncil.Values.Sum(n => n.Count), "neighbour")} in all";
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        return await stores.Benchmarks.SetAsync(PublishedKind.Neighbours, neighbours.Sha256, Path.GetFileName(path), holds, bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The comparison with the figures in use, now: at the month's last snapshot, or the latest stored one. Computed,
    /// not read back: a month's stored comparison (what its digest said) is <c>show-month</c>'s.
    /// </summary>
    /// <returns>The figures in use, and the comparison; null when no council is named.</returns>
    /// <exception cref="InvalidOperationException">A month is given and no snapshot is dated in it; or the council named is not in the figures.</exception>
    public async Task<(PublishedInUse Data, BenchmarkComparison? Comparison)> CompareAsync(YearMonth? month, CancellationToken cancellationToken = default)
    {
        var data = await InUseAsync(cancellationToken).ConfigureAwait(false);
        if (CouncilIn(data) is not { } named)
        {
            return (data, null);
        }

        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var stored = await stores.Snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
        var now = month is { } m ? stored.LastOrDefault(s => s.AsOf.ToYearMonth() == m) ?? throw new InvalidOperationException($"{m:yyyy-MM}: no snapshot is dated in the month; ingest one first.") : stored.Count == 0 ? null : stored[^1];
        var census = CensusDayOf(stored, data.Indicators.LatestYear);
        var turnover = await stores.Snapshots.TurnoverAsync([.. new[] { now, census }.OfType<StoredSnapshot>()], cancellationToken).ConfigureAwait(false);
        async Task<WorkforceFigures?> At(StoredSnapshot? snapshot) => snapshot is null ? null
            : FiguresAt(snapshot, (await stores.Snapshots.LoadSummaryAsync(snapshot, cancellationToken).ConfigureAwait(false)).Caseloads, turnover, stored);
        return (data, BenchmarkComparison.Of(data.Indicators, data.Neighbours, named, await At(now).ConfigureAwait(false), await At(census).ConfigureAwait(false)));
    }

    /// <summary>The council's figures on the census's definitions at the month's last snapshot; null when none is dated in the month.</summary>
    public async Task<WorkforceFigures?> FiguresAsync(YearMonth month, CancellationToken cancellationToken = default)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var stored = await stores.Snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
        if (stored.LastOrDefault(s => s.AsOf.ToYearMonth() == month) is not { } last)
        {
            return null;
        }

        var turnover = await stores.Snapshots.TurnoverAsync([last], cancellationToken).ConfigureAwait(false);
        return FiguresAt(last, (await stores.Snapshots.LoadSummaryAsync(last, cancellationToken).ConfigureAwait(false)).Caseloads, turnover, stored);
    }

    /// <summary>The stored snapshot standing for the census day of a year, if one lies within 7 days of it.</summary>
    public static StoredSnapshot? CensusDayOf(IReadOnlyList<StoredSnapshot> stored, int year) => NearestTo(stored, WorkforceIndicators.CensusDay(year));

    /// <summary>The stored snapshot standing for a census day, if one lies within 7 days of it.</summary>
    public static StoredSnapshot? NearestTo(IReadOnlyList<StoredSnapshot> stored, LocalDate census)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return BenchmarkComparison.NearestTo(stored.Select(s => new DatedSnapshot(s.Id, s.AsOf)), census) is { } nearest ? stored.First(s => s.Id == nearest.Id) : null;
    }

    /// <summary>A snapshot's figures on the census's definitions: turnover only when the stored snapshots cover its year.</summary>
    public static WorkforceFigures FiguresAt(StoredSnapshot snapshot, Evaluation.CaseloadSummary caseloads, IReadOnlyDictionary<string, StaffTurnover> turnover, IReadOnlyList<StoredSnapshot> stored)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(turnover);
        ArgumentNullException.ThrowIfNull(stored);
        var earliest = stored.Count == 0 ? (LocalDate?)null : stored.Min(s => s.AsOf);
        return WorkforceFigures.Of(caseloads, turnover.GetValueOrDefault(snapshot.Id), History.Of(Metric.TurnoverRateFte, snapshot.AsOf, earliest));
    }
}
