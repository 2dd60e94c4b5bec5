namespace Caseload.Reporting.Notifications;

/// <summary>Where a prepared notification stands (docs/email.md draws the machine).</summary>
public enum DeliveryStatus
{
    /// <summary>Composed and stored, not sent: any run may hold it and send it.</summary>
    Prepared,

    /// <summary>Held by one run until its lease ends; after that, any run may take it over.</summary>
    Sending,

    /// <summary>Sent; never sent again.</summary>
    Sent,

    /// <summary>Refused for this recipient alone (an address that cannot be an address, a provider's 400 for it); final for the period.</summary>
    Failed,

    /// <summary>
    /// Restored from a backup that cannot say whether it went after the backup was taken (docs/operations.md, "Backup
    /// and restore"): no run sends it until a person releases it.
    /// </summary>
    Withheld,
}

/// <summary>Why a send did not happen, which decides what becomes of the notification.</summary>
public enum SendFailure
{
    /// <summary>Worth trying again: a timeout, a dropped connection, 429, 5xx. The hold is released.</summary>
    Transient,

    /// <summary>This recipient cannot be sent to: the notification is failed, the others go on.</summary>
    Recipient,

    /// <summary>
    /// The product is set up wrongly (a revoked key, a relay refusing our login): nothing will go until it is fixed.
    /// The run stops, the hold is released and nothing is recorded as failed, so the run after the fix sends it.
    /// </summary>
    Configuration,
}

/// <summary>What asking to hold a notification came to.</summary>
public enum HoldOutcome
{
    /// <summary>This run holds it and is to send it.</summary>
    Held,

    /// <summary>It was sent before.</summary>
    AlreadySent,

    /// <summary>It failed for its recipient before; it is not tried again this period.</summary>
    AlreadyFailed,

    /// <summary>Another run holds it and its lease is live: in flight, not sent (yet).</summary>
    InFlight,

    /// <summary>Withheld since a restore: not sent until a person releases it.</summary>
    Withheld,
}

/// <summary>
/// One notification of a period in the delivery ledger, and the one place its states change. Every change is a
/// pure function from one record to the next; the ledger stores the result only if the row is still the one read
/// (its ETag), so two runs can never both hold a notification whose lease is live.
/// </summary>
/// <param name="Key">Kind and recipient.</param>
/// <param name="Subject">The subject prepared.</param>
/// <param name="Content">Where the prepared notification is stored (a blob name), or empty when it was refused at preparation.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Attempts">Attempts at sending, over every run.</param>
/// <param name="PreparedAt">When it was prepared.</param>
/// <param name="Holder">The run holding it, while sending.</param>
/// <param name="HeldUntil">When the hold's lease ends, while sending.</param>
/// <param name="SentAt">When it was sent.</param>
/// <param name="ProviderMessageId">The provider's id for it (SendGrid's X-Message-Id, or the Message-ID).</param>
/// <param name="LastError">The last failure, without the recipient's data.</param>
/// <param name="LastFailure">What kind the last failure was.</param>
public sealed record DeliveryRecord(
    NotificationKey Key,
    string Subject,
    string Content,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset PreparedAt,
    string? Holder = null,
    DateTimeOffset? HeldUntil = null,
    DateTimeOffset? SentAt = null,
    string? ProviderMessageId = null,
    string? LastError = null,
    SendFailure? LastFailure = null)
{
    /// <summary>A notification composed and stored, ready for any run to send.</summary>
    public static DeliveryRecord Prepared(NotificationKey key, string subject, string content, DateTimeOffset at) =>
        new(key, subject, content, DeliveryStatus.Prepared, 0, at);

    /// <summary>A notification that cannot be sent to its recipient at all (its address is not an address): failed at preparation.</summary>
    public static DeliveryRecord Refused(NotificationKey key, string subject, string reason, DateTimeOffset at) =>
        new(key, subject, "", DeliveryStatus.Failed, 0, at, LastError: reason, LastFailure: SendFailure.Recipient);

    /// <summary>Whether nothing more will happen to it this period.</summary>
    public bool IsSettled => Status is DeliveryStatus.Sent or DeliveryStatus.Failed;

    /// <summary>Whether a run is to send it: prepared, or being sent. A withheld one waits for a person.</summary>
    public bool IsToSend => Status is DeliveryStatus.Prepared or DeliveryStatus.Sending;

    /// <summary>Whether a run may take it now: prepared, or held by a run whose lease has ended.</summary>
    public bool IsWaiting(DateTimeOffset now) => Status == DeliveryStatus.Prepared || (Status == DeliveryStatus.Sending && HeldUntil <= now);

    /// <summary>
    /// Asks to hold it for <paramref name="holder"/>. A hold whose lease is live belongs to its run (in flight, never
    /// "already sent"); one whose lease has ended may be taken over. A holder meeting its own hold (a write whose
    /// answer was lost, tried again) holds it still.
    /// </summary>
    public (HoldOutcome Outcome, DeliveryRecord Next) Hold(string holder, DateTimeOffset now, TimeSpan lease)
    {
        ArgumentException.ThrowIfNullOrEmpty(holder);
        return Status switch
        {
            DeliveryStatus.Sent => (HoldOutcome.AlreadySent, this),
            DeliveryStatus.Failed => (HoldOutcome.AlreadyFailed, this),
            DeliveryStatus.Withheld => (HoldOutcome.Withheld, this),
            DeliveryStatus.Sending when Holder == holder => (HoldOutcome.Held, this),
            DeliveryStatus.Sending when HeldUntil > now => (HoldOutcome.InFlight, this),
            _ => (HoldOutcome.Held, this with { Status = DeliveryStatus.Sending, Holder = holder, HeldUntil = now + lease }),
        };
    }

    /// <summary>Sent by its holder.</summary>
    public DeliveryRecord Sent(string providerMessageId, int attempts, DateTimeOffset at)
    {
        HeldOrThrow();
        return this with
        {
            Status = DeliveryStatus.Sent, Attempts = Attempts + attempts, SentAt = at, ProviderMessageId = providerMessageId,
            Holder = null, HeldUntil = null, LastError = null, LastFailure = null,
        };
    }

    /// <summary>
    /// Not sent by its holder: failed for good when the recipient cannot be sent to; otherwise released, so that the
    /// next run (or the queue's redelivery) sends it, and nothing is recorded as failed.
    /// </summary>
    public DeliveryRecord NotSent(SendFailure failure, string error, int attempts)
    {
        HeldOrThrow();
        return this with
        {
            Status = failure == SendFailure.Recipient ? DeliveryStatus.Failed : DeliveryStatus.Prepared,
            Attempts = Attempts + attempts, Holder = null, HeldUntil = null, LastError = error, LastFailure = failure,
        };
    }

    /// <summary>
    /// Never to be sent, because its text is let go before it was (staff retention, a worker's erasure): failed for
    /// good, saying why, so that no run sends it. One settled already stays as it is; one a run holds now is left to
    /// that run (null): withdrawn under it, it could be sent and recorded as never sent.
    /// </summary>
    public DeliveryRecord? Withdrawn(string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return IsSettled ? this
            : Status == DeliveryStatus.Sending && HeldUntil > now ? null
            : this with { Status = DeliveryStatus.Failed, Holder = null, HeldUntil = null, LastError = reason, LastFailure = SendFailure.Recipient };
    }

    /// <summary>
    /// As restored from a backup taken before it could be known whether it went: one to send, or being sent, is
    /// withheld (it may have gone after the backup, before the loss); one settled already stays as it is. No run is
    /// holding anything while the storage is restored, so a hold's lease does not matter here.
    /// </summary>
    public DeliveryRecord Withhold() =>
        IsToSend ? this with { Status = DeliveryStatus.Withheld, Holder = null, HeldUntil = null } : this;

    /// <summary>Released by a person after a restore: to be sent like any prepared notification. Any other is as it was.</summary>
    public DeliveryRecord Released() =>
        Status == DeliveryStatus.Withheld ? this with { Status = DeliveryStatus.Prepared } : this;

    /// <summary>The record once its body is no longer kept: its key, status, dates, attempts and provider id stay.</summary>
    public DeliveryRecord WithoutBody() => this with { Content = "" };

    private void HeldOrThrow()
    {
        if (Status != DeliveryStatus.Sending)
        {
            throw new InvalidOperationException($"{Key} is {Status}, not held: only its holder can record a send.");
        }
    }
}
