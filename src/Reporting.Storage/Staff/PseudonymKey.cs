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
    public async Task<StaffPseudonyms> GetAsync(CancellationToken cancellationToken = default) =>
        new(await BytesAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>The council's key, made when there is none yet (a backup keeps it beside the erasures made under it).</summary>
    public async Task<byte[]> BytesAsync(CancellationToken cancellationToken = default)
    {
        var blob = storage.Blobs.GetBlobClient(Blob);
        try
        {
            return (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }

        await AddAsync(RandomNumberGenerator.GetBytes(32), cancellationToken).ConfigureAwait(false);
        return (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToArray();
    }

    /// <summary>
    /// Keeps <paramref name="key"/> as the council's key unless it has one: a restore of a point taken before the key
    /// was made puts back the key that later erasures were made under.
    /// </summary>
    public async Task AddAsync(byte[] key, CancellationToken cancellationToken = default)
    {
        try
        {
            await storage.Blobs.GetBlobClient(Blob).UploadAsync(
                BinaryData.FromBytes(key),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another run made it first: theirs is the key.
        }
    }
}
