using NodaTime;

namespace Caseload.Reporting.Snapshots;

/// <summary>
/// One open case: a child allocated to a worker, or unallocated in a team. Children, families, workers and teams
/// are referred to by their index in the owning <see cref="Snapshot"/>, which keeps half a million of these small.
/// </summary>
/// <param name="Child">Index into <see cref="Snapshot.ChildIds"/>.</param>
/// <param name="Family">Index into <see cref="Snapshot.FamilyIds"/>, or -1 when no family was given.</param>
/// <param name="Worker">Index into <see cref="Snapshot.Workers"/>, or -1 when the case is unallocated.</param>
/// <param name="Team">Index into <see cref="Snapshot.Teams"/>: the worker's team, or the team holding it unallocated.</param>
/// <param name="CaseType">The kind of case.</param>
/// <param name="InProceedings">Care proceedings or pre-proceedings are under way.</param>
/// <param name="AllocatedOn">When the current worker (or, unallocated, the team) took the case.</param>
/// <param name="PlanStart">When the current CP or CLA plan started.</param>
/// <param name="LastVisit">The last statutory visit.</param>
public readonly record struct Allocation(
    int Child,
    int Family,
    int Worker,
    int Team,
    CaseType CaseType,
    bool InProceedings,
    LocalDate? AllocatedOn,
    LocalDate? PlanStart,
    LocalDate? LastVisit)
{
    /// <summary>No named worker holds the case.</summary>
    public bool IsUnallocated => Worker < 0;
}
