namespace Caseload.Reporting.Improvement;

/// <summary>A plan as stored: the plan, its document as leadership wrote it, and when it was set.</summary>
/// <param name="Plan">The plan read from the document.</param>
/// <param name="Document">The JSON as given.</param>
/// <param name="SetAt">When it became current.</param>
public sealed record StoredPlan(Plan Plan, string Document, DateTimeOffset SetAt);
