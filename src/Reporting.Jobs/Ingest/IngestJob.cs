using System.Security.Cryptography;
using Caseload.Reporting.Ingest.AnnexA;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Storage.Policies;
using Caseload.Reporting.Snapshots;
using Caseload.Reporting.Storage.Snapshots;
using Caseload.Reporting.Jobs.Telemetry;
using Caseload.Reporting.Sources;
using NodaTime;

namespace Caseload.Reporting.Jobs.Ingest;

/// <summary>What ingesting a snapshot did.</summary>
/// <param name="Snapshot">The stored snapshot and its lineage.</param>
/// <param name="AlreadyStored">The same files were stored before; nothing was written.</param>
/// <param name="Warnings">The snapshot's data-quality warnings.</param>
public sealed record IngestResult(StoredSnapshot Snapshot, bool AlreadyStored, IReadOnlyList<Problem> Warnings);

/// <summary>Where an extract came from, as telemetry counts it.</summary>
public enum ExtractKind
{
    /// <summary>A folder given by hand (<c>reporting ingest</c>, the demo).</summary>
    File,

    /// <summary>A blob drop.</summary>
    Blob,

    /// <summary>An HTTPS endpoint.</summary>
    Https,

    /// <summary>An Annex A workbook with the roster, pulled or given by hand.</summary>
    AnnexA,
}

/// <summary>
/// Reads a snapshot, validates it whole, and stores it once: read → validate → store. The one place an extract is
/// stored or refused, so the one place each is counted (<c>reporting.extracts</c>, by outcome and kind), whatever
/// brought it: a pull, the command line, the demo.
/// </summary>
public sealed class IngestJob(StorageConnection connection)
{
    /// <summary>The files of an extract kept with its snapshot, as received: the canonical files or the SSD tables and, for Annex A, the workbook.</summary>
    private static readonly string[] Files = [.. SnapshotFiles.Names, AnnexAWorkbook.KeptAs];

    /// <summary>
    /// Ingests an Annex A workbook with the HR roster: converted to a canonical snapshot (Lists 6, 7, 8 and 9), then
    /// read, validated and stored like any other. The result's warnings start with the conversion's (names not on
    /// the roster, rows left out), each with its sheet and row.
    /// </summary>
    /// <exception cref="InvalidInputException">The workbook or roster cannot be read, or the result is invalid: nothing was stored.</exception>
    public Task<IngestResult> IngestAnnexAAsync(string workbook, string roster, LocalDate asOf, CancellationToken cancellationToken = default) =>
        ConvertedAsync(workbook, roster, asOf, ExtractKind.AnnexA, (folder, conversion) => IngestFolderAsync(folder, asOf, conversion, ExtractKind.AnnexA, cancellationToken));

    /// <summary>Converts and validates an Annex A workbook with its roster as ingest does, storing nothing.</summary>
    /// <exception cref="InvalidInputException">The workbook or roster cannot be read, or the result is invalid.</exception>
    public static Snapshot ValidateAnnexA(string workbook, string roster, LocalDate asOf) =>
        ConvertedAsync(workbook, roster, asOf, counted: null, (folder, conversion) => Task.FromResult(Validate(folder, asOf).WithWarnings(conversion))).GetAwaiter().GetResult();

    /// <summary>The workbook converted into a canonical snapshot folder of its own, used, and removed; a workbook refused by the conversion is counted when <paramref name="counted"/> says as what.</summary>
    private static async Task<T> ConvertedAsync<T>(string workbook, string roster, LocalDate asOf, ExtractKind? counted, Func<string, IReadOnlyList<Problem>, Task<T>> use)
    {
        var folder = Directory.CreateTempSubdirectory("caseload-annexa-").FullName;
        try
        {
            IReadOnlyList<Problem> conversion;
            try
            {
                conversion = AnnexAWorkbook.Convert(workbook, roster, folder, asOf);
            }
            catch (InvalidInputException) when (counted is { } kind)
            {
                Refused(kind);
                throw;
            }

            return await use(folder, conversion).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Reads and validates the snapshot in a folder as ingest does, storing nothing: what this accepts, ingest stores.
    /// </summary>
    /// <exception cref="InvalidInputException">The snapshot is invalid; every problem is in it.</exception>
    public static Snapshot Validate(string directory, LocalDate? asOf) => SnapshotReader.Read(directory, asOf);

    /// <summary>Ingests the snapshot in a folder.</summary>
    /// <exception cref="InvalidInputException">The snapshot is invalid: nothing was stored.</exception>
    public Task<IngestResult> IngestFolderAsync(string directory, LocalDate? asOf, CancellationToken cancellationToken = default) =>
        IngestFolderAsync(directory, asOf, [], ExtractKind.File, cancellationToken);

    /// <summary>
    /// Ingests the snapshot in a folder a source (or a conversion) wrote, with its warnings first among its
    /// data-quality warnings, and counts it by its kind: stored, already stored, or refused.
    /// </summary>
    /// <exception cref="InvalidInputException">The snapshot is invalid: nothing was stored.</exception>
    public async Task<IngestResult> IngestFolderAsync(string directory, LocalDate? asOf, IReadOnlyList<Problem> conversionWarnings, ExtractKind kind, CancellationToken cancellationToken = default)
    {
        Snapshot snapshot;
        try
        {
            snapshot = Validate(directory, asOf);
        }
        catch (InvalidInputException)
        {
            Refused(kind);
            throw;
        }

        if (conversionWarnings is { Count: > 0 })
        {
            snapshot = snapshot.WithWarnings(conversionWarnings);
        }

        var files = new List<ExtractFile>();
        foreach (var file in Files.Select(f => Path.Combine(directory, f)).Where(File.Exists))
        {
            var stream = File.OpenRead(file);
            await using (stream.ConfigureAwait(false))
            {
                files.Add(new ExtractFile(Path.GetFileName(file), file, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false))));
            }
        }

        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var policy = await stores.Policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var (stored, already) = await stores.Snapshots.IngestAsync(snapshot, files, policy.Policy, cancellationToken).ConfigureAwait(false);
        ReportingTelemetry.Extract(already ? PullOutcome.AlreadyStored : PullOutcome.Ingested, kind);
        return new IngestResult(stored, already, snapshot.Warnings);
    }

    /// <summary>An extract of <paramref name="kind"/> refused before it could be read as a snapshot (what arrived cannot be one), counted as every refusal is.</summary>
    public static void Refused(ExtractKind kind) => ReportingTelemetry.Extract(PullOutcome.Refused, kind);
}
