using Caseload.Reporting.Calendar;
using Caseload.Reporting.Content;
using Caseload.Reporting.Notifications;

namespace Caseload.Reporting.Channels;

/// <summary>A composed notification as its channel will send it: the bytes stored once prepared, and its subject for the ledger.</summary>
/// <param name="Subject">What it is about, in one line.</param>
/// <param name="Message">What is stored and sent: a MIME message for email, a card's JSON for Teams.</param>
public sealed record PreparedMessage(string Subject, byte[] Message);

/// <summary>
/// One way a notification reaches people, in the manner of Alertmanager's notifiers: it turns a composed
/// notification into the bytes that are stored and sent, reads them back and sends them, and classifies its
/// failures (<see cref="SendFailedException"/>). The delivery around it (the ledger, holds, retries, records) is
/// the same for every channel; a channel is added by registering one class in the composition root
/// (docs/channels.md).
/// </summary>
public abstract class NotificationChannel
{
    /// <summary>Its name, as recipients on it name it (<see cref="Recipient.Channel"/>): lower-case letters, digits and hyphens.</summary>
    public abstract string Name { get; }

    /// <summary>Where it sends, for a person to read ("outbox /tmp/x", "Teams, 2 channels"); null when it is set up to send nowhere.</summary>
    public abstract string? Destination { get; }

    /// <summary>The message a composed notification becomes, ready to store.</summary>
    /// <param name="notification">The notification; its recipient is on this channel.</param>
    /// <param name="now">When it is prepared.</param>
    /// <exception cref="SendFailedException">Its recipient cannot be sent to at all (an address that cannot be an address): a failure of it alone.</exception>
    /// <exception cref="NotSupportedException">Its content is not a form this channel carries: a composition's fault.</exception>
    public abstract PreparedMessage Prepare(Notification notification, DateTimeOffset now);

    /// <summary>
    /// Sends a prepared message, as <see cref="Prepare"/> made it, and returns the provider's id for it. Sending the
    /// same message again should not deliver it twice where the provider allows.
    /// </summary>
    /// <param name="period">Its period.</param>
    /// <param name="key">Its key: the recipient on this channel.</param>
    /// <param name="message">The stored bytes.</param>
    /// <param name="cancellationToken">Stops the send.</param>
    /// <exception cref="SendFailedException">It was not sent; the exception says which kind of failure it was.</exception>
    public abstract Task<string> SendAsync(ReportingPeriod period, NotificationKey key, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);

    /// <summary>
    /// What a person reads in a stored message, as plain text, line by line: for a worker's subject access request,
    /// which must say what every message said about them.
    /// </summary>
    /// <param name="message">The stored bytes, as <see cref="Prepare"/> made them.</param>
    public abstract string TextOf(ReadOnlyMemory<byte> message);

    /// <summary>The content as the form this channel carries.</summary>
    /// <exception cref="NotSupportedException">It is another form.</exception>
    protected T ContentOf<T>(Notification notification)
        where T : NotificationContent
    {
        ArgumentNullException.ThrowIfNull(notification);
        return notification.Content as T
            ?? throw new NotSupportedException($"The {Name} channel cannot carry the {NotificationKinds.Describe(notification.Kind)} as it was composed: compose it in the form the {Name} channel carries.");
    }
}

/// <summary>The channels the composition root registered, by name: what preparation and delivery ask for a recipient's channel.</summary>
public sealed class NotificationChannels
{
    private readonly Dictionary<string, NotificationChannel> byName;

    /// <summary>The channels, each name once.</summary>
    /// <exception cref="InvalidOperationException">Two channels share a name.</exception>
    public NotificationChannels(IEnumerable<NotificationChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        byName = new Dictionary<string, NotificationChannel>(StringComparer.Ordinal);
        foreach (var channel in channels)
        {
            if (!Recipient.IsChannelName(channel.Name) || !byName.TryAdd(channel.Name, channel))
            {
                throw new InvalidOperationException($"Two channels are registered as '{channel.Name}', or it is not a channel's name: register each channel once, named in lower-case letters, digits and hyphens.");
            }
        }
    }

    /// <summary>Where they send, for a person to read: each channel set up to send somewhere.</summary>
    public string Destination => string.Join("; ", byName.Values.Select(c => c.Destination).OfType<string>());

    /// <summary>The channel a recipient is on.</summary>
    /// <exception cref="SendFailedException">No such channel is registered: the configuration's failure.</exception>
    public NotificationChannel For(Recipient recipient) =>
        byName.TryGetValue(recipient.Channel, out var channel)
            ? channel
            : throw SendFailedException.Configuration($"No channel '{recipient.Channel}' is set up, so its notifications cannot be sent: register it, or stop composing for it.");
}
