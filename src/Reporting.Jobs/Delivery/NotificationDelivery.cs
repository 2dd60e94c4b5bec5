using Caseload.Reporting.Calendar;
using Caseload.Reporting.Email.Sending;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Notifications;
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
/// message, record), whatever the council's size. Every failure a sender raises ends in a recorded state
/// (<see cref="DeliveryRecord"/>): nothing escapes as an exception but cancellation and storage being unreachable.
/// </summary>
public sealed class NotificationDelivery
{
    private readonly StorageConnection connection;
    private readonly EmailSender sender;
    private readonly DeliveryOptions options;
    private readonly TimeProvider time;
    private readonly ResiliencePipeline<string> retry;

    /// <summary>A delivery through a sender.</summary>
    public NotificationDelivery(StorageConnection connection, EmailSender sender, DeliveryOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.connection = connection;
        this.sender = sender;
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

    /// <summary>Where the emails go, for a person to read.</summary>
    public string Destination => sender.Destination;

    /// <summary>Delivers one notification of a period, unless the ledger says it went or another run holds it.</summary>
    public async Task<Delivered> DeliverAsync(ReportingPeriod period, NotificationKey key, CancellationToken cancellationToken = default)
    {
        var storage = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var ledger = new NotificationLedger(storage);

        // Stage 1: hold. The ledger is asked first; nothing is loaded for a notification sent or in flight.
        if (await ledger.GetAsync(period, key, cancellationToken).ConfigureAwait(false) is not var (record, etag))
        {
            return new Delivered(period, key, DeliveryOutcome.NotPrepared, $"{period} has no prepared notification {key.Kind}; prepare the period first.");
        }

        var (outcome, held) = record.Hold(Guid.NewGuid().ToString("N"), time.GetUtcNow(), options.Lease);
        switch (outcome)
        {
            case HoldOutcome.AlreadySent:
                return new Delivered(period, key, DeliveryOutcome.AlreadySent);
            case HoldOutcome.AlreadyFailed:
                return new Delivered(period, key, DeliveryOutcome.Failed, record.LastError);
            case HoldOutcome.InFlight:
                return new Delivered(period, key, DeliveryOutcome.InFlight, HeldUntil: record.HeldUntil);
        }

        if (await ledger.ChangeAsync(period, held, etag, cancellationToken).ConfigureAwait(false) is not { } holding)
        {
            return new Delivered(period, key, DeliveryOutcome.InFlight, "another run took it first");
        }

        // Stage 2: load what was prepared.
        var email = PreparedEmail.Read(period, key, await new PreparedNotifications(storage).LoadAsync(held.Content, cancellationToken).ConfigureAwait(false));

        // Stage 3: send, with retries on transient failures.
        var attempts = 0;
        DeliveryRecord next;
        try
        {
            var providerId = await retry.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    return await sender.SendAsync(email, token).ConfigureAwait(false);
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
            next = held.NotSent(SendFailure.Transient, $"unexpected {e.GetType().Name} while sending", attempts);
        }

        // Stage 4: record.
        await ledger.ChangeAsync(period, next, holding, cancellationToken).ConfigureAwait(false);
        return next.Status switch
        {
            DeliveryStatus.Sent => new Delivered(period, key, DeliveryOutcome.Sent),
            DeliveryStatus.Failed => new Delivered(period, key, DeliveryOutcome.Failed, next.LastError),
            _ when next.LastFailure == SendFailure.Configuration => new Delivered(period, key, DeliveryOutcome.Misconfigured, next.LastError),
            _ => new Delivered(period, key, DeliveryOutcome.NotSent, next.LastError),
        };
    }
}
