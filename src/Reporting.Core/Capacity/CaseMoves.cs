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
        var givers = new List<Side>();
        var receivers = new List<Side>();
        foreach (var worker in team)
        {
            if (worker.Absent || worker.Limit is null)
            {
                continue;
            }

            if (worker.OverBy > 0)
            {
                givers.Add(new Side(worker.WorkerId, (int)worker.OverBy));
            }
            else if (worker.Headroom > 0)
            {
                receivers.Add(new Side(worker.WorkerId, (int)worker.Headroom));
            }
        }

        givers.Sort(Side.LargestFirst);
        receivers.Sort(Side.LargestFirst);
        var moves = new List<CaseMove>();
        for (int g = 0, r = 0; g < givers.Count && r < receivers.Count;)
        {
            var cases = Math.Min(givers[g].Left, receivers[r].Left);
            moves.Add(new CaseMove(givers[g].WorkerId, receivers[r].WorkerId, cases));
            givers[g].Left -= cases;
            receivers[r].Left -= cases;
            g += givers[g].Left == 0 ? 1 : 0;
            r += receivers[r].Left == 0 ? 1 : 0;
        }

        return moves;
    }

    /// <summary>A giver's cases still to give, or a receiver's room still to fill.</summary>
    private sealed class Side(string workerId, int left)
    {
        public static readonly Comparison<Side> LargestFirst = (a, b) => b.Left != a.Left ? b.Left.CompareTo(a.Left) : string.CompareOrdinal(a.WorkerId, b.WorkerId);

        public string WorkerId { get; } = workerId;

        public int Left { get; set; } = left;
    }
}
