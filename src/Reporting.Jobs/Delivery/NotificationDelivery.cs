using Caseload.Reporting.Email;
using Caseload.Reporting.Email.Sending;
using Caseload.Reporting.Storage.Notifications;

namespace Caseload.Reporting.Jobs.Delivery;

/// <summary>What delivering a period's notifications did.</summary>
/// <param name="Sent">Sent now.</param>
/// <param name="AlreadySent">Skipped: recorded as sent before, or held by another run.</param>
/// <param name="Failed">Keys of notifications not sent: a transient failure's hold lapses and a later run retries it; a permanent one is recorded as failed.</param>
public sealed record DeliveryReport(int Sent, int AlreadySent, IReadOnlyList<string> Failed);

/// <summary>
/// Sends notifications through named stages, as Alertmanager's notify pipeline does: dedup against the ledger
/// (hold), send with retries and backoff, record as sent. A notification recorded as sent is never sent again.
/// </summary>
public sealed class NotificationDelivery(NotificationLedger ledger, EmailSender sender, TimeProvider time)
{
    /// <summary>Attempts at sending one notification within a run.</summary>
    public const int Attempts = 4;

    /// <summary>The longest wait between attempts, whatever a provider asks.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(2);

    /// <summary>Delivers each notification not yet sent.</summary>
    public async Task<DeliveryReport> DeliverAsync(IEnumerable<Notification> notifications, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        int sent = 0, skipped = 0;
        var failed = new List<string>();
        foreach (var notification in notifications)
        {
            var hold = await ledger.HoldAsync(notification.Period, notification.Key, notification.To, notification.Subject, cancellationToken).ConfigureAwait(false);
            if (hold is null)
            {
                skipped++;
                continue;
            }

            var (messageId, attempts, error, permanent) = await SendAsync(notification, cancellationToken).ConfigureAwait(false);
            if (messageId is not null)
            {
                await ledger.RecordSentAsync(hold, messageId, attempts, cancellationToken).ConfigureAwait(false);
                sent++;
            }
            else
            {
                await ledger.RecordFailedAsync(hold, error!, attempts, permanent, cancellationToken).ConfigureAwait(false);
                failed.Add(notification.IdempotencyKey);
            }
        }

        return new DeliveryReport(sent, skipped, failed);
    }

    /// <summary>The retry stage: transient failures are tried again, after the provider's Retry-After when it gave one.</summary>
    private async Task<(string? MessageId, int Attempts, string? Error, bool Permanent)> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await sender.SendAsync(notification, cancellationToken).ConfigureAwait(false), attempt, null, false);
            }
            catch (SendFailedException e) when (e.IsPermanent)
            {
                return (null, attempt, e.Message, true);
            }
            catch (Exception e) when (e is SendFailedException or IOException or HttpRequestException)
            {
                if (attempt == Attempts)
                {
                    return (null, attempt, e.Message, false);
                }

                var wait = (e as SendFailedException)?.RetryAfter ?? TimeSpan.FromSeconds(Math.Pow(2, attempt));
                await Task.Delay(wait < LongestWait ? wait : LongestWait, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
