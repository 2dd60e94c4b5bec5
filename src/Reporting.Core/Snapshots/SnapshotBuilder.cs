using NodaTime;

namespace Caseload.Reporting.Snapshots;

/// <summary>What became of a team handed to <see cref="SnapshotBuilder.AddTeam"/>.</summary>
public enum TeamOutcome
{
    /// <summary>The team is in the snapshot.</summary>
    Added,

    /// <summary>Another team already has this team_id; the snapshot is invalid.</summary>
    DuplicateId,
}

/// <summary>What became of a worker handed to <see cref="SnapshotBuilder.AddWorker"/>.</summary>
public enum WorkerOutcome
{
    /// <summary>The worker is on the roster.</summary>
    Added,

    /// <summary>Another worker already has this worker_id; the snapshot is invalid.</summary>
    DuplicateId,

    /// <summary>The worker's team is not in the snapshot; the snapshot is invalid.</summary>
    UnknownTeam,
}

/// <summary>What became of an allocation handed to <see cref="SnapshotBuilder.AddAllocation"/>.</summary>
public enum AllocationOutcome
{
    /// <summary>The case is held by a worker on the roster.</summary>
    Allocated,

    /// <summary>The case has no named worker and is held by its team.</summary>
    Unallocated,

    /// <summary>The named worker is not on the roster (probably left); the case counts as unallocated in its team.</summary>
    UnknownWorkerUnallocated,

    /// <summary>The named worker is not on the roster and no team was given; the case is reported only.</summary>
    UnknownWorkerReportedOnly,

    /// <summary>The same child and holder again; counted once.</summary>
    Duplicate,

    /// <summary>Neither a worker nor a team was given; the snapshot is invalid.</summary>
    NoHolder,

    /// <summary>The team given for a case without a known worker is not in the snapshot; the snapshot is invalid.</summary>
    UnknownTeam,
}

/// <summary>One row of allocations, as read, before it is checked against the roster.</summary>
/// <param name="ChildId">The child reference; never empty.</param>
/// <param name="FamilyId">The family reference, or empty.</param>
/// <param name="WorkerId">The allocated worker, or empty when unallocated.</param>
/// <param name="TeamId">The owning team, or empty.</param>
/// <param name="CaseType">The kind of case.</param>
/// <param name="InProceedings">Care proceedings or pre-proceedings are under way.</param>
/// <param name="AllocatedOn">When the current holder took the case.</param>
/// <param name="PlanStart">When the current plan started.</param>
/// <param name="LastVisit">The last statutory visit.</param>
public readonly ref struct AllocationRow(
    ReadOnlySpan<char> ChildId,
    ReadOnlySpan<char> FamilyId,
    ReadOnlySpan<char> WorkerId,
    ReadOnlySpan<char> TeamId,
    CaseType CaseType,
    bool InProceedings,
    LocalDate? AllocatedOn,
    LocalDate? PlanStart,
    LocalDate? LastVisit)
{
    /// <summary>The child reference.</summary>
    public ReadOnlySpan<char> ChildId { get; } = ChildId;

    /// <summary>The family reference, or empty.</summary>
    public ReadOnlySpan<char> FamilyId { get; } = FamilyId;

    /// <summary>The allocated worker, or empty.</summary>
    public ReadOnlySpan<char> WorkerId { get; } = WorkerId;

    /// <summary>The owning team, or empty.</summary>
    public ReadOnlySpan<char> TeamId { get; } = TeamId;

    /// <summary>The kind of case.</summary>
    public CaseType CaseType { get; } = CaseType;

    /// <summary>Care proceedings or pre-proceedings are under way.</summary>
    public bool InProceedings { get; } = InProceedings;

    /// <summary>When the current holder took the case.</summary>
    public LocalDate? AllocatedOn { get; } = AllocatedOn;

    /// <summary>When the current plan started.</summary>
    public LocalDate? PlanStart { get; } = PlanStart;

    /// <summary>The last statutory visit.</summary>
    public LocalDate? LastVisit { get; } = LastVisit;
}

/// <summary>
/// Assembles a <see cref="Snapshot"/> from teams, then workers, then allocations, applying the snapshot spec's
/// rules on references (unknown teams, unknown workers, repeated keys, repeated child/holder pairs). Readers of
/// each source format report the outcomes with their own file and line.
/// </summary>
public sealed class SnapshotBuilder
{
    // Dictionaries keep the default comparer: for string keys it is ordinal and starts non-randomized, which
    // hashes half a million child ids markedly faster than StringComparer.Ordinal.
    private readonly List<Team> teams = [];
    private readonly Dictionary<string, int> teamIndex = [];
    private readonly List<Worker> workers = [];
    private readonly List<int> workerTeams = [];
    private readonly Dictionary<string, int> workerIndex = [];
    private readonly List<Allocation> allocations = [];
    // Most children have one holder: it is kept by child, and only co-workers go into the set of pairs.
    private readonly List<int> firstHolders = [];
    private IdNumbers childIndex = new();
    private IdNumbers familyIndex = new();
    private readonly HashSet<long> otherHoldings = [];
    private readonly ProblemLog warnings = new();
    private bool built;

    /// <summary>
    /// Sizes the builder once for about this many allocations (a reader counts its file's lines): half a million
    /// allocations regrown by doubling cost twice their memory, all of it touched.
    /// </summary>
    /// <exception cref="InvalidOperationException">An allocation has been added already.</exception>
    public void Expect(int allocations)
    {
        EnsureNotBuilt();
        ArgumentOutOfRangeException.ThrowIfNegative(allocations);
        if (this.allocations.Count > 0)
        {
            throw new InvalidOperationException("Expect is for before the first allocation is added.");
        }

        childIndex = new(allocations);
        familyIndex = new(allocations / 2);
        this.allocations.Capacity = allocations;
        firstHolders.Capacity = allocations;
    }

    /// <summary>Adds a team; its id must be new.</summary>
    public TeamOutcome AddTeam(Team team)
    {
        EnsureNotBuilt();
        ArgumentNullException.ThrowIfNull(team);
        if (!teamIndex.TryAdd(team.Id, teams.Count))
        {
            return TeamOutcome.DuplicateId;
        }

        teams.Add(team);
        return TeamOutcome.Added;
    }

    /// <summary>Adds a worker to the roster; their id must be new and their team already added.</summary>
    public WorkerOutcome AddWorker(Worker worker)
    {
        EnsureNotBuilt();
        ArgumentNullException.ThrowIfNull(worker);
        if (!teamIndex.TryGetValue(worker.TeamId, out var team))
        {
            return WorkerOutcome.UnknownTeam;
        }

        if (!workerIndex.TryAdd(worker.Id, workers.Count))
        {
            return WorkerOutcome.DuplicateId;
        }

        workers.Add(worker);
        workerTeams.Add(team);
        return WorkerOutcome.Added;
    }

    /// <summary>Whether a team with this id has been added.</summary>
    public bool HasTeam(ReadOnlySpan<char> teamId) => teamIndex.GetAlternateLookup<ReadOnlySpan<char>>().ContainsKey(teamId);

    /// <summary>Whether a worker with this id is on the roster.</summary>
    public bool HasWorker(ReadOnlySpan<char> workerId) => workerIndex.GetAlternateLookup<ReadOnlySpan<char>>().ContainsKey(workerId);

    /// <summary>Adds an open case, deciding who holds it from the roster added so far.</summary>
    public AllocationOutcome AddAllocation(AllocationRow row)
    {
        EnsureNotBuilt();
        int worker = -1, team;
        var outcome = AllocationOutcome.Unallocated;
        if (!row.WorkerId.IsEmpty)
        {
            if (workerIndex.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(row.WorkerId, out worker))
            {
                outcome = AllocationOutcome.Allocated;
            }
            else
            {
                worker = -1;
                outcome = row.TeamId.IsEmpty ? AllocationOutcome.UnknownWorkerReportedOnly : AllocationOutcome.UnknownWorkerUnallocated;
            }
        }
        else if (row.TeamId.IsEmpty)
        {
            return AllocationOutcome.NoHolder;
        }

        if (outcome == AllocationOutcome.UnknownWorkerReportedOnly)
        {
            return outcome;
        }

        if (worker >= 0)
        {
            team = workerTeams[worker];
        }
        else if (!teamIndex.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(row.TeamId, out team))
        {
            return AllocationOutcome.UnknownTeam;
        }

        var holder = worker >= 0 ? worker : ~team;
        var child = childIndex.Number(row.ChildId);
        if (child == firstHolders.Count)
        {
            firstHolders.Add(holder);
        }
        else if (firstHolders[child] == holder || !otherHoldings.Add(((long)holder << 32) | (uint)child))
        {
            return AllocationOutcome.Duplicate;
        }

        var family = row.FamilyId.IsEmpty ? -1 : familyIndex.Number(row.FamilyId);
        allocations.Add(new Allocation(child, family, worker, team, row.CaseType, row.InProceedings, row.AllocatedOn, row.PlanStart, row.LastVisit));
        return outcome;
    }

    /// <summary>Records a problem that does not stop the snapshot being used.</summary>
    public void Warn(Problem warning)
    {
        EnsureNotBuilt();
        ArgumentNullException.ThrowIfNull(warning);
        warnings.Add(warning with { Severity = Severity.Warning });
    }

    /// <summary>
    /// The snapshot of everything added, as at <paramref name="asOf"/>. The builder hands its collections over
    /// rather than copy half a million allocations, so it cannot be used again.
    /// </summary>
    public Snapshot Build(LocalDate asOf, string? source)
    {
        EnsureNotBuilt();
        built = true;
        return new(asOf, source, teams, workers, [.. workerTeams], allocations, childIndex.ToIds(), familyIndex.ToIds(), warnings.ToList());
    }

    private void EnsureNotBuilt()
    {
        if (built)
        {
            throw new InvalidOperationException("This snapshot has been built; start a new SnapshotBuilder.");
        }
    }
}
