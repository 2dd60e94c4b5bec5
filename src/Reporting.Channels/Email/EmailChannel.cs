using Caseload.Reporting.Calendar;
using Caseload.Reporting.Content;
using Caseload.Reporting.Notifications;

namespace Caseload.Reporting.Channels.Email;

/// <summary>
/// Email: a notification's <see cref="EmailContent"/> becomes a MIME message (<see cref="MimeMessages"/>), stored as
/// it will be sent, and goes by the sender <c>Reporting:Email:Sender</c> names (the outbox, SendGrid or SMTP).
/// </summary>
public sealed class EmailChannel(EmailSender sender, EmailOptions options) : NotificationChannel
{
    /// <inheritdoc />
    public override string Name => Recipient.EmailChannel;

    /// <inheritdoc />
    public override string Destination => sender.Destination;

    /// <inheritdoc />
    public override PreparedMessage Prepare(Notification notification, DateTimeOffset now)
    {
        var email = PreparedEmail.Of(notification, ContentOf<EmailContent>(notification), options.FromAddress(), now);
        return new PreparedMessage(email.Message.Subject ?? "", email.ToBytes());
    }

    /// <inheritdoc />
    public override string TextOf(ReadOnlyMemory<byte> message)
    {
        using var stream = new MemoryStream(message.ToArray(), writable: false);
        return MimeKit.MimeMessage.Load(stream).TextBody ?? "";
    }

    /// <inheritdoc />
    public override Task<string> SendAsync(ReportingPeriod period, NotificationKey key, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) =>
        sender.SendAsync(PreparedEmail.Read(period, key, message), cancellationToken);
}
