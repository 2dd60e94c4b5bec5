using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace Caseload.Reporting.Email.Sending;

/// <summary>Notifications as MIME messages: multipart/alternative, plain text first, HTML with its images related by content-id, then any attachments.</summary>
public static class MimeMessages
{
    /// <summary>The message for a notification.</summary>
    public static MimeMessage Of(Notification notification, MailboxAddress from, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var body = new BodyBuilder { TextBody = notification.Text, HtmlBody = notification.Html };
        foreach (var image in notification.Images ?? [])
        {
            var resource = body.LinkedResources.Add(image.ContentId + ".png", image.Png, new ContentType("image", "png"));
            resource.ContentId = image.ContentId;
            resource.ContentDisposition = new ContentDisposition(ContentDisposition.Inline);
        }

        foreach (var attachment in notification.Attachments ?? [])
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        var message = new MimeMessage
        {
            // MimeKit encodes header values; line breaks are removed first, so that no value can add a header.
            Subject = OneLine(notification.Subject),
            Date = date,
            MessageId = MessageIdOf(notification),
            Body = body.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(OneLine(notification.To)));
        message.Headers.Add("X-Caseload-Idempotency-Key", OneLine(notification.IdempotencyKey));
        return message;
    }

    /// <summary>The same notification always has the same Message-ID, so mail clients see a resend as one email.</summary>
    public static string MessageIdOf(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(notification.IdempotencyKey)));
        return $"{digest[..32]}@caseload-reporting";
    }

    /// <summary>Text for a header: control characters, line breaks above all, become spaces.</summary>
    public static string OneLine(string value) =>
        new string((value ?? throw new ArgumentNullException(nameof(value))).Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
}
