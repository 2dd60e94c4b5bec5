using NodaTime;

namespace Caseload.Reporting.Snapshots;

/// <summary>A snapshot as stored, with its lineage.</summary>
/// <param name="Id">Its key: the date it describes and a digest of its files, e.g. <c>2026-11-16.3f9a0c21b7e4</c>.</param>
/// <param name="AsOf">The date it describes.</param>
/// <param name="Source">Where it came from, when the source said.</param>
/// <param name="IngestedAt">When it was stored.</param>
/// <param name="Teams">Rows of teams.csv.</param>
/// <param name="Workers">Rows of workers.csv.</param>
/// <param name="Allocations">Allocations kept (repeats counted once).</param>
/// <param name="Warnings">Data-quality warnings.</param>
/// <param name="FileHashes">SHA-256 of each file, hex, by file name.</param>
/// <param name="PolicyVersion">The policy current when it was stored.</param>
public sealed record StoredSnapshot(
    string Id,
    LocalDate AsOf,
    string? Source,
    DateTimeOffset IngestedAt,
    int Teams,
    int Workers,
    int Allocations,
    int Warnings,
    IReadOnlyDictionary<string, string> FileHashes,
    string PolicyVersion);
