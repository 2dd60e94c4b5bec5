using Caseload.Reporting.Jobs.Telemetry;
using System.Collections.Concurrent;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Storage.Notifications;

namespace Caseload.Reporting.Jobs.Delivery;

/// <summary>What delivering a period's notifications did.</summary>
/// <param name="Period">The period.</param>
/// <param name="Deliveries">What came of each notification tried, and of those settled before.</param>
/// <param name="Misconfiguration">What stopped the run, when the configuration did: fix it and run again.</param>
public sealed record DeliveryReport(ReportingPeriod Period, IReadOnlyList<Delivered> Deliveries, string? Misconfiguration)
{
    /// <summary>Sent by this run.</summary>
    public int Sent => Count(DeliveryOutcome.Sent);

    /// <summary>Sent before.</summary>
    public int AlreadySent => Count(DeliveryOutcome.AlreadySent);

    /// <summary>Held by another run whose lease is live.</summary>
    public int InFlight => Count(DeliveryOutcome.InFlight);

    /// <summary>Withheld since a restore, waiting for a person to release them.</summary>
    public int Withheld => Count(DeliveryOutcome.Withheld);

    /// <summary>Not sent: failed for their recipient, or released after transient failures or a configuration failure.</summary>
    public IReadOnlyList<Delivered> NotSent => [.. Deliveries.Where(d => d.Outcome is DeliveryOutcome.Failed or DeliveryOutcome.NotSent or DeliveryOutcome.Misconfigured or DeliveryOutcome.NotPrepared)];

    private int Count(DeliveryOutcome outcome) => Deliveries.Count(d => d.Outcome == outcome);
}

/// <summary>
/// The deliver stage over many notifications: a whole period (the CLI's loop), the list of a period's ledger (what
/// IT asks: was this manager told?), and the sweep that finds notifications prepared and never sent, so that a
/// queue message lost, dead-lettered or stopped by a configuration since fixed is delivered after all.
/// </summary>
public sealed class DeliveryJob(StorageConnection connection, NotificationDelivery delivery, DeliveryOptions options, TimeProvider time)
{
    /// <summary>Where notifications go, for a person to read.</summary>
    public string Destination => delivery.Destination;

    /// <summary>Delivers one notification (a queue message's work).</summary>
    public async Task<Delivered> DeliverAsync(ReportingPeriod period, NotificationKey key, CancellationToken cancellationToken = default)
    {
        using var run = ReportingTelemetry.Run(Work, period);
        var delivered = await delivery.DeliverAsync(period, key, cancellationToken).ConfigureAwait(false);
        run.Outcome = Snapshots.Vocabulary.Code(delivered.Outcome);
        return delivered;
    }

    /// <summary>The name of delivery in telemetry.</summary>
    private const string Work = "delivery";

    /// <summary>
    /// Delivers every notification of a period that is not settled, several at once; stops at the first
    /// configuration failure, since every other send would fail the same way.
    /// </summary>
    public async Task<DeliveryReport> DeliverPeriodAsync(ReportingPeriod period, CancellationToken cancellationToken = default)
    {
        using var run = ReportingTelemetry.Run(Work, period);
        var report = await DeliverPeriodUntimedAsync(period, cancellationToken).ConfigureAwait(false);
        run.Outcome = report.Misconfiguration is null ? "delivered" : "misconfigured";
        run.Count("notifications.sent", report.Sent).Count("notifications.not_sent", report.NotSent.Count);
        return report;
    }

    private async Task<DeliveryReport> DeliverPeriodUntimedAsync(ReportingPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var rows = await stores.Ledger.ReadAsync(period, cancellationToken).ConfigureAwait(false);
        var results = new ConcurrentBag<Delivered>(rows.Select(r => r.Record).Where(r => !r.IsToSend).Select(r => new Delivered(
            period, r.Key, r.Status switch { DeliveryStatus.Sent => DeliveryOutcome.AlreadySent, DeliveryStatus.Withheld => DeliveryOutcome.Withheld, _ => DeliveryOutcome.Failed }, r.LastError)));
        string? misconfiguration = null;

        // Bundle by bundle, as prepared; a configuration failure stops new sends, those under way finish and record.
        var bundles = rows.Where(r => r.Record.IsToSend)
            .GroupBy(r => PreparedPlace.Parse(r.Record.Content).Blob, StringComparer.Ordinal)
            .Select(g => g.ToList());
        foreach (var bundle in bundles)
        {
            if (Volatile.Read(ref misconfiguration) is not null)
            {
                break;
            }

            foreach (var delivered in await delivery.DeliverBundleAsync(period, bundle, () => Volatile.Read(ref misconfiguration) is not null, cancellationToken).ConfigureAwait(false))
            {
                results.Add(delivered);
                if (delivered.Outcome == DeliveryOutcome.Misconfigured)
                {
                    Interlocked.CompareExchange(ref misconfiguration, delivered.Error ?? "the configuration stops every send", null);
                }
            }
        }

        return new DeliveryReport(period, [.. results.OrderBy(d => d.Key.ToString(), StringComparer.Ordinal)], misconfiguration);
    }

    /// <summary>Every period withheld since a restore, with its notifications withheld (none when it is not prepared yet).</summary>
    public async Task<IReadOnlyList<(WithheldPeriod Period, IReadOnlyList<DeliveryRecord> Withheld)>> WithheldAsync(CancellationToken cancellationToken = default)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var periods = new List<(WithheldPeriod, IReadOnlyList<DeliveryRecord>)>();
        foreach (var period in await stores.Ledger.WithheldPeriodsAsync(cancellationToken).ConfigureAwait(false))
        {
            periods.Add((period, [.. (await stores.Ledger.ListAsync(period.Period, cancellationToken).ConfigureAwait(false)).Where(r => r.Status == DeliveryStatus.Withheld)]));
        }

        return periods;
    }

    /// <summary>
    /// A person's decision on a period withheld since a restore: its withheld notifications (those to the
    /// <paramref name="recipients"/> given, or all) released to be sent, or, with <paramref name="dismiss"/>, never to
    /// be sent (they went before the loss), saying so in the ledger. Once none is withheld, the period is not either:
    /// what is prepared into it later goes as usual. Returns the notifications decided on; nothing changes for a
    /// period that is not withheld.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ReleaseAsync(ReportingPeriod period, IReadOnlyCollection<string>? recipients, bool dismiss, CancellationToken cancellationToken = default)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var ledger = stores.Ledger;
        if (await ledger.WithheldAsync(period, cancellationToken).ConfigureAwait(false) is null)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var chosen = new HashSet<string>(recipients ?? [], StringComparer.OrdinalIgnoreCase);
        var withheld = (await ledger.ReadAsync(period, cancellationToken).ConfigureAwait(false)).Where(r => r.Record.Status == DeliveryStatus.Withheld).ToList();
        var decided = withheld.Where(r => chosen.Count == 0 || chosen.Contains(r.Record.Key.To.Address)).ToList();
        foreach (var batch in decided.Chunk(Storage.PartitionBatch.MaxOperations))
        {
            var changes = batch.Select(r => (dismiss ? r.Record.Withdrawn(Dismissed, now)! : r.Record.Released(), r.ETag)).ToList();
            if (await ledger.ChangeAllAsync(period, changes, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new InvalidOperationException($"{period}'s notifications changed while they were released (another person releasing them?); nothing of this batch was changed. Run it again.");
            }
        }

        if (decided.Count == withheld.Count)
        {
            await ledger.EndWithholdingAsync(period, cancellationToken).ConfigureAwait(false);
        }

        return [.. decided.Select(r => r.Record)];
    }

    /// <summary>Why a notification withheld since a restore was not sent, when a person decided it had gone before the loss.</summary>
    public const string Dismissed = "Not sent after the restore: a person decided it had gone before the storage was lost.";

    /// <summary>A period's notifications as the ledger holds them.</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ListAsync(ReportingPeriod period, CancellationToken cancellationToken = default)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        return await stores.Ledger.ListAsync(period, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The notifications of the recent periods (<see cref="DeliverySweep"/>) waiting for a run: prepared and never
    /// held, or held by a run whose lease ended, and prepared at least a lease ago (those prepared since are still
    /// on their way through the queue).
    /// </summary>
    public async Task<IReadOnlyList<(ReportingPeriod Period, NotificationKey Key)>> WaitingAsync(NodaTime.LocalDate today, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var waiting = new List<(ReportingPeriod, NotificationKey)>();
        foreach (var period in DeliverySweep.PeriodsOn(today))
        {
            waiting.AddRange((await ListAsync(period, cancellationToken).ConfigureAwait(false))
                .Where(r => r.IsWaiting(now) && r.PreparedAt + options.Lease <= now)
                .Select(r => (period, r.Key)));
        }

        return waiting;
    }
}
