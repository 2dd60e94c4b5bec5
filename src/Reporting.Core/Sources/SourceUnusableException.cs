namespace Caseload.Reporting.Sources;

/// <summary>
/// A pull that cannot succeed however often it is tried, until someone changes a setting: no sources set, no source
/// of that id, a kind this version cannot pull, the blob service not configured. A queued pull that meets it is
/// recorded as poison at once; any other failure is retried by the queue.
/// </summary>
public sealed class SourceUnusableException(string message) : Exception(message);
