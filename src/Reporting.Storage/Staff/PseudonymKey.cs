using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs.Models;
using Caseload.Reporting.Staff;

namespace Caseload.Reporting.Storage.Staff;

/// <summary>
/// The council's pseudonym key (<see cref="StaffPseudonyms"/>): 32 random bytes made on first use and kept in one
/// blob (<c>staff/pseudonym-key</c>), so that the same person gets the same pseudonym on every day's run, and
/// nowhere else. Two first uses at once keep the first key written.
/// </summary>
public sealed class PseudonymKey(ReportingStorage storage)
{
    private const string Blob = "staff/pseudonym-key";

    /// <summary>The council's pseudonyms, under its key, made when there is none yet.</summary>
    public async Task<StaffPseudonyms> GetAsync(CancellationToken cancellationToken = default)
    {
        var blob = storage.Blobs.GetBlobClient(Blob);
        try
        {
            return new StaffPseudonyms((await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToArray());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }

        try
        {
            await blob.UploadAsync(
                BinaryData.FromBytes(RandomNumberGenerator.GetBytes(32)),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another run made it first: theirs is the key.
        }

        return new StaffPseudonyms((await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToArray());
    }
}
