using NodaTime;

namespace Caseload.Reporting.Snapshots;

/// <summary>
/// What the case management system and HR said at one moment about who holds which child's case. A snapshot is
/// only ever made by <see cref="SnapshotBuilder"/>, so its references hold: every worker's team exists, every
/// allocation points at a worker or team of this snapshot, and a child is held at most once by each worker.
/// </summary>
public sealed class Snapshot
{
    private readonly int[] workerTeams;
    private readonly List<Allocation> allocations;

    internal Snapshot(
        LocalDate asOf,
        string? source,
        List<Team> teams,
        List<Worker> workers,
        int[] workerTeams,
        List<Allocation> allocations,
        Ids childIds,
        Ids familyIds,
        List<Problem> warnings)
    {
        AsOf = asOf;
        Source = source;
        Teams = teams.AsReadOnly();
        Workers = workers.AsReadOnly();
        this.workerTeams = workerTeams;
        this.allocations = allocations;
        Allocations = allocations.AsReadOnly();
        ChildIds = childIds;
        FamilyIds = familyIds;
        Warnings = warnings.AsReadOnly();
    }

    /// <summary>The date the data describes.</summary>
    public LocalDate AsOf { get; }

    /// <summary>Where the data came from (the manifest's <c>source</c>), when known.</summary>
    public string? Source { get; }

    /// <summary>The teams, in the order the source listed them.</summary>
    public IReadOnlyList<Team> Teams { get; }

    /// <summary>The roster, in the order the source listed it.</summary>
    public IReadOnlyList<Worker> Workers { get; }

    /// <summary>The open cases, one per child and holder (a worker, or a team when unallocated).</summary>
    public IReadOnlyList<Allocation> Allocations { get; }

    /// <summary>The pseudonymous child references; personal data, never to be shown or logged.</summary>
    public Ids ChildIds { get; }

    /// <summary>The family references that group siblings.</summary>
    public Ids FamilyIds { get; }

    /// <summary>What was wrong with the data but did not stop it being used.</summary>
    public IReadOnlyList<Problem> Warnings { get; }

    /// <summary>
    /// The same snapshot with warnings found before it was read (a conversion's, such as Annex A names not on the
    /// roster) ahead of its own, so that they are stored and reported with its data quality.
    /// </summary>
    public Snapshot WithWarnings(IEnumerable<Problem> earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new Snapshot(AsOf, Source, [.. Teams], [.. Workers], workerTeams, allocations, ChildIds, FamilyIds, [.. earlier, .. Warnings]);
    }

    /// <summary>The allocations as one span, for a single fast pass.</summary>
    internal ReadOnlySpan<Allocation> AllocationSpan => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(allocations);

    /// <summary>The index in <see cref="Teams"/> of the team of the worker at <paramref name="worker"/>.</summary>
    public int TeamOf(int worker) => workerTeams[worker];
}
