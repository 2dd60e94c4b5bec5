namespace Caseload.Reporting.Evaluation;

/// <summary>An evaluation as stored for an ISO week, with its lineage.</summary>
/// <param name="Evaluation">The evaluation, its week the week it was run for.</param>
/// <param name="SnapshotId">The stored snapshot it evaluated.</param>
/// <param name="EvaluatedAt">When it was made.</param>
public sealed record StoredEvaluation(CaseloadEvaluation Evaluation, string SnapshotId, DateTimeOffset EvaluatedAt);
