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

    internal Snapshot(
        LocalDate asOf,
        string? source,
        Team[] teams,
        Worker[] workers,
        int[] workerTeams,
        Allocation[] allocations,
        string[] childIds,
        string[] familyIds,
        Problem[] warnings)
    {
        AsOf = asOf;
        Source = source;
        Teams = teams;
        Workers = workers;
        this.workerTeams = workerTeams;
        Allocations = allocations;
        ChildIds = childIds;
        FamilyIds = familyIds;
        Warnings = warnings;
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
    public IReadOnlyList<string> ChildIds { get; }

    /// <summary>The family references that group siblings.</summary>
    public IReadOnlyList<string> FamilyIds { get; }

    /// <summary>What was wrong with the data but did not stop it being used.</summary>
    public IReadOnlyList<Problem> Warnings { get; }

    /// <summary>The index in <see cref="Teams"/> of the team of the worker at <paramref name="worker"/>.</summary>
    public int TeamOf(int worker) => workerTeams[worker];
}
