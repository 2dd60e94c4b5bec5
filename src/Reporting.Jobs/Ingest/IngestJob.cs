using System.Security.Cryptography;
using Caseload.Reporting.Ingest.AnnexA;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Storage.Policies;
using Caseload.Reporting.Snapshots;
using Caseload.Reporting.Storage.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Jobs.Ingest;

/// <summary>What ingesting a snapshot did.</summary>
/// <param name="Snapshot">The stored snapshot and its lineage.</param>
/// <param name="AlreadyStored">The same files were stored before; nothing was written.</param>
/// <param name="Warnings">The snapshot's data-quality warnings.</param>
public sealed record IngestResult(StoredSnapshot Snapshot, bool AlreadyStored, IReadOnlyList<Problem> Warnings);

/// <summary>Reads a snapshot, validates it whole, and stores it once: read → validate → store.</summary>
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
        ConvertedAsync(workbook, roster, asOf, (folder, conversion) => IngestFolderAsync(folder, asOf, conversion, cancellationToken));

    /// <summary>Converts and validates an Annex A workbook with its roster as ingest does, storing nothing.</summary>
    /// <exception cref="InvalidInputException">The workbook or roster cannot be read, or the result is invalid.</exception>
    public static Snapshot ValidateAnnexA(string workbook, string roster, LocalDate asOf) =>
        ConvertedAsync(workbook, roster, asOf, (folder, conversion) => Task.FromResult(Validate(folder, asOf).WithWarnings(conversion))).GetAwaiter().GetResult();

    /// <summary>The workbook converted into a canonical snapshot folder of its own, used, and removed.</summary>
    private static async Task<T> ConvertedAsync<T>(string workbook, string roster, LocalDate asOf, Func<string, IReadOnlyList<Problem>, Task<T>> use)
    {
        var folder = Directory.CreateTempSubdirectory("caseload-annexa-").FullName;
        try
        {
            return await use(folder, AnnexAWorkbook.Convert(workbook, roster, folder, asOf)).ConfigureAwait(false);
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
        IngestFolderAsync(directory, asOf, [], cancellationToken);

    /// <summary>Ingests the snapshot in a folder that a conversion wrote, with the conversion's warnings first among its data-quality warnings.</summary>
    /// <exception cref="InvalidInputException">The snapshot is invalid: nothing was stored.</exception>
    public async Task<IngestResult> IngestFolderAsync(string directory, LocalDate? asOf, IReadOnlyList<Problem> conversionWarnings, CancellationToken cancellationToken = default)
    {
        var snapshot = Validate(directory, asOf);
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
        return new IngestResult(stored, already, snapshot.Warnings);
    }
}
