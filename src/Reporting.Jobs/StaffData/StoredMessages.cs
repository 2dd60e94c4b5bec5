using Azure;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Channels;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Notifications;

namespace Caseload.Reporting.Jobs.StaffData;

/// <summary>A stored notification as a person read it: its ledger row and the text of its body.</summary>
/// <param name="Record">Its ledger row.</param>
/// <param name="ETag">The row's ETag, to change it.</param>
/// <param name="Place">Where its body is.</param>
/// <param name="Text">What a person reads in it, as plain text; empty when it was erased.</param>
public sealed record StoredMessage(DeliveryRecord Record, ETag ETag, PreparedPlace Place, string Text)
{
    /// <summary>Its bytes were overwritten by an erasure (whose run may have stopped before its row let go of them).</summary>
    public bool Erased => Text.Length == 0;
}

/// <summary>
/// Reads a period's stored notifications back as text, through their channels (<see cref="NotificationChannel.TextOf"/>),
/// one body at a time: what subject access and erasure search for a worker's name. A body gone (staff retention) or
/// never stored (refused at preparation) is not read; one erased is given as erased.
/// </summary>
public sealed class StoredMessages(NotificationChannels channels)
{
    /// <summary>The period's notifications that have a body, with its text (none when erased).</summary>
    public async IAsyncEnumerable<StoredMessage> ReadAsync(ReportingStores stores, ReportingPeriod period, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stores);
        foreach (var (record, etag) in await stores.Ledger.ReadAsync(period, cancellationToken).ConfigureAwait(false))
        {
            if (record.Content.Length == 0)
            {
                continue;
            }

            var place = PreparedPlace.Parse(record.Content);
            string? text;
            try
            {
                var message = await stores.Prepared.LoadAsync(place, cancellationToken).ConfigureAwait(false);
                text = message.AsSpan().ContainsAnyExcept((byte)0) ? channels.For(record.Key.To).TextOf(message) : "";
            }
            catch (Exception e) when (e is InvalidOperationException or SendFailedException)
            {
                // Its bundle is gone, or its channel is not set up here to read it.
                text = null;
            }

            if (text is not null)
            {
                yield return new StoredMessage(record, etag, place, text);
            }
        }
    }
}
