using Caseload.Reporting.Snapshots;
using Caseload.Reporting.Policies;
using NodaTime;

namespace Caseload.Reporting.Evaluation;

/// <summary>What one worker holds, counted once from the allocations: enough to apply any policy.</summary>
/// <param name="Worker">The worker.</param>
/// <param name="Children">Distinct children they hold.</param>
/// <param name="Families">Distinct families they hold (a child without a family_id is its own).</param>
/// <param name="ByCaseType">How many of their children are of each case type, indexed by <see cref="CaseType"/>.</param>
/// <param name="InProceedings">How many of their children are in care proceedings or pre-proceedings.</param>
public sealed record WorkerHoldings(Worker Worker, int Children, int Families, IReadOnlyList<int> ByCaseType, int InProceedings)
{
    /// <summary>When the worker is absent on the snapshot's date: the children they hold that no present worker holds (they need cover).</summary>
    public int NeedingCover { get; init; }
}

/// <summary>
/// A group of children as every policy can count them (capacity spec): children, families (a child without a
/// family is its own), and by case type and in proceedings for a weighted load. Policy-free, so that it is counted
/// once at ingest and stored.
/// </summary>
/// <param name="Children">Distinct children.</param>
/// <param name="Families">Distinct families among them.</param>
/// <param name="ByCaseType">How many of them have each case type, by <see cref="CaseType"/>.</param>
/// <param name="InProceedings">How many of them are in proceedings.</param>
public sealed record ChildTally(int Children, int Families, IReadOnlyList<int> ByCaseType, int InProceedings)
{
    /// <summary>No children.</summary>
    public static ChildTally None { get; } = new(0, 0, new int[Enum.GetValues<CaseType>().Length], 0);

    /// <summary>The same counts, however the list of case types is held (an array counted, a list read back).</summary>
    public bool Equals(ChildTally? other) =>
        other is not null && (Children, Families, InProceedings) == (other.Children, other.Families, other.InProceedings) && ByCaseType.SequenceEqual(other.ByCaseType);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Children, Families, InProceedings);

    /// <summary>
    /// Their load under a policy: distinct children or families in count mode; in weighted mode the sum of their
    /// weights, case type and the uplift in proceedings (policy spec).
    /// </summary>
    public decimal Load(Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.LimitOn == LimitOn.Count)
        {
            return policy.CountBy == CountBy.Child ? Children : Families;
        }

        var load = InProceedings * policy.Weights.InProceedingsUplift;
        for (var c = 0; c < ByCaseType.Count; c++)
        {
            load += ByCaseType[c] * policy.Weights.Of((CaseType)c, inProceedings: false);
        }

        return load;
    }
}

/// <summary>What one team holds.</summary>
/// <param name="Team">The team.</param>
/// <param name="Cases">Distinct children held by its workers plus its unallocated children.</param>
/// <param name="Unallocated">Distinct children without a named worker.</param>
/// <param name="OldestUnallocatedSince">The earliest allocated_on of its unallocated children: how long the longest has waited.</param>
/// <param name="Waiting">Its unallocated children, as every policy counts them.</param>
/// <param name="Cover">The children held by its absent workers and by no worker who is not absent (capacity spec's coverNeeded).</param>
public sealed record TeamHoldings(Team Team, int Cases, int Unallocated, LocalDate? OldestUnallocatedSince, ChildTally? Waiting = null, ChildTally? Cover = null)
{
    /// <summary>Its unallocated children, as every policy counts them (none in a summary stored before they were counted).</summary>
    public ChildTally Waiting { get; init => field = value ?? ChildTally.None; } = Waiting ?? ChildTally.None;

    /// <summary>The children needing cover because their only workers are absent.</summary>
    public ChildTally Cover { get; init => field = value ?? ChildTally.None; } = Cover ?? ChildTally.None;
}

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
        var waiting = new Tallies(snapshot.Teams.Count);

        // Cover needed: children held by absent workers and by no one present. Most councils have a few absences;
        // without any, the second pass is skipped.
        var absent = new bool[workerCount];
        var anyAbsent = false;
        for (var w = 0; w < workerCount; w++)
        {
            anyAbsent |= absent[w] = snapshot.Workers[w].AbsentOn(snapshot.AsOf);
        }

        var heldByPresent = anyAbsent ? new bool[snapshot.ChildIds.Count] : null;
        foreach (ref readonly var allocation in snapshot.AllocationSpan)
        {
            var child = allocation.Child;
            var teamChild = ((long)allocation.Team << 32) | (uint)child;
            if (allocation.IsUnallocated)
            {
                if (unallocatedTeamChildren.Add(teamChild))
                {
                    teamUnallocated[allocation.Team]++;
                    waiting.Add(allocation);
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
                if (heldByPresent is not null && !absent[worker])
                {
                    heldByPresent[child] = true;
                }

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

        var cover = new Tallies(snapshot.Teams.Count);
        var needingCover = new int[workerCount];
        if (heldByPresent is not null)
        {
            var covered = new HashSet<long>();
            foreach (ref readonly var allocation in snapshot.AllocationSpan)
            {
                if (!allocation.IsUnallocated && absent[allocation.Worker] && !heldByPresent[allocation.Child])
                {
                    needingCover[allocation.Worker]++;
                    if (covered.Add(((long)allocation.Team << 32) | (uint)allocation.Child))
                    {
                        cover.Add(allocation);
                    }
                }
            }
        }

        var workers = new WorkerHoldings[workerCount];
        for (var w = 0; w < workerCount; w++)
        {
            workers[w] = new WorkerHoldings(snapshot.Workers[w], children[w], families[w], byCaseType.AsSpan(w * CaseTypes, CaseTypes).ToArray(), inProceedings[w]) { NeedingCover = needingCover[w] };
        }

        var teams = new TeamHoldings[snapshot.Teams.Count];
        for (var t = 0; t < teams.Length; t++)
        {
            teams[t] = new TeamHoldings(snapshot.Teams[t], teamCases[t], teamUnallocated[t], oldestUnallocated[t], waiting.Of(t), cover.Of(t));
        }

        return new CaseloadSummary(snapshot.AsOf, teams, workers, cases, unallocated, snapshot.Warnings);
    }

    /// <summary>Per team, a group of distinct children counted every way a policy may count them.</summary>
    private sealed class Tallies(int teams)
    {
        private readonly int[] children = new int[teams];
        private readonly int[] families = new int[teams];
        private readonly int[] byCaseType = new int[teams * CaseTypes];
        private readonly int[] inProceedings = new int[teams];
        private readonly HashSet<long> teamFamilies = [];

        /// <summary>Adds the allocation's child to its team's group: once per team and child, as the caller sees to.</summary>
        public void Add(in Allocation allocation)
        {
            var team = allocation.Team;
            children[team]++;
            byCaseType[(team * CaseTypes) + (int)allocation.CaseType]++;
            inProceedings[team] += allocation.InProceedings ? 1 : 0;
            if (allocation.Family < 0 || teamFamilies.Add(((long)team << 32) | (uint)allocation.Family))
            {
                families[team]++;
            }
        }

        public ChildTally Of(int team) => children[team] == 0
            ? ChildTally.None
            : new ChildTally(children[team], families[team], byCaseType.AsSpan(team * CaseTypes, CaseTypes).ToArray(), inProceedings[team]);
    }
}
