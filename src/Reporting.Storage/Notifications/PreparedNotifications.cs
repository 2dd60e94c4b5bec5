using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs.Models;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Storage.Notifications;

/// <summary>
/// The prepared notifications: each the exact MIME message that is sent, one blob under its period, written once
/// when the period is prepared and read by each delivery. The ledger row names the blob.
/// </summary>
public sealed class PreparedNotifications(ReportingStorage storage)
{
    /// <summary>The blob a notification of a period is kept in: readable by a person, unique by its key.</summary>
    public static string NameOf(ReportingPeriod period, NotificationKey key)
    {
        var readable = new string([.. key.Recipient.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' ? c : '_')]);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())));
        return $"{period}/{Vocabulary.Code(key.Kind)}/{readable}-{digest[..8]}.eml";
    }

    /// <summary>Stores a prepared notification, replacing an earlier attempt's; returns its blob's name.</summary>
    public async Task<string> SaveAsync(ReportingPeriod period, NotificationKey key, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        var name = NameOf(period, key);
        await storage.Prepared.GetBlobClient(name).UploadAsync(
            BinaryData.FromBytes(message),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "message/rfc822" } },
            cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>A prepared notification's bytes, by the name the ledger holds.</summary>
    /// <exception cref="InvalidOperationException">The blob is gone (retention deleted the period, or it was never written).</exception>
    public async Task<byte[]> LoadAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var content = await storage.Prepared.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return content.Value.Content.ToArray();
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            throw new InvalidOperationException($"The prepared notification {name} is not stored; prepare its period again.", e);
        }
    }
}
