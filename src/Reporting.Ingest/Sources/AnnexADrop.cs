using Azure.Storage.Blobs;
using Caseload.Reporting.Ingest.AnnexA;
using Caseload.Reporting.Sources;
using NodaTime;

namespace Caseload.Reporting.Ingest.Sources;

/// <summary>
/// An Annex A workbook and the roster in a blob container: offered once all three blobs exist, fingerprinted by
/// their ETags, and downloaded as the canonical snapshot the workbook converts to (<see cref="AnnexAWorkbook"/>).
/// </summary>
public sealed class AnnexADrop(BlobServiceClient service, AnnexASource source) : ExtractSource
{
    private static readonly string[] RosterFiles = ["teams.csv", "workers.csv"];
    private readonly BlobContainerClient container = (service ?? throw new ArgumentNullException(nameof(service))).GetBlobContainerClient((source ?? throw new ArgumentNullException(nameof(source))).Container);

    /// <inheritdoc />
    public override async Task<IReadOnlyList<Extract>> ListAsync(CancellationToken cancellationToken = default)
    {
        var tags = new List<string>();
        foreach (var name in RosterFiles.Select(f => source.Roster + f).Prepend(source.Workbook))
        {
            var blob = container.GetBlobClient(name);
            if (!(await blob.ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
            {
                return [];
            }

            tags.Add($"{name}={(await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.ETag}");
        }

        return [new Extract(source.Workbook, string.Join(",", tags))];
    }

    /// <inheritdoc />
    public override async Task<Extract> DownloadAsync(Extract extract, string folder, CancellationToken cancellationToken = default)
    {
        var downloads = Directory.CreateTempSubdirectory("caseload-annexa-").FullName;
        try
        {
            var workbook = container.GetBlobClient(source.Workbook);
            var properties = (await workbook.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if (properties.ContentLength > MaxFileBytes)
            {
                throw Refuse(Path.GetFileName(source.Workbook), $"is {properties.ContentLength:N0} bytes, more than the {MaxFileBytes:N0} accepted");
            }

            var local = Path.Combine(downloads, "annex-a.xlsx");
            await workbook.DownloadToAsync(local, cancellationToken).ConfigureAwait(false);
            foreach (var file in RosterFiles)
            {
                await container.GetBlobClient(source.Roster + file).DownloadToAsync(Path.Combine(downloads, file), cancellationToken).ConfigureAwait(false);
            }

            var warnings = AnnexAWorkbook.Convert(local, downloads, folder, LocalDate.FromDateTime(properties.LastModified.UtcDateTime));
            return extract with { Warnings = warnings };
        }
        finally
        {
            Directory.Delete(downloads, recursive: true);
        }
    }
}
