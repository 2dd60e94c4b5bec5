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

    /// <summary>
    /// Lets go of the bodies of some of a period's messages, in the order that survives a stop anywhere: each not yet
    /// sent is withdrawn with the reason first (so that no run sends it), then the bodies are removed, then the rows
    /// let go of them. Each step is one a second run finds done.
    /// </summary>
    /// <param name="stores">The stores.</param>
    /// <param name="period">Their period.</param>
    /// <param name="rows">The messages, each with its row's ETag as read.</param>
    /// <param name="reason">Why one not yet sent never will be, as the ledger will say it.</param>
    /// <param name="now">Now: a message a run holds now is not withdrawn under it.</param>
    /// <param name="removeBodies">Removes their bodies (deletes their bundles, or overwrites their bytes).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>How many were withdrawn.</returns>
    /// <exception cref="InvalidOperationException">A run is sending one of them this moment: run again after it.</exception>
    public static async Task<int> LetGoAsync(
        ReportingStores stores, ReportingPeriod period, IReadOnlyList<(DeliveryRecord Record, ETag ETag)> rows, string reason, DateTimeOffset now,
        Func<CancellationToken, Task> removeBodies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(removeBodies);
        var withdrawn = 0;
        var settled = new List<(DeliveryRecord Record, ETag ETag)>(rows.Count);
        foreach (var (record, etag) in rows)
        {
            var next = record.Withdrawn(reason, now) ?? throw BeingSent(period);
            var unchanged = ReferenceEquals(next, record);
            var tag = unchanged ? etag : await stores.Ledger.ChangeAsync(period, next, etag, cancellationToken).ConfigureAwait(false) ?? throw BeingSent(period);
            withdrawn += unchanged ? 0 : 1;
            settled.Add((next, tag));
        }

        await removeBodies(cancellationToken).ConfigureAwait(false);
        foreach (var (record, etag) in settled)
        {
            await stores.Ledger.ChangeAsync(period, record.WithoutBody(), etag, cancellationToken).ConfigureAwait(false);
        }

        return withdrawn;
    }

    private static InvalidOperationException BeingSent(ReportingPeriod period) =>
        new($"A message of {period} is being sent as its text is let go; run again once it is sent.");
}
