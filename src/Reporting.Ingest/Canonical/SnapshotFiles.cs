namespace Caseload.Reporting.Ingest.Canonical;

/// <summary>Where a snapshot's files are read from: a folder, a blob prefix, a download.</summary>
public abstract class SnapshotFiles
{
    /// <summary>Every file a snapshot may hold, as folders, blob drops and zips carry it and as ingest keeps it: the manifest, the roster, and allocations.csv or the SSD tables.</summary>
    public static IReadOnlyList<string> Names { get; } = ["snapshot.json", "teams.csv", "workers.csv", "allocations.csv", .. Ssd.SsdTables.Files];

    /// <summary>Whether files of these names make a whole snapshot: the roster with allocations.csv, or with the SSD tables a snapshot needs.</summary>
    public static bool IsComplete(IReadOnlyCollection<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        bool Has(string name) => names.Contains(name, StringComparer.OrdinalIgnoreCase);
        return Has("teams.csv") && Has("workers.csv")
            && (Has("allocations.csv") || (Has(Ssd.SsdTables.Involvements.File) && Has(Ssd.SsdTables.Episodes.File)));
    }

    /// <summary>Opens a file of the snapshot for reading, or returns null when it does not exist.</summary>
    public abstract Stream? Open(string name);

    /// <summary>The file's size in bytes when known cheaply, to size for its contents once.</summary>
    public virtual long? Length(string name) => null;
}

/// <summary>A snapshot as a folder on disk.</summary>
/// <param name="directory">The folder holding teams.csv, workers.csv, allocations.csv and snapshot.json.</param>
public sealed class SnapshotFolder(string directory) : SnapshotFiles
{
    /// <summary>The folder.</summary>
    public string Directory { get; } = directory;

    /// <inheritdoc />
    public override Stream? Open(string name)
    {
        var path = Path.Combine(Directory, name);
        return File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan)
            : null;
    }

    /// <inheritdoc />
    public override long? Length(string name) => new FileInfo(Path.Combine(Directory, name)) is { Exists: true } file ? file.Length : null;
}
