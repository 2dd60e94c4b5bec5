using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Evaluation;

/// <summary>One worker's caseload against their limit in one evaluation.</summary>
/// <param name="WorkerId">The worker's key.</param>
/// <param name="Name">Their display name.</param>
/// <param name="TeamId">Their team.</param>
/// <param name="Role">Their role.</param>
/// <param name="Fte">Their FTE.</param>
/// <param name="Asye">In their ASYE.</param>
/// <param name="Agency">An agency worker.</param>
/// <param name="Caseload">Distinct children (or families) they hold.</param>
/// <param name="WeightedLoad">The complexity-weighted load of their children.</param>
/// <param name="Limit">Their limit, or null when their role is exempt.</param>
/// <param name="OverBy">How far their load exceeds the limit; 0 when it does not.</param>
/// <param name="Band">Where their load stands.</param>
/// <param name="Status">Their breach against the previous evaluation, or null when neither was a breach.</param>
/// <param name="WeeksInBreach">Consecutive evaluated weeks in breach, this one included; 0 when not in breach.</param>
public sealed record WorkerCaseload(
    string WorkerId,
    string Name,
    string TeamId,
    Role Role,
    decimal Fte,
    bool Asye,
    bool Agency,
    int Caseload,
    decimal WeightedLoad,
    decimal? Limit,
    decimal OverBy,
    Band Band,
    BreachStatus? Status,
    int WeeksInBreach)
{
    /// <summary>Amber or red.</summary>
    public bool InBreach => Band is Band.Amber or Band.Red;
}
