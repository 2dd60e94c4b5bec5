using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Evaluation;

/// <summary>A team's caseload figures in one evaluation.</summary>
/// <param name="TeamId">The team's key.</param>
/// <param name="Name">Its display name.</param>
/// <param name="TeamType">Its type.</param>
/// <param name="Figures">Its caseload figures.</param>
/// <param name="Capacity">Whether it can absorb its load, and how many posts it takes if not.</param>
public sealed record TeamCaseload(string TeamId, string Name, TeamType TeamType, CaseloadFigures Figures, Capacity.TeamCapacity Capacity);

/// <summary>The caseload figures of a group of workers: a team, or the whole council.</summary>
/// <param name="CaseHolders">Workers whose role holds a limit.</param>
/// <param name="Cases">Distinct children held by the group's workers, plus its unallocated children.</param>
/// <param name="AverageCaseload">Case holders' caseloads ÷ case holders; null without case holders.</param>
/// <param name="CasesPerFte">Case holders' caseloads ÷ their FTE; null without case holders.</param>
/// <param name="WorkersOverLimit">Case holders in breach.</param>
/// <param name="Unallocated">Distinct children without a named worker.</param>
public sealed record CaseloadFigures(
    int CaseHolders,
    int Cases,
    decimal? AverageCaseload,
    decimal? CasesPerFte,
    int WorkersOverLimit,
    int Unallocated);
