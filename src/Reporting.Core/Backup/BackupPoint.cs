using System.Globalization;

namespace Caseload.Reporting.Backup;

/// <summary>One object at a backup target, named by what it holds: the SHA-256 of its bytes (hex, lower case) and their length.</summary>
public readonly record struct BackupObject
{
    /// <summary>An object's name and length.</summary>
    /// <exception cref="ArgumentException">The hash is not 64 lower-case hex digits, or the length is negative.</exception>
    public BackupObject(string sha256, long length)
    {
        if (sha256 is not { Length: 64 } || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256 in lower-case hex.", nameof(sha256));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Sha256 = sha256;
        Length = length;
    }

    /// <summary>The SHA-256 of the object's bytes, 64 lower-case hex digits: its name at the target.</summary>
    public string Sha256 { get; }

    /// <summary>How many bytes it holds.</summary>
    public long Length { get; }
}

/// <summary>A table partition as backed up: its rows, in one object.</summary>
/// <param name="Key">The partition key.</param>
/// <param name="Rows">How many rows it held.</param>
/// <param name="Content">The object holding them.</param>
public sealed record BackedUpPartition(string Key, int Rows, BackupObject Content);

/// <summary>A table as backed up: every partition it held.</summary>
/// <param name="Name">The table's name without the deployment's prefix (<c>Snapshots</c>, <c>Notifications</c>, ...).</param>
/// <param name="Partitions">Its partitions, in key order.</param>
public sealed record BackedUpTable(string Name, IReadOnlyList<BackedUpPartition> Partitions)
{
    /// <summary>Rows in the table.</summary>
    public long Rows => Partitions.Sum(p => (long)p.Rows);
}

/// <summary>A blob as backed up.</summary>
/// <param name="Name">Its name in the product's container.</param>
/// <param name="Content">The object holding its bytes, exactly as they were.</param>
/// <param name="ContentType">Its content type, when it had one.</param>
/// <param name="ETag">Its ETag in the storage backed up, so that the next point reads it again only if it changed.</param>
public sealed record BackedUpBlob(string Name, BackupObject Content, string? ContentType, string? ETag);

/// <summary>
/// A backup point: every table and blob the product owned at one moment (docs/operations.md, "Backup and restore"),
/// each table partition and blob an object named by its SHA-256, so that what did not change is stored once.
/// </summary>
/// <param name="Id">The point's id, from when it was taken: <c>2026-12-07T013000Z</c>.</param>
/// <param name="TakenAt">When the copy began: what was done before it is in the point.</param>
/// <param name="FinishedAt">When the copy ended.</param>
/// <param name="Tables">Every table, in name order.</param>
/// <param name="Blobs">Every blob, in name order.</param>
public sealed record BackupPoint(string Id, DateTimeOffset TakenAt, DateTimeOffset FinishedAt, IReadOnlyList<BackedUpTable> Tables, IReadOnlyList<BackedUpBlob> Blobs)
{
    private const string IdFormat = "yyyy-MM-dd'T'HHmmss'Z'";

    /// <summary>Rows in every table.</summary>
    public long Rows => Tables.Sum(t => t.Rows);

    /// <summary>Each object the point needs, once.</summary>
    public IReadOnlyList<BackupObject> Objects =>
        [.. Tables.SelectMany(t => t.Partitions).Select(p => p.Content).Concat(Blobs.Select(b => b.Content)).Distinct()];

    /// <summary>Bytes of every object the point needs, each counted once.</summary>
    public long Bytes => Objects.Sum(o => o.Length);

    /// <summary>The id of a point taken at <paramref name="at"/>: sorts as the points were taken.</summary>
    public static string IdAt(DateTimeOffset at) => at.ToUniversalTime().ToString(IdFormat, CultureInfo.InvariantCulture);

    /// <summary>Whether a text is a point's id.</summary>
    public static bool IsId(string? text) =>
        DateTimeOffset.TryParseExact(text, IdFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    /// <summary>What each object holds, in words a person can find it by ("the table Snapshots, partition snapshot"; "the blob evaluations/2026-W47.json.gz").</summary>
    public IReadOnlyDictionary<BackupObject, string> WhatHolds()
    {
        var what = new Dictionary<BackupObject, string>();
        foreach (var table in Tables)
        {
            foreach (var partition in table.Partitions)
            {
                what.TryAdd(partition.Content, $"the table {table.Name}, partition {partition.Key}");
            }
        }

        foreach (var blob in Blobs)
        {
            what.TryAdd(blob.Content, $"the blob {blob.Name}");
        }

        return what;
    }
}
