using System.Runtime.InteropServices;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Content;
using Caseload.Reporting.Notifications;
using MimeKit;

namespace Caseload.Reporting.Channels.Email;

/// <summary>
/// A notification as it is stored once prepared and as every sender sends it: the MIME message itself
/// (multipart/alternative, plain text first, HTML with its images related by content-id, then attachments).
/// </summary>
/// <param name="Period">Its period.</param>
/// <param name="Key">Its key within the period.</param>
/// <param name="Message">The message.</param>
public sealed record PreparedEmail(ReportingPeriod Period, NotificationKey Key, MimeMessage Message)
{
    /// <summary>Its identity across periods, for a provider's idempotency.</summary>
    public string IdempotencyKey => $"{Period}|{Key}";

    /// <summary>The email a composed notification becomes.</summary>
    /// <exception cref="SendFailedException">Its address cannot be an address (a failure of this recipient alone).</exception>
    public static PreparedEmail Of(Notification notification, EmailContent content, MailboxAddress from, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return new PreparedEmail(notification.Period, notification.Key, MimeMessages.Of(notification, content, from, date));
    }

    /// <summary>Reads a prepared email from its stored bytes.</summary>
    public static PreparedEmail Read(ReportingPeriod period, NotificationKey key, ReadOnlyMemory<byte> bytes)
    {
        using var stream = MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
        return new PreparedEmail(period, key, MimeMessage.Load(stream));
    }

    /// <summary>The bytes stored.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        Message.WriteTo(FormatOptions.Default, stream);
        return stream.ToArray();
    }
}
