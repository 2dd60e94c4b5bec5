using System.Security.Cryptography;
using System.Text;
using Caseload.Reporting.Content;
using Caseload.Reporting.Notifications;
using MimeKit;

namespace Caseload.Reporting.Channels.Email;

/// <summary>Notifications as MIME messages: multipart/alternative, plain text first, HTML with its images related by content-id, then any attachments.</summary>
public static class MimeMessages
{
    /// <summary>The message for a notification and its email content.</summary>
    /// <exception cref="SendFailedException">Its address cannot be an address: this recipient's failure alone.</exception>
    public static MimeMessage Of(Notification notification, EmailContent content, MailboxAddress from, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(content);
        var to = Words.OneLine(notification.To.Address);
        if (!EmailAddress.IsValid(to) || !MailboxAddress.TryParse(to, out var mailbox))
        {
            throw SendFailedException.Recipient($"The {Snapshots.Vocabulary.Code(notification.Kind)} address is not an email address; correct it where it is kept (the roster, or the setting).");
        }

        var body = new BodyBuilder { TextBody = content.Text, HtmlBody = content.Html };
        foreach (var image in content.Images ?? [])
        {
            var resource = body.LinkedResources.Add(image.ContentId + ".png", image.Png, new ContentType("image", "png"));
            resource.ContentId = image.ContentId;
            resource.ContentDisposition = new ContentDisposition(ContentDisposition.Inline);
        }

        foreach (var attachment in content.Attachments ?? [])
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        var message = new MimeMessage
        {
            // MimeKit encodes header values; line breaks are removed first, so that no value can add a header.
            Subject = Words.OneLine(content.Subject),
            Date = date,
            MessageId = MessageIdOf(notification.IdempotencyKey),
            Body = body.ToMessageBody(),
        };
        // A copy: an address list subscribes to its addresses' changes, so one sender address shared by every
        // message would keep every message alive (a leak of ~40 KB a message, found composing a nation's emails).
        message.From.Add(new MailboxAddress(from.Name, from.Address));
        message.To.Add(mailbox);
        message.Headers.Add("X-Caseload-Idempotency-Key", Words.OneLine(notification.IdempotencyKey));
        return message;
    }

    /// <summary>The same notification always has the same Message-ID, so mail clients see a resend as one email.</summary>
    public static string MessageIdOf(string idempotencyKey)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));
        return $"{digest[..32]}@caseload-reporting";
    }
}
