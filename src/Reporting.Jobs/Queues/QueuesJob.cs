using System.Text.Json;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Notifications;

namespace Caseload.Reporting.Jobs.Queues;

/// <summary>A queue's messages waiting and dead-lettered, counted by looking at them (peeking moves nothing).</summary>
/// <param name="Queue">The queue.</param>
/// <param name="Messages">Messages waiting.</param>
/// <param name="DeadLetters">Messages dead-lettered.</param>
/// <param name="AtLeast">The counts stopped at <see cref="QueuesJob.MostCounted"/>: there are at least this many.</param>
public sealed record QueueCounts(string Queue, int Messages, int DeadLetters, bool AtLeast);

/// <summary>A dead-lettered message as IT reads it: when, how often it was tried, why, and what it was for; never its body.</summary>
/// <param name="SequenceNumber">Its number in the queue.</param>
/// <param name="EnqueuedAt">When it was first queued.</param>
/// <param name="Deliveries">How many times it was delivered before it was dead-lettered.</param>
/// <param name="Reason">Service Bus's or the host's reason (MaxDeliveryCountExceeded, TTLExpiredException, ...).</param>
/// <param name="Description">The reason's description, when given.</param>
/// <param name="For">What it was for: a notification's period, kind and recipient, or the source a pull was of.</param>
public sealed record DeadLetter(long SequenceNumber, DateTimeOffset EnqueuedAt, int Deliveries, string? Reason, string? Description, string For);

/// <summary>
/// The product's Service Bus queues from the command line (<c>Reporting:ServiceBus</c>: the namespace's host name,
/// reached as the signed-in identity, or a connection string): how many messages each holds and has dead-lettered,
/// what each dead letter was for, and dead letters put back on their queue. Putting back is safe because every
/// message's work is idempotent: a notification already sent is not sent again (the ledger), an extract already
/// stored is not stored again.
/// </summary>
public sealed class QueuesJob(ReportingOptions options) : IAsyncDisposable
{
    /// <summary>The product's queues (infra/modules/servicebus.bicep).</summary>
    public static readonly IReadOnlyList<string> Queues = ["notifications", "snapshot-pulls"];

    /// <summary>The most messages counted or listed in a queue: a count past it says "at least".</summary>
    public const int MostCounted = 10_000;

    private const int Page = 250;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);
    private ServiceBusClient? client;

    /// <summary>Each queue's messages and dead letters.</summary>
    public async Task<IReadOnlyList<QueueCounts>> CountAsync(CancellationToken cancellationToken = default)
    {
        var counts = new List<QueueCounts>();
        foreach (var queue in Queues)
        {
            var waiting = await PeekAsync(queue, SubQueue.None, cancellationToken).ConfigureAwait(false);
            var dead = await PeekAsync(queue, SubQueue.DeadLetter, cancellationToken).ConfigureAwait(false);
            counts.Add(new QueueCounts(queue, waiting.Count, dead.Count, waiting.Count >= MostCounted || dead.Count >= MostCounted));
        }

        return counts;
    }

    /// <summary>A queue's dead letters, oldest first.</summary>
    /// <exception cref="InvalidOperationException">The queue is not one of the product's.</exception>
    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(string queue, CancellationToken cancellationToken = default) =>
        [.. (await PeekAsync(Known(queue), SubQueue.DeadLetter, cancellationToken).ConfigureAwait(false)).Select(m => new DeadLetter(
            m.SequenceNumber, m.EnqueuedTime, m.DeliveryCount, m.DeadLetterReason, m.DeadLetterErrorDescription, For(queue, m)))];

    /// <summary>
    /// Puts a queue's dead letters back on it, each sent again before it is removed from the dead-letter queue (so
    /// that a failure between the two leaves a message twice, which the work's idempotence makes harmless, never
    /// none). Puts back at most those there when it began.
    /// </summary>
    /// <returns>How many were put back.</returns>
    public async Task<int> ReplayAsync(string queue, CancellationToken cancellationToken = default)
    {
        var there = (await PeekAsync(Known(queue), SubQueue.DeadLetter, cancellationToken).ConfigureAwait(false)).Count;
        var sender = Client().CreateSender(queue);
        var receiver = Client().CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter, ReceiveMode = ServiceBusReceiveMode.PeekLock });
        await using (sender.ConfigureAwait(false))
        await using (receiver.ConfigureAwait(false))
        {
            var replayed = 0;
            while (replayed < there)
            {
                var batch = await receiver.ReceiveMessagesAsync(Math.Min(Page, there - replayed), Wait, cancellationToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    break;
                }

                foreach (var message in batch)
                {
                    await sender.SendMessageAsync(new ServiceBusMessage(message), cancellationToken).ConfigureAwait(false);
                    await receiver.CompleteMessageAsync(message, cancellationToken).ConfigureAwait(false);
                    replayed++;
                }
            }

            return replayed;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (client is not null)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<List<ServiceBusReceivedMessage>> PeekAsync(string queue, SubQueue subQueue, CancellationToken cancellationToken)
    {
        var receiver = Client().CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = subQueue });
        await using (receiver.ConfigureAwait(false))
        {
            var peeked = new List<ServiceBusReceivedMessage>();
            while (peeked.Count < MostCounted)
            {
                var page = await receiver.PeekMessagesAsync(Math.Min(Page, MostCounted - peeked.Count), peeked.Count == 0 ? null : peeked[^1].SequenceNumber + 1, cancellationToken).ConfigureAwait(false);
                if (page.Count == 0)
                {
                    break;
                }

                peeked.AddRange(page);
            }

            return peeked;
        }
    }

    private ServiceBusClient Client()
    {
        if (client is not null)
        {
            return client;
        }

        var setting = options.ServiceBus;
        if (string.IsNullOrWhiteSpace(setting))
        {
            throw new InvalidOperationException("Reporting:ServiceBus is not set: give the namespace's host name (sb-caseload-prod.servicebus.windows.net), reached as you are signed in to Azure, or a connection string.");
        }

        return client = setting.Contains("Endpoint=", StringComparison.OrdinalIgnoreCase)
            ? new ServiceBusClient(setting)
            : new ServiceBusClient(setting.Trim(), new DefaultAzureCredential());
    }

    private static string Known(string queue) => Queues.Contains(queue, StringComparer.Ordinal)
        ? queue
        : throw new InvalidOperationException($"'{queue}' is not one of the product's queues: {string.Join(", ", Queues)}.");

    /// <summary>What a message was for, read from its body and said in words: never the body itself.</summary>
    private static string For(string queue, ServiceBusReceivedMessage message)
    {
        try
        {
            using var json = JsonDocument.Parse(message.Body.ToMemory());
            var root = json.RootElement;
            if (queue == "notifications"
                && ReportingPeriod.TryParse(root.GetProperty("period").GetString(), out var period)
                && NotificationKey.TryParse(root.GetProperty("key").GetString(), out var key))
            {
                return $"{period}, {NotificationKinds.Describe(key.Kind)}, to {key.To}";
            }

            if (queue == "snapshot-pulls" && root.GetProperty("source").GetString() is { } source)
            {
                return $"a pull of source {source}";
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
        }

        return "not a message this product sends (its body is not shown)";
    }
}
