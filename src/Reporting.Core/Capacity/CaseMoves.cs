using Caseload.Reporting.Evaluation;

namespace Caseload.Reporting.Capacity;

/// <summary>
/// Suggested moves inside a team (capacity spec, count mode): the givers (present, over their limit) largest excess
/// first, the receivers (present, with headroom) largest headroom first, each move as many cases as the current pair
/// allows. Every move exhausts a giver or a receiver, so there are at most givers + receivers − 1; no giver gives
/// more than its excess, no receiver takes more than its headroom, and the total is min(excess, headroom).
/// </summary>
public static class CaseMoves
{
    /// <summary>The moves among a team's workers (their loads and limits in whole cases).</summary>
    public static IReadOnlyList<CaseMove> Suggest(IEnumerable<WorkerCaseload> team)
    {
        ArgumentNullException.ThrowIfNull(team);
        var workers = team.Where(w => !w.Absent && w.Limit is not null).ToList();
        var givers = workers.Where(w => w.OverBy > 0).OrderByDescending(w => w.OverBy).ThenBy(w => w.WorkerId, StringComparer.Ordinal)
            .Select(w => (w.WorkerId, Left: (int)w.OverBy)).ToList();
        var receivers = workers.Where(w => w.Headroom > 0).OrderByDescending(w => w.Headroom).ThenBy(w => w.WorkerId, StringComparer.Ordinal)
            .Select(w => (w.WorkerId, Left: (int)w.Headroom)).ToList();
        var moves = new List<CaseMove>();
        for (int g = 0, r = 0; g < givers.Count && r < receivers.Count;)
        {
            var cases = Math.Min(givers[g].Left, receivers[r].Left);
            moves.Add(new CaseMove(givers[g].WorkerId, receivers[r].WorkerId, cases));
            givers[g] = givers[g] with { Left = givers[g].Left - cases };
            receivers[r] = receivers[r] with { Left = receivers[r].Left - cases };
            g += givers[g].Left == 0 ? 1 : 0;
            r += receivers[r].Left == 0 ? 1 : 0;
        }

        return moves;
    }
}
