using Caseload.Reporting.Calendar;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Evaluation;

/// <summary>
/// Who is over their caseload limit, by how much and since when, as at one snapshot under one policy
/// (policy spec, "Per worker" and "Per team"). Workers are sorted by team then worker, teams by team.
/// </summary>
/// <param name="AsOf">The date the snapshot describes.</param>
/// <param name="Week">The ISO week of <paramref name="AsOf"/>.</param>
/// <param name="PolicyVersion">The version of the policy applied.</param>
/// <param name="LimitOn">Whether limits applied to counts or weighted loads (it decides how limits are rounded).</param>
/// <param name="Workers">Every worker on the roster, with or without cases.</param>
/// <param name="Teams">Every team.</param>
/// <param name="Totals">The council's figures.</param>
/// <param name="DataQuality">The snapshot's warnings.</param>
public sealed record CaseloadEvaluation(
    LocalDate AsOf,
    IsoWeek Week,
    string PolicyVersion,
    LimitOn LimitOn,
    IReadOnlyList<WorkerCaseload> Workers,
    IReadOnlyList<TeamCaseload> Teams,
    CaseloadFigures Totals,
    IReadOnlyList<Problem> DataQuality)
{
    /// <summary>Evaluates a snapshot under a policy, against the previous evaluation when there is one.</summary>
    /// <param name="snapshot">The caseloads.</param>
    /// <param name="policy">The council's policy.</param>
    /// <param name="previous">
    /// The previous week's evaluation. Without one, every breach is new: it is the first week watched.
    /// </param>
    public static CaseloadEvaluation Evaluate(Snapshot snapshot, Policy policy, CaseloadEvaluation? previous = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(policy);

        var held = Holdings.Count(snapshot, policy);
        var before = previous?.Workers.ToDictionary(w => w.WorkerId, StringComparer.Ordinal);
        var workers = new WorkerCaseload[snapshot.Workers.Count];
        for (var w = 0; w < workers.Length; w++)
        {
            var worker = snapshot.Workers[w];
            var team = snapshot.Teams[snapshot.TeamOf(w)];
            workers[w] = Assess(worker, team, held.Caseloads[w], held.WeightedLoads[w], policy, before?.GetValueOrDefault(worker.Id));
        }

        var teams = new TeamCaseload[snapshot.Teams.Count];
        var tally = new Tally[teams.Length];
        var total = default(Tally);
        for (var w = 0; w < workers.Length; w++)
        {
            tally[snapshot.TeamOf(w)].Add(workers[w]);
            total.Add(workers[w]);
        }

        for (var t = 0; t < teams.Length; t++)
        {
            var team = snapshot.Teams[t];
            teams[t] = new TeamCaseload(team.Id, team.Name, team.Type, tally[t].Figures(held.TeamCases[t], held.TeamUnallocated[t]));
        }

        Array.Sort(workers, (a, b) => (string.CompareOrdinal(a.TeamId, b.TeamId) is var byTeam && byTeam != 0) ? byTeam : string.CompareOrdinal(a.WorkerId, b.WorkerId));
        Array.Sort(teams, (a, b) => string.CompareOrdinal(a.TeamId, b.TeamId));
        return new CaseloadEvaluation(
            snapshot.AsOf,
            IsoWeek.Of(snapshot.AsOf),
            policy.Version,
            policy.LimitOn,
            workers,
            teams,
            total.Figures(held.Cases, held.Unallocated),
            snapshot.Warnings);
    }

    private static WorkerCaseload Assess(Worker worker, Team team, int caseload, decimal weightedLoad, Policy policy, WorkerCaseload? before)
    {
        var limit = policy.LimitFor(worker, team.Type);
        var load = policy.LimitOn == LimitOn.Count ? caseload : weightedLoad;
        var band = policy.BandFor(load, limit);
        var overBy = limit is { } value && load > value ? load - value : 0m;

        var now = band is Band.Amber or Band.Red;
        var then = before?.InBreach ?? false;
        BreachStatus? status = (now, then) switch
        {
            (true, false) => BreachStatus.New,
            (true, true) => BreachStatus.Continuing,
            (false, true) => BreachStatus.Resolved,
            _ => null,
        };
        var weeksInBreach = status switch
        {
            BreachStatus.New => 1,
            BreachStatus.Continuing => before!.WeeksInBreach + 1,
            _ => 0,
        };

        return new WorkerCaseload(
            worker.Id, worker.Name, team.Id, worker.Role, worker.Fte, worker.Asye, worker.Agency,
            caseload, weightedLoad, limit, overBy, band, status, weeksInBreach);
    }

    /// <summary>Sums of one group's workers, from which its figures follow.</summary>
    private struct Tally
    {
        private int caseHolders;
        private int caseload;
        private decimal fte;
        private int overLimit;

        public void Add(WorkerCaseload worker)
        {
            if (worker.Limit is null)
            {
                return;
            }

            caseHolders++;
            caseload += worker.Caseload;
            fte += worker.Fte;
            overLimit += worker.InBreach ? 1 : 0;
        }

        public readonly CaseloadFigures Figures(int cases, int unallocated) => new(
            caseHolders,
            cases,
            caseHolders == 0 ? null : (decimal)caseload / caseHolders,
            caseHolders == 0 ? null : caseload / fte,
            overLimit,
            unallocated);
    }

    /// <summary>What each worker and team holds, counted in one pass over the allocations.</summary>
    private sealed class Holdings
    {
        private Holdings(int workers, int teams)
        {
            Caseloads = new int[workers];
            WeightedLoads = new decimal[workers];
            TeamCases = new int[teams];
            TeamUnallocated = new int[teams];
        }

        public int[] Caseloads { get; }

        public decimal[] WeightedLoads { get; }

        public int[] TeamCases { get; }

        public int[] TeamUnallocated { get; }

        public int Cases { get; private set; }

        public int Unallocated { get; private set; }

        public static Holdings Count(Snapshot snapshot, Policy policy)
        {
            var holdings = new Holdings(snapshot.Workers.Count, snapshot.Teams.Count);
            var weights = new decimal[Enum.GetValues<CaseType>().Length, 2];
            foreach (var caseType in Enum.GetValues<CaseType>())
            {
                weights[(int)caseType, 0] = policy.Weights.Of(caseType, inProceedings: false);
                weights[(int)caseType, 1] = policy.Weights.Of(caseType, inProceedings: true);
            }

            // A child counts once in each team holding it. Most children are in one team, kept by child; only
            // children held across teams go into the set of pairs.
            var firstTeams = new int[snapshot.ChildIds.Count];
            var otherTeamChildren = new HashSet<long>();
            var unallocatedTeamChildren = new HashSet<long>();
            var families = policy.CountBy == CountBy.Family ? new HashSet<long>() : null;
            var familyCount = snapshot.FamilyIds.Count;
            var childUnallocated = new bool[snapshot.ChildIds.Count];
            foreach (ref readonly var allocation in snapshot.AllocationSpan)
            {
                var child = allocation.Child;
                var teamChild = ((long)allocation.Team << 32) | (uint)child;
                if (allocation.IsUnallocated)
                {
                    if (unallocatedTeamChildren.Add(teamChild))
                    {
                        holdings.TeamUnallocated[allocation.Team]++;
                    }

                    if (!childUnallocated[child])
                    {
                        childUnallocated[child] = true;
                        holdings.Unallocated++;
                    }
                }
                else
                {
                    var worker = allocation.Worker;
                    holdings.WeightedLoads[worker] += weights[(int)allocation.CaseType, allocation.InProceedings ? 1 : 0];
                    if (families is null)
                    {
                        holdings.Caseloads[worker]++;
                    }
                    else
                    {
                        // A child without a family_id is its own family: it takes a key past the family ids.
                        var family = allocation.Family >= 0 ? allocation.Family : familyCount + child;
                        if (families.Add(((long)worker << 32) | (uint)family))
                        {
                            holdings.Caseloads[worker]++;
                        }
                    }
                }

                var team = allocation.Team + 1;
                if (firstTeams[child] == 0)
                {
                    firstTeams[child] = team;
                    holdings.TeamCases[allocation.Team]++;
                    holdings.Cases++;
                }
                else if (firstTeams[child] != team && otherTeamChildren.Add(teamChild))
                {
                    holdings.TeamCases[allocation.Team]++;
                }
            }

            return holdings;
        }
    }
}
