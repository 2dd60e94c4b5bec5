using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;
using Caseload.Reporting.Calendar;

namespace Caseload.Reporting.Storage.Notifications;

/// <summary>Where a prepared message is: a bundle blob, and the message's bytes in it. Written <c>{blob}#{offset}+{length}</c> in the ledger.</summary>
/// <param name="Blob">The bundle.</param>
/// <param name="Offset">Where the message starts.</param>
/// <param name="Length">Its length.</param>
public readonly record struct PreparedPlace(string Blob, int Offset, int Length)
{
    /// <summary>Reads a place as the ledger holds it.</summary>
    /// <exception cref="InvalidOperationException">It is not a place this store wrote.</exception>
    public static PreparedPlace Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('#', '+');
        return parts.Length == 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? new PreparedPlace(parts[0], offset, length)
            : throw new InvalidOperationException($"'{text}' is not where a prepared notification is kept.");
    }

    /// <summary>The message's bytes out of its whole bundle.</summary>
    public byte[] Of(ReadOnlySpan<byte> bundle) => bundle.Slice(Offset, Length).ToArray();

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Blob}#{Offset}+{Length}");
}

/// <summary>
/// The prepared notifications: each the exact MIME message that is sent, kept in bundles of a period's messages
/// (<c>prepared/{period}/{bundle}.mime</c>): one blob write for many messages at preparation; a ranged read for one
/// message (a queued send), or one read of a whole bundle for a run delivering the period.
/// </summary>
public sealed class PreparedNotifications(ReportingStorage storage)
{
    /// <summary>Stores a bundle of a period's messages, one after the other; returns where each is, in order.</summary>
    public async Task<IReadOnlyList<PreparedPlace>> SaveAsync(ReportingPeriod period, IReadOnlyList<ReadOnlyMemory<byte>> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var name = $"prepared/{period}/{Guid.NewGuid():N}.mime";
        var bundle = new byte[messages.Sum(m => m.Length)];
        var places = new List<PreparedPlace>(messages.Count);
        var offset = 0;
        foreach (var message in messages)
        {
            message.CopyTo(bundle.AsMemory(offset));
            places.Add(new PreparedPlace(name, offset, message.Length));
            offset += message.Length;
        }

        await storage.Blobs.GetBlobClient(name).UploadAsync(
            BinaryData.FromBytes(bundle),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" } },
            cancellationToken).ConfigureAwait(false);
        return places;
    }

    /// <summary>One prepared message's bytes, by a ranged read of its bundle.</summary>
    /// <exception cref="InvalidOperationException">It is gone: retention deleted the period.</exception>
    public async Task<byte[]> LoadAsync(PreparedPlace place, CancellationToken cancellationToken = default) =>
        (await ReadAsync(place.Blob, new HttpRange(place.Offset, place.Length), cancellationToken).ConfigureAwait(false)).ToArray();

    /// <summary>A whole bundle's bytes, for a run that delivers its messages.</summary>
    /// <exception cref="InvalidOperationException">It is gone: retention deleted the period.</exception>
    public async Task<ReadOnlyMemory<byte>> LoadBundleAsync(string blob, CancellationToken cancellationToken = default) =>
        (await ReadAsync(blob, default, cancellationToken).ConfigureAwait(false)).ToMemory();

    /// <summary>Deletes a bundle: every message in it is no longer kept (staff retention). Gone already is done.</summary>
    public Task DeleteBundleAsync(string blob, CancellationToken cancellationToken = default) =>
        storage.Blobs.GetBlobClient(blob).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    /// <summary>
    /// Erases some messages of a bundle (a worker's erasure): their bytes are overwritten with zeros and the bundle
    /// written again whole, so that the others keep their places. Gone already is done.
    /// </summary>
    public async Task EraseAsync(string blob, IEnumerable<PreparedPlace> places, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(places);
        BinaryData bundle;
        try
        {
            bundle = await ReadAsync(blob, default, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            return;
        }

        var bytes = bundle.ToArray();
        foreach (var place in places.Where(p => p.Blob == blob))
        {
            Array.Clear(bytes, place.Offset, place.Length);
        }

        await storage.Blobs.GetBlobClient(blob).UploadAsync(
            BinaryData.FromBytes(bytes),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" } },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<BinaryData> ReadAsync(string blob, HttpRange range, CancellationToken cancellationToken)
    {
        try
        {
            var content = await storage.Blobs.GetBlobClient(blob).DownloadContentAsync(new BlobDownloadOptions { Range = range }, cancellationToken).ConfigureAwait(false);
            return content.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new InvalidOperationException($"The prepared notifications {blob} are not stored; prepare their period again.", e);
        }
    }
}
