using Caseload.Reporting.Email;
using Caseload.Reporting.Email.Sending;
using Caseload.Reporting.Storage.Notifications;

namespace Caseload.Reporting.Jobs.Delivery;

/// <summary>What delivering a period's notifications did.</summary>
/// <param name="Sent">Sent now.</param>
/// <param name="AlreadySent">Skipped: recorded as sent before, or held by another run.</param>
/// <param name="Failed">Keys of notifications that failed every attempt; their holds lapse and a later run retries them.</param>
public sealed record DeliveryReport(int Sent, int AlreadySent, IReadOnlyList<string> Failed);

/// <summary>
/// Sends notifications through named stages, as Alertmanager's notify pipeline does: dedup against the ledger
/// (hold), send with retries and backoff, record as sent. A notification recorded as sent is never sent again.
/// </summary>
public sealed class NotificationDelivery(NotificationLedger ledger, EmailSender sender, TimeProvider time)
{
    /// <summary>Attempts at sending one notification within a run.</summary>
    public const int Attempts = 3;

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

            if (await SendAsync(notification, cancellationToken).ConfigureAwait(false) is { } messageId)
            {
                await ledger.RecordSentAsync(hold, messageId, cancellationToken).ConfigureAwait(false);
                sent++;
            }
            else
            {
                failed.Add(notification.IdempotencyKey);
            }
        }

        return new DeliveryReport(sent, skipped, failed);
    }

    private async Task<string?> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await sender.SendAsync(notification, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or HttpRequestException && attempt < Attempts)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt)), time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or HttpRequestException)
            {
                return null;
            }
        }
    }
}
