using Caseload.Reporting.Calendar;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Evaluation;

/// <summary>A week as evaluated: the snapshot and the policy it used.</summary>
/// <param name="Week">The week.</param>
/// <param name="SnapshotId">The snapshot evaluated.</param>
/// <param name="PolicyVersion">The policy applied.</param>
public sealed record EvaluatedWeek(IsoWeek Week, string SnapshotId, string PolicyVersion);

/// <summary>
/// The policy a stored snapshot's figures are read under, so that a month's figures are those its managers were
/// told: the policy its own weekly evaluation used, else that of the latest week evaluated by its date (the policy in
/// force then); null when no week had been evaluated by then (the current policy applies).
/// </summary>
public static class PolicyInForce
{
    /// <summary>The policy version for a snapshot.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="evaluated">Every evaluated week, oldest first.</param>
    public static string? Of(StoredSnapshot snapshot, IReadOnlyList<EvaluatedWeek> evaluated)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(evaluated);
        return evaluated.LastOrDefault(e => e.SnapshotId == snapshot.Id)?.PolicyVersion
            ?? evaluated.LastOrDefault(e => e.Week.Monday <= snapshot.AsOf)?.PolicyVersion;
    }
}
