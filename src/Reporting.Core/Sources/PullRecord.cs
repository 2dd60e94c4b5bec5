namespace Caseload.Reporting.Sources;

/// <summary>What became of one pulled extract.</summary>
public enum PullOutcome
{
    /// <summary>Stored as a new snapshot.</summary>
    Ingested,

    /// <summary>The same files were stored before.</summary>
    AlreadyStored,

    /// <summary>Refused as invalid: quarantined where it lies, nothing of it stored.</summary>
    Refused,
}

/// <summary>A pull as recorded.</summary>
/// <param name="SourceId">The source.</param>
/// <param name="Extract">The extract within it: a folder name, or the digest of a download.</param>
/// <param name="Fingerprint">What identifies this version of the extract (ETags or a digest): a changed extract is pulled again.</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="SnapshotId">The stored snapshot, when it was stored.</param>
/// <param name="Report">The validation report, when refused.</param>
/// <param name="At">When.</param>
public sealed record PullRecord(string SourceId, string Extract, string Fingerprint, PullOutcome Outcome, string? SnapshotId, string? Report, DateTimeOffset At);
