using Caseload.Reporting.Jobs.Telemetry;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Channels;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Notifications;
using Azure;
using Polly;
using Polly.Retry;

namespace Caseload.Reporting.Jobs.Delivery;

/// <summary>What delivering one notification came to.</summary>
public enum DeliveryOutcome
{
    /// <summary>Sent now.</summary>
    Sent,

    /// <summary>Sent before; nothing done.</summary>
    AlreadySent,

    /// <summary>Another run holds it and its lease is live: not sent by this run, and not to be taken as sent.</summary>
    InFlight,

    /// <summary>Failed for its recipient alone (now or before): recorded, final for the period.</summary>
    Failed,

    /// <summary>Not sent after every attempt at a transient failure: released for the next run or redelivery.</summary>
    NotSent,

    /// <summary>The product's configuration stops every send (a revoked key): released, nothing recorded as failed.</summary>
    Misconfigured,

    /// <summary>The period holds no such notification.</summary>
    NotPrepared,

    /// <summary>Withheld since a restore: not sent until a person releases it (<c>reporting notifications release</c>).</summary>
    Withheld,
}

/// <summary>What delivering one notification did.</summary>
/// <param name="Period">The period.</param>
/// <param name="Key">The notification.</param>
/// <param name="Outcome">What came of it.</param>
/// <param name="Error">Why it was not sent, when it was not.</param>
/// <param name="HeldUntil">When another run's hold lapses, when in flight.</param>
public sealed record Delivered(ReportingPeriod Period, NotificationKey Key, DeliveryOutcome Outcome, string? Error = null, DateTimeOffset? HeldUntil = null);

/// <summary>
/// Delivers one prepared notification through named stages, as Alertmanager's notify pipeline does: hold (dedup
/// against the ledger, before anything is loaded) → load the prepared message → send, retried with backoff, jitter
/// and the provider's Retry-After → record. Four storage calls when it sends (read the row, hold it, load the
/// message, record), whatever the council's size. A run delivering a whole period holds a bundle's notifications in one
/// write and reads the bundle once: about one storage call a notification (its record). Every failure a sender raises ends in a recorded state
/// (<see cref="DeliveryRecord"/>): nothing escapes as an exception but cancellation and storage being unreachable.
/// </summary>
public sealed class NotificationDelivery
{
    private readonly StorageConnection connection;
    private readonly NotificationChannels channels;
    private readonly DeliveryOptions options;
    private readonly TimeProvider time;
    private readonly ResiliencePipeline<string> retry;

    /// <summary>A delivery through the channels registered.</summary>
    public NotificationDelivery(StorageConnection connection, NotificationChannels channels, DeliveryOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.connection = connection;
        this.channels = channels;
        this.options = options;
        this.time = time;
        var longest = TimeSpan.FromSeconds(options.LongestWaitSeconds);
        retry = new ResiliencePipelineBuilder<string> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<string>
            {
                ShouldHandle = new PredicateBuilder<string>().Handle<SendFailedException>(e => e.Failure == SendFailure.Transient),
                MaxRetryAttempts = Math.Max(0, options.Attempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(2),
                MaxDelay = longest,
                DelayGenerator = static args => ValueTask.FromResult(
                    args.Outcome.Exception is SendFailedException { RetryAfter: { } after } ? (TimeSpan?)after : null),
            })
            .Build();
    }

    /// <summary>Where notifications go, for a person to read.</summary>
    public string Destination => channels.Destination;

    /// <summary>Delivers one notification of a period (a queued send), unless the ledger says it went or another run holds it.</summary>
    public async Task<Delivered> DeliverAsync(ReportingPeriod period, NotificationKey key, CancellationToken cancellationToken = default) =>
        Counted(await DeliverAsync(period, key, NewHolder(), cancellationToken).ConfigureAwait(false));

    /// <summary>A delivery told to telemetry: every result leaves this class through here, once.</summary>
    private static Delivered Counted(Delivered delivered)
    {
        ReportingTelemetry.Delivered(delivered);
        return delivered;
    }

    /// <summary>
    /// Delivers the notifications of one prepared bundle, as read from the ledger with their ETags (a run delivering
    /// its period): held in one transaction, the bundle read once, each sent and recorded on its own. Calls
    /// <paramref name="stopped"/> before each send: a configuration failure stops the rest.
    /// </summary>
    public async Task<IReadOnlyList<Delivered>> DeliverBundleAsync(
        ReportingPeriod period, IReadOnlyList<(DeliveryRecord Record, ETag ETag)> rows, Func<bool> stopped, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(stopped);
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var ledger = stores.Ledger;
        var holder = NewHolder();
        var now = time.GetUtcNow();
        var results = new List<Delivered>();
        var toHold = new List<(DeliveryRecord Next, ETag ETag)>();
        foreach (var (record, etag) in rows)
        {
            var (outcome, held) = record.Hold(holder, now, options.Lease);
            if (outcome == HoldOutcome.Held)
            {
                toHold.Add((held, etag));
            }
            else
            {
                results.Add(NotHeld(period, record, outcome));
            }
        }

        // Stage 1: hold, every one in one write; if another run changed one of them, each is held on its own.
        if (await ledger.ChangeAllAsync(period, toHold, cancellationToken).ConfigureAwait(false) is not { } holdings)
        {
            foreach (var (next, _) in toHold)
            {
                results.Add(await DeliverAsync(period, next.Key, holder, cancellationToken).ConfigureAwait(false));
            }

            return [.. results.Select(Counted)];
        }

        // Stage 2: load, the bundle once.
        var bundles = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var prepared = stores.Prepared;
        foreach (var blob in toHold.Select(h => PreparedPlace.Parse(h.Next.Content).Blob).Distinct(StringComparer.Ordinal))
        {
            bundles[blob] = await prepared.LoadBundleAsync(blob, cancellationToken).ConfigureAwait(false);
        }

        // Stages 3 and 4, each notification on its own.
        var sent = new System.Collections.Concurrent.ConcurrentBag<Delivered>();
        await Parallel.ForEachAsync(
            toHold.Zip(holdings),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = cancellationToken },
            async (held, token) =>
            {
                var place = PreparedPlace.Parse(held.First.Next.Content);
                if (stopped())
                {
                    // Released at once rather than left to its lease: the run stopped, and the next one sends it.
                    var released = held.First.Next.NotSent(SendFailure.Configuration, "not sent: the run stopped at a configuration failure", 0);
                    await ledger.ChangeAsync(period, released, held.Second, token).ConfigureAwait(false);
                    sent.Add(new Delivered(period, released.Key, DeliveryOutcome.Misconfigured, released.LastError));
                    return;
                }

                sent.Add(await SendAndRecordAsync(ledger, period, held.First.Next, held.Second, place.Of(bundles[place.Blob].Span), token).ConfigureAwait(false));
            }).ConfigureAwait(false);
        results.AddRange(sent);
        return [.. results.Select(Counted)];
    }

    private static string NewHolder() => Guid.NewGuid().ToString("N");

    private async Task<Delivered> DeliverAsync(ReportingPeriod period, NotificationKey key, string holder, CancellationToken cancellationToken)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var ledger = stores.Ledger;

        // Stage 1: hold. The ledger is asked first; nothing is loaded for a notification sent or in flight.
        if (await ledger.GetAsync(period, key, cancellationToken).ConfigureAwait(false) is not var (record, etag))
        {
            return new Delivered(period, key, DeliveryOutcome.NotPrepared, $"{period} has no prepared notification {key.Kind}; prepare the period first.");
        }

        var (outcome, held) = record.Hold(holder, time.GetUtcNow(), options.Lease);
        if (outcome != HoldOutcome.Held)
        {
            return NotHeld(period, record, outcome);
        }

        if (await ledger.ChangeAsync(period, held, etag, cancellationToken).ConfigureAwait(false) is not { } holding)
        {
            return new Delivered(period, key, DeliveryOutcome.InFlight, "another run took it first");
        }

        // Stage 2: load what was prepared.
        var message = await stores.Prepared.LoadAsync(PreparedPlace.Parse(held.Content), cancellationToken).ConfigureAwait(false);
        return await SendAndRecordAsync(ledger, period, held, holding, message, cancellationToken).ConfigureAwait(false);
    }

    private static Delivered NotHeld(ReportingPeriod period, DeliveryRecord record, HoldOutcome outcome) => outcome switch
    {
        HoldOutcome.AlreadySent => new Delivered(period, record.Key, DeliveryOutcome.AlreadySent),
        HoldOutcome.AlreadyFailed => new Delivered(period, record.Key, DeliveryOutcome.Failed, record.LastError),
        HoldOutcome.Withheld => new Delivered(period, record.Key, DeliveryOutcome.Withheld),
        _ => new Delivered(period, record.Key, DeliveryOutcome.InFlight, HeldUntil: record.HeldUntil),
    };

    /// <summary>Stages 3 and 4: send with retries on transient failures, then record what came of it.</summary>
    private async Task<Delivered> SendAndRecordAsync(NotificationLedger ledger, ReportingPeriod period, DeliveryRecord held, ETag holding, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        // The span names what was sent by its kind and channel, never by its recipient.
        using var stage = ReportingTelemetry.Stage("deliver notification", period);
        stage?.SetTag("reporting.kind", ReportingTelemetry.KindOf(held.Key.Kind));
        stage?.SetTag("reporting.channel", held.Key.To.Channel);
        var attempts = 0;
        DeliveryRecord next;
        try
        {
            var channel = channels.For(held.Key.To);
            var providerId = await retry.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    return await channel.SendAsync(period, held.Key, message, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            next = held.Sent(providerId, attempts, time.GetUtcNow());
        }
        catch (SendFailedException e)
        {
            next = held.NotSent(e.Failure, e.Message, attempts);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A failure the sender did not classify (a fault of ours or of a library): worth another try by a later run.
            next = held.NotSent(SendFailure.Transient, "not sent: the send failed in a way the channel did not expect; the next run tries again", attempts);
        }

        await ledger.ChangeAsync(period, next, holding, cancellationToken).ConfigureAwait(false);
        stage?.SetTag("reporting.attempts", attempts);
        stage?.SetTag("reporting.status", Snapshots.Vocabulary.Code(next.Status));
        return next.Status switch
        {
            DeliveryStatus.Sent => new Delivered(period, held.Key, DeliveryOutcome.Sent),
            DeliveryStatus.Failed => new Delivered(period, held.Key, DeliveryOutcome.Failed, next.LastError),
            _ when next.LastFailure == SendFailure.Configuration => new Delivered(period, held.Key, DeliveryOutcome.Misconfigured, next.LastError),
            _ => new Delivered(period, held.Key, DeliveryOutcome.NotSent, next.LastError),
        };
    }
}
