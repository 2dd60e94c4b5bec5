namespace Caseload.Reporting.Policies;

/// <summary>A policy as stored: its version, its document as the council wrote it, and when it was set.</summary>
/// <param name="Policy">The policy read from the document.</param>
/// <param name="Document">The JSON as given; null for the built-in defaults.</param>
/// <param name="SetAt">When it became current; null for the built-in defaults.</param>
public sealed record StoredPolicy(Policy Policy, string? Document, DateTimeOffset? SetAt);
