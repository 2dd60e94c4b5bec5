namespace Caseload.Reporting.Ingest.Canonical;

/// <summary>
/// What a snapshot's values may be at most: anything larger is refused by validation (and so by every ingest) rather
/// than failing later in storage, an email or a document. Generous for any council and for the nation.
/// </summary>
internal static class Limits
{
    /// <summary>Characters in an id (team, worker, manager, child, family).</summary>
    public const int Id = 64;

    /// <summary>Characters in a name or a service.</summary>
    public const int Name = 200;

    /// <summary>A team's funded posts, in FTE.</summary>
    public const decimal Establishment = 10_000m;

    /// <summary>Rows of teams.csv.</summary>
    public const int Teams = 50_000;

    /// <summary>Rows of workers.csv.</summary>
    public const int Workers = 200_000;

    /// <summary>
    /// Rows of allocations.csv: nearly twice a nation's (about 550,000), and the most that validate and ingest read
    /// within their 500 MB budget when every row is bad.
    /// </summary>
    public const int Allocations = 1_000_000;

    /// <summary>
    /// Rows of one SSD table: its history as well as what is open (a nation's involvements over several years), read
    /// a row at a time and kept only when open on the snapshot's date.
    /// </summary>
    public const int SsdRows = 5_000_000;
}
