namespace Caseload.Reporting.Snapshots;

/// <summary>A team, as teams.csv describes it.</summary>
/// <param name="Id">The team's key.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Type">What kind of work it does; the policy's limits depend on it.</param>
/// <param name="ManagerId">The worker_id of its team manager, who receives the weekly email.</param>
/// <param name="Service">The service area it belongs to, for the heads of service roll-up.</param>
/// <param name="HeadOfServiceEmail">Where the service roll-up goes.</param>
/// <param name="EstablishmentFte">Funded social worker posts, in FTE.</param>
public sealed record Team(
    string Id,
    string Name,
    TeamType Type,
    string? ManagerId,
    string? Service,
    string? HeadOfServiceEmail,
    decimal? EstablishmentFte);
