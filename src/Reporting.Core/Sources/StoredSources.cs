namespace Caseload.Reporting.Sources;

/// <summary>A source list as stored: the list, its document and when it was set.</summary>
/// <param name="List">The sources.</param>
/// <param name="Document">The JSON as given.</param>
/// <param name="SetAt">When it became current.</param>
public sealed record StoredSources(SourceList List, string Document, DateTimeOffset SetAt);
