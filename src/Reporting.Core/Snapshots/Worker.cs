using NodaTime;

namespace Caseload.Reporting.Snapshots;

/// <summary>A member of staff on the HR roster, as workers.csv describes them.</summary>
/// <param name="Id">The worker's key (Social Work England number or HR id).</param>
/// <param name="Name">Display name.</param>
/// <param name="Email">Work email.</param>
/// <param name="TeamId">The team they belong to; it exists in the same snapshot.</param>
/// <param name="Role">Their role; some roles hold no caseload limit.</param>
/// <param name="Fte">Full-time equivalent, greater than 0 and at most 1.</param>
/// <param name="Asye">In the Assessed and Supported Year in Employment.</param>
/// <param name="Agency">An agency (locum) worker.</param>
/// <param name="Absence">A long absence, past, present or to come; null for none.</param>
public sealed record Worker(
    string Id,
    string Name,
    string Email,
    string TeamId,
    Role Role,
    decimal Fte,
    bool Asye,
    bool Agency,
    Absence? Absence = null)
{
    /// <summary>
    /// Their Social Work England number (<see cref="SweNumber"/>) where the roster gives it apart from their id (an
    /// HR id): the workforce census names workers by it. Null when not given.
    /// </summary>
    public string? SweNumber { get; init; }

    /// <summary>Absent on the day (capacity spec): an absence has begun and not ended before it.</summary>
    public bool AbsentOn(LocalDate day) => Absence?.On(day) ?? false;
}
