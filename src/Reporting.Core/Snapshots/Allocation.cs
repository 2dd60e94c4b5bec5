using NodaTime;

namespace Caseload.Reporting.Snapshots;

/// <summary>
/// One open case: a child allocated to a worker, or unallocated in a team. Children, families, workers and teams
/// are referred to by their index in the owning <see cref="Snapshot"/>, and dates are kept as day numbers, which
/// keeps half a million of these to 32 bytes each.
/// </summary>
public readonly record struct Allocation
{
    private readonly int allocatedOn;
    private readonly int planStart;
    private readonly int lastVisit;

    /// <summary>Creates an allocation.</summary>
    /// <param name="child">Index into <see cref="Snapshot.ChildIds"/>.</param>
    /// <param name="family">Index into <see cref="Snapshot.FamilyIds"/>, or -1 when no family was given.</param>
    /// <param name="worker">Index into <see cref="Snapshot.Workers"/>, or -1 when the case is unallocated.</param>
    /// <param name="team">Index into <see cref="Snapshot.Teams"/>: the worker's team, or the team holding it unallocated.</param>
    /// <param name="caseType">The kind of case.</param>
    /// <param name="inProceedings">Care proceedings or pre-proceedings are under way.</param>
    /// <param name="allocatedOn">When the current worker (or, unallocated, the team) took the case.</param>
    /// <param name="planStart">When the current CP or CLA plan started.</param>
    /// <param name="lastVisit">The last statutory visit.</param>
    public Allocation(int child, int family, int worker, int team, CaseType caseType, bool inProceedings, LocalDate? allocatedOn, LocalDate? planStart, LocalDate? lastVisit)
    {
        Child = child;
        Family = family;
        Worker = worker;
        Team = team;
        CaseType = caseType;
        InProceedings = inProceedings;
        this.allocatedOn = Pack(allocatedOn);
        this.planStart = Pack(planStart);
        this.lastVisit = Pack(lastVisit);
    }

    /// <summary>Index into <see cref="Snapshot.ChildIds"/>.</summary>
    public int Child { get; }

    /// <summary>Index into <see cref="Snapshot.FamilyIds"/>, or -1 when no family was given.</summary>
    public int Family { get; }

    /// <summary>Index into <see cref="Snapshot.Workers"/>, or -1 when the case is unallocated.</summary>
    public int Worker { get; }

    /// <summary>Index into <see cref="Snapshot.Teams"/>: the worker's team, or the team holding it unallocated.</summary>
    public int Team { get; }

    /// <summary>The kind of case.</summary>
    public CaseType CaseType { get; }

    /// <summary>Care proceedings or pre-proceedings are under way.</summary>
    public bool InProceedings { get; }

    /// <summary>When the current worker (or, unallocated, the team) took the case.</summary>
    public LocalDate? AllocatedOn => Unpack(allocatedOn);

    /// <summary>When the current CP or CLA plan started.</summary>
    public LocalDate? PlanStart => Unpack(planStart);

    /// <summary>The last statutory visit.</summary>
    public LocalDate? LastVisit => Unpack(lastVisit);

    /// <summary>No named worker holds the case.</summary>
    public bool IsUnallocated => Worker < 0;

    // Day numbers as DateOnly counts them, from 0001-01-01; -1 stands for "not given".
    private static int Pack(LocalDate? date) => date is { } d ? d.ToDateOnly().DayNumber : -1;

    private static LocalDate? Unpack(int day) => day < 0 ? null : LocalDate.FromDateOnly(DateOnly.FromDayNumber(day));
}
