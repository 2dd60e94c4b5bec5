using Caseload.Reporting.Jobs.Telemetry;
using System.Threading.Channels;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Channels;
using Caseload.Reporting.Content;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Notifications;

namespace Caseload.Reporting.Jobs.Delivery;

/// <summary>What preparing a period's notifications came to: the period's ledger.</summary>
/// <param name="Records">Every notification of the period, this run's and earlier runs', as the ledger holds it.</param>
public sealed record PreparedPeriod(IReadOnlyList<DeliveryRecord> Records)
{
    /// <summary>The notifications still to be delivered (not those withheld since a restore: they wait for a person).</summary>
    public IReadOnlyList<NotificationKey> ToDeliver => [.. Records.Where(r => r.IsToSend).Select(r => r.Key)];

    /// <summary>The notifications refused at preparation: their address cannot be an address.</summary>
    public IReadOnlyList<DeliveryRecord> Refused => [.. Records.Where(r => r.Status == DeliveryStatus.Failed && r.Content.Length == 0)];
}

/// <summary>
/// The prepare stage's last step, the same for every kind of notification and every channel: each composed
/// notification becomes the message its channel will send (<see cref="NotificationChannel.Prepare"/>), stored once in blob storage (in bundles: one write for many), and a
/// <c>prepared</c> row in the ledger (the period's manifest), written after its message. Composing is the expensive part, so only notifications the ledger does not hold are composed:
/// a preparation cut off part way and run again composes the rest. Composition runs on every core, each worker with
/// its own renderer, and messages are stored as they come, so memory holds a few at a time.
/// </summary>
public sealed class Preparation(StorageConnection connection, NotificationChannels channels, TimeProvider time)
{
    /// <summary>Messages stored in one blob write.</summary>
    private const int BundleSize = 64;

    /// <summary>Composes and stores the notifications of a period that the ledger does not hold yet.</summary>
    /// <param name="period">The period.</param>
    /// <param name="wanted">Every notification the period is to have, by key.</param>
    /// <param name="compose">Composes one of them, given a renderer of the worker's own.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public async Task<PreparedPeriod> PrepareAsync<T>(ReportingPeriod period, IReadOnlyList<(NotificationKey Key, T Item)> wanted, Func<T, TemplateRenderer, Task<Notification>> compose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(compose);
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var ledger = stores.Ledger;
        var held = (await ledger.ListAsync(period, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Key);

        // A period withheld since a restore is prepared as any other, and what is prepared waits for a person.
        var withheld = await ledger.WithheldAsync(period, cancellationToken).ConfigureAwait(false) is not null;
        var missing = wanted.Where(w => !held.ContainsKey(w.Key)).ToList();
        using var stage = ReportingTelemetry.Stage("compose notifications", period);
        stage?.SetTag("reporting.notifications.wanted", wanted.Count);
        stage?.SetTag("reporting.notifications.composed", missing.Count);

        // Composing (and building each channel's message) runs on every core; the messages are stored in bundles, a blob
        // write for many, as they come, so that memory holds a bundle or two at a time.
        var composed = Channel.CreateBounded<(DeliveryRecord Record, byte[]? Message)>(new BoundedChannelOptions(BundleSize) { SingleReader = true });
        var workers = Math.Clamp(Environment.ProcessorCount, 1, Math.Max(1, missing.Count));
        var composing = Task.Run(
            async () =>
            {
                try
                {
                    await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
                    {
                        var renderer = new TemplateRenderer();
                        await using (renderer.ConfigureAwait(false))
                        {
                            for (var i = worker; i < missing.Count; i += workers)
                            {
                                await composed.Writer.WriteAsync(Prepare(await compose(missing[i].Item, renderer).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
                            }
                        }
                    })).ConfigureAwait(false);
                    composed.Writer.Complete();
                }
                catch (Exception e)
                {
                    composed.Writer.Complete(e);
                    throw;
                }
            },
            cancellationToken);

        var records = new System.Collections.Concurrent.ConcurrentBag<DeliveryRecord>();
        var prepared = stores.Prepared;
        await Parallel.ForEachAsync(
            Bundles(composed.Reader, records, cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (bundle, token) =>
            {
                var places = await prepared.SaveAsync(period, [.. bundle.Select(b => (ReadOnlyMemory<byte>)b.Message)], token).ConfigureAwait(false);
                foreach (var (record, place) in bundle.Select(b => b.Record).Zip(places))
                {
                    records.Add(record with { Content = place.ToString() });
                }
            }).ConfigureAwait(false);
        await composing.ConfigureAwait(false);

        var added = records.Select(r => withheld ? r.Withhold() : r).OrderBy(r => r.Key.ToString(), StringComparer.Ordinal).ToList();
        await ledger.AddAsync(period, added, cancellationToken).ConfigureAwait(false);
        return new PreparedPeriod([.. held.Values.Concat(added)]);
    }

    /// <summary>A composed notification as its ledger record (its place still to fill) and its channel's message to store; refused, without a message, when its recipient cannot be sent to.</summary>
    private (DeliveryRecord Record, byte[]? Message) Prepare(Notification notification)
    {
        var now = time.GetUtcNow();
        try
        {
            var message = channels.For(notification.To).Prepare(notification, now);
            return (DeliveryRecord.Prepared(notification.Key, message.Subject, "", now), message.Message);
        }
        catch (SendFailedException e) when (e.Failure == SendFailure.Recipient)
        {
            return (DeliveryRecord.Refused(notification.Key, Words.OneLine(notification.Content.Subject), e.Message, now), null);
        }
    }

    /// <summary>The messages in bundles of <see cref="BundleSize"/>; refused notifications go straight to the records.</summary>
    private static async IAsyncEnumerable<List<(DeliveryRecord Record, byte[] Message)>> Bundles(
        ChannelReader<(DeliveryRecord Record, byte[]? Message)> composed,
        System.Collections.Concurrent.ConcurrentBag<DeliveryRecord> records,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var bundle = new List<(DeliveryRecord, byte[])>(BundleSize);
        await foreach (var (record, message) in composed.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (message is null)
            {
                records.Add(record);
                continue;
            }

            bundle.Add((record, message));
            if (bundle.Count == BundleSize)
            {
                yield return bundle;
                bundle = new List<(DeliveryRecord, byte[])>(BundleSize);
            }
        }

        if (bundle.Count > 0)
        {
            yield return bundle;
        }
    }
}
