using NodaTime;

namespace Caseload.Reporting.Census;

/// <summary>
/// COLLECT's own rules for a worker's record as a whole (census spec), over what the record gives: each broken rule
/// a problem at the record's line naming the element to add or remove. Rules about one element's value (a date, a
/// number, a code outside its list) are the reader's, as it reads the element.
/// </summary>
public static class CensusRules
{
    private static readonly (CensusItems Item, string Element)[] StartItems = [(CensusItems.RoleStartDate, "RoleStartDate"), (CensusItems.StartOrigin, "StartOrigin")];

    private static readonly (CensusItems Item, string Element)[] LeavingItems =
        [(CensusItems.RoleEndDate, "RoleEndDate"), (CensusItems.ReasonLeave, "ReasonLeave"), (CensusItems.LeaverDestination, "LeaverDestination")];

    /// <summary>
    /// What is wrong with a return's records on the census day <paramref name="reference"/>: each record's own
    /// rules, and a record in post or agency whose <c>SWENo</c> another such record already has.
    /// </summary>
    public static IEnumerable<Problem> Of(IEnumerable<CensusWorker> workers, LocalDate reference, string file)
    {
        ArgumentNullException.ThrowIfNull(workers);
        var onTheDay = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var worker in workers)
        {
            foreach (var problem in Of(worker, reference, file))
            {
                yield return problem;
            }

            if (worker.SweNumber.Length > 0 && worker.StandingOn(reference) is CensusStanding.InPost or CensusStanding.Agency
                && !onTheDay.TryAdd(worker.SweNumber, worker.Line))
            {
                yield return new Problem(Severity.Error, "census_rule", file, worker.Line, "SWENo",
                    $"repeats the SWENo of the worker at line {onTheDay[worker.SweNumber]}, also in post or agency; a worker has one record on the census day");
            }
        }
    }

    /// <summary>What is wrong with one record on the census day <paramref name="reference"/>.</summary>
    public static IEnumerable<Problem> Of(CensusWorker worker, LocalDate reference, string file)
    {
        ArgumentNullException.ThrowIfNull(worker);
        Problem At(string element, string message) => new(Severity.Error, "census_rule", file, worker.Line, element, message);
        if (worker.SweNumber.Length == 0)
        {
            yield return At("SWENo", "every worker needs their Social Work England number: the census names them by it");
        }

        var standing = worker.StandingOn(reference);
        if (standing == CensusStanding.InPost)
        {
            if (worker.Fte30 is null)
            {
                yield return At("FTE30", "a worker in post needs FTE30, their FTE on the census day");
            }

            if (worker.OrgRole is null)
            {
                yield return At("OrgRole", "a worker in post needs OrgRole, 1 to 6");
            }
        }

        if (standing == CensusStanding.Leaver && worker.Fte is not > 0)
        {
            yield return At("FTE", "a leaver needs FTE greater than 0, their FTE when they left");
        }

        foreach (var problem in Together(StartItems, "both or neither").Concat(Together(LeavingItems, "all or none")))
        {
            yield return problem;
        }

        IEnumerable<Problem> Together((CensusItems Item, string Element)[] set, string rule)
        {
            var given = set.Where(s => worker.Given.HasFlag(s.Item)).ToList();
            if (given.Count > 0 && given.Count < set.Length)
            {
                var missing = set.Except(given).Select(s => s.Element).ToList();
                yield return At(missing[0], $"{string.Join(" and ", given.Select(s => s.Element))} without {string.Join(" and ", missing)}: give {string.Join(", ", set.Select(s => s.Element))} {rule}");
            }
        }
    }
}
