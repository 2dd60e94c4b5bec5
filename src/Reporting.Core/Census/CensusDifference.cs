using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Workforce;
using NodaTime;

namespace Caseload.Reporting.Census;

/// <summary>How a return and the census-day snapshot disagree about a worker (census spec), in the order a team's list reads.</summary>
public enum CensusDifferenceKind
{
    /// <summary>A children and family social worker on the roster has no record in post or agency on the return.</summary>
    MissingFromReturn,

    /// <summary>A record in post or agency on the return has no worker on the roster.</summary>
    NotOnRoster,

    /// <summary><c>Cases30</c> is not the number of children the snapshot has allocated to them.</summary>
    Cases,

    /// <summary><c>FTE30</c> (agency: <c>FTE</c>) differs from the roster's FTE by more than 0.01.</summary>
    Fte,

    /// <summary><c>AgencyWorker</c> is not the roster's agency flag.</summary>
    Agency,

    /// <summary><c>CFKSSstatus</c> 1 and the roster's ASYE flag disagree.</summary>
    Asye,

    /// <summary><c>Absat30Sept</c> and the roster's absence covering the census day disagree.</summary>
    Absent,
}

/// <summary>A value compared: a number (cases, FTE) or a yes/no flag.</summary>
/// <param name="Number">The number, for cases and FTE.</param>
/// <param name="Flag">The flag, for agency, ASYE and absence.</param>
public readonly record struct CensusValue(decimal? Number, bool? Flag)
{
    /// <summary>A number.</summary>
    public static CensusValue Of(decimal number) => new(number, null);

    /// <summary>A flag.</summary>
    public static CensusValue Of(bool flag) => new(null, flag);
}

/// <summary>One difference: the worker by their id and team only, and the two values compared (null where a side has no record).</summary>
/// <param name="Kind">What differs.</param>
/// <param name="Worker">The roster's worker id; the return's <c>SWENo</c> for a record not on the roster.</param>
/// <param name="TeamId">Their team on the roster; null for a record not on it.</param>
/// <param name="Return">The return's value.</param>
/// <param name="Snapshot">The snapshot's value.</param>
public sealed record CensusDifference(CensusDifferenceKind Kind, string Worker, string? TeamId, CensusValue? Return, CensusValue? Snapshot)
{
    /// <summary>How far two FTEs may differ before they differ (census spec).</summary>
    public const decimal FteTolerance = 0.01m;

    /// <summary>
    /// Every difference between a return and the census-day snapshot's roster and caseloads, one per worker and kind,
    /// team by team. A record is matched to the roster's worker whose <c>swe_number</c>, else whose id, is its
    /// <c>SWENo</c>; only children and family social workers are looked for on the return; a second record of one
    /// <c>SWENo</c> (a problem of the return) is compared no further.
    /// </summary>
    public static IReadOnlyList<CensusDifference> Of(CensusReturn census, LocalDate reference, CaseloadSummary snapshot)
    {
        ArgumentNullException.ThrowIfNull(census);
        ArgumentNullException.ThrowIfNull(snapshot);
        var bySwe = new Dictionary<string, WorkerHoldings>(StringComparer.OrdinalIgnoreCase);
        var byId = new Dictionary<string, WorkerHoldings>(StringComparer.OrdinalIgnoreCase);
        foreach (var holding in snapshot.Workers)
        {
            if (holding.Worker.SweNumber is { } swe)
            {
                bySwe.TryAdd(swe, holding);
            }

            byId.TryAdd(holding.Worker.Id, holding);
        }

        var differences = new List<CensusDifference>();
        var found = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in census.Workers)
        {
            var standing = record.StandingOn(reference);
            if (standing is not (CensusStanding.InPost or CensusStanding.Agency) || record.SweNumber.Length == 0 || !seen.Add(record.SweNumber))
            {
                continue;
            }

            if ((bySwe.GetValueOrDefault(record.SweNumber) ?? byId.GetValueOrDefault(record.SweNumber)) is not { } holding)
            {
                differences.Add(new CensusDifference(CensusDifferenceKind.NotOnRoster, record.SweNumber, null, null, null));
                continue;
            }

            var worker = holding.Worker;
            found.Add(worker.Id);
            void Differs(CensusDifferenceKind kind, CensusValue? returned, CensusValue held) =>
                differences.Add(new CensusDifference(kind, worker.Id, worker.TeamId, returned, held));

            var cases = record.Cases30 ?? 0;
            if (cases != holding.Children)
            {
                Differs(CensusDifferenceKind.Cases, CensusValue.Of(cases), CensusValue.Of(holding.Children));
            }

            var fte = record.CountedFte(reference);
            if (fte is not { } returnedFte || Math.Abs(returnedFte - worker.Fte) > FteTolerance)
            {
                Differs(CensusDifferenceKind.Fte, fte is { } f ? CensusValue.Of(f) : null, CensusValue.Of(worker.Fte));
            }

            if (record.Agency != worker.Agency)
            {
                Differs(CensusDifferenceKind.Agency, CensusValue.Of(record.Agency), CensusValue.Of(worker.Agency));
            }

            // An agency worker's record carries no ASYE or absence: only those in post are compared on them.
            if (standing == CensusStanding.InPost && record.Asye != worker.Asye)
            {
                Differs(CensusDifferenceKind.Asye, CensusValue.Of(record.Asye), CensusValue.Of(worker.Asye));
            }

            var absent = record.AbsentOnCensusDay ?? false;
            if (standing == CensusStanding.InPost && absent != worker.AbsentOn(reference))
            {
                Differs(CensusDifferenceKind.Absent, CensusValue.Of(absent), CensusValue.Of(worker.AbsentOn(reference)));
            }
        }

        differences.AddRange(snapshot.Workers
            .Where(h => StaffRoster.KindOf(h.Worker) != StaffKind.Other && !found.Contains(h.Worker.Id))
            .Select(h => new CensusDifference(CensusDifferenceKind.MissingFromReturn, h.Worker.Id, h.Worker.TeamId, null, null)));

        return [.. differences
            .OrderBy(d => d.TeamId is null)
            .ThenBy(d => d.TeamId, StringComparer.Ordinal)
            .ThenBy(d => d.Worker, StringComparer.Ordinal)
            .ThenBy(d => d.Kind)];
    }
}
