using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Evaluation;

/// <summary>What one worker holds, counted once from the allocations: enough to apply any policy.</summary>
/// <param name="Worker">The worker.</param>
/// <param name="Children">Distinct children they hold.</param>
/// <param name="Families">Distinct families they hold (a child without a family_id is its own).</param>
/// <param name="ByCaseType">How many of their children are of each case type, indexed by <see cref="CaseType"/>.</param>
/// <param name="InProceedings">How many of their children are in care proceedings or pre-proceedings.</param>
public sealed record WorkerHoldings(Worker Worker, int Children, int Families, IReadOnlyList<int> ByCaseType, int InProceedings);

/// <summary>What one team holds.</summary>
/// <param name="Team">The team.</param>
/// <param name="Cases">Distinct children held by its workers plus its unallocated children.</param>
/// <param name="Unallocated">Distinct children without a named worker.</param>
/// <param name="OldestUnallocatedSince">The earliest allocated_on of its unallocated children: how long the longest has waited.</param>
public sealed record TeamHoldings(Team Team, int Cases, int Unallocated, LocalDate? OldestUnallocatedSince);

/// <summary>
/// A snapshot's caseloads, counted once and independent of any policy: what is stored week by week, and what every
/// evaluation is made from. Child-level detail does not survive into it.
/// </summary>
/// <param name="AsOf">The date the snapshot describes.</param>
/// <param name="Teams">Every team, in the snapshot's order.</param>
/// <param name="Workers">Every worker on the roster, in the snapshot's order.</param>
/// <param name="Cases">Distinct children open in the council, allocated or not.</param>
/// <param name="Unallocated">Distinct children without a named worker.</param>
/// <param name="Warnings">The snapshot's data-quality warnings.</param>
public sealed record CaseloadSummary(
    LocalDate AsOf,
    IReadOnlyList<TeamHoldings> Teams,
    IReadOnlyList<WorkerHoldings> Workers,
    int Cases,
    int Unallocated,
    IReadOnlyList<Problem> Warnings)
{
    private static readonly int CaseTypes = Enum.GetValues<CaseType>().Length;

    /// <summary>Counts a snapshot's holdings in one pass over its allocations.</summary>
    public static CaseloadSummary Of(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var workerCount = snapshot.Workers.Count;
        var children = new int[workerCount];
        var families = new int[workerCount];
        var byCaseType = new int[workerCount * CaseTypes];
        var inProceedings = new int[workerCount];
        var teamCases = new int[snapshot.Teams.Count];
        var teamUnallocated = new int[snapshot.Teams.Count];
        var oldestUnallocated = new LocalDate?[snapshot.Teams.Count];
        int cases = 0, unallocated = 0;

        // Most children are held in one team, and most families by one worker: the first is kept in an array by
        // child (or family), and only the rest go into sets of pairs.
        var firstTeams = new int[snapshot.ChildIds.Count];
        var otherTeamChildren = new HashSet<long>();
        var firstFamilyHolders = new int[snapshot.FamilyIds.Count];
        var otherFamilyHoldings = new HashSet<long>();
        var unallocatedTeamChildren = new HashSet<long>();
        var childUnallocated = new bool[snapshot.ChildIds.Count];
        foreach (ref readonly var allocation in snapshot.AllocationSpan)
        {
            var child = allocation.Child;
            var teamChild = ((long)allocation.Team << 32) | (uint)child;
            if (allocation.IsUnallocated)
            {
                if (unallocatedTeamChildren.Add(teamChild))
                {
                    teamUnallocated[allocation.Team]++;
                }

                if (allocation.AllocatedOn is { } since && (oldestUnallocated[allocation.Team] is not { } oldest || since < oldest))
                {
                    oldestUnallocated[allocation.Team] = since;
                }

                if (!childUnallocated[child])
                {
                    childUnallocated[child] = true;
                    unallocated++;
                }
            }
            else
            {
                // The snapshot holds each child once per worker, so rows count children.
                var worker = allocation.Worker;
                children[worker]++;
                byCaseType[(worker * CaseTypes) + (int)allocation.CaseType]++;
                inProceedings[worker] += allocation.InProceedings ? 1 : 0;
                var family = allocation.Family;
                if (family < 0)
                {
                    families[worker]++;
                }
                else if (firstFamilyHolders[family] == 0)
                {
                    firstFamilyHolders[family] = worker + 1;
                    families[worker]++;
                }
                else if (firstFamilyHolders[family] != worker + 1 && otherFamilyHoldings.Add(((long)worker << 32) | (uint)family))
                {
                    families[worker]++;
                }
            }

            var team = allocation.Team + 1;
            if (firstTeams[child] == 0)
            {
                firstTeams[child] = team;
                teamCases[allocation.Team]++;
                cases++;
            }
            else if (firstTeams[child] != team && otherTeamChildren.Add(teamChild))
            {
                teamCases[allocation.Team]++;
            }
        }

        var workers = new WorkerHoldings[workerCount];
        for (var w = 0; w < workerCount; w++)
        {
            workers[w] = new WorkerHoldings(snapshot.Workers[w], children[w], families[w], byCaseType.AsSpan(w * CaseTypes, CaseTypes).ToArray(), inProceedings[w]);
        }

        var teams = new TeamHoldings[snapshot.Teams.Count];
        for (var t = 0; t < teams.Length; t++)
        {
            teams[t] = new TeamHoldings(snapshot.Teams[t], teamCases[t], teamUnallocated[t], oldestUnallocated[t]);
        }

        return new CaseloadSummary(snapshot.AsOf, teams, workers, cases, unallocated, snapshot.Warnings);
    }
}
