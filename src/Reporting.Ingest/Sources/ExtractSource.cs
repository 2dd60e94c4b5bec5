namespace Caseload.Reporting.Ingest.Sources;

/// <summary>One extract a source offers: a snapshot folder, or what an endpoint returned.</summary>
/// <param name="Key">Which extract: a folder name (the date), or the digest of a download.</param>
/// <param name="Fingerprint">Its version (ETags, or a digest), when known before downloading; a changed extract is pulled again.</param>
/// <param name="Warnings">What its conversion to a canonical snapshot found wrong without refusing it (Annex A names not on the roster).</param>
public sealed record Extract(string Key, string? Fingerprint, IReadOnlyList<Problem>? Warnings = null);

/// <summary>A place snapshots are pulled from: it lists its extracts and downloads one into a local folder.</summary>
public abstract class ExtractSource
{
    /// <summary>The largest file accepted: a larger one is refused before it is read.</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>The snapshot's files, as a source may hold them.</summary>
    protected static IReadOnlyList<string> SnapshotFiles => Canonical.SnapshotFiles.Names;

    /// <summary>The complete extracts on offer, oldest first.</summary>
    public abstract Task<IReadOnlyList<Extract>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Downloads an extract's files into an empty folder; returns the extract with its fingerprint.</summary>
    /// <exception cref="InvalidInputException">What arrived cannot be a snapshot (too large, ...): refused, as invalid data is.</exception>
    /// <exception cref="ExtractRefusedException">The same, from a source that knows an extract only once it has it.</exception>
    public abstract Task<Extract> DownloadAsync(Extract extract, string folder, CancellationToken cancellationToken = default);

    /// <summary>A refusal of what arrived, as a problem with the file named.</summary>
    protected static InvalidInputException Refuse(string file, string message) =>
        new([new Problem(Severity.Error, "extract_refused", file, null, null, message)]);
}

/// <summary>
/// An extract refused as it arrived, from a source that cannot tell its version before downloading it (an HTTPS
/// endpoint): the refusal carries the extract as it was identified, so that it is reported once and tried again
/// only when it changes.
/// </summary>
/// <param name="extract">The extract, with the fingerprint of what arrived.</param>
/// <param name="problems">Why it was refused.</param>
public sealed class ExtractRefusedException(Extract extract, IReadOnlyList<Problem> problems) : Exception(new InvalidInputException(problems).Message)
{
    /// <summary>The extract refused.</summary>
    public Extract Extract { get; } = extract;

    /// <summary>Why.</summary>
    public IReadOnlyList<Problem> Problems { get; } = problems;
}
